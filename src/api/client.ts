// The Tesults endpoints: the list of targets (paged), runs of a target, a case file, a token
// check. Plain TypeScript: no `vscode` import. The HTTP work (retries, timeouts, body reading,
// error mapping, redaction) is the transport's (http.ts).
// Security rules: the token goes only into the Authorization header of requests to the
// configured API origin; it never appears in a log line or an error message.

import type { RunsPage, Target } from '../model/types';
import { TesultsApiError, errors, isTesultsApiError } from './errors';
import { HttpTransport, NOT_MODIFIED, type HttpOptions } from './http';
import { parseRunsResponse, parseTargetsResponse } from './responses';
import { checkApiUrl, checkFileUrl } from '../util/url';
import { endpointUrl } from './url';

export interface TesultsClientOptions extends HttpOptions {
  apiUrl: string;
  /**
   * The token to send to `origin` (the API's origin, where every request of this client goes).
   * May throw a TesultsApiError to say why no token is sent there.
   */
  getToken: (origin: string) => Promise<string | undefined>;
  /** Most pages of targets read by listTargets. Default MAX_TARGET_PAGES (1000). */
  maxTargetPages?: number;
}

export interface FetchRunsOptions {
  limit?: number;
  cursor?: string;
  signal?: AbortSignal;
}

export interface FetchFileOptions {
  signal?: AbortSignal;
  maxBytes: number;
}

export interface FetchedFile {
  bytes: Buffer;
  contentType?: string;
}

export const MAX_TARGET_PAGES = 1000;
const MAX_REDIRECTS = 5;

export class TesultsClient {
  private readonly http: HttpTransport;

  constructor(private readonly opts: TesultsClientOptions) {
    this.http = new HttpTransport(opts);
  }

  /** All targets, following `data.cursor` page by page. */
  async listTargets(signal?: AbortSignal): Promise<Target[]> {
    const base = this.baseUrl();
    const token = await this.token(base, signal);
    const seen = new Set<string>();
    const ids = new Set<string>();
    const all: Target[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      const maxPages = this.opts.maxTargetPages ?? MAX_TARGET_PAGES;
      if (page >= maxPages) throw errors.pagingLoop(`more than ${maxPages} pages of targets`);
      const url = endpointUrl(base, 'targets', { limit: 100, cursor });
      const json = await this.http.getJson(url, token, signal, 'the list of targets');
      const res = parseTargetsResponse(json);
      for (const t of res.targets) {
        if (ids.has(t.id)) continue;
        ids.add(t.id);
        all.push(t);
      }
      if (res.cursor === undefined) return all;
      if (seen.has(res.cursor)) throw errors.pagingLoop('the same page cursor came back twice');
      seen.add(res.cursor);
      cursor = res.cursor;
    }
  }

  /** One page of runs of a target, newest first. */
  async fetchRuns(targetId: string, opts: FetchRunsOptions = {}): Promise<RunsPage> {
    const url = this.runsUrl(targetId, opts);
    const token = await this.token(url, opts.signal);
    const json = await this.http.getJson(url, token, opts.signal, `the target ${String(targetId)}`);
    return parseRunsResponse(json);
  }

  /**
   * The newest page of runs unless it is unchanged since the same request last answered:
   * undefined then (HTTP 304 to a conditional request; only when the server sends validators).
   */
  async fetchRunsIfChanged(targetId: string, opts: FetchRunsOptions = {}): Promise<RunsPage | undefined> {
    const url = this.runsUrl(targetId, opts);
    const token = await this.token(url, opts.signal);
    const json = await this.http.getJsonIfChanged(url, token, opts.signal, `the target ${String(targetId)}`);
    return json === NOT_MODIFIED ? undefined : parseRunsResponse(json);
  }

  /** Checks a token (before storing it): one small request with that token. Throws the typed error. */
  async checkToken(token: string, signal?: AbortSignal): Promise<void> {
    const base = this.baseUrl();
    if (!token || !token.trim()) throw errors.noToken();
    const url = endpointUrl(base, 'targets', { limit: 1 });
    const json = await this.http.getJson(url, token.trim(), signal, 'the list of targets');
    parseTargetsResponse(json);
  }

  /**
   * Fetches a case file with the Authorization header. Only from the API's own host (https, or
   * http on loopback); bigger than `maxBytes` → 'invalidResponse'.
   */
  async fetchFile(url: string, opts: FetchFileOptions): Promise<FetchedFile> {
    const base = this.baseUrl();
    let u = this.fileUrl(url, base);
    const token = await this.token(base, opts.signal);
    for (let hop = 0; ; hop++) {
      const r = await this.http.withRetries(u, token, opts.signal, 'file', opts.maxBytes);
      if (r.status >= 300 && r.status < 400) {
        const loc = r.headers.get('location');
        if (!loc || hop >= MAX_REDIRECTS) throw errors.invalidResponse(`too many or empty redirects for a file`);
        u = this.fileUrl(new URL(loc, u).href, base);
        continue;
      }
      const ct = r.headers.get('content-type') ?? undefined;
      const bytes = r.bytes ?? Buffer.alloc(0);
      return ct !== undefined ? { bytes, contentType: ct } : { bytes };
    }
  }

  // ---------------------------------------------------------------------------------------

  private runsUrl(targetId: string, opts: FetchRunsOptions): URL {
    const base = this.baseUrl();
    let limit: number | undefined;
    if (opts.limit !== undefined) {
      limit = Math.floor(opts.limit);
      if (!(limit >= 1)) throw new TesultsApiError('badRequest', `The number of runs to fetch must be at least 1 (got ${opts.limit}).`, { retryable: false });
    }
    return endpointUrl(base, 'results', { target: String(targetId), limit, cursor: opts.cursor || undefined });
  }

  private baseUrl(): URL {
    const c = checkApiUrl(this.opts.apiUrl);
    if (!c.ok) throw errors.insecureUrl(c.reason);
    return c.url;
  }

  private fileUrl(url: string, base: URL): URL {
    const c = checkFileUrl(url, base);
    if (!c.ok) throw errors.insecureUrl(c.reason);
    return c.url;
  }

  private async token(base: URL, signal?: AbortSignal): Promise<string> {
    if (signal?.aborted) throw errors.cancelled();
    let t: string | undefined;
    try {
      t = await this.opts.getToken(base.origin);
    } catch (err) {
      if (isTesultsApiError(err)) throw err;
      t = undefined;
    }
    if (signal?.aborted) throw errors.cancelled();
    if (!t || !t.trim()) throw errors.noToken();
    return t.trim();
  }
}
