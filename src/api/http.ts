// The HTTP transport of the Tesults client: one GET with the token, retried with backoff and
// jitter (Retry-After honoured), a timeout per attempt, cancellation, the body read with limits,
// and the answer mapped to a typed error. Knows nothing of the endpoints (see client.ts).
// Security rules: the token goes only into the Authorization header; it never appears in a log
// line or an error message (every line is redacted).

import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import fetch, { type Response } from 'node-fetch';
import { TesultsApiError, cleanApiMessage, errors, redact } from './errors';

export interface RetryOptions {
  /** Attempts in all, the first one included. Default 4. */
  maxAttempts?: number;
  /** Default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff delay (not of a Retry-After). Default 10 s. */
  maxDelayMs?: number;
  /** Total time budget of a call, requests and waits included. Default 60 s. */
  maxTotalMs?: number;
}

export interface HttpOptions {
  /** Per attempt, body included. */
  timeoutMs: number;
  userAgent: string;
  log?: (line: string) => void;
  retry?: RetryOptions;
  /** Injected for tests. Must resolve after `ms`, or reject when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injected for tests; [0, 1). */
  random?: () => number;
  /** Injected for tests, to try the limit without sending 256 MB. Default MAX_JSON_BYTES. */
  maxJsonBytes?: number;
}

/**
 * The most bytes of a JSON answer read, counted after decoding (gzip): 256 MiB. A 100,000-case
 * run is about 30 MB of JSON, so real answers are far below; above it the request fails with
 * 'tooLarge' and the last good data stays, instead of the extension host running out of memory
 * on a compression bomb. A constant, not a setting: no workspace can raise it.
 */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * The most bytes allocated before they arrive, whatever Content-Length announces: an answer
 * that announces 256 MB and sends 8 bytes costs 8 MiB, not 256 MB. Bigger answers grow the
 * buffer by doubling (at most the announced size), so a real 30 MB answer is copied a few times
 * while it arrives, and never joined from chunks at the end.
 */
const MAX_UPFRONT_BYTES = 8 * 1024 * 1024;
/** The first buffer of an answer of unknown size. */
const UNKNOWN_SIZE_START = 64 * 1024;

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(errors.cancelled());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(errors.cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves/rejects like `p`, but rejects with 'cancelled' as soon as `signal` aborts. */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(errors.cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(errors.cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** Retry-After: delta seconds or an HTTP date. Returns ms, or undefined when unusable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

function kb(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`;
}

/** A response body: a JSON answer as text (decoded while it arrives), a file as bytes. */
interface Body {
  /** Bytes received (after any content decoding). */
  size: number;
  text?: string;
  bytes?: Buffer;
}

export interface AttemptResult extends Body {
  status: number;
  headers: Response['headers'];
}

function bodyText(r: Body): string {
  return r.text ?? r.bytes?.toString('utf8') ?? '';
}

export type Accept = 'json' | 'file';

/** What a conditional GET answers when the server has nothing newer (HTTP 304). */
export const NOT_MODIFIED: unique symbol = Symbol('not modified');

/**
 * The validators (ETag, Last-Modified) a server sent for a URL, sent back in a conditional
 * request: a poll whose answer did not change then costs a 304 and no body. Bounded (the
 * oldest entry goes first) and keyed by URL and a fingerprint of the token, so an answer seen
 * with one token never validates another's.
 */
export class ValidatorCache {
  readonly #entries = new Map<string, { etag?: string; lastModified?: string }>();
  readonly #max: number;

  constructor(max = 64) {
    this.#max = max;
  }

  static #key(url: URL, token: string): string {
    return `${createHash('sha256').update(token).digest('base64').slice(0, 16)} ${url.href}`;
  }

  /** The conditional headers for a GET of `url`, empty when the server sent no validator. */
  headers(url: URL, token: string): Record<string, string> {
    const v = this.#entries.get(ValidatorCache.#key(url, token));
    const out: Record<string, string> = {};
    if (v?.etag) out['If-None-Match'] = v.etag;
    if (v?.lastModified) out['If-Modified-Since'] = v.lastModified;
    return out;
  }

  /** Remembers the validators of a 200 answer (or forgets the URL's when it sent none). */
  remember(url: URL, token: string, headers: Response['headers']): void {
    const key = ValidatorCache.#key(url, token);
    this.#entries.delete(key);
    // Untrusted values: only short, printable ones are sent back.
    const usable = (v: string | null): string | undefined => (v && v.length <= 200 && /^[\x21-\x7e][\x20-\x7e]*$/.test(v) ? v : undefined);
    const etag = usable(headers.get('etag'));
    const lastModified = usable(headers.get('last-modified'));
    if (!etag && !lastModified) return;
    this.#entries.set(key, { etag, lastModified });
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  get size(): number {
    return this.#entries.size;
  }
}

export class HttpTransport {
  private readonly opts: HttpOptions;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxTotalMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly maxJsonBytes: number;
  readonly validators = new ValidatorCache();

  constructor(opts: HttpOptions) {
    this.opts = opts;
    const r = opts.retry ?? {};
    this.maxAttempts = Math.max(1, Math.floor(r.maxAttempts ?? 4));
    this.baseDelayMs = Math.max(0, r.baseDelayMs ?? 500);
    this.maxDelayMs = Math.max(0, r.maxDelayMs ?? 10_000);
    this.maxTotalMs = Math.max(0, r.maxTotalMs ?? 60_000);
    this.sleep = opts.sleep ?? defaultSleep;
    this.random = opts.random ?? Math.random;
    this.maxJsonBytes = opts.maxJsonBytes ?? MAX_JSON_BYTES;
  }

  /** Logs a line with the token redacted; a broken logger never breaks a request. */
  log(line: string, token: string): void {
    if (!this.opts.log) return;
    try {
      this.opts.log(redact(line, token));
    } catch {
      // a broken logger must not break requests
    }
  }

  /** GET of a JSON answer; a redirect is refused (the token stays with the API host). `what` names the thing asked for in a 404. */
  async getJson(url: URL, token: string, signal: AbortSignal | undefined, what: string): Promise<unknown> {
    const r = await this.withRetries(url, token, signal, 'json', undefined, what);
    return this.json(url, token, r, what);
  }

  /**
   * A conditional GET of a JSON answer: with the validators the server sent for this URL
   * before, if any; NOT_MODIFIED when it answers 304 (the caller keeps what it has).
   */
  async getJsonIfChanged(url: URL, token: string, signal: AbortSignal | undefined, what: string): Promise<unknown> {
    const r = await this.withRetries(url, token, signal, 'json', undefined, what, this.validators.headers(url, token));
    if (r.status === 304) return NOT_MODIFIED;
    return this.json(url, token, r, what);
  }

  private json(url: URL, token: string, r: AttemptResult, what: string): unknown {
    if (r.status >= 300 && r.status < 400) {
      throw errors.invalidResponse(`a redirect (HTTP ${r.status}) to ${safeHost(r.headers.get('location'), url)}`, { status: r.status });
    }
    const json = decodeJson(r, token, what);
    this.validators.remember(url, token, r.headers);
    return json;
  }

  /** GET with retries; a 2xx or 3xx answer is returned as it came, anything else is thrown as a typed error. */
  async withRetries(
    url: URL,
    token: string,
    signal: AbortSignal | undefined,
    accept: Accept,
    maxBytes?: number,
    what = 'the file',
    conditional: Record<string, string> = {},
  ): Promise<AttemptResult> {
    let spent = 0; // ms: request time + backoff waits (waits counted as requested, so injected sleeps count)
    const where = `${url.pathname}${url.search}`;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw errors.cancelled();
      const t0 = Date.now();
      let err: TesultsApiError;
      try {
        const r = await this.attempt(url, token, signal, accept, maxBytes, conditional);
        this.log(`GET ${where} → ${r.status} (${Date.now() - t0} ms, ${kb(r.size)})`, token);
        if (r.status >= 200 && r.status < 400) return r;
        err = httpError(r, token, what, accept);
      } catch (e) {
        err = e instanceof TesultsApiError ? e : errors.network(url.host, reasonOf(e, token));
        this.log(`GET ${where} failed: ${err.kind}: ${err.message}`, token);
      }
      spent += Date.now() - t0;
      if (err.kind === 'cancelled' || !err.retryable || attempt >= this.maxAttempts) throw err;
      let delay: number;
      if (err.retryAfterMs !== undefined) {
        delay = err.retryAfterMs;
      } else {
        const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        delay = Math.floor(this.random() * cap);
      }
      if (spent + delay > this.maxTotalMs) {
        this.log(`not retrying: waiting ${delay} ms would exceed the ${this.maxTotalMs} ms budget`, token);
        throw err;
      }
      this.log(`retrying in ${delay} ms (attempt ${attempt + 1} of ${this.maxAttempts})`, token);
      await raceAbort(this.sleep(delay, signal), signal);
      spent += delay;
    }
  }

  private async attempt(
    url: URL,
    token: string,
    outer: AbortSignal | undefined,
    accept: Accept,
    maxBytes: number | undefined,
    conditional: Record<string, string>,
  ): Promise<AttemptResult> {
    const ctl = new AbortController();
    let timedOut = false;
    let cutOff = false;
    const timeoutMs = this.opts.timeoutMs;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, timeoutMs);
    const onAbort = (): void => ctl.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    const fail = (e: unknown): TesultsApiError => {
      if (outer?.aborted) return errors.cancelled();
      if (timedOut) return errors.timeout(timeoutMs);
      if (cutOff) return errors.invalidResponse('the answer was cut off before its end', { retryable: true });
      if (e instanceof TesultsApiError) return e;
      return errors.network(url.host, reasonOf(e, token));
    };
    try {
      let res: Response;
      try {
        res = await fetch(url.href, {
          method: 'GET',
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: accept === 'json' ? 'application/json' : '*/*',
            'User-Agent': this.opts.userAgent,
            ...conditional,
          },
          redirect: 'manual',
          // Sends Accept-Encoding: gzip,deflate and decodes the answer (a 500-case run is ~10× smaller).
          compress: true,
          // node-fetch 2 waits forever when a connection closes before Content-Length bytes
          // arrived: watch the response and abort the attempt when it ends incomplete.
          agent: trackingAgent(url, (req) =>
            req.once('response', (res: http.IncomingMessage) =>
              res.once('close', () => {
                if (!res.complete && !ctl.signal.aborted) {
                  cutOff = true;
                  ctl.abort();
                }
              }),
            ),
          ),
          // node-fetch v2's AbortSignal type differs from the DOM one in name only
          signal: ctl.signal as unknown as import('node-fetch').RequestInit['signal'],
        });
      } catch (e) {
        throw fail(e);
      }
      const limit = accept === 'json' ? this.maxJsonBytes : Math.min(maxBytes ?? this.maxJsonBytes, this.maxJsonBytes);
      const tooLarge = errors.tooLarge(accept === 'json' ? 'answer' : 'file', limit);
      const bytes = await readBody(res, limit, tooLarge, () => ctl.abort()).catch((e: unknown) => {
        if (outer?.aborted || timedOut || (e instanceof TesultsApiError && !cutOff)) throw fail(e);
        if (isZlibError(e)) throw errors.invalidResponse('a compressed answer that could not be decompressed', { status: res.status, retryable: false });
        throw errors.invalidResponse(`the answer was cut off: ${reasonOf(e, token)}`, { status: res.status, retryable: true });
      });
      const body: Body = { size: bytes.length };
      if (accept === 'json') body.text = utf8(bytes, res.status);
      else body.bytes = bytes;
      const declared = res.headers.get('content-length');
      if (declared !== null && !res.headers.get('content-encoding') && /^\d+$/.test(declared) && Number(declared) !== body.size) {
        throw errors.invalidResponse(`the answer was cut off: ${body.size} of ${declared} bytes`, { status: res.status, retryable: true });
      }
      return { status: res.status, headers: res.headers, ...body };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }
}

/** The default agent of the URL's protocol, with a hook that sees each ClientRequest it carries. */
function trackingAgent(u: URL, onRequest: (req: http.ClientRequest) => void): http.Agent {
  const base = (u.protocol === 'https:' ? https.globalAgent : http.globalAgent) as http.Agent & {
    addRequest(req: http.ClientRequest, options: unknown): void;
  };
  const agent = Object.create(base) as typeof base;
  agent.addRequest = (req, options) => {
    onRequest(req);
    base.addRequest(req, options);
  };
  return agent;
}

function ignoreError(): void {
  // nothing: the body was already settled
}

function isZlibError(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** The text of a JSON answer; a failure to decode is a typed error, never a stray exception. */
function utf8(bytes: Buffer, status: number): string {
  try {
    return bytes.toString('utf8');
  } catch {
    throw errors.invalidResponse('an answer that could not be read as text', { status, retryable: false });
  }
}

/**
 * Reads a body (decoded, as node-fetch hands it over) into one buffer, refusing more than
 * `limit` bytes: the answer is refused at once when Content-Length announces more, and stopped
 * (`abort`) when more arrives. Settles exactly once, whatever fails (a stream or gzip error, an
 * exception in a handler): the request never hangs on a half-read body.
 * Chunks are copied into the buffer as they arrive (no join of all chunks at the end, which
 * node-fetch's `text()` does); see MAX_UPFRONT_BYTES for how it grows.
 */
function readBody(res: Response, limit: number, tooLarge: TesultsApiError, abort: () => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const stream = res.body;
    // With a content encoding, Content-Length counts the encoded bytes: no use for sizing.
    const declared = res.headers.get('content-encoding') ? NaN : Number(res.headers.get('content-length'));
    if (declared > limit) {
      abort();
      return reject(tooLarge);
    }
    let into: Buffer | undefined = Buffer.allocUnsafe(declared >= 0 ? Math.min(declared, MAX_UPFRONT_BYTES) : Math.min(UNKNOWN_SIZE_START, limit));
    let size = 0;
    let settled = false;
    // Listeners come off when the body ends or fails: a kept-alive socket keeps its last stream,
    // and a listener left on it would keep this promise's result (the whole body) alive too.
    const settle = (): void => {
      settled = true;
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      stream.on('error', ignoreError); // a late error must not go unhandled
    };
    const fail = (e: unknown): void => {
      if (settled) return;
      settle();
      into = undefined;
      abort();
      reject(e);
    };
    const onData = (chunk: Buffer | string): void => {
      if (settled || into === undefined) return;
      try {
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        const needed = size + b.length;
        if (needed > limit) return fail(tooLarge);
        if (needed > into.length) into = grown(into, size, needed, declared, limit);
        b.copy(into, size);
        size = needed;
      } catch (e) {
        fail(e);
      }
    };
    const onEnd = (): void => {
      if (settled || into === undefined) return;
      settle();
      const bytes = into.subarray(0, size);
      into = undefined;
      resolve(bytes);
    };
    const onError = (e: unknown): void => fail(e);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/** A bigger buffer holding the first `used` bytes of `buf`: doubled until `needed` fits, never past the announced size or the limit. */
function grown(buf: Buffer, used: number, needed: number, declared: number, limit: number): Buffer {
  let capacity = Math.max(buf.length * 2, UNKNOWN_SIZE_START);
  while (capacity < needed) capacity *= 2;
  if (declared >= needed) capacity = Math.min(capacity, declared);
  capacity = Math.min(capacity, limit);
  const next = Buffer.allocUnsafe(capacity);
  buf.copy(next, 0, 0, used);
  return next;
}

function safeHost(location: string | null, base: URL): string {
  if (!location) return 'nowhere';
  try {
    return new URL(location, base).host;
  } catch {
    return 'an invalid address';
  }
}

function reasonOf(e: unknown, token: string): string {
  let msg: string;
  const err = e as { code?: unknown; message?: unknown } | undefined;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      msg = 'connection refused';
      break;
    case 'ECONNRESET':
      msg = 'the connection was closed';
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      msg = 'the host name could not be resolved';
      break;
    case 'ETIMEDOUT':
      msg = 'the connection timed out';
      break;
    default: {
      const m = typeof err?.message === 'string' ? err.message : String(e);
      // node-fetch messages repeat the URL; keep the reason only
      const cut = m.replace(/^request to \S+ failed, reason:\s*/, '').replace(/^Invalid response body while trying to fetch \S+:\s*/, '');
      msg = cut || 'unknown error';
    }
  }
  return cleanApiMessage(msg, token);
}

function isHtml(r: AttemptResult, text: string): boolean {
  const ct = (r.headers.get('content-type') ?? '').toLowerCase();
  if (ct.includes('text/html')) return true;
  let i = 0;
  while (i < text.length && i < 64 && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return text[i] === '<';
}

/** Tries to read the API's error envelope {"error":{"code","message"}} from a body. */
function errorEnvelope(r: AttemptResult, token: string): { code?: number; message?: string } | undefined {
  if (r.size === 0 || r.size > 1_000_000) return undefined;
  const text = bodyText(r);
  if (isHtml(r, text)) return undefined;
  try {
    const j = JSON.parse(text) as unknown;
    if (typeof j !== 'object' || j === null) return undefined;
    const e = (j as { error?: unknown }).error;
    if (typeof e === 'string') return { message: cleanApiMessage(e, token) };
    if (typeof e !== 'object' || e === null) return undefined;
    const { code, message } = e as { code?: unknown; message?: unknown };
    const out: { code?: number; message?: string } = {};
    if (typeof code === 'number') out.code = code;
    if (typeof message === 'string' && message.trim()) out.message = cleanApiMessage(message, token);
    return out;
  } catch {
    return undefined;
  }
}

function httpError(r: AttemptResult, token: string, what: string, accept: Accept): TesultsApiError {
  const env = accept === 'json' || r.status >= 400 ? errorEnvelope(r, token) : undefined;
  const msg = env?.message;
  const s = r.status;
  if (s === 401) return errors.unauthorized(msg);
  if (s === 403) return errors.forbidden(msg);
  if (s === 404) return errors.notFound(what, msg);
  if (s === 429) return errors.rateLimited(parseRetryAfter(r.headers.get('retry-after')), msg);
  if (s === 408) return errors.server(s, msg ?? 'request timeout');
  if (s >= 500) return errors.server(s, msg);
  if (s >= 400) return errors.badRequest(s, msg);
  return errors.invalidResponse(`HTTP ${s}`, { status: s });
}

function decodeJson(r: AttemptResult, token: string, what: string): unknown {
  const text = bodyText(r);
  if (text.length === 0) throw errors.invalidResponse('an empty answer', { status: r.status });
  if (isHtml(r, text)) throw errors.invalidResponse('an HTML page instead of JSON', { status: r.status });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw errors.invalidResponse('not JSON', { status: r.status });
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && !('data' in json) && 'error' in json) {
    // an error envelope with a 2xx status: go by its code
    const env = errorEnvelope(r, token);
    const code = env?.code;
    if (code !== undefined && code >= 400 && code < 600) throw httpError({ ...r, status: code }, token, what, 'json');
    throw errors.invalidResponse(`an error without a status${env?.message ? `: ${env.message}` : ''}`, { status: r.status });
  }
  return json;
}
