// Text helpers shared by every floor: terminal escapes out of reporter text, any JSON value as
// display text. No project imports (this is the ground floor).

// One alternation, scanned left to right:
//  1. CSI (ESC [ or 8-bit 0x9B) params intermediates final
//  2. OSC (ESC ]) up to BEL or ST (hyperlinks, titles)
//  3. DCS / SOS / PM / APC strings up to ST
//  4. any other ESC sequence (nF / Fp / Fe / Fs), or a lone ESC
//  5. other C0/C1 control characters except \n and \t (\r is normalised before)
// Global: users reset `lastIndex` before an `exec` loop (webview/ansi.ts keeps the colours).
// eslint-disable-next-line no-control-regex
export const ANSI_SEQUENCE_RE = /(?:\x1b\[|\x9b)([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]?|[\x00-\x08\x0b-\x1f\x7f\x80-\x9a\x9c-\x9f]/g;

// eslint-disable-next-line no-control-regex
const HAS_ESCAPE_RE = /[\x1b\x9b]/;

/** Escapes written out as text (`\u001b[31m`) by a double-encoding pipeline. */
const LITERAL_ESC_RE = /\\(?:u001b|x1b|033|e)(?=\[)/gi;

/** `\r\n` and lone `\r` as `\n`. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Escapes written out as text (`\u001b[31m`) turned back into real ESC characters. */
export function unescapeLiteralEscapes(text: string): string {
  return text.replace(LITERAL_ESC_RE, '\x1b');
}

/** True when the text contains (real or literally written) ANSI escapes. */
export function hasAnsi(text: string): boolean {
  return HAS_ESCAPE_RE.test(text) || /\\(?:u001b|x1b|033)\[/i.test(text);
}

/** Removes every escape sequence and control character except newlines and tabs. */
export function stripAnsi(text: string): string {
  return unescapeLiteralEscapes(normaliseNewlines(text)).replace(ANSI_SEQUENCE_RE, '');
}

/** Any JSON value as display text: strings as they are, everything else as JSON (`pretty`: indented). */
export function displayText(v: unknown, pretty = false): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  try {
    return JSON.stringify(v, null, pretty ? 2 : undefined) ?? String(v);
  } catch {
    return String(v);
  }
}
