// The lazy parsed run: a run read from the API keeps its cases as JSON and makes a case object
// only when something looks at it. Plain TypeScript: no `vscode` import.

import type { Json, ResultKind, Run, Step, TestCase } from '../model/types';
import { RunGrouping, type CaseList, type GroupedRun } from '../model/group';
import { BUILD_SUITE } from '../model/types';
import { parseResult, UNKNOWN_RESULT, type ParsedResult } from '../model/result';
import {
  INVALID,
  UNNAMED_CASE,
  hasKeys,
  isObject,
  parseFiles,
  parseSteps,
  setKey,
  toFiniteNumber,
  toNonEmpty,
  toTime,
  type Dict,
  type Mutable,
} from './parse';

/**
 * Parses one case of a run's `cases` array. `index` is its position in that array.
 * An object becomes a `LazyCase`: the fields a whole run is read for (name, result, suite, hash,
 * reason) are read straight from the JSON; the rest are normalised together on first use.
 */
export function parseCase(raw: unknown, index: number): TestCase {
  if (!isObject(raw)) return { index, name: UNNAMED_CASE, result: 'unknown', extra: { value: raw as Json } };
  return new LazyCase(raw, index);
}

/**
 * A case normalised on demand, made when something looks at the case (see `ParsedRun`). The
 * fields read of many cases at once (name, result, suite, hash, reason: sorting, counting,
 * tooltips) are read straight from the JSON; the rest are normalised together the first time one
 * is read. Every getter gives exactly what `normaliseCase` gives.
 */
export class LazyCase implements TestCase {
  private full: TestCase | undefined = undefined;

  constructor(
    private readonly raw: Dict,
    readonly index: number,
  ) {}

  private get all(): TestCase {
    return (this.full ??= normaliseCase(this.raw, this.index));
  }

  get name(): string {
    return toNonEmpty(this.raw.name) ?? UNNAMED_CASE;
  }
  get result(): ResultKind {
    return parseResult(this.raw.result).result;
  }
  get unrecognisedResult(): string | undefined {
    return parseResult(this.raw.result).unrecognised;
  }
  get rawResult(): string | undefined {
    return toNonEmpty(this.raw.rawResult);
  }
  get suite(): string | undefined {
    return toNonEmpty(this.raw.suite);
  }
  get hash(): string | undefined {
    return toNonEmpty(this.raw.hash);
  }
  get reason(): string | undefined {
    return toNonEmpty(this.raw.reason);
  }
  get desc(): string | undefined {
    return this.all.desc;
  }
  get params(): Readonly<Dict> | undefined {
    return this.all.params;
  }
  get files(): readonly string[] | undefined {
    return this.all.files;
  }
  get filesBasePath(): string | undefined {
    return this.all.filesBasePath;
  }
  get steps(): readonly Step[] | undefined {
    return this.all.steps;
  }
  get start(): number | undefined {
    return this.all.start;
  }
  get end(): number | undefined {
    return this.all.end;
  }
  get duration(): number | undefined {
    return this.all.duration;
  }
  get num(): number | undefined {
    return this.all.num;
  }
  get custom(): Readonly<Dict> | undefined {
    return this.all.custom;
  }
  get extra(): Readonly<Dict> | undefined {
    return this.all.extra;
  }

  /** JSON.stringify (the cache) writes the normalised case, not the raw one. */
  toJSON(): TestCase {
    return this.all;
  }
}

/** The whole normalised case. Absent fields are present with the value `undefined` (one shape for every case). */
function normaliseCase(raw: Dict, index: number): TestCase {
  let name: string | undefined;
  let res: ParsedResult = UNKNOWN_RESULT;
  let rawResult: string | undefined;
  let suite: string | undefined;
  let desc: string | undefined;
  let reason: string | undefined;
  let params: Dict | undefined;
  let files: string[] | undefined;
  let filesBasePath: string | undefined;
  let steps: Step[] | undefined;
  let start: number | undefined;
  let end: number | undefined;
  let duration: number | undefined;
  let num: number | undefined;
  let hash: string | undefined;
  let custom: Dict | undefined;
  let extra: Dict | undefined;
  for (const k in raw) {
    const v = raw[k];
    if (k.charCodeAt(0) === 95 /* _ */) {
      if (custom === undefined) custom = {};
      setKey(custom, k, v);
      continue;
    }
    switch (k) {
      case 'name':
        name = toNonEmpty(v);
        continue;
      case 'result':
        res = parseResult(v);
        continue;
      case 'rawResult':
        rawResult = toNonEmpty(v);
        continue;
      case 'suite':
        suite = toNonEmpty(v);
        continue;
      case 'desc':
        desc = toNonEmpty(v);
        continue;
      case 'reason':
        reason = toNonEmpty(v);
        continue;
      case 'params':
        if (v === null || v === undefined) continue;
        if (isObject(v)) {
          if (hasKeys(v)) params = v;
          continue;
        }
        break;
      case 'files':
        if (v === null || v === undefined) continue;
        if (Array.isArray(v)) {
          files = parseFiles(v);
          continue;
        }
        break;
      case 'files_base_path':
        filesBasePath = toNonEmpty(v);
        continue;
      case 'steps':
        if (v === null || v === undefined) continue;
        if (Array.isArray(v)) {
          if (v.length) steps = parseSteps(v, 0);
          continue;
        }
        break;
      case 'start':
      case 'end':
      case 'duration': {
        const n = toTime(v);
        if (n === INVALID) break;
        if (k === 'start') start = n;
        else if (k === 'end') end = n;
        else duration = n;
        continue;
      }
      case 'num':
        if (v === null || v === undefined) continue;
        num = toFiniteNumber(v);
        if (num !== undefined) continue;
        break;
      case 'hash':
        hash = toNonEmpty(v);
        continue;
    }
    if (extra === undefined) extra = {};
    setKey(extra, k, v);
  }
  // One object literal with every field (undefined when absent): a single hidden class for all
  // cases is much faster to build and to read than objects grown field by field.
  return {
    index,
    name: name ?? UNNAMED_CASE,
    result: res.result,
    unrecognisedResult: res.unrecognised,
    rawResult,
    suite,
    desc,
    reason,
    params,
    files,
    filesBasePath,
    steps,
    start,
    end,
    duration,
    num,
    hash,
    custom,
    extra,
  };
}

/**
 * Parses one run. `index` is its position in the page (used for the fallback id);
 * `usedIds` keeps ids unique within a page.
 */
export function parseRun(raw: unknown, index: number, usedIds?: Set<string>): Run {
  const fallbackId = `idx-${index}`;
  if (!isObject(raw)) {
    usedIds?.add(fallbackId);
    return { createdTime: 0, id: fallbackId, cases: [], extra: { value: raw as Json } };
  }
  let createdTime: number | undefined;
  let runUrl: string | undefined;
  let rawCases: unknown[] | undefined;
  let extra: Dict | undefined;
  for (const k in raw) {
    const v = raw[k];
    switch (k) {
      case 'created_time': {
        const n = toTime(v);
        if (n !== undefined && n !== INVALID) {
          createdTime = n;
          continue;
        }
        if (v === null || v === undefined) continue;
        break;
      }
      case 'run_url':
        if (typeof v === 'string' && v) {
          runUrl = v;
          continue;
        }
        if (v === null || v === undefined) continue;
        break;
      case 'cases':
        if (Array.isArray(v)) {
          rawCases = v;
          continue;
        }
        if (v === null || v === undefined) continue;
        break;
    }
    if (extra === undefined) extra = {};
    setKey(extra, k, v);
  }
  let id = createdTime !== undefined ? String(createdTime) : fallbackId;
  if (usedIds) {
    if (usedIds.has(id)) id = fallbackId;
    let n = 1;
    while (usedIds.has(id)) id = `${fallbackId}-${n++}`;
    usedIds.add(id);
  }
  return new ParsedRun(createdTime ?? 0, id, runUrl, extra, rawCases ?? []);
}

/**
 * One pass over a run's `cases` JSON: each case's suite and result go to `grouping` (by
 * position), the `[build]` pseudo-case is set apart. No object is made per case.
 * A function of its own rather than the constructor's body: V8 threw the constructor's
 * optimised code away after every run (`--trace-deopt`), and the loop ran unoptimised.
 */
function scanCases(raws: unknown[], grouping: RunGrouping): { build: TestCase | undefined; rawIndex: number[] | undefined; count: number } {
  let build: TestCase | undefined;
  let rawIndex: number[] | undefined;
  let n = 0;
  for (let i = 0; i < raws.length; i++) {
    const item = raws[i] as Dict;
    let suite: string | undefined;
    let result: ResultKind = 'unknown';
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      // The same readings as LazyCase's, so the groups agree with the cases made later; the
      // common values first, inline.
      const s = item.suite;
      suite = typeof s === 'string' ? (s.length !== 0 ? s : undefined) : toNonEmpty(s);
      if (suite === BUILD_SUITE) {
        if (build === undefined) build = parseCase(item, i);
        if (rawIndex === undefined) {
          rawIndex = new Array<number>(n);
          for (let p = 0; p < n; p++) rawIndex[p] = p;
        }
        continue;
      }
      const r = item.result;
      result = r === 'pass' || r === 'fail' ? r : parseResult(r).result;
    }
    if (rawIndex !== undefined) rawIndex.push(i);
    grouping.add(n++, suite, result);
  }
  return { build, rawIndex, count: n };
}

/**
 * A run read from the API. Its cases stay as JSON until asked for: loading reads only each
 * case's suite and result, to group and count them (`grouping`, which `groupRun` takes), and a
 * case becomes a `LazyCase` when something looks at it (an expanded suite, a failure, a search).
 * `cases` makes them all; the cache writes it through `toJSON`.
 */
class ParsedRun implements GroupedRun, CaseList {
  declare readonly runUrl?: string;
  declare readonly build?: TestCase;
  declare readonly extra?: Readonly<Dict>;
  /** Index in `raws` of each position of `cases`; undefined while they are the same (no `[build]` item). */
  private readonly rawIndex: number[] | undefined;
  private readonly count: number;
  readonly grouping: RunGrouping;
  private made: TestCase[] | undefined = undefined;
  private madeAll = false;

  constructor(
    readonly createdTime: number,
    readonly id: string,
    runUrl: string | undefined,
    extra: Dict | undefined,
    private readonly raws: unknown[],
  ) {
    if (runUrl !== undefined) (this as Mutable<Run>).runUrl = runUrl;
    if (extra !== undefined) (this as Mutable<Run>).extra = extra;
    this.grouping = new RunGrouping(this);
    const scan = scanCases(raws, this.grouping);
    if (scan.build !== undefined) (this as Mutable<Run>).build = scan.build;
    this.rawIndex = scan.rawIndex;
    this.count = scan.count;
  }

  get cases(): readonly TestCase[] {
    const made = (this.made ??= new Array<TestCase>(this.count));
    if (!this.madeAll) {
      for (let p = 0; p < this.count; p++) this.caseAt(p);
      this.madeAll = true;
    }
    return made;
  }

  /** The case at position `p` of `cases`, made on first use. */
  caseAt(p: number): TestCase {
    const made = (this.made ??= new Array<TestCase>(this.count));
    let c = made[p];
    if (c === undefined) {
      const i = this.rawIndex === undefined ? p : this.rawIndex[p];
      c = made[p] = parseCase(this.raws[i], i);
    }
    return c;
  }

  /** The cache stores the run as a plain object with its cases normalised. */
  toJSON(): Run {
    const run: Mutable<Run> = { createdTime: this.createdTime, id: this.id, cases: this.cases };
    if (this.runUrl !== undefined) run.runUrl = this.runUrl;
    if (this.build !== undefined) run.build = this.build;
    if (this.extra !== undefined) run.extra = this.extra;
    return run;
  }
}

