// The URL of an API endpoint. Which URLs are allowed at all is the link policy's (util/url.ts).

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
