// Small, dependency-free helpers for building webview HTML safely. No `vscode` import: these run
// in the extension host (and in unit tests) and are reused by every webview renderer.

import { checkWebUrl } from '../util/url';

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

/**
 * The URL a webview may show as a link (the link policy's ground rule, util/url.ts `checkWebUrl`):
 * `https:` anywhere, or `http:` to a loopback address; anything else (javascript:, data:, file:,
 * relative or unparsable text, credentials) gives `undefined`. Showing is not opening: the host
 * decides what it opens (`tesultsWebLink` for run links, `checkFileUrl` for files fetched with the
 * token).
 */
export function safeExternalUrl(raw: unknown): string | undefined {
  const c = checkWebUrl(raw);
  return c.ok ? c.url.href : undefined;
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
