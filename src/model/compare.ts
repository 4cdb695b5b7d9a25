// Comparing runs: new failures, continuing failures, new passes; flaky cases; the history of one
// test across runs; and whether a new run deserves a notification. No `vscode` import.
//
// A case is matched across runs by its hash when the other run has that hash, else by suite + name
// (hashes may not be stable between runs, so the name is always the fallback). When several cases
// of a run share a key, the run "fails" that key if any of them fails.
import { baseCaseKey } from './group';
import { tryParseJson } from './reason';
import { parseResult } from './result';
import type { Json, Run, TestCase } from './types';
import { own } from '../util/record';

export interface RunComparison {
  /** Failing now; absent from the previous run or not failing there. */
  readonly newFailures: TestCase[];
  /** Failing now and in the previous run. */
  readonly continuingFailures: TestCase[];
  /** Passing now (really run, not skipped) and failing in the previous run. */
  readonly newPasses: TestCase[];
}

interface RunIndex {
  /** hash key ("h:...") -> representative case. */
  readonly byHash: Map<string, TestCase>;
  /** suite + name key -> representative case. */
  readonly byName: Map<string, TestCase>;
}

const indexes = new WeakMap<Run, RunIndex>();

function nameKey(c: TestCase): string {
  // The same form as group.ts's baseCaseKey for a case without hash.
  return `n:${c.suite ?? ''}\u0000${c.name}`;
}

/** Keeps the first case of a key, unless a later one fails and the kept one does not. */
function put(map: Map<string, TestCase>, key: string, c: TestCase): void {
  const held = map.get(key);
  if (held === undefined || (held.result !== 'fail' && c.result === 'fail')) map.set(key, c);
}

/** The key index of a run, built once per run object. */
function runIndex(run: Run): RunIndex {
  let index = indexes.get(run);
  if (index === undefined) {
    index = { byHash: new Map(), byName: new Map() };
    for (const c of run.cases) {
      const key = baseCaseKey(c);
      if (key.startsWith('h:')) put(index.byHash, key, c);
      put(index.byName, nameKey(c), c);
    }
    indexes.set(run, index);
  }
  return index;
}

/** The case of `run` that is the same test as `c` (from any run), or undefined. */
export function findSameCase(run: Run, c: TestCase): TestCase | undefined {
  const index = runIndex(run);
  const key = baseCaseKey(c);
  if (key.startsWith('h:')) {
    const byHash = index.byHash.get(key);
    if (byHash !== undefined) return byHash;
  }
  return index.byName.get(nameKey(c));
}

const NOT_RUN = new Set(['skipped', 'pending', 'todo', 'disabled', 'ignored']);

/** A pass that was really run (Playwright reports skipped tests as result "pass"). */
export function reallyPassed(c: TestCase): boolean {
  return c.result === 'pass' && (c.rawResult === undefined || !NOT_RUN.has(c.rawResult.toLowerCase()));
}

export function compareRuns(current: Run, previous: Run | undefined): RunComparison {
  const newFailures: TestCase[] = [];
  const continuingFailures: TestCase[] = [];
  const newPasses: TestCase[] = [];
  for (const c of current.cases) {
    if (c.result === 'fail') {
      const before = previous === undefined ? undefined : findSameCase(previous, c);
      (before?.result === 'fail' ? continuingFailures : newFailures).push(c);
    } else if (previous !== undefined && reallyPassed(c)) {
      const before = findSameCase(previous, c);
      // A duplicate of this test that still fails makes it a continuing failure, not a pass.
      if (before?.result === 'fail' && findSameCase(current, c)?.result !== 'fail') newPasses.push(c);
    }
  }
  return { newFailures, continuingFailures, newPasses };
}

const FAILED_ATTEMPT = new Set(['fail', 'failed', 'timedout', 'interrupted', 'error']);

/** A string holding a JSON list or object, parsed; any other value as it is. */
export function parseMaybeJson(value: Json): Json {
  return typeof value === 'string' ? (tryParseJson(value)?.value ?? value) : value;
}

function isFailedAttempt(attempt: Json): boolean {
  return ['result', 'rawResult', 'status'].some((field) => {
    const v = own(attempt, field);
    return typeof v === 'string' && FAILED_ATTEMPT.has(v.toLowerCase());
  });
}

/**
 * Flaky by the reporter's definition: `_Outcome` is "flaky", or the case passed after a failed
 * attempt listed in `_Retries` (an array of case-like objects, possibly JSON-encoded).
 */
export function isFlaky(c: TestCase): boolean {
  const outcome = own(c.custom, '_Outcome');
  if (typeof outcome === 'string' && outcome.toLowerCase() === 'flaky') return true;
  if (parseResult(c.result).result !== 'pass') return false;
  const retries = parseMaybeJson(own(c.custom, '_Retries'));
  return Array.isArray(retries) && retries.some(isFailedAttempt);
}

/** The same test in one run (see `caseHistory`). */
export interface CaseHistoryEntry {
  readonly run: Run;
  /** The same test in that run; undefined when the run does not have it. */
  readonly testCase?: TestCase;
}

/** The same test in each run, in the order of `runs` (the store's order: newest first). */
export function caseHistory(runs: readonly Run[], c: TestCase): CaseHistoryEntry[] {
  const out: CaseHistoryEntry[] = [];
  for (const run of runs) {
    const testCase = findSameCase(run, c);
    out.push(testCase === undefined ? { run } : { run, testCase });
  }
  return out;
}

/**
 * How many times the test changed between pass and fail across the history (runs where it is
 * absent or neither passed nor failed are skipped). 2+ flips in a few runs = flaky across runs.
 */
export function flipCount(history: readonly CaseHistoryEntry[]): number {
  let flips = 0;
  let last: 'pass' | 'fail' | undefined;
  for (const entry of history) {
    const c = entry.testCase;
    if (c === undefined) continue;
    const r = c.result === 'fail' ? 'fail' : reallyPassed(c) ? 'pass' : undefined;
    if (r === undefined) continue;
    if (last !== undefined && r !== last) flips++;
    last = r;
  }
  return flips;
}

/** Flaky across runs: it flipped at least `minFlips` times in the history. */
export function isFlakyAcrossRuns(history: readonly CaseHistoryEntry[], minFlips = 2): boolean {
  return flipCount(history) >= minFlips;
}

export type NotifyMode = 'newFailures' | 'always' | 'off';

export interface NotifyDecision {
  readonly notify: boolean;
  /** Failures of `current` that `previous` did not have (all failures when there is no previous run). */
  readonly newFailures: TestCase[];
  /** Every failing case of `current`. */
  readonly failures: number;
}

/**
 * Whether a new run deserves a notification.
 * - 'off': never.
 * - 'newFailures': when the run has failures the previous run did not have.
 * - 'always': for every new run that has failures, new or continuing. A run without failures
 *   never notifies (the status bar shows it; a pop-up for every green run would be noise).
 * Never twice for one run id: the caller adds `current.id` to `alreadyNotified` after showing it.
 * The caller should only ask about runs that arrived while watching (the store's `newRuns` of a
 * poll, newest only), not runs of the first load or the cache.
 */
export function shouldNotify(mode: NotifyMode, current: Run, previous: Run | undefined, alreadyNotified: ReadonlySet<string>): NotifyDecision {
  if (mode === 'off' || alreadyNotified.has(current.id) || (previous !== undefined && previous.id === current.id)) {
    return { notify: false, newFailures: [], failures: 0 };
  }
  const { newFailures, continuingFailures } = compareRuns(current, previous);
  const failures = newFailures.length + continuingFailures.length;
  const notify = mode === 'always' ? failures > 0 : mode === 'newFailures' ? newFailures.length > 0 : false;
  return { notify, newFailures, failures };
}
