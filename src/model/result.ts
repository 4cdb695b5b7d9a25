// The result rule: how a result value as sent (any JSON type) becomes pass / fail / unknown.
// One reading for the parser, the tree, the details panel and every attempt or step.
import type { ResultKind } from './types';
import { displayText } from '../util/text';

export interface ParsedResult {
  readonly result: ResultKind;
  /** The value as sent when it was not exactly `pass`, `fail` or `unknown` (e.g. " Pass", "skipped", 3). */
  readonly unrecognised?: string;
}

const PASS: ParsedResult = { result: 'pass' };
const FAIL: ParsedResult = { result: 'fail' };
/** No result, or exactly "unknown". */
export const UNKNOWN_RESULT: ParsedResult = { result: 'unknown' };

/**
 * `pass`, `fail` and `unknown` as they are; the same words with other case or spaces keep their
 * kind and are also reported as `unrecognised`; anything else is unknown (and `unrecognised`).
 */
export function parseResult(v: unknown): ParsedResult {
  if (v === 'pass') return PASS;
  if (v === 'fail') return FAIL;
  if (v === 'unknown' || v === undefined || v === null) return UNKNOWN_RESULT;
  const raw = displayText(v);
  if (typeof v === 'string') {
    const l = v.trim().toLowerCase();
    if (l === 'pass') return { result: 'pass', unrecognised: raw };
    if (l === 'fail') return { result: 'fail', unrecognised: raw };
    if (l === 'unknown') return { result: 'unknown', unrecognised: raw };
  }
  return { result: 'unknown', unrecognised: raw };
}
