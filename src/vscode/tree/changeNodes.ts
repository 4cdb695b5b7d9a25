// What changed in a run, in the tree: "2 new · 1 fixed" on its row, and the groups "New failures",
// "Still failing", "Fixed" above its suites; the flaky word, icon and reason on case rows; the
// flaky filter. The rules are the model's (compareRuns, flakyVerdict); this only shows them.
import * as vscode from 'vscode';
import { compareRuns, flakyVerdict, formatChanges, previousRun, type FlakyVerdict, type RunComparison } from '../../model/compare';
import { formatAbsoluteTime, formatDuration, singleLine } from '../../model/format';
import { caseDurationMs } from '../../model/duration';
import type { Run, TestCase } from '../../model/types';
import type { ResultsStore } from '../../store/store';
import { idPart, type ChangeCaseNode, type ChangeGroupKind, type ChangeGroupNode, type MessageNode, type RunNode } from './nodes';

const GROUPS: readonly { kind: ChangeGroupKind; label: string; pick: (c: RunComparison) => TestCase[]; icon: vscode.ThemeIcon }[] = [
  { kind: 'new', label: 'New failures', pick: (c) => c.newFailures, icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')) },
  { kind: 'still', label: 'Still failing', pick: (c) => c.continuingFailures, icon: new vscode.ThemeIcon('history', new vscode.ThemeColor('testing.iconFailed')) },
  { kind: 'fixed', label: 'Fixed', pick: (c) => c.newPasses, icon: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')) },
];

/** Which flaky tests the tree shows. */
export type FlakyFilter = 'all' | 'only' | 'hide';

/** A run compared with another run of its target: the one before it, or one picked with "Compare with…". */
interface Compared {
  readonly against: Run;
  readonly comparison: RunComparison;
  readonly picked: boolean;
}

/** The cases of a change group that the flaky filter lets through, each with its place in the whole group. */
interface ShownGroup {
  readonly shown: readonly { readonly testCase: TestCase; readonly index: number }[];
  readonly total: number;
}

const FILTER_NOTE: Record<Exclude<FlakyFilter, 'all'>, { tooltip: string; empty: string }> = {
  hide: { tooltip: 'flaky tests hidden', empty: 'Only flaky tests here (hidden)' },
  only: { tooltip: 'only flaky tests shown', empty: 'No flaky tests here' },
};

export class RunChanges {
  readonly #store: ResultsStore;
  readonly #flakyFilter: () => FlakyFilter;
  /** Run node id → the run the user picked with "Compare with…". */
  readonly #picked = new Map<string, Run>();
  readonly #memo = new WeakMap<Run, Compared>();

  constructor(store: ResultsStore, flakyFilter: () => FlakyFilter = () => 'all') {
    this.#store = store;
    this.#flakyFilter = flakyFilter;
  }

  /** The run's comparison (memoised per run and the run it is compared with). */
  compared(node: RunNode): Compared | undefined {
    const picked = this.#picked.get(node.id);
    const against = picked ?? previousRun(this.#store.history(node.parent.targetId), node.run);
    if (against === undefined) return undefined;
    const held = this.#memo.get(node.run);
    if (held?.against === against) return held;
    const compared = { against, comparison: compareRuns(node.run, against), picked: picked !== undefined };
    this.#memo.set(node.run, compared);
    return compared;
  }

  /** "Compare with…": the groups under `node` compare it with `other` from now on. */
  compareWith(node: RunNode, other: Run): void {
    this.#picked.set(node.id, other);
  }

  /** "2 new · 1 fixed" against the run before (empty when nothing changed or there is no run before). */
  description(node: RunNode): string {
    const compared = this.compared(node);
    return compared ? formatChanges(compared.comparison) : '';
  }

  /** The non-empty groups, shown above the run's suites. */
  groupNodes(node: RunNode): ChangeGroupNode[] {
    const compared = this.compared(node);
    if (!compared) return [];
    return GROUPS.filter((g) => g.pick(compared.comparison).length > 0).map((g) => ({ kind: 'changeGroup', id: `${node.id}/changes/${g.kind}`, parent: node, group: g.kind }));
  }

  /** The group's cases under the flaky filter (the same filter as the suites'). */
  #shown(node: ChangeGroupNode, filter: FlakyFilter): ShownGroup {
    const compared = this.compared(node.parent);
    const group = GROUPS.find((g) => g.kind === node.group);
    if (!compared || !group) return { shown: [], total: 0 };
    const all = group.pick(compared.comparison);
    const targetId = node.parent.parent.targetId;
    const shown: { testCase: TestCase; index: number }[] = [];
    all.forEach((testCase, index) => {
      if (passesFlakyFilter(filter, () => this.verdict(targetId, testCase))) shown.push({ testCase, index });
    });
    return { shown, total: all.length };
  }

  /** The group's cases the flaky filter shows; a message row when it shows none of them. */
  groupChildren(node: ChangeGroupNode): (ChangeCaseNode | MessageNode)[] {
    const filter = this.#flakyFilter();
    const { shown, total } = this.#shown(node, filter);
    if (shown.length === 0 && total > 0 && filter !== 'all') {
      return [{ kind: 'message', id: `${node.id}/filtered`, parent: node, text: FILTER_NOTE[filter].empty, icon: new vscode.ThemeIcon('filter') }];
    }
    // Ids keep the case's place in the whole group, so they do not change with the filter.
    return shown.map(({ testCase, index }) => ({ kind: 'changeCase', id: `${node.id}/${index}/${idPart(testCase.name.slice(0, 200))}`, parent: node, testCase }));
  }

  /** "3" (or "1 of 3" while the flaky filter leaves some out), and what it is compared with when picked. */
  groupItem(node: ChangeGroupNode): vscode.TreeItem {
    const compared = this.compared(node.parent);
    const group = GROUPS.find((g) => g.kind === node.group) ?? GROUPS[0];
    const filter = this.#flakyFilter();
    const { shown, total } = this.#shown(node, filter);
    const filtered = filter !== 'all' && shown.length < total;
    const count = filtered ? `${shown.length} of ${total}` : String(total);
    const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.iconPath = group.icon;
    item.contextValue = `changeGroup ${node.group}`;
    const vs = compared ? `vs run of ${formatAbsoluteTime(compared.against.createdTime)}` : '';
    item.description = compared?.picked ? `${count} · ${vs}` : count;
    const note = filtered ? ` (${FILTER_NOTE[filter].tooltip})` : '';
    item.tooltip = `${count} ${group.label.toLowerCase()} ${vs}`.trim() + note;
    return item;
  }

  caseItem(node: ChangeCaseNode, verdict: FlakyVerdict): vscode.TreeItem {
    const c = node.testCase;
    const item = new vscode.TreeItem(singleLine(c.name) || '(unnamed case)', vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    decorateCase(item, c, verdict);
    item.contextValue = 'changeCase';
    const run = node.parent.parent;
    item.command = { command: 'tesults.openCase', title: 'Show Case Details', arguments: [{ targetId: run.parent.targetId, run: run.run, testCase: c }] };
    return item;
  }

  /** The flaky verdict of a case, by the target's history. */
  verdict(targetId: string, c: TestCase): FlakyVerdict {
    return flakyVerdict(c, this.#store.history(targetId));
  }
}

const RESULT_ICON_ID: Record<TestCase['result'], [string, string]> = {
  pass: ['pass', 'testing.iconPassed'],
  fail: ['error', 'testing.iconFailed'],
  unknown: ['question', 'testing.iconSkipped'],
};

/**
 * Icon and description of a case row: the result icon ("flaky · 1.2 s" when flaky). A flaky pass
 * gets a flame in the pass colour; a failure keeps the failure icon, so it reads as one at a glance.
 */
export function decorateCase(item: vscode.TreeItem, c: TestCase, verdict: FlakyVerdict): void {
  const [icon, color] = RESULT_ICON_ID[c.result];
  item.iconPath = new vscode.ThemeIcon(verdict.flaky && c.result === 'pass' ? 'flame' : icon, new vscode.ThemeColor(color));
  const duration = formatDuration(caseDurationMs(c)) ?? '';
  item.description = verdict.flaky ? (duration ? `flaky · ${duration}` : 'flaky') : duration;
}

/** The tooltip line of a flaky case ("Flaky: passed on retry 2"); empty when it is not. */
export function appendFlakyReason(md: vscode.MarkdownString, verdict: FlakyVerdict): void {
  if (!verdict.flaky) return;
  md.appendMarkdown('\n\n$(flame) ');
  md.appendText(`Flaky: ${verdict.text}`);
}

/** Whether a case row is shown under the flaky filter. */
export function passesFlakyFilter(filter: FlakyFilter, verdict: () => FlakyVerdict): boolean {
  return filter === 'all' || verdict().flaky === (filter === 'only');
}

export interface CaseFilters {
  readonly onlyFailures: boolean;
  readonly flakyFilter: FlakyFilter;
}

/**
 * The filters under which a case the user asked to see has a row: the current ones, with each
 * filter that hides it lifted ("only failures" for a passing case, the flaky filter for a case on
 * its wrong side). Undefined when the current filters show it.
 */
export function filtersShowing(testCase: TestCase, current: CaseFilters, verdict: () => FlakyVerdict): CaseFilters | undefined {
  const onlyFailures = current.onlyFailures && testCase.result !== 'fail' ? false : current.onlyFailures;
  const flakyFilter = passesFlakyFilter(current.flakyFilter, verdict) ? current.flakyFilter : 'all';
  return onlyFailures === current.onlyFailures && flakyFilter === current.flakyFilter ? undefined : { onlyFailures, flakyFilter };
}
