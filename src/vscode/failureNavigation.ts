// Jumping to failures: next / previous failing case of the run the user is looking at, and the
// first failing suite of a target's latest run (also the status bar's click).
import * as vscode from 'vscode';
import { failuresInTreeOrder, stepFailure } from '../model/group';
import type { Run } from '../model/types';
import type { ResultsStore } from '../store/store';
import type { CaseInRun } from './caseRef';
import type { DefaultTarget } from './defaultTarget';
import type { TreeNode } from './tree/nodes';
import type { ResultsView } from './tree/view';

export interface RunRef {
  targetId: string;
  run: Run;
}

export interface FailureNavigatorServices {
  store: ResultsStore;
  view: ResultsView;
  defaultTarget: DefaultTarget;
  /** The case shown in the details panel, if any. */
  shownCase(): CaseInRun | undefined;
}

function runOfNode(node: TreeNode | undefined): RunRef | undefined {
  let n: TreeNode | undefined = node;
  while (n && n.kind !== 'run') n = n.kind === 'target' ? undefined : n.parent;
  return n?.kind === 'run' ? { targetId: n.parent.targetId, run: n.run } : undefined;
}

export class FailureNavigator {
  readonly #services: FailureNavigatorServices;

  constructor(services: FailureNavigatorServices) {
    this.#services = services;}

  /** The run the user is looking at: the tree's selection, the details panel, else the default target's latest run. */
  currentRun(): RunRef | undefined {
    const deps = this.#services;
    const selected = deps.view.selected();
    const fromTree = runOfNode(selected);
    if (fromTree) return fromTree;
    if (selected?.kind === 'target') {
      const latest = deps.store.target(selected.targetId)?.runs[0];
      if (latest) return { targetId: selected.targetId, run: latest };
    }
    const shown = deps.shownCase();
    if (shown) return { targetId: shown.targetId, run: shown.run };
    const defaultId = deps.defaultTarget.id();
    const entry = (defaultId && deps.store.target(defaultId)) || deps.store.targets.find((e) => e.runs.length > 0);
    return entry && entry.runs[0] ? { targetId: entry.target.id, run: entry.runs[0] } : undefined;
  }

  /** Selects the next (or previous) failure of the current run in the tree and shows its details. */
  async step(direction: 1 | -1): Promise<void> {
    const deps = this.#services;
    const ref = this.currentRun();
    if (!ref) {
      void vscode.window.showInformationMessage('No run is loaded yet: open the Tesults view and expand a target.');
      return;
    }
    const failures = failuresInTreeOrder(deps.store.model(ref.run));
    if (failures.length === 0) {
      void vscode.window.showInformationMessage('No failures in this run.');
      return;
    }
    const selected = deps.view.selected();
    const shown = deps.shownCase();
    const current = selected?.kind === 'case' && runOfNode(selected)?.run === ref.run ? selected.testCase : shown?.run === ref.run ? shown.testCase : undefined;
    const next = stepFailure(failures, current, direction);
    if (!next) return;
    const node = deps.view.tree.nodeForCase(ref.targetId, ref.run, next);
    if (!node) return;
    await deps.view.reveal(node, { select: true, focus: false, expand: true });
    await vscode.commands.executeCommand('tesults.openCase', node, { preserveFocus: true });
  }

  /** Selects the first failing suite of the current run, or of the latest run of the target `arg` names. */
  async firstFailingSuite(arg: unknown): Promise<void> {
    const deps = this.#services;
    let ref: RunRef | undefined;
    const targetId = typeof arg === 'object' && arg !== null && typeof (arg as { targetId?: unknown }).targetId === 'string' ? (arg as { targetId: string }).targetId : undefined;
    if (targetId) {
      await deps.store.ensureRuns(targetId);
      const latest = deps.store.target(targetId)?.runs[0];
      if (latest) ref = { targetId, run: latest };
    } else {
      ref = this.currentRun();
    }
    if (!ref) {
      void vscode.window.showInformationMessage('No run is loaded yet.');
      return;
    }
    const model = deps.store.model(ref.run);
    const suite = model.suites.find((s) => s.counts.fail > 0);
    if (suite) {
      await deps.view.reveal(deps.view.tree.nodeForSuite(ref.targetId, ref.run, suite), { select: true, focus: true, expand: true });
    } else {
      await deps.view.reveal(deps.view.tree.runNode(ref.targetId, ref.run), { select: true, focus: true, expand: false });
    }
  }
}
