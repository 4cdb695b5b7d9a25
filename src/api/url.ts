// URL checks shared by the API client and link handling (no `vscode` import).

/** True for 127.0.0.0/8, ::1 (with or without brackets) and localhost (also `*.localhost`). */
export function isLoopbackHost(host: string): boolean {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  // IPv4-mapped IPv6 loopback (::ffff:127.x.y.z, normalised by URL to ::ffff:7f00:1)
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

export type ApiUrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/**
 * Checks a Tesults API base URL: https anywhere, plain http only on loopback hosts, no other
 * scheme, no user name or password in it. Pure: no I/O.
 */
export function checkApiUrl(url: string): ApiUrlCheck {
  const text = typeof url === 'string' ? url.trim() : '';
  if (!text) return { ok: false, message: 'The Tesults API URL (tesults.apiUrl) is empty. Use https://www.tesults.com/api.' };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return {
      ok: false,
      message: `The Tesults API URL (tesults.apiUrl) is not a valid URL: "${shorten(text)}". Use https://www.tesults.com/api.`,
    };
  }
  if (u.username || u.password) {
    return {
      ok: false,
      message: 'The Tesults API URL (tesults.apiUrl) must not contain a user name or password. The API token is set with \'Tesults: Set API Token\'.',
    };
  }
  if (u.protocol === 'https:') return { ok: true, url: u };
  if (u.protocol === 'http:') {
    if (isLoopbackHost(u.hostname)) return { ok: true, url: u };
    return {
      ok: false,
      message: `The Tesults API URL must use https:// (plain http:// is only allowed for 127.0.0.1, ::1 or localhost), so the API token is never sent unencrypted to ${u.host}.`,
    };
  }
  return {
    ok: false,
    message: `The Tesults API URL must start with https:// (got "${u.protocol}"). Use https://www.tesults.com/api.`,
  };
}

function shorten(s: string): string {
  return s.length > 200 ? s.slice(0, 200) + '…' : s;
}

/** Joins the API base URL (with or without trailing slashes) and an endpoint path. */
export function endpointUrl(base: URL, endpoint: string, query: Record<string, string | number | undefined>): URL {
  const u = new URL(base.href);
  u.pathname = u.pathname.replace(/\/+$/, '') + '/' + endpoint.replace(/^\/+/, '');
  u.search = '';
  u.hash = '';
  for (const k of Object.keys(query)) {
    const v = query[k];
    if (v !== undefined) u.searchParams.append(k, String(v));
  }
  return u;
}
