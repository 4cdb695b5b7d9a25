// Failure reasons as the reporters send them: plain (often ANSI-coloured) text, or — Playwright —
// a JSON-encoded error object {message, stack, location, snippet, value}. One reading of that
// format for the details panel (HTML) and for plain-text uses (clipboard, hovers, tooltips).
import { isRecord, own } from '../util/record';
import { displayText, stripAnsi } from '../util/text';

/** The keys of a reporter's error object. */
export const ERROR_KEYS = ['message', 'stack', 'snippet', 'location', 'value'];
/** Larger strings are not tried as JSON (they are shown as text). */
const MAX_JSON_PARSE_CHARS = 5_000_000;

/** A string holding a JSON object or array, parsed; undefined for anything else. */
export function tryParseJson(s: string): { value: unknown } | undefined {
  const t = s.trim();
  if (t.length < 2 || t.length > MAX_JSON_PARSE_CHARS) return undefined;
  const f = t[0];
  const l = t[t.length - 1];
  if (!((f === '{' && l === '}') || (f === '[' && l === ']'))) return undefined;
  try {
    return { value: JSON.parse(t) as unknown };
  } catch {
    return undefined;
  }
}

export function looksLikeErrorObject(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && ERROR_KEYS.some((k) => own(v, k) !== undefined);
}

/** `file:line:column` of a location object (or its JSON); undefined without a file. */
export function formatLocation(v: unknown): string | undefined {
  let loc = v;
  if (typeof loc === 'string') loc = tryParseJson(loc)?.value;
  const file = own(loc, 'file');
  if (typeof file !== 'string') return undefined;
  const line = own(loc, 'line');
  const column = own(loc, 'column');
  let s = file;
  if (typeof line === 'number' || typeof line === 'string') s += `:${line}`;
  if (s !== file && (typeof column === 'number' || typeof column === 'string')) s += `:${column}`;
  return s;
}

/**
 * A reason as plain text, for the clipboard, hovers and tooltips: a JSON error object becomes its
 * message, location, code snippet and stack, one after the other; ANSI colour codes are removed.
 */
export function reasonText(reason: string): string {
  const parsed = tryParseJson(reason);
  if (!parsed || !looksLikeErrorObject(parsed.value)) return stripAnsi(reason);
  const err = parsed.value;
  const parts: string[] = [];
  for (const key of ['message', 'value']) if (own(err, key) !== undefined) parts.push(displayText(own(err, key), true));
  const location = formatLocation(own(err, 'location'));
  if (location) parts.push(`at ${location}`);
  for (const key of ['snippet', 'stack']) if (own(err, key) !== undefined) parts.push(displayText(own(err, key), true));
  return stripAnsi(parts.join('\n\n'));
}
