// The cache file's content: the targets and the latest run of each, as JSON. Target ids come from
// the server, so they never key a plain object's lookups: a snapshot is built with own data
// properties (`Object.fromEntries`) and read with own-property checks, so ids such as
// `__proto__` or `constructor` round-trip like any other. No `vscode` import: tested in plain Node.
import type { Run, Target } from '../model/types';
import { isRecord, own } from '../util/record';

export interface CacheSnapshot {
  readonly version: 1;
  readonly apiUrl: string;
  readonly savedAt: number;
  readonly targets: readonly Target[];
  /** Target id -> its cached runs. Read it with `cachedRuns`, never by indexing. */
  readonly runs: Readonly<Record<string, readonly Run[]>>;
}

export function makeSnapshot(apiUrl: string, savedAt: number, targets: readonly Target[], runs: ReadonlyMap<string, readonly Run[]>): CacheSnapshot {
  return { version: 1, apiUrl, savedAt, targets: [...targets], runs: Object.fromEntries(runs) };
}

/** The runs cached for a target (an own property only: `constructor` is not an inherited function here). */
export function cachedRuns(snapshot: CacheSnapshot, targetId: string): readonly Run[] | undefined {
  const runs = own(snapshot.runs, targetId);
  return Array.isArray(runs) ? (runs as readonly Run[]) : undefined;
}

export function serializeSnapshot(snapshot: CacheSnapshot): string {
  return JSON.stringify(snapshot);
}

/** The snapshot in a cache file's text; undefined for anything else (a broken or foreign file). */
export function parseSnapshot(text: string): CacheSnapshot | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isSnapshot(value) ? value : undefined;
}

export function isSnapshot(value: unknown): value is CacheSnapshot {
  if (!isRecord(value)) return false;
  const v = value as Partial<CacheSnapshot>;
  return (
    v.version === 1 &&
    typeof v.apiUrl === 'string' &&
    Array.isArray(v.targets) &&
    v.targets.every((t) => isRecord(t) && typeof t.id === 'string' && typeof t.name === 'string') &&
    isRecord(v.runs) &&
    Object.values(v.runs).every((runs) => Array.isArray(runs) && runs.every(isCachedRun))
  );
}

function isCachedRun(run: unknown): run is Run {
  if (!isRecord(run)) return false;
  const r = run as Partial<Run>;
  return typeof r.id === 'string' && typeof r.createdTime === 'number' && Array.isArray(r.cases) &&
    r.cases.every((c) => isRecord(c) && typeof c.name === 'string' && (c.result === 'pass' || c.result === 'fail' || c.result === 'unknown'));
}
