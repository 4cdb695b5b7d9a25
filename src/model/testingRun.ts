// An imported CI run as VS Code's Testing view lists it: file > suite > case where the tests
// are, cases that cannot be placed under "(no source location)" by suite; stable item ids, the
// result each case shows, tags from the comparison with the previous run, and the run's name.
// No `vscode` import.
import { compareRuns, isFlaky, reallyPassed } from './compare';
import { formatAbsoluteTime, singleLine } from './format';
import { baseCaseKey, NO_SUITE_LABEL } from './group';
import type { Run, TestCase } from './types';

export const NO_SOURCE_LOCATION_LABEL = '(no source location)';

/** Where a case's test is: a workspace file and a 1-based line. */
export interface Placement {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

export interface PlacedCase {
  /**
   * Unique among its suite's cases and stable across runs: the case's identity as the comparison
   * matches cases (hash, else suite + name), JSON-quoted: VS Code refuses ids with a NUL character.
   */
  readonly id: string;
  readonly testCase: TestCase;
  readonly place?: Placement;
}

export interface SuiteBucket {
  /** Stable: the suite name ('' for cases without one), JSON-quoted (no NUL character). */
  readonly id: string;
  readonly label: string;
  readonly cases: PlacedCase[];
}

export interface FileBucket {
  readonly file: string;
  readonly suites: SuiteBucket[];
}

export interface TestingTree {
  /** Sorted by path. */
  readonly files: FileBucket[];
  /** Suites of the cases without a place, sorted by label. */
  readonly unplaced: SuiteBucket[];
}

function byLabel(a: SuiteBucket, b: SuiteBucket): number {
  return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
}

/** A case's identity (`baseCaseKey`: hash, else suite + name) as a test item id: JSON-quoted, so no NUL. */
export function testItemId(c: TestCase): string {
  const key = baseCaseKey(c);
  return `${key.slice(0, 2)}${JSON.stringify(key.slice(2).split('\u0000'))}`;
}

/** One pass over the cases: a Map of files, each a Map of suites. */
export function groupForTesting(cases: readonly TestCase[], placeOf: (c: TestCase) => Placement | undefined): TestingTree {
  const files = new Map<string, Map<string, SuiteBucket>>();
  const unplaced = new Map<string, SuiteBucket>();
  const usedIds = new Map<SuiteBucket, Map<string, number>>();
  for (const c of cases) {
    const place = placeOf(c);
    let suites = unplaced;
    if (place) {
      suites = files.get(place.file) ?? new Map<string, SuiteBucket>();
      files.set(place.file, suites);
    }
    const suiteId = c.suite ?? '';
    let bucket = suites.get(suiteId);
    if (bucket === undefined) {
      bucket = { id: JSON.stringify(suiteId), label: suiteId === '' ? NO_SUITE_LABEL : singleLine(suiteId), cases: [] };
      suites.set(suiteId, bucket);
      usedIds.set(bucket, new Map());
    }
    // Two cases with one identity (a reporter that repeats a test) stay two items.
    const used = usedIds.get(bucket) as Map<string, number>;
    const key = testItemId(c);
    const seen = used.get(key) ?? 0;
    used.set(key, seen + 1);
    bucket.cases.push({ id: seen === 0 ? key : `${key}#${seen + 1}`, testCase: c, ...(place ? { place } : {}) });
  }
  return {
    files: [...files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([file, suites]) => ({ file, suites: [...suites.values()].sort(byLabel) })),
    unplaced: [...unplaced.values()].sort(byLabel),
  };
}

export type TestingOutcome = 'passed' | 'failed' | 'skipped';

/** Failed, passed (really run), or skipped (not run, pending, or a result Tesults could not read). */
export function testingOutcome(c: TestCase): TestingOutcome {
  if (c.result === 'fail') return 'failed';
  return reallyPassed(c) ? 'passed' : 'skipped';
}

export type TestingTag = 'flaky' | 'new-failure' | 'still-failing';
export const TESTING_TAGS: readonly TestingTag[] = ['flaky', 'new-failure', 'still-failing'];

/** Tags from the comparison with the previous run of the same target, and the reporter's flaky verdict. */
export function testingTags(run: Run, previous: Run | undefined): Map<TestCase, TestingTag[]> {
  const tags = new Map<TestCase, TestingTag[]>();
  const add = (c: TestCase, tag: TestingTag): void => {
    const list = tags.get(c);
    if (list) list.push(tag);
    else tags.set(c, [tag]);
  };
  const { newFailures, continuingFailures } = compareRuns(run, previous);
  for (const c of newFailures) add(c, 'new-failure');
  for (const c of continuingFailures) add(c, 'still-failing');
  for (const c of run.cases) if (isFlaky(c)) add(c, 'flaky');
  return tags;
}

/** "<target> · <build> · <CI time>": the Test Results panel's name of the run (its own time is the import's). */
export function importedRunName(targetName: string, run: Run): string {
  const build = run.build?.name;
  return `${singleLine(targetName, 80)} · ${build ? singleLine(build, 60) : 'no build'} · ${formatAbsoluteTime(run.createdTime)}`;
}

/** Text from a custom output field (`_Standard output`): a string, or an array of chunks as some reporters send. */
export function outputText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (Array.isArray(value)) {
    const parts = value.map((v) => (typeof v === 'string' ? v : typeof v === 'object' && v !== null && typeof (v as { text?: unknown }).text === 'string' ? (v as { text: string }).text : '')).filter((s) => s !== '');
    return parts.length > 0 ? parts.join(parts.every((p) => p.endsWith('\n')) ? '' : '\n') : undefined;
  }
  return undefined;
}
