// Where a URL may go: the one link policy of the extension. Plain TypeScript; imports nothing of
// the project. The ground rule (`checkWebUrl`): https anywhere, plain http only to a literal
// loopback address, no user name or password, no other scheme. On top of it: the API URL the
// token is sent to (`checkApiUrl`), the links "Open in Tesults" opens (`tesultsWebLink`: only the
// Tesults web origin) and the case files fetched with the token (`checkFileUrl`: only the API's
// origin). Every refusal gives a reason a user can read; reasons show URLs clipped and on one line.

/** Upper bound for any URL turned into a link, opened, or sent in a message. */
export const MAX_URL_LENGTH = 8192;

export const DEFAULT_API_URL = 'https://www.tesults.com/api';

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * True only for literal loopback: 127.0.0.0/8, ::1 (with or without brackets, also as
 * ::ffff:127.x.y.z) and `localhost` itself. `*.localhost` and `localhost.` are names that Node
 * resolves through DNS like any other, so they are not loopback here.
 */
export function isLoopbackHost(host: string): boolean {
  let h = host.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  // IPv4-mapped IPv6 loopback (::ffff:127.x.y.z, written by URL as ::ffff:7f00:1)
  if (h.startsWith('::ffff:')) {
    const rest = h.slice(7);
    if (/^7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(rest)) return true;
    h = rest;
  }
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (!m) return false;
  const parts = [m[1], m[2], m[3], m[4]].map(Number);
  return parts.every((p) => p <= 255) && parts[0] === 127;
}

type WebUrlProblem = 'empty' | 'invalid' | 'credentials' | 'plainHttp' | 'scheme';

/** The ground rule, with the problem named so each caller can word it for its reader. */
function parseWebUrl(raw: unknown): { ok: true; url: URL } | { ok: false; problem: WebUrlProblem; url?: URL } {
  if (typeof raw !== 'string' || raw.length === 0) return { ok: false, problem: 'empty' };
  // Control characters and spaces are refused outright rather than left to URL's stripping.
  // eslint-disable-next-line no-control-regex
  if (raw.length > MAX_URL_LENGTH || /[\u0000-\u0020\u007f-\u009f]/.test(raw)) return { ok: false, problem: 'invalid' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'scheme', url };
  if (url.hostname === '') return { ok: false, problem: 'invalid' };
  if (url.username || url.password) return { ok: false, problem: 'credentials', url };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { ok: false, problem: 'plainHttp', url };
  return { ok: true, url };
}

/** A URL for a reason: one line, clipped, so hostile text cannot make a long or forged message. */
export function shownUrl(raw: unknown): string {
  // eslint-disable-next-line no-control-regex
  const s = String(raw).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g, ' ');
  return s.length > 200 ? s.slice(0, 200) + '…' : s;
}

/** https anywhere, http only to a literal loopback address; no credentials, no other scheme. */
export function checkWebUrl(raw: unknown): UrlCheck {
  const c = parseWebUrl(raw);
  if (c.ok) return c;
  return { ok: false, reason: `"${shownUrl(raw)}" is not an https:// link (plain http:// only to 127.0.0.1, ::1 or localhost; no user name or password).` };
}

/** Checks the Tesults API base URL (`tesults.apiUrl`), the only place the token is sent to. */
export function checkApiUrl(raw: string): UrlCheck {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const c = parseWebUrl(text);
  if (c.ok) return c;
  switch (c.problem) {
    case 'empty':
      return { ok: false, reason: `The Tesults API URL (tesults.apiUrl) is empty. Use ${DEFAULT_API_URL}.` };
    case 'invalid':
      return { ok: false, reason: `The Tesults API URL (tesults.apiUrl) is not a valid URL: "${shownUrl(text)}". Use ${DEFAULT_API_URL}.` };
    case 'credentials':
      return {
        ok: false,
        reason: "The Tesults API URL (tesults.apiUrl) must not contain a user name or password. The API token is set with 'Tesults: Set API Token'.",
      };
    case 'plainHttp':
      return {
        ok: false,
        reason: `The Tesults API URL must use https:// (plain http:// is only allowed for 127.0.0.1, ::1 or localhost), so the API token is never sent unencrypted to ${c.url?.host ?? 'that host'}.`,
      };
    case 'scheme':
      return { ok: false, reason: `The Tesults API URL must start with https:// (got "${shownUrl(c.url?.protocol)}"). Use ${DEFAULT_API_URL}.` };
  }
}

/**
 * The origin of the Tesults web app for an API URL. The web app and its API share an origin: the
 * default API URL https://www.tesults.com/api gives https://www.tesults.com, a local or proxied
 * API gives its own origin.
 */
export function tesultsWebOrigin(apiUrl: URL): string {
  return apiUrl.origin;
}

/**
 * The link "Open in Tesults" may open: `candidate` (a run's `run_url`, uploaded data) only when it
 * is on the Tesults web origin of the configured API URL. Anything else is refused with a reason
 * that shows the URL.
 */
export function tesultsWebLink(candidate: unknown, apiUrl: string): UrlCheck {
  const api = checkApiUrl(apiUrl);
  if (!api.ok) return api;
  const origin = tesultsWebOrigin(api.url);
  const c = parseWebUrl(candidate);
  if (!c.ok || c.url.origin !== origin) return { ok: false, reason: `Not opening "${shownUrl(candidate)}": only links to ${origin} are opened.` };
  return c;
}

/**
 * A case file link the client may fetch with the token: only on the API's own origin (so a
 * redirect or an uploaded link never carries the token elsewhere).
 */
export function checkFileUrl(raw: string, api: URL): UrlCheck {
  const c = parseWebUrl(raw);
  if (c.ok && c.url.origin === api.origin) return c;
  return { ok: false, reason: `The file link "${shownUrl(raw)}" is not on the Tesults server ${api.origin}; it is not fetched with your API token.` };
}
