// Comparing runs: new failures, continuing failures, new passes; flaky cases (the one rule); the
// history of one test across runs; and whether a new run deserves a notification. No `vscode` import.
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

// ---- flaky: one definition ----------------------------------------------------------------

/** Runs of a target looked at for "unstable across runs" (newest first). */
export const FLAKY_WINDOW = 20;
/** Unstable: at least this many pass↔fail flips in the window… */
export const FLAKY_MIN_FLIPS = 2;
/** …and at least this many flips per change opportunity (flips / (results − 1)). */
export const FLAKY_MIN_FLIP_RATE = 0.2;
/** A run where more than this share of its cases failed is an infrastructure failure: left out. */
export const INFRA_FAIL_SHARE = 0.8;
/** A test whose newest this-many results (infrastructure runs left out) all failed is broken, not flaky. */
export const BROKEN_STREAK = 2;

export type FlakyKind = 'retry' | 'unstable';

/** Whether a test is flaky, and why in words ("passed on retry 2", "4 flips in the last 20 runs"). */
export interface FlakyVerdict {
  readonly flaky: boolean;
  readonly kind?: FlakyKind;
  /** The reason when flaky; empty otherwise. */
  readonly text: string;
  /** Pass↔fail flips counted in the window (when a history was given). */
  readonly flips?: number;
  /** Runs of the window (infrastructure runs included in the count, as the user sees them). */
  readonly runs?: number;
}

const NOT_FLAKY: FlakyVerdict = { flaky: false, text: '' };

const infraRuns = new WeakMap<Run, boolean>();

/** More than `INFRA_FAIL_SHARE` of the run's cases failed (the environment, not the tests). */
export function isInfrastructureRun(run: Run): boolean {
  let infra = infraRuns.get(run);
  if (infra === undefined) {
    let failed = 0;
    for (const c of run.cases) if (c.result === 'fail') failed++;
    infra = run.cases.length > 0 && failed / run.cases.length > INFRA_FAIL_SHARE;
    infraRuns.set(run, infra);
  }
  return infra;
}

/** The retry a pass came on: `_Retry` when the reporter says, else the number of earlier attempts. */
function retryNumber(c: TestCase, attempts: Json): number | undefined {
  const retry = own(c.custom, '_Retry');
  if (Number.isInteger(retry) && (retry as number) > 0) return retry as number;
  return Array.isArray(attempts) && attempts.length > 0 ? attempts.length : undefined;
}

/**
 * Flaky within one run (Tesults' and Playwright's rule): `_Outcome` is "flaky", or the case passed
 * after a failed attempt listed in `_Retries` (whole attempt objects, possibly JSON-encoded).
 */
function retryVerdict(c: TestCase): FlakyVerdict | undefined {
  const outcome = own(c.custom, '_Outcome');
  const retries = parseMaybeJson(own(c.custom, '_Retries'));
  const flakyOutcome = typeof outcome === 'string' && outcome.toLowerCase() === 'flaky';
  const passedAfterFailure = parseResult(c.result).result === 'pass' && Array.isArray(retries) && retries.some(isFailedAttempt);
  if (!flakyOutcome && !passedAfterFailure) return undefined;
  const n = retryNumber(c, retries);
  return { flaky: true, kind: 'retry', text: n === undefined ? 'passed on a retry' : `passed on retry ${n}` };
}

/** Unstable across `runs` (the target's runs, newest first; the first `FLAKY_WINDOW` are used). */
function unstableVerdict(c: TestCase, runs: readonly Run[]): FlakyVerdict {
  const window = runs.slice(0, FLAKY_WINDOW);
  const results: ('pass' | 'fail')[] = [];
  for (const run of window) {
    if (isInfrastructureRun(run)) continue;
    const same = findSameCase(run, c);
    if (same === undefined) continue;
    const r = same.result === 'fail' ? 'fail' : reallyPassed(same) ? 'pass' : undefined;
    if (r !== undefined) results.push(r);
  }
  let flips = 0;
  for (let i = 1; i < results.length; i++) if (results[i] !== results[i - 1]) flips++;
  const counted = { flips, runs: window.length };
  const broken = results.length >= BROKEN_STREAK && results.slice(0, BROKEN_STREAK).every((r) => r === 'fail');
  const rate = results.length > 1 ? flips / (results.length - 1) : 0;
  if (broken || flips < FLAKY_MIN_FLIPS || rate < FLAKY_MIN_FLIP_RATE) return { ...NOT_FLAKY, ...counted };
  return { flaky: true, kind: 'unstable', text: `${flips} flips in the last ${window.length} runs`, ...counted };
}

/**
 * THE flaky rule. `c` passed after a failed attempt in its run, or (given the target's runs,
 * newest first) it is unstable across them: ≥ `FLAKY_MIN_FLIPS` flips in the last `FLAKY_WINDOW`
 * runs and a flip rate ≥ `FLAKY_MIN_FLIP_RATE`, leaving out infrastructure runs, and not while its
 * newest results fail in a row (broken). Cases are matched across runs as in `findSameCase`.
 */
export function flakyVerdict(c: TestCase, runs?: readonly Run[]): FlakyVerdict {
  if (runs === undefined) return verdictOf(c, runs);
  // The tree, the panel and the CodeLens ask again for the same case and history on every redraw.
  const held = verdicts.get(c);
  if (held?.runs === runs) return held.verdict;
  const verdict = verdictOf(c, runs);
  verdicts.set(c, { runs, verdict });
  return verdict;
}

const verdicts = new WeakMap<TestCase, { runs: readonly Run[]; verdict: FlakyVerdict }>();

function verdictOf(c: TestCase, runs: readonly Run[] | undefined): FlakyVerdict {
  const unstable = runs === undefined || runs.length === 0 ? undefined : unstableVerdict(c, runs);
  const retry = retryVerdict(c);
  if (retry !== undefined) return unstable === undefined ? retry : { ...retry, flips: unstable.flips, runs: unstable.runs };
  return unstable ?? NOT_FLAKY;
}

/** `flakyVerdict(c, runs).flaky`: without `runs`, the retry rule alone. */
export function isFlaky(c: TestCase, runs?: readonly Run[]): boolean {
  return flakyVerdict(c, runs).flaky;
}

/** How many of `cases` are flaky by `flakyVerdict` (given the target's runs, newest first). */
export function countFlaky(cases: readonly TestCase[], runs?: readonly Run[]): number {
  let n = 0;
  for (const c of cases) if (isFlaky(c, runs)) n++;
  return n;
}

// ---- what changed between runs ---------------------------------------------------------------

/** The run before `run` in its target's runs (newest first), or undefined for the oldest. */
export function previousRun(runs: readonly Run[], run: Run): Run | undefined {
  const at = runs.indexOf(run);
  return at < 0 ? undefined : runs[at + 1];
}

/** "2 new · 1 fixed": what changed against the run before; empty when nothing did. */
export function formatChanges(comparison: RunComparison): string {
  const parts: string[] = [];
  if (comparison.newFailures.length > 0) parts.push(`${comparison.newFailures.length} new`);
  if (comparison.newPasses.length > 0) parts.push(`${comparison.newPasses.length} fixed`);
  return parts.join(' · ');
}

/**
 * "3 new failures, 1 of them known flaky", "1 new failure (known flaky)", "2 new failures": the
 * notification and the status bar say it in the same words.
 */
export function formatNewFailures(newFailures: number, knownFlaky: number): string {
  const head = `${newFailures} new failure${newFailures === 1 ? '' : 's'}`;
  if (knownFlaky <= 0) return head;
  return newFailures === 1 ? `${head} (known flaky)` : `${head}, ${knownFlaky} of them known flaky`;
}

export type NotifyMode = 'newFailures' | 'always' | 'off';

export interface NotifyDecision {
  readonly notify: boolean;
  /** Failures of `current` that `previous` did not have (all failures when there is no previous run). */
  readonly newFailures: TestCase[];
  /** Every failing case of `current`. */
  readonly failures: number;
  /** How many of `newFailures` are flaky by `history` (the target's runs, newest first). */
  readonly knownFlaky: number;
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
export function shouldNotify(mode: NotifyMode, current: Run, previous: Run | undefined, alreadyNotified: ReadonlySet<string>, history?: readonly Run[]): NotifyDecision {
  if (mode === 'off' || alreadyNotified.has(current.id) || (previous !== undefined && previous.id === current.id)) {
    return { notify: false, newFailures: [], failures: 0, knownFlaky: 0 };
  }
  const { newFailures, continuingFailures } = compareRuns(current, previous);
  const failures = newFailures.length + continuingFailures.length;
  const notify = mode === 'always' ? failures > 0 : mode === 'newFailures' ? newFailures.length > 0 : false;
  const knownFlaky = notify && history !== undefined ? countFlaky(newFailures, history) : 0;
  return { notify, newFailures, failures, knownFlaky };
}
