// Grouping a run's cases into suites, with counts and the failure order the tree shows.
// One linear pass over the cases (done by the parser while it reads a run); a suite's case
// objects are made, and sorted, only when the suite is first looked at (see `suiteCases`), so a
// 100,000-case run is ready after O(n) work and no object per case.
import type { ResultCounts, ResultKind, Run, TestCase } from './types';

export const NO_SUITE_LABEL = '(no suite)';

/** Gives the case at a position of a run's `cases` (a parsed run makes a case object only when asked). */
export interface CaseList {
  caseAt(position: number): TestCase;
}

export class SuiteGroup {
  /** What the tree shows: the suite name, or "(no suite)". */
  readonly label: string;
  readonly counts: ResultCounts = emptyCounts();
  /** Positions in `run.cases` of this suite's cases, in API order. */
  readonly positions: number[] = [];
  /** Display order, computed on first use (see `suiteCases`). */
  sorted: readonly TestCase[] | undefined = undefined;
  private inApiOrder: readonly TestCase[] | undefined = undefined;

  // A class, so `cases` is one getter on the prototype rather than a closure made per suite.
  constructor(
    /** Stable key within the run: the suite name, or '' for cases without suite. */
    readonly key: string,
    private readonly list: CaseList,
  ) {
    this.label = key === '' ? NO_SUITE_LABEL : key;
  }

  /** Cases in API order, made on first use; `suiteCases` gives the display order. */
  get cases(): readonly TestCase[] {
    if (this.inApiOrder === undefined) {
      const p = this.positions;
      const cases: TestCase[] = new Array(p.length);
      for (let i = 0; i < p.length; i++) cases[i] = this.list.caseAt(p[i]);
      this.inApiOrder = cases;
    }
    return this.inApiOrder;
  }
}

export interface RunModel {
  readonly run: Run;
  readonly counts: ResultCounts;
  /** Failing suites first, then by label. */
  readonly suites: readonly SuiteGroup[];
  readonly suiteByKey: ReadonlyMap<string, SuiteGroup>;
  /** Case keys, built on first use (most runs are never searched by key). */
  index?: CaseIndex;
}

export interface CaseIndex {
  /** Stable key of each case within the run (hash, else suite + name; made unique with the index). */
  readonly keyOf: ReadonlyMap<TestCase, string>;
  readonly byKey: ReadonlyMap<string, TestCase>;
}

export function emptyCounts(): ResultCounts {
  return { pass: 0, fail: 0, unknown: 0, total: 0 };
}

/** "57 passed · 3 failed · 1 unknown" — zero parts other than "passed" are left out. */
export function formatCounts(counts: ResultCounts): string {
  const parts = [`${counts.pass} passed`];
  if (counts.fail > 0) parts.push(`${counts.fail} failed`);
  if (counts.unknown > 0) parts.push(`${counts.unknown} unknown`);
  return parts.join(' · ');
}

function compareLabels(a: string, b: string): number {
  // Plain code-unit comparison with a case-insensitive first pass: fast and deterministic.
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const RESULT_ORDER: Record<TestCase['result'], number> = { fail: 0, unknown: 1, pass: 2 };

export function compareCases(a: TestCase, b: TestCase): number {
  const r = RESULT_ORDER[a.result] - RESULT_ORDER[b.result];
  if (r !== 0) return r;
  const n = compareLabels(a.name, b.name);
  return n !== 0 ? n : a.index - b.index;
}

export function compareSuites(a: SuiteGroup, b: SuiteGroup): number {
  const af = a.counts.fail > 0 ? 0 : 1;
  const bf = b.counts.fail > 0 ? 0 : 1;
  if (af !== bf) return af - bf;
  // "(no suite)" goes last among its kind.
  if ((a.key === '') !== (b.key === '')) return a.key === '' ? 1 : -1;
  return compareLabels(a.label, b.label);
}

/** The identity of a case within its run, used by tree ids, history and comparison. */
export function baseCaseKey(c: TestCase): string {
  return c.hash !== undefined && c.hash !== '' ? `h:${c.hash}` : `n:${c.suite ?? ''}\u0000${c.name}`;
}

/**
 * Builds a run's suites and counts one case at a time, from each case's position, suite and
 * result. The parser feeds it while it reads the JSON (see `parseRun`): a large run is grouped
 * without a second pass and without making an object for each case.
 */
export class RunGrouping {
  private readonly suiteByKey = new Map<string, SuiteGroup>();
  private group: SuiteGroup | undefined = undefined;

  constructor(private readonly list: CaseList) {}

  add(position: number, suite: string | undefined, result: ResultKind): void {
    const key = suite ?? '';
    // Cases of one suite mostly come in a row: look the suite up only when it changes.
    let g = this.group;
    if (g === undefined || key !== g.key) g = this.switchTo(key);
    g.positions.push(position);
    if (result === 'fail') g.counts.fail++;
    else if (result === 'pass') g.counts.pass++;
    else g.counts.unknown++;
  }

  private switchTo(key: string): SuiteGroup {
    let g = this.suiteByKey.get(key);
    if (g === undefined) {
      g = new SuiteGroup(key, this.list);
      this.suiteByKey.set(key, g);
    }
    this.group = g;
    return g;
  }

  finish(run: Run): RunModel {
    const suiteByKey = this.suiteByKey;
    // Run totals are the sum of the suites' (a few dozen additions instead of one per case).
    const counts = emptyCounts();
    for (const g of suiteByKey.values()) {
      g.counts.total = g.counts.pass + g.counts.fail + g.counts.unknown;
      counts.pass += g.counts.pass;
      counts.fail += g.counts.fail;
      counts.unknown += g.counts.unknown;
    }
    counts.total = counts.pass + counts.fail + counts.unknown;
    const suites = [...suiteByKey.values()].sort(compareSuites);
    return { run, counts, suites, suiteByKey };
  }
}

/** A run whose cases were grouped while it was read (see `parseRun`). */
export interface GroupedRun extends Run {
  /** Has had exactly the cases of `cases`, in order. */
  readonly grouping: RunGrouping;
}

/** The run's suites and counts: from the grouping made while it was read, else one pass over `cases`. */
export function groupRun(run: Run | GroupedRun): RunModel {
  if ('grouping' in run) return run.grouping.finish(run);
  const cases = run.cases;
  const grouping = new RunGrouping({ caseAt: (p) => cases[p] });
  for (let i = 0; i < cases.length; i++) grouping.add(i, cases[i].suite, cases[i].result);
  return grouping.finish(run);
}

export function caseIndex(model: RunModel): CaseIndex {
  if (model.index !== undefined) return model.index;
  const keyOf = new Map<TestCase, string>();
  const byKey = new Map<string, TestCase>();
  for (const c of model.run.cases) {
    let key = baseCaseKey(c);
    if (byKey.has(key)) key = `${key}#${c.index}`;
    keyOf.set(c, key);
    byKey.set(key, c);
  }
  model.index = { keyOf, byKey };
  return model.index;
}

export function caseKey(model: RunModel, c: TestCase): string {
  return caseIndex(model).keyOf.get(c) ?? `${baseCaseKey(c)}#${c.index}`;
}

/** A suite's cases in display order: failures first, then by name. Sorted once, on first use. */
export function suiteCases(group: SuiteGroup): readonly TestCase[] {
  if (group.sorted === undefined) group.sorted = sortCases(group.cases);
  return group.sorted;
}

/**
 * `cases.slice().sort(compareCases)`, with each name lower-cased once rather than in every
 * comparison (about twice as fast on a 5,000-case suite, which is sorted when first expanded).
 */
function sortCases(cases: readonly TestCase[]): TestCase[] {
  const n = cases.length;
  const keyed: Array<{ c: TestCase; r: number; l: string }> = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = cases[i];
    keyed[i] = { c, r: RESULT_ORDER[c.result], l: c.name.toLowerCase() };
  }
  keyed.sort((a, b) => {
    if (a.r !== b.r) return a.r - b.r;
    if (a.l !== b.l) return a.l < b.l ? -1 : 1;
    const an = a.c.name;
    const bn = b.c.name;
    if (an !== bn) return an < bn ? -1 : 1;
    return a.c.index - b.c.index;
  });
  const out: TestCase[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = keyed[i].c;
  return out;
}

/** Every failing case of the run, in tree order (suite order, then case order). */
export function failuresInTreeOrder(model: RunModel): TestCase[] {
  const out: TestCase[] = [];
  for (const suite of model.suites) {
    if (suite.counts.fail === 0) continue;
    for (const c of suiteCases(suite)) {
      if (c.result !== 'fail') break; // failures sort first
      out.push(c);
    }
  }
  return out;
}

/** The failing case after (or before) `current`, wrapping around; the first one when `current` is not a failure. */
export function stepFailure(failures: readonly TestCase[], current: TestCase | undefined, direction: 1 | -1): TestCase | undefined {
  if (failures.length === 0) return undefined;
  const at = current === undefined ? -1 : failures.indexOf(current);
  if (at === -1) return direction === 1 ? failures[0] : failures[failures.length - 1];
  return failures[(at + direction + failures.length) % failures.length];
}
