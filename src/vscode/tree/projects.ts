// The project level of the Results tree. With one Tesults project signed in the tree is exactly
// the default project's tree; with two or more, each project is a row above its targets. The
// default project's rows come from the main tree (ids unchanged, so reveal, selection and restored
// panels keep working); another project's rows come from a tree over its own store and are for
// browsing (their commands and context menus would act on the default project, so they have none).
import * as vscode from 'vscode';
import { singleLine } from '../../model/format';
import type { Account } from '../auth/accounts';
import type { OtherProjects } from '../projects';
import { idPart, type MessageNode, type TreeNode } from './nodes';
import { ResultsTreeProvider, type TreeOptions } from './provider';

export interface ProjectNode {
  readonly kind: 'project';
  readonly id: string;
  readonly accountId: string;
}
/** A row of the Results view: a project, or a row of a project's tree. */
export type ViewNode = TreeNode | ProjectNode;

export type ProjectTreeOptions = Pick<TreeOptions, 'onlyFailures' | 'flakyFilter'>;

export class ProjectsTreeProvider implements vscode.TreeDataProvider<ViewNode>, vscode.Disposable {
  readonly #changed = new vscode.EventEmitter<ViewNode | undefined>();
  readonly onDidChangeTreeData = this.#changed.event;
  readonly #subscriptions: vscode.Disposable[];
  /** Trees of the other projects, by account id. */
  readonly #trees = new Map<string, { tree: ResultsTreeProvider; subscription: vscode.Disposable }>();
  /** Which other project a row belongs to (rows of the main tree are not in it). */
  readonly #owner = new WeakMap<object, string>();
  readonly #projectNodes = new Map<string, ProjectNode>();

  readonly #main: ResultsTreeProvider;
  readonly #projects: OtherProjects;
  readonly #options: ProjectTreeOptions;

  constructor(main: ResultsTreeProvider, projects: OtherProjects, options: ProjectTreeOptions) {
    this.#main = main;
    this.#projects = projects;
    this.#options = options;
    this.#subscriptions = [
      // With a project level, a root redraw of the main tree is a redraw of its project row's children.
      main.onDidChangeTreeData((node) => this.#changed.fire(node ?? this.#mainProjectNode())),
      projects.onDidChange(() => {
        this.#syncTrees();
        this.#changed.fire(undefined);
      }),
    ];
  }

  /** The accounts shown as project rows; none when there is only one project (no project level). */
  #shownAccounts(): readonly Account[] {
    const accounts = this.#projects.accounts();
    return accounts.length >= 2 && this.#projects.defaultAccount() ? accounts : [];
  }

  #mainProjectNode(): ProjectNode | undefined {
    const main = this.#projects.defaultAccount();
    return main && this.#shownAccounts().length ? this.projectNode(main.id) : undefined;
  }

  projectNode(accountId: string): ProjectNode {
    let node = this.#projectNodes.get(accountId);
    if (!node) {
      node = { kind: 'project', id: `p/${idPart(accountId)}`, accountId };
      this.#projectNodes.set(accountId, node);
    }
    return node;
  }

  #syncTrees(): void {
    for (const [id, entry] of this.#trees) {
      if (this.#projects.get(id)) continue;
      entry.subscription.dispose();
      entry.tree.dispose();
      this.#trees.delete(id);
    }
  }

  #treeOf(accountId: string): ResultsTreeProvider | undefined {
    const existing = this.#trees.get(accountId);
    if (existing) return existing.tree;
    const project = this.#projects.get(accountId);
    if (!project) return undefined;
    const tree = new ResultsTreeProvider(project.store, {
      isDefaultTarget: () => false,
      onlyFailures: () => this.#options.onlyFailures(),
      flakyFilter: this.#options.flakyFilter,
      loadRuns: (targetId) => void project.store.ensureRuns(targetId),
    });
    const subscription = tree.onDidChangeTreeData(() => this.#changed.fire(this.projectNode(accountId)));
    this.#trees.set(accountId, { tree, subscription });
    return tree;
  }

  /** Marks rows as belonging to another project's tree. */
  #owned(accountId: string, nodes: TreeNode[]): TreeNode[] {
    for (const node of nodes) this.#owner.set(node, accountId);
    return nodes;
  }

  /** True for a row of the default project's tree (commands act on the main store). */
  isMainRow(node: ViewNode | undefined): node is TreeNode {
    return node !== undefined && node.kind !== 'project' && !this.#owner.has(node);
  }

  refresh(): void {
    for (const { tree } of this.#trees.values()) tree.refresh();
    this.#main.refresh();
  }

  getChildren(node?: ViewNode): ViewNode[] {
    if (node === undefined) {
      const accounts = this.#shownAccounts();
      return accounts.length ? accounts.map((a) => this.projectNode(a.id)) : this.#main.getChildren();
    }
    if (node.kind === 'project') return this.#projectChildren(node);
    const owner = this.#owner.get(node);
    if (owner === undefined) return this.#main.getChildren(node);
    const tree = this.#treeOf(owner);
    return tree ? this.#owned(owner, tree.getChildren(node)) : [];
  }

  #projectChildren(node: ProjectNode): TreeNode[] {
    if (node.accountId === this.#projects.defaultAccount()?.id) {
      const rows = this.#main.getChildren();
      return rows.length ? rows : [this.#message(node, 'pending', 'Loading targets…', 'loading~spin')];
    }
    const project = this.#projects.get(node.accountId);
    const tree = this.#treeOf(node.accountId);
    if (!project || !tree) return [];
    const { store } = project;
    if (store.targetsState === 'idle' && !store.targetsError) void store.loadTargets();
    const rows = this.#owned(node.accountId, tree.getChildren());
    if (rows.length) return rows;
    if (store.targetsError) return [this.#message(node, 'error', `Could not load the targets: ${singleLine(store.targetsError.message, 300)}`, 'warning')];
    if (store.targetsState === 'loaded') return [this.#message(node, 'empty', 'No targets yet', 'info')];
    return [this.#message(node, 'loading', 'Loading targets…', 'loading~spin')];
  }

  #message(parent: ProjectNode, key: string, text: string, icon: string): MessageNode {
    const node: MessageNode = { kind: 'message', id: `${parent.id}/${key}`, text, icon: new vscode.ThemeIcon(icon) };
    this.#owner.set(node, parent.accountId);
    this.#messageParents.set(node, parent);
    return node;
  }

  readonly #messageParents = new WeakMap<MessageNode, ProjectNode>();

  getParent(node: ViewNode): ViewNode | undefined {
    if (node.kind === 'project') return undefined;
    if (node.kind === 'message' && this.#messageParents.has(node)) return this.#messageParents.get(node);
    const owner = this.#owner.get(node);
    const tree = owner === undefined ? this.#main : this.#treeOf(owner);
    const parent = tree?.getParent(node);
    if (parent) return parent;
    if (!this.#shownAccounts().length) return undefined;
    return owner === undefined ? this.#mainProjectNode() : this.projectNode(owner);
  }

  getTreeItem(node: ViewNode): vscode.TreeItem {
    if (node.kind === 'project') return this.#projectItem(node);
    const owner = this.#owner.get(node);
    if (owner === undefined) return this.#main.getTreeItem(node);
    if (node.kind === 'message' && this.#messageParents.has(node)) {
      const item = new vscode.TreeItem(node.text);
      item.id = node.id;
      item.iconPath = node.icon;
      return item;
    }
    const item = this.#treeOf(owner)?.getTreeItem(node) ?? new vscode.TreeItem('');
    // Ids are unique per tree: another project's rows are kept apart by their project's prefix.
    item.id = `${this.projectNode(owner).id}/${item.id ?? node.id}`;
    item.command = undefined;
    item.contextValue = undefined;
    return item;
  }

  #projectItem(node: ProjectNode): vscode.TreeItem {
    const account = this.#projects.accounts().find((a) => a.id === node.accountId);
    const isDefault = node.accountId === this.#projects.defaultAccount()?.id;
    const item = new vscode.TreeItem(account?.label ?? '', isDefault ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.iconPath = new vscode.ThemeIcon('project');
    item.contextValue = isDefault ? 'project default' : 'project';
    if (isDefault) item.description = 'default project';
    item.tooltip = `Tesults project ${account?.label ?? ''}${isDefault ? ' (default: status bar, polling and notifications follow it)' : ''}`;
    return item;
  }

  dispose(): void {
    for (const s of this.#subscriptions) s.dispose();
    for (const { tree, subscription } of this.#trees.values()) {
      subscription.dispose();
      tree.dispose();
    }
    this.#trees.clear();
    this.#changed.dispose();
  }
}
