// Field normalisers: tolerant, fast readings of Tesults API JSON values into the model's types
// (src/model/types.ts). Plain TypeScript: no `vscode` import. Never throw on odd field values.
// Hot path (cases) avoids closures, regexes and per-case temporary arrays; string values are
// reused as they came from JSON.parse. The run and its lazy cases are in parsedRun.ts.

import type { Json, Step } from '../model/types';
import { MAX_STEP_DEPTH } from '../model/types';
import { parseResult, UNKNOWN_RESULT, type ParsedResult } from '../model/result';
import { isRecord } from '../util/record';

export const UNNAMED_CASE = '(unnamed case)';
export const UNNAMED_STEP = '(unnamed step)';

export type Dict = Record<string, Json>;
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function isObject(v: unknown): v is Dict {
  return isRecord(v);
}

/** Sets a key on a plain object without ever touching its prototype (`__proto__` as data). */
export function setKey(o: Dict, k: string, v: Json): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

export function hasKeys(o: object): boolean {
  for (const _k in o) return true;
  return false;
}

/** A string field: strings as sent, numbers/booleans stringified, objects as JSON, null/undefined → undefined. */
export function toStr(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return undefined;
  }
}

/** Non-empty string or undefined. */
export function toNonEmpty(v: unknown): string | undefined {
  const s = toStr(v);
  return s === '' ? undefined : s;
}

export const INVALID = -1;
/** A non-negative finite number (numbers or numeric strings); INVALID when present but unusable; undefined when absent. */
export function toTime(v: unknown): number | undefined {
  if (typeof v === 'number') return v >= 0 && v < Infinity ? v : INVALID;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') {
    if (v.length === 0 || v.length > 40) return INVALID;
    const n = Number(v);
    return n >= 0 && n < Infinity ? n : INVALID;
  }
  return INVALID;
}

export function toFiniteNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v > -Infinity && v < Infinity ? v : undefined;
  if (typeof v === 'string' && v.length > 0 && v.length <= 40) {
    const n = Number(v);
    return n > -Infinity && n < Infinity ? n : undefined;
  }
  return undefined;
}

/** Files: an array of strings (non-strings stringified, null dropped); the array itself is reused when clean. */
export function parseFiles(v: unknown[]): string[] | undefined {
  let clean = true;
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string') {
      clean = false;
      break;
    }
  }
  if (clean) return v.length ? (v as string[]) : undefined;
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const s = toNonEmpty(v[i]);
    if (s !== undefined) out.push(s);
  }
  return out.length ? out : undefined;
}

export function parseSteps(v: unknown[], depth = 0): Step[] {
  const out: Step[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = parseStep(v[i], depth);
  return out;
}

export function parseStep(raw: unknown, depth = 0): Step {
  if (!isObject(raw)) {
    const name = toNonEmpty(raw);
    if (name !== undefined && typeof raw !== 'object') return { name, result: 'unknown' };
    return { name: UNNAMED_STEP, result: 'unknown', extra: { value: raw } };
  }
  let name: string | undefined;
  let res: ParsedResult = UNKNOWN_RESULT;
  let rawResult: string | undefined;
  let desc: string | undefined;
  let reason: string | undefined;
  let start: number | undefined;
  let end: number | undefined;
  let duration: number | undefined;
  let steps: Step[] | undefined;
  let extra: Dict | undefined;
  for (const k in raw) {
    const v = raw[k];
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
      case 'desc':
        desc = toNonEmpty(v);
        continue;
      case 'reason':
        reason = toNonEmpty(v);
        continue;
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
      case 'steps':
        if (v === null || v === undefined) continue;
        if (Array.isArray(v) && depth < MAX_STEP_DEPTH) {
          if (v.length) steps = parseSteps(v, depth + 1);
          continue;
        }
        break;
    }
    if (extra === undefined) extra = {};
    setKey(extra, k, v);
  }
  return {
    name: name ?? UNNAMED_STEP,
    result: res.result,
    unrecognisedResult: res.unrecognised,
    rawResult,
    desc,
    reason,
    start,
    end,
    duration,
    steps,
    extra,
  };
}

