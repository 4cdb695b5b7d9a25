// The Results tree: a thin view over the ResultsStore. Nodes carry stable ids
// (target / run / suite / case key) and their parent, so `TreeView.reveal` works.
import * as vscode from 'vscode';
import { caseDurationMs } from '../../model/duration';
import { caseKey, formatCounts, suiteCases, type RunModel, type SuiteGroup } from '../../model/group';
import { formatAbsoluteTime, formatDuration, formatRunTime, singleLine } from '../../model/format';
import type { ResultCounts, ResultKind, Run, TestCase } from '../../model/types';
import { CANCELLED, type ResultsStore, type TargetEntry } from '../../store/store';
import { reasonText } from '../../model/reason';
import { runSuiteLabel } from '../../model/labels';
import { appendFencedText, clip, serverMarkdown } from '../markdown';
import { caseNodeId, runNodeId, suiteNodeId, targetNodeId, type CaseNode, type MessageNode, type RunNode, type ShowMoreNode, type SuiteNode, type TargetNode, type TreeNode } from './nodes';
import { failureUri } from './rowDecorations';
import { appendFlakyReason, decorateCase, passesFlakyFilter, RunChanges, type FlakyFilter } from './changeNodes';

/** Rows of one list shown at a time: VS Code copies every child row across processes. */
export const ROWS_PER_PAGE = 1000;

export interface TreeOptions {
  isDefaultTarget(entry: TargetEntry): boolean;
  onlyFailures(): boolean;
  /** Which flaky tests are shown (default all). */
  flakyFilter?(): FlakyFilter;
  /** Called when a target's runs are needed (expanding it); loads them with progress. */
  loadRuns(targetId: string): void;
  now?: () => number;
}

const RESULT_ICON: Record<ResultKind, vscode.ThemeIcon> = {
  pass: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  fail: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  unknown: new vscode.ThemeIcon('question', new vscode.ThemeColor('testing.iconSkipped')),
};

export function countsIcon(counts: ResultCounts): vscode.ThemeIcon {
  if (counts.fail > 0) return RESULT_ICON.fail;
  if (counts.pass > 0) return RESULT_ICON.pass;
  return RESULT_ICON.unknown;
}

function countWhile<T>(items: readonly T[], keep: (item: T) => boolean): number {
  let n = 0;
  while (n < items.length && keep(items[n])) n++;
  return n;
}

export class ResultsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  readonly #changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.#changed.event;
  readonly #subscription: vscode.Disposable;

  readonly #store: ResultsStore;
  readonly #options: TreeOptions;
  readonly changes: RunChanges;

  constructor(
    store: ResultsStore,
    options: TreeOptions,
  ) {
    this.#store = store;
    this.#options = options;
    this.changes = new RunChanges(store, () => this.#options.flakyFilter?.() ?? 'all');
    // A change of one target's runs redraws that target only; anything else redraws from the
    // root. Node ids are stable, so expansion and selection are kept.
    this.#subscription = store.onDidChange((e) => {
      const node = e.targetId !== undefined ? this.#targetNodes.get(e.targetId) : undefined;
      this.#changed.fire(node);
    });
  }

  refresh(): void {
    this.#changed.fire(undefined);
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  // ---- nodes -------------------------------------------------------------------------------

  /** Target nodes are kept, so a change event can name the very object the view holds. */
  readonly #targetNodes = new Map<string, TargetNode>();

  targetNode(targetId: string): TargetNode {
    let node = this.#targetNodes.get(targetId);
    if (!node) {
      node = { kind: 'target', id: targetNodeId(targetId), targetId };
      this.#targetNodes.set(targetId, node);
    }
    return node;
  }

  runNode(targetId: string, run: Run): RunNode {
    const parent = this.targetNode(targetId);
    return { kind: 'run', id: runNodeId(parent, run), parent, run };
  }

  suiteNode(runNode: RunNode, suite: SuiteGroup): SuiteNode {
    return { kind: 'suite', id: suiteNodeId(runNode, suite), parent: runNode, suite };
  }

  caseNode(suiteNode: SuiteNode, model: RunModel, testCase: TestCase): CaseNode {
    return { kind: 'case', id: caseNodeId(suiteNode, caseKey(model, testCase)), parent: suiteNode, testCase };
  }

  /** The node of a case, for reveal (from the details panel, failure navigation, Find Case). */
  nodeForCase(targetId: string, run: Run, testCase: TestCase): CaseNode | undefined {
    const model = this.#store.model(run);
    const suite = model.suiteByKey.get(testCase.suite ?? '');
    if (!suite) return undefined;
    const suiteNode = this.nodeForSuite(targetId, run, suite);
    if (this.#ensureShown(suiteNode.id, suiteCases(suite).indexOf(testCase))) this.#changed.fire(undefined);
    return this.caseNode(suiteNode, model, testCase);
  }

  nodeForSuite(targetId: string, run: Run, suite: SuiteGroup): SuiteNode {
    const runNode = this.runNode(targetId, run);
    if (this.#ensureShown(runNode.id, this.#store.model(run).suites.indexOf(suite))) this.#changed.fire(undefined);
    return this.suiteNode(runNode, suite);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'target' ? undefined : node.parent;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node === undefined) return this.#rootChildren();
    switch (node.kind) {
      case 'target':
        return this.#targetChildren(node);
      case 'run':
        return this.#runChildren(node);
      case 'suite':
        return this.#suiteChildren(node);
      case 'changeGroup':
        return this.changes.groupChildren(node);
      default:
        return [];
    }
  }

  #rootChildren(): TreeNode[] {
    const entries = [...this.#store.targets];
    // The default target first; the rest in the API's order (a stable sort keeps it).
    entries.sort((a, b) => Number(this.#options.isDefaultTarget(b)) - Number(this.#options.isDefaultTarget(a)));
    return entries.map((e) => this.targetNode(e.target.id));
  }

  #targetChildren(node: TargetNode): TreeNode[] {
    const entry = this.#store.target(node.targetId);
    if (!entry) return [];
    const out: TreeNode[] = [];
    if (entry.runsState === 'idle' && !entry.runsError) this.#options.loadRuns(node.targetId);
    // One state at a time: while the runs load again, the last failure gives way to "loading…".
    if (entry.runsError && entry.runsState !== 'loading') {
      const unauthorized = entry.runsError.kind === 'unauthorized';
      const cancelled = entry.runsError.kind === CANCELLED;
      out.push({
        kind: 'message',
        id: `${node.id}/error`,
        parent: node,
        text: unauthorized ? 'Token rejected — Set API Token' : cancelled ? 'Loading cancelled — Load runs' : `Could not load runs — Retry`,
        tooltip: entry.runs.length > 0 ? `${entry.runsError.message}\nShowing the runs loaded before.` : entry.runsError.message,
        icon: cancelled ? new vscode.ThemeIcon('debug-pause') : new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
        command: unauthorized
          ? { command: 'tesults.setToken', title: 'Set API Token' }
          : { command: 'tesults.retryTarget', title: 'Retry', arguments: [node.targetId] },
      });
    }
    if (entry.runs.length === 0) {
      if (entry.runsState === 'loading') out.push(this.#message(node, 'loading', 'Loading runs…', 'loading~spin'));
      else if (entry.runsState === 'loaded') out.push(this.#message(node, 'empty', 'No runs yet', 'info'));
      return out;
    }
    const onlyFailures = this.#options.onlyFailures();
    let shown = 0;
    for (const run of entry.runs) {
      if (onlyFailures && !this.#store.model(run).counts.fail) continue;
      out.push(this.runNode(node.targetId, run));
      shown++;
    }
    if (onlyFailures && shown === 0) {
      out.push(this.#message(node, 'nofailures', `No failures in the ${entry.runs.length} loaded run${entry.runs.length === 1 ? '' : 's'}`, 'pass'));
    }
    if (entry.cursor !== undefined) out.push({ kind: 'loadMore', id: `${node.id}/more`, parent: node });
    return out;
  }

  #runChildren(node: RunNode): TreeNode[] {
    const model = this.#store.model(node.run);
    const onlyFailures = this.#options.onlyFailures();
    // Failing suites sort first: with only failures, the list ends at the first passing suite.
    let total = model.suites.length;
    if (onlyFailures) total = countWhile(model.suites, (suite) => suite.counts.fail > 0);
    const out: TreeNode[] = [...this.changes.groupNodes(node), ...this.#page(node, total, (i) => this.suiteNode(node, model.suites[i]))];
    if (out.length === 0) {
      out.push(this.#message(node, 'empty', onlyFailures && model.counts.total > 0 ? 'No failures in this run' : 'No test cases in this run', onlyFailures ? 'pass' : 'info'));
    }
    return out;
  }

  #suiteChildren(node: SuiteNode): TreeNode[] {
    const model = this.#store.model(node.parent.run);
    const flakyFilter = this.#options.flakyFilter?.() ?? 'all';
    const targetId = node.parent.parent.targetId;
    const all = suiteCases(node.suite);
    const cases = flakyFilter === 'all' ? all : all.filter((c) => passesFlakyFilter(flakyFilter, () => this.changes.verdict(targetId, c)));
    const onlyFailures = this.#options.onlyFailures();
    // Failures sort first: with only failures, the list ends at the first case that did not fail.
    const total = onlyFailures ? countWhile(cases, (c) => c.result === 'fail') : cases.length;
    const out: TreeNode[] = this.#page(node, total, (i) => this.caseNode(node, model, cases[i]));
    if (out.length === 0) out.push(this.#message(node, 'empty', flakyFilter === 'only' ? 'No flaky tests in this suite' : onlyFailures ? 'No failures in this suite' : 'No test cases', 'pass'));
    return out;
  }

  /** How many rows of a list are shown (grows by a page with each "Show more…"). */
  readonly #shownRows = new Map<string, number>();

  #page(parent: RunNode | SuiteNode, total: number, row: (i: number) => TreeNode): TreeNode[] {
    const shown = Math.min(total, this.#shownRows.get(parent.id) ?? ROWS_PER_PAGE);
    const out: TreeNode[] = new Array(shown);
    for (let i = 0; i < shown; i++) out[i] = row(i);
    if (shown < total) out.push({ kind: 'showMore', id: `${parent.id}/showMore`, parent, shown, total });
    return out;
  }

  /** "Show more…": the next page of the list, then redraws it. */
  showMore(node: ShowMoreNode): void {
    this.#shownRows.set(node.parent.id, node.shown + ROWS_PER_PAGE);
    this.#changed.fire(undefined);
  }

  /** Makes sure row `index` of a list is shown (before revealing it); true when that changed the list. */
  #ensureShown(parentId: string, index: number): boolean {
    const shown = this.#shownRows.get(parentId) ?? ROWS_PER_PAGE;
    if (index < shown) return false;
    this.#shownRows.set(parentId, Math.ceil((index + 1) / ROWS_PER_PAGE) * ROWS_PER_PAGE);
    return true;
  }

  #message(parent: TreeNode, key: string, text: string, icon: string): MessageNode {
    return { kind: 'message', id: `${parent.id}/${key}`, parent, text, icon: new vscode.ThemeIcon(icon) };
  }

  // ---- items -------------------------------------------------------------------------------

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'target':
        return this.#targetItem(node);
      case 'run':
        return this.#runItem(node);
      case 'suite':
        return this.#suiteItem(node);
      case 'case':
        return this.#caseItem(node);
      case 'changeGroup':
        return this.changes.groupItem(node);
      case 'changeCase':
        return this.changes.caseItem(node, this.changes.verdict(node.parent.parent.parent.targetId, node.testCase));
      case 'loadMore': {
        const entry = this.#store.target(node.parent.targetId);
        const loading = entry?.loadingMore === true;
        const item = new vscode.TreeItem(loading ? 'Loading more runs…' : 'Load more runs…');
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(loading ? 'loading~spin' : 'ellipsis');
        item.contextValue = 'loadMore';
        if (!loading) item.command = { command: 'tesults.loadMoreRuns', title: 'Load more runs', arguments: [node.parent.targetId] };
        return item;
      }
      case 'showMore': {
        const what = node.parent.kind === 'run' ? 'suites' : 'cases';
        const item = new vscode.TreeItem(`Show more ${what}… (${node.shown.toLocaleString('en-US')} of ${node.total.toLocaleString('en-US')} shown)`);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'showMore';
        item.command = { command: 'tesults.showMore', title: 'Show more', arguments: [node] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        item.id = node.id;
        item.iconPath = node.icon;
        item.tooltip = node.tooltip;
        item.command = node.command;
        item.contextValue = 'message';
        return item;
      }
    }
  }

  #targetItem(node: TargetNode): vscode.TreeItem {
    const entry = this.#store.target(node.targetId);
    const name = entry ? singleLine(entry.target.name) || node.targetId : node.targetId;
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    const pinned = entry !== undefined && this.#options.isDefaultTarget(entry);
    const latest = entry?.runs[0];
    const counts = latest ? this.#store.model(latest).counts : undefined;
    const context = ['target'];
    if (pinned) context.push('pinned');
    if (counts && counts.fail > 0) context.push('hasFailures');
    item.contextValue = context.join(' ');
    const color = counts === undefined ? undefined : countsIcon(counts).color;
    item.iconPath = new vscode.ThemeIcon(pinned ? 'pinned' : 'beaker', color);
    const parts: string[] = [];
    if (pinned) parts.push('default');
    if (latest && counts) parts.push(counts.fail > 0 ? `${counts.fail} failed` : counts.total > 0 ? 'all passed' : 'empty run');
    if (entry?.runsState === 'loading') parts.push('loading…');
    item.description = parts.join(' · ');
    const tooltip = serverMarkdown();
    tooltip.appendText(name);
    tooltip.appendMarkdown(`\n\nid: `);
    tooltip.appendText(singleLine(node.targetId, 500));
    if (pinned) tooltip.appendMarkdown('\n\n$(pinned) Default target');
    if (latest && counts) {
      tooltip.appendMarkdown('\n\nLatest run: ');
      tooltip.appendText(`${formatAbsoluteTime(latest.createdTime)} — ${formatCounts(counts)}`);
    }
    if (entry?.runsError) {
      tooltip.appendMarkdown('\n\n$(warning) ');
      tooltip.appendText(singleLine(entry.runsError.message, 500));
    }
    item.tooltip = tooltip;
    if (counts && counts.fail > 0) item.resourceUri = failureUri('target', node.id, counts.fail);
    return item;
  }

  #runItem(node: RunNode): vscode.TreeItem {
    const run = node.run;
    const counts = this.#store.model(run).counts;
    const time = formatRunTime(run.createdTime, this.#now());
    const build = run.build ? singleLine(run.build.name, 80) : undefined;
    const item = new vscode.TreeItem(build ? `${time} — ${build}` : time, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.description = [formatCounts(counts), this.changes.description(node)].filter(Boolean).join(' · ');
    item.iconPath = countsIcon(counts);
    item.contextValue = ['run', counts.fail > 0 ? 'hasFailures' : 'allPassed', run.runUrl ? 'hasUrl' : ''].filter(Boolean).join(' ');
    const tooltip = serverMarkdown();
    tooltip.appendText(`Run of ${formatAbsoluteTime(run.createdTime)}`);
    if (build) {
      tooltip.appendMarkdown('\n\nBuild: ');
      tooltip.appendText(build);
    }
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(`${formatCounts(counts)} (${counts.total} total)`);
    item.tooltip = tooltip;
    if (counts.fail > 0) item.resourceUri = failureUri('run', node.id, counts.fail);
    return item;
  }

  #suiteItem(node: SuiteNode): vscode.TreeItem {
    const suite = node.suite;
    const { label, description } = runSuiteLabel(this.#store.model(node.parent.run), suite);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.description = description ? `${description} · ${formatCounts(suite.counts)}` : formatCounts(suite.counts);
    item.iconPath = countsIcon(suite.counts);
    item.contextValue = suite.counts.fail > 0 ? 'suite hasFailures' : 'suite';
    // Screen readers (and the e2e suite) get the whole suite name: the label leaves parts of it out.
    item.accessibilityInformation = { label: `${singleLine(suite.label, 500)}, ${formatCounts(suite.counts)}` };
    const tooltip = serverMarkdown();
    tooltip.appendText(suite.label.length > 2000 ? `${suite.label.slice(0, 2000)}…` : suite.label);
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(`${formatCounts(suite.counts)} (${suite.counts.total} total)`);
    item.tooltip = tooltip;
    if (suite.counts.fail > 0) item.resourceUri = failureUri('suite', node.id, suite.counts.fail);
    return item;
  }

  #caseItem(node: CaseNode): vscode.TreeItem {
    const c = node.testCase;
    const item = new vscode.TreeItem(singleLine(c.name) || '(unnamed case)', vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    const verdict = this.changes.verdict(node.parent.parent.parent.targetId, c);
    decorateCase(item, c, verdict);
    item.contextValue = `case ${c.result === 'fail' ? 'failed' : c.result === 'pass' ? 'passed' : 'unknown'}${c.reason ? ' hasReason' : ''}`;
    // The tooltip (with the reason) is built in resolveTreeItem, on hover: a 5,000-case suite expands without it.
    const label = item.label as string;
    item.accessibilityInformation = { label: `${label}, ${c.result === 'fail' ? 'failed' : c.result === 'pass' ? 'passed' : 'unknown'}${verdict.flaky ? ', flaky' : ''}` };
    item.command = { command: 'tesults.openCase', title: 'Show Case Details', arguments: [node] };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if ((node.kind === 'case' || node.kind === 'changeCase') && item.tooltip === undefined) {
      const targetId = node.parent.parent.parent.targetId;
      item.tooltip = caseTooltip(node.testCase);
      appendFlakyReason(item.tooltip, this.changes.verdict(targetId, node.testCase));
    }
    return item;
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#changed.dispose();
  }
}

const TOOLTIP_REASON_CHARS = 1500;

/** Markdown tooltip of a case; every API string goes in as text or a code block, never as markdown. */
export function caseTooltip(c: TestCase): vscode.MarkdownString {
  const md = serverMarkdown();
  md.appendText(c.name.length > 500 ? `${c.name.slice(0, 500)}…` : c.name);
  md.appendMarkdown('\n\n');
  md.appendText(`${c.result}${c.rawResult && c.rawResult !== c.result ? ` (${c.rawResult})` : ''}`);
  const duration = formatDuration(caseDurationMs(c));
  if (duration) md.appendText(` · ${duration}`);
  if (c.reason) appendFencedText(md, clip(reasonText(c.reason), TOOLTIP_REASON_CHARS));
  return md;
}
