// The Testing view integration's wiring: which run to import when, the commands, the setting.
// Cheap at activation: the controller (./importer) is loaded and created only when the first
// run is imported. The default target's latest run is imported when it loads or changes (not on
// every poll: a newer import hides a local run's results in the editor); any run on request.
import * as vscode from 'vscode';
import type { Run } from '../../model/types';
import type { ResultsStore } from '../../store/store';
import type { Log } from '../log';
import type { Settings } from '../settings';
import { testingImporter } from './loadImporter';
import type { ItemRef, TestingImporter } from './importer';

/** Runs already reported to VS Code's results (they persist across reloads): `targetId \0 runId`. */
const REPORTED_KEY = 'tesults.testing.reported';
const MAX_REPORTED = 50;

export interface TestingDeps {
  readonly store: ResultsStore;
  readonly log: Log;
  readonly settings: Settings;
  readonly workspaceState: vscode.Memento;
  /** The default target's latest run, when loaded. */
  defaultLatest(): { targetId: string; run: Run } | undefined;
  /** Called when the lines the Testing integration marks change (the gutter decorations skip them). */
  onMarksChanged(): void;
}

export interface TestingView extends vscode.Disposable {
  /** Whether the Testing integration marks this line (0-based) of this file with a failure. */
  isMarked(uri: vscode.Uri, line: number): boolean;
}

export function registerTestingView(deps: TestingDeps): TestingView {
  const enabled = (): boolean => deps.settings.get('testingViewEnabled');
  let importer: TestingImporter | undefined;
  let loading: Promise<TestingImporter> | undefined;
  /** The default target's run last shown, so a poll that finds nothing new imports nothing. */
  let shownDefault: string | undefined;

  const getImporter = (): Promise<TestingImporter> =>
    (loading ??= Promise.resolve().then(() => testingImporter()).then((m) => (importer = new m.TestingImporter(deps.log, () => deps.settings.get('testFileGlob'), () => deps.onMarksChanged()))));

  const turnOff = (): void => {
    importer?.dispose();
    importer = undefined;
    loading = undefined;
    shownDefault = undefined;
    deps.onMarksChanged();
  };

  const previousRun = (targetId: string, run: Run): Run | undefined => {
    const runs = deps.store.target(targetId)?.runs ?? [];
    const i = runs.findIndex((r) => r.id === run.id);
    return i === -1 ? undefined : runs[i + 1];
  };

  const show = async (targetId: string, run: Run, force: boolean): Promise<void> => {
    const key = `${targetId}\u0000${run.id}`;
    const reported = deps.workspaceState.get<string[]>(REPORTED_KEY, []);
    const report = force || !reported.includes(key);
    const target = deps.store.target(targetId)?.target;
    const imp = await getImporter();
    await imp.show(targetId, target?.name ?? targetId, run, previousRun(targetId, run), report);
    if (report) await deps.workspaceState.update(REPORTED_KEY, [key, ...reported.filter((k) => k !== key)].slice(0, MAX_REPORTED));
  };

  const showDefaultIfNew = (): void => {
    if (!enabled()) return;
    const latest = deps.defaultLatest();
    if (!latest) return;
    const key = `${latest.targetId}\u0000${latest.run.id}`;
    if (key === shownDefault) return;
    shownDefault = key;
    show(latest.targetId, latest.run, false).catch((err: unknown) => deps.log.warn(`Testing view: could not import the run: ${(err as Error).message}`));
  };

  const refOf = (arg: unknown): ItemRef | undefined => {
    if (!importer || typeof arg !== 'object' || arg === null) return undefined;
    // testing/message/context passes { test, message }; testing/item/context the item.
    const item = 'test' in arg && typeof (arg as { test?: unknown }).test === 'object' ? (arg as { test: vscode.TestItem }).test : (arg as vscode.TestItem);
    return typeof item?.id === 'string' ? importer.refFor(item) : undefined;
  };

  const disposables: vscode.Disposable[] = [
    vscode.commands.registerCommand('tesults.showRunInTestingView', async (arg: unknown) => {
      const node = arg as { kind?: unknown; run?: Run; parent?: { targetId?: unknown } } | undefined;
      if (node?.kind !== 'run' || !node.run || typeof node.parent?.targetId !== 'string') return;
      if (!enabled()) {
        void vscode.window.showInformationMessage('The Testing view integration is off (setting tesults.testingView.enabled).');
        return;
      }
      await show(node.parent.targetId, node.run, true);
      await vscode.commands.executeCommand('workbench.view.testing.focus');
    }),
    vscode.commands.registerCommand('tesults.testing.showDetails', async (arg: unknown) => {
      const ref = refOf(arg);
      if (ref) await vscode.commands.executeCommand('tesults.openCase', { targetId: ref.targetId, run: ref.run, testCase: ref.testCase });
    }),
    vscode.commands.registerCommand('tesults.testing.openInTesults', async (arg: unknown) => {
      const ref = refOf(arg);
      if (ref) await vscode.commands.executeCommand('tesults.openRunInTesults', { kind: 'run', run: ref.run });
    }),
    deps.store.onDidChange(() => showDefaultIfNew()),
    deps.settings.onDidChange((names) => {
      if (names.has('testingViewEnabled')) {
        if (enabled()) showDefaultIfNew();
        else turnOff();
      } else if (names.has('defaultTarget')) {
        showDefaultIfNew();
      }
    }),
  ];
  showDefaultIfNew();

  return {
    isMarked: (uri, line) => importer?.isMarked(uri, line) ?? false,
    dispose: () => {
      for (const d of disposables) d.dispose();
      importer?.dispose();
    },
  };
}
