// The Results view: the tree provider in its TreeView, the welcome-view state, the "only
// failures" filter (kept per workspace), and which targets are expanded (auto refresh polls them).
import * as vscode from 'vscode';
import type { ResultsStore } from '../../store/store';
import type { TokenSession } from '../auth/tokenSession';
import type { DefaultTarget } from '../defaultTarget';
import type { LoadCoordinator } from '../loadCoordinator';
import type { OtherProjects } from '../projects';
import type { TreeNode } from './nodes';
import { filtersShowing, type FlakyFilter } from './changeNodes';
import { ProjectsTreeProvider, type ViewNode } from './projects';
import { revealInView, type RevealOptions } from './reveal';
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
  projects: OtherProjects;
}

export class ResultsView implements vscode.Disposable {
  /** The default project's tree (the main store). */
  readonly tree: ResultsTreeProvider;
  /** With several projects signed in, a project level above the targets. */
  readonly projectsTree: ProjectsTreeProvider;
  readonly treeView: vscode.TreeView<ViewNode>;
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
    this.projectsTree = new ProjectsTreeProvider(this.tree, services.projects, {
      onlyFailures: () => this.#filterOnlyFailures,
      flakyFilter: () => this.#flakyFilter,
    });
    this.treeView = vscode.window.createTreeView<ViewNode>(RESULTS_VIEW_ID, { treeDataProvider: this.projectsTree, showCollapseAll: true });
    void vscode.commands.executeCommand('setContext', ONLY_FAILURES_KEY, this.#filterOnlyFailures);
    void vscode.commands.executeCommand('setContext', FLAKY_FILTER_KEY, this.#flakyFilter);
    this.#disposables = [
      this.tree,
      this.projectsTree,
      this.treeView,
      new ResultsViewState(store, services.tokens, this.treeView as vscode.TreeView<unknown>),
      this.treeView.onDidExpandElement((e) => {
        if (e.element.kind === 'target' && this.projectsTree.isMainRow(e.element)) this.#expanded.add(e.element.targetId);
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
    this.projectsTree.refresh();
  }

  get visible(): boolean {
    return this.treeView.visible;
  }

  /**
   * Reveals a row, also in a view that shows for the first time (see revealInView). A test the
   * filters hide (a passing one under "only failures", a flaky one under "hide flaky") is asked
   * for by name, from a notification, the status bar or Find Case: the filters that hide it are lifted.
   */
  async reveal(node: ViewNode, options: RevealOptions): Promise<void> {
    if (node.kind === 'case' && this.projectsTree.isMainRow(node)) {
      const targetId = node.parent.parent.parent.targetId;
      const shown = filtersShowing(node.testCase, { onlyFailures: this.#filterOnlyFailures, flakyFilter: this.#flakyFilter }, () => this.tree.changes.verdict(targetId, node.testCase));
      if (shown && shown.onlyFailures !== this.#filterOnlyFailures) await this.setOnlyFailures(shown.onlyFailures);
      if (shown && shown.flakyFilter !== this.#flakyFilter) await this.setFlakyFilter(shown.flakyFilter);
    }
    return revealInView(this.treeView, node, options, async () => {
      await this.#services.loader.settled();
      await this.#services.store.idle();
    });
  }

  /** The selected row, when it belongs to the default project (commands act on the main store). */
  selected(): TreeNode | undefined {
    const node = this.treeView.selection[0];
    return this.projectsTree.isMainRow(node) ? node : undefined;
  }

  async setFlakyFilter(value: FlakyFilter): Promise<void> {
    this.#flakyFilter = value;
    await this.#services.workspaceState.update(FLAKY_FILTER_KEY, value);
    await vscode.commands.executeCommand('setContext', FLAKY_FILTER_KEY, value);
    this.projectsTree.refresh();
  }

  /** Targets expanded in the tree. */
  expandedTargets(): Iterable<string> {
    return this.#expanded;
  }

  dispose(): void {
    for (const d of this.#disposables) d.dispose();
  }
}
