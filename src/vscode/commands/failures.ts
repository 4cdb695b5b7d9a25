// Jumping to failures: next / previous failing case of the current run, the first failing
// suite (also the status bar's click), and choosing the default target.
import * as vscode from 'vscode';
import { failuresInTreeOrder, stepFailure } from '../../model/group';
import { pickText } from '../../model/format';
import type { Run } from '../../model/types';
import { writeDefaultTarget } from '../config';
import type { CaseInRun } from '../caseRef';
import type { Deps } from '../deps';
import type { TreeNode } from '../tree/nodes';

export interface RunRef {
  targetId: string;
  run: Run;
}

export interface FailureDeps extends Deps {
  defaultTargetId(): string | undefined;
  /** The case shown in the details panel, if any. */
  shownCase(): CaseInRun | undefined;
}

function runOfNode(node: TreeNode | undefined): RunRef | undefined {
  let n: TreeNode | undefined = node;
  while (n && n.kind !== 'run') n = n.kind === 'target' ? undefined : n.parent;
  return n?.kind === 'run' ? { targetId: n.parent.targetId, run: n.run } : undefined;
}

/** The run the user is looking at: the tree's selection, the details panel, else the default target's latest run. */
export function currentRun(deps: FailureDeps): RunRef | undefined {
  const selected = deps.treeView.selection[0];
  const fromTree = runOfNode(selected);
  if (fromTree) return fromTree;
  if (selected?.kind === 'target') {
    const latest = deps.store.target(selected.targetId)?.runs[0];
    if (latest) return { targetId: selected.targetId, run: latest };
  }
  const shown = deps.shownCase();
  if (shown) return { targetId: shown.targetId, run: shown.run };
  const defaultId = deps.defaultTargetId();
  const entry = (defaultId && deps.store.target(defaultId)) || deps.store.targets.find((e) => e.runs.length > 0);
  return entry && entry.runs[0] ? { targetId: entry.target.id, run: entry.runs[0] } : undefined;
}

export function registerFailureCommands(deps: FailureDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('tesults.nextFailure', () => stepAndOpen(deps, 1)),
    vscode.commands.registerCommand('tesults.previousFailure', () => stepAndOpen(deps, -1)),
    vscode.commands.registerCommand('tesults.firstFailingSuite', (arg?: unknown) => firstFailingSuite(deps, arg)),
    vscode.commands.registerCommand('tesults.selectDefaultTarget', () => selectDefaultTarget(deps)),
  ];
}

async function stepAndOpen(deps: FailureDeps, direction: 1 | -1): Promise<void> {
  const ref = currentRun(deps);
  if (!ref) {
    void vscode.window.showInformationMessage('No run is loaded yet: open the Tesults view and expand a target.');
    return;
  }
  const failures = failuresInTreeOrder(deps.store.model(ref.run));
  if (failures.length === 0) {
    void vscode.window.showInformationMessage('No failures in this run.');
    return;
  }
  const selected = deps.treeView.selection[0];
  const shown = deps.shownCase();
  const current = selected?.kind === 'case' && runOfNode(selected)?.run === ref.run ? selected.testCase : shown?.run === ref.run ? shown.testCase : undefined;
  const next = stepFailure(failures, current, direction);
  if (!next) return;
  const node = deps.tree.nodeForCase(ref.targetId, ref.run, next);
  if (!node) return;
  await deps.treeView.reveal(node, { select: true, focus: false, expand: true });
  await vscode.commands.executeCommand('tesults.openCase', node, { preserveFocus: true });
}

async function firstFailingSuite(deps: FailureDeps, arg: unknown): Promise<void> {
  let ref: RunRef | undefined;
  const targetId = typeof arg === 'object' && arg !== null && typeof (arg as { targetId?: unknown }).targetId === 'string' ? (arg as { targetId: string }).targetId : undefined;
  if (targetId) {
    await deps.store.ensureRuns(targetId);
    const latest = deps.store.target(targetId)?.runs[0];
    if (latest) ref = { targetId, run: latest };
  } else {
    ref = currentRun(deps);
  }
  if (!ref) {
    void vscode.window.showInformationMessage('No run is loaded yet.');
    return;
  }
  const model = deps.store.model(ref.run);
  const suite = model.suites.find((s) => s.counts.fail > 0);
  if (suite) {
    await deps.treeView.reveal(deps.tree.nodeForSuite(ref.targetId, ref.run, suite), { select: true, focus: true, expand: true });
  } else {
    await deps.treeView.reveal(deps.tree.runNode(ref.targetId, ref.run), { select: true, focus: true, expand: false });
  }
}

async function selectDefaultTarget(deps: FailureDeps): Promise<void> {
  if (!deps.controller.hasToken) {
    const choice = await vscode.window.showInformationMessage('Set your Tesults API token first.', 'Set API Token');
    if (choice) void vscode.commands.executeCommand('tesults.setToken');
    return;
  }
  const picker = vscode.window.createQuickPick<vscode.QuickPickItem & { targetId: string }>();
  picker.title = 'Default Tesults Target';
  picker.placeholder = 'The target whose latest run the status bar shows';
  const fill = (): void => {
    const current = deps.defaultTargetId();
    picker.items = deps.store.targets.map((e) => ({
      label: `${e.target.id === current ? '$(pinned) ' : ''}${pickText(e.target.name, 120)}`,
      description: pickText(e.target.id, 60),
      targetId: e.target.id,
    }));
  };
  fill();
  if (deps.store.targets.length === 0) {
    picker.busy = true;
    void deps.store.loadTargets().then(() => {
      picker.busy = false;
      fill();
      if (deps.store.targetsError) picker.placeholder = deps.store.targetsError.message;
    });
  }
  const chosen = await new Promise<string | undefined>((resolve) => {
    picker.onDidAccept(() => resolve(picker.selectedItems[0]?.targetId));
    picker.onDidHide(() => resolve(undefined));
    picker.show();
  });
  picker.dispose();
  if (!chosen) return;
  await writeDefaultTarget(chosen);
}
