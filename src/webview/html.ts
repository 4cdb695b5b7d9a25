// Small, dependency-free helpers for building webview HTML safely. No `vscode` import: these run
// in the extension host (and in unit tests) and are reused by every webview renderer.

import { isLoopbackHost } from '../api/url';
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes `& < > " '` so the result is safe both as element text and inside a quoted attribute
 * value. Non-strings are stringified first (`null`/`undefined` become the empty string), so a
 * number where the API promised a string cannot break anything.
 */
export function escapeHtml(value: unknown): string {
  const s = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Serialises `value` as JSON that is safe to place inside `<script type="application/json">`:
 * `<`, `>` and `&` are written as \u escapes (so `</script>` and `<!--` cannot end or confuse the
 * element) and so are U+2028/U+2029. `JSON.parse` of the element's text gives `value` back.
 */
export function jsonForScript(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) return 'null';
  return json.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Upper bound for any URL we are prepared to turn into a link or send in a message. */
export const MAX_URL_LENGTH = 8192;

/**
 * The URL a link may open externally: `https:` anywhere, or `http:` to a loopback host. Anything
 * else (javascript:, data:, file:, vbscript:, relative or unparsable text) gives `undefined`.
 * Returns the normalised URL string. The extension must re-check with this before opening.
 */
export function safeExternalUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return undefined;
  // Reject control characters and whitespace outright rather than relying on URL's stripping.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.hostname === '') return undefined;
  if (url.protocol === 'https:') return url.href;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url.href;
  return undefined;
}

/**
 * `filesBasePath` + file name, joined safely: the name is split on `/` and `\`, empty, `.` and
 * `..` segments are dropped (a name cannot climb out of the base path) and every segment is
 * percent-encoded. Returns the link URL only when the result passes `safeExternalUrl`.
 */
export function fileUrl(basePath: unknown, name: unknown): string | undefined {
  if (typeof basePath !== 'string' || typeof name !== 'string') return undefined;
  const base = safeExternalUrl(basePath);
  if (!base) return undefined;
  const segments = name.split(/[\\/]+/).filter((s) => s !== '' && s !== '.' && s !== '..');
  if (segments.length === 0) return undefined;
  const baseNoQuery = base.replace(/[?#].*$/s, '');
  let encoded: string;
  try {
    encoded = segments.map((s) => encodeURIComponent(s)).join('/');
  } catch {
    return undefined; // lone surrogates
  }
  const joined = baseNoQuery.replace(/\/+$/, '') + '/' + encoded;
  const url = safeExternalUrl(joined);
  // The joined URL must stay on the base's origin.
  if (!url || new URL(url).origin !== new URL(base).origin) return undefined;
  return url;
}
