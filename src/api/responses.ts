// The answers of the two endpoints: the success envelope, a page of targets, a page of runs.
// Plain TypeScript: no `vscode` import. Only an answer without the `data` envelope (or with a
// list that is not a list) is an error; odd values inside are tolerated.

import type { Run, RunsPage, Target } from '../model/types';
import { errors } from './errors';
import { isObject, setKey, toNonEmpty, type Dict, type Mutable } from './parse';
import { parseRun } from './parsedRun';

/** The `data` object of a success envelope; throws 'invalidResponse' when there is none. */
export function envelopeData(json: unknown): Dict {
  if (!isObject(json)) throw errors.invalidResponse(Array.isArray(json) ? 'a JSON array instead of an object' : 'not a JSON object');
  const data = json.data;
  if (!isObject(data)) throw errors.invalidResponse('no data in the answer');
  return data;
}

function parseCursor(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function parseTarget(raw: unknown): Target | undefined {
  if (!isObject(raw)) return undefined;
  let id: string | undefined;
  let name: string | undefined;
  let extra: Dict | undefined;
  for (const k in raw) {
    const v = raw[k];
    if (k === 'id') {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') {
        id = String(v);
        if (id.length) continue;
        id = undefined;
      }
      if (v === null || v === undefined) continue;
    } else if (k === 'name') {
      name = toNonEmpty(v);
      continue;
    }
    if (extra === undefined) extra = {};
    setKey(extra, k, v);
  }
  if (id === undefined) return undefined;
  const t: Mutable<Target> = { id, name: name ?? id };
  if (extra !== undefined) t.extra = extra;
  return t;
}

export interface TargetsPage {
  targets: Target[];
  cursor?: string;
}

/** Parses a GET /targets answer. Targets without a usable id are skipped. */
export function parseTargetsResponse(json: unknown): TargetsPage {
  const data = envelopeData(json);
  const raw = data.targets;
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw errors.invalidResponse('"targets" is not a list');
  const targets: Target[] = [];
  if (Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i++) {
      const t = parseTarget(raw[i]);
      if (t) targets.push(t);
    }
  }
  const cursor = parseCursor(data.cursor);
  return cursor !== undefined ? { targets, cursor } : { targets };
}

/** Parses a GET /results answer. */
export function parseRunsResponse(json: unknown): RunsPage {
  const data = envelopeData(json);
  const results = data.results;
  let rawRuns: unknown = undefined;
  if (isObject(results)) rawRuns = results.runs;
  else if (results !== undefined && results !== null) throw errors.invalidResponse('"results" is not an object');
  if (rawRuns !== undefined && rawRuns !== null && !Array.isArray(rawRuns)) throw errors.invalidResponse('"runs" is not a list');
  const runs: Run[] = [];
  if (Array.isArray(rawRuns)) {
    const used = new Set<string>();
    for (let i = 0; i < rawRuns.length; i++) runs.push(parseRun(rawRuns[i], i, used));
  }
  // The documented place of the cursor is data.cursor; tolerate data.results.cursor too.
  const cursor = parseCursor(data.cursor) ?? (isObject(results) ? parseCursor(results.cursor) : undefined);
  return cursor !== undefined ? { runs, cursor } : { runs };
}
