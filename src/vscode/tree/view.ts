// The Results view: the tree provider in its TreeView, the welcome-view state, the "only
// failures" filter (kept per workspace), and which targets are expanded (auto refresh polls them).
import * as vscode from 'vscode';
import type { ResultsStore } from '../../store/store';
import type { TokenSession } from '../auth/tokenSession';
import type { DefaultTarget } from '../defaultTarget';
import type { LoadCoordinator } from '../loadCoordinator';
import type { TreeNode } from './nodes';
import type { FlakyFilter } from './changeNodes';
import { ResultsTreeProvider } from './provider';
import { ResultsViewState } from './viewState';

/** The view's id in package.json. */
export const RESULTS_VIEW_ID = 'tesults.results';
/** Workspace-state key and context key of the filter. */
const ONLY_FAILURES_KEY = 'tesults.onlyFailures';
/** Workspace-state key and context key of the flaky filter ('all' | 'only' | 'hide'). */
const FLAKY_FILTER_KEY = 'tesults.flakyFilter';

export interface ResultsViewServices {
  workspaceState: vscode.Memento;
  store: ResultsStore;
  tokens: TokenSession;
  defaultTarget: DefaultTarget;
  loader: LoadCoordinator;
}

export class ResultsView implements vscode.Disposable {
  readonly tree: ResultsTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  #filterOnlyFailures: boolean;
  #flakyFilter: FlakyFilter;
  readonly #expanded = new Set<string>();
  readonly #disposables: vscode.Disposable[];

  readonly #services: ResultsViewServices;

  constructor(services: ResultsViewServices) {
    this.#services = services;
    const { store, defaultTarget, loader } = services;
    this.#filterOnlyFailures = services.workspaceState.get<boolean>(ONLY_FAILURES_KEY, false);
    const savedFlaky = services.workspaceState.get<unknown>(FLAKY_FILTER_KEY);
    this.#flakyFilter = savedFlaky === 'only' || savedFlaky === 'hide' ? savedFlaky : 'all';
    this.tree = new ResultsTreeProvider(store, {
      isDefaultTarget: (entry) => defaultTarget.is(entry),
      onlyFailures: () => this.#filterOnlyFailures,
      flakyFilter: () => this.#flakyFilter,
      loadRuns: (targetId) => loader.loadRuns(targetId),
    });
    this.treeView = vscode.window.createTreeView<TreeNode>(RESULTS_VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true });
    void vscode.commands.executeCommand('setContext', ONLY_FAILURES_KEY, this.#filterOnlyFailures);
    void vscode.commands.executeCommand('setContext', FLAKY_FILTER_KEY, this.#flakyFilter);
    this.#disposables = [
      this.tree,
      this.treeView,
      new ResultsViewState(store, services.tokens, this.treeView as vscode.TreeView<unknown>),
      this.treeView.onDidExpandElement((e) => {
        if (e.element.kind === 'target') this.#expanded.add(e.element.targetId);
      }),
      this.treeView.onDidCollapseElement((e) => {
        if (e.element.kind === 'target') this.#expanded.delete(e.element.targetId);
      }),
      this.treeView.onDidChangeVisibility(() => loader.loadWhenVisible()),
      // The default target is listed first and pinned.
      defaultTarget.onDidChange((why) => {
        if (why === 'setting') this.tree.refresh();
      }),
    ];
  }

  get onlyFailures(): boolean {
    return this.#filterOnlyFailures;
  }

  async setOnlyFailures(value: boolean): Promise<void> {
    this.#filterOnlyFailures = value;
    await this.#services.workspaceState.update(ONLY_FAILURES_KEY, value);
    await vscode.commands.executeCommand('setContext', ONLY_FAILURES_KEY, value);
    this.tree.refresh();
  }

  async setFlakyFilter(value: FlakyFilter): Promise<void> {
    this.#flakyFilter = value;
    await this.#services.workspaceState.update(FLAKY_FILTER_KEY, value);
    await vscode.commands.executeCommand('setContext', FLAKY_FILTER_KEY, value);
    this.tree.refresh();
  }

  /** Targets expanded in the tree. */
  expandedTargets(): Iterable<string> {
    return this.#expanded;
  }

  dispose(): void {
    for (const d of this.#disposables) d.dispose();
  }
}
