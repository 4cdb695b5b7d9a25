// A local Tesults-compatible API server for tests, the demo and benchmarks.
// Listens on 127.0.0.1 only. Fault injection in-process (`faults.push`) or over HTTP
// (`POST /__control/faults`) for out-of-process tests.
// Several projects: each API token sees its own data set (an unknown token gets the documented 401).
// Transport extras: JSON answers are compressed when the request accepts it (like any server
// behind a CDN; `compression: false` turns it off), and, behind `validators: true` because the real
// API does not document them, ETag / Last-Modified with 304 answers to conditional requests.

import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { SERVER_ORIGIN_PLACEHOLDER, type RawRun, type ServerData, type ServerTarget } from './data';

export interface Fault {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Value of a Retry-After header. */
  retryAfter?: string;
  /** Wait this long before answering (or before applying the rest of the fault). */
  delayMs?: number;
  /** Destroy the socket without an answer. */
  drop?: boolean;
  /** Send a Content-Length larger than the body, half the body, then close the connection. */
  truncate?: boolean;
  /** Answer with an HTML page (status 200 unless `status` is given), like a proxy or login page. */
  html?: boolean;
  /** How many matching requests the fault applies to. Default 1. */
  count?: number;
  /** Only requests whose path starts with this (with or without the /api prefix). */
  path?: string;
}

export class FaultQueue {
  private list: Array<{ fault: Fault; left: number }> = [];

  push(fault: Fault): void {
    const left = fault.count === undefined ? 1 : Math.max(0, Math.floor(fault.count));
    if (left > 0) this.list.push({ fault: { ...fault }, left });
  }

  /** The first fault matching `path`, counted as used; undefined when none. */
  take(path: string): Fault | undefined {
    for (let i = 0; i < this.list.length; i++) {
      const e = this.list[i];
      const p = e.fault.path;
      if (p && !path.startsWith(p) && !(path.startsWith('/api/') && path.slice(4).startsWith(p))) continue;
      e.left--;
      if (e.left <= 0) this.list.splice(i, 1);
      return e.fault;
    }
    return undefined;
  }

  clear(): void {
    this.list = [];
  }

  /** Faults still waiting (sum of remaining counts). */
  get pending(): number {
    let n = 0;
    for (const e of this.list) n += e.left;
    return n;
  }
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was dropped. */
  status: number;
  /** ms since epoch */
  time: number;
  /** Whether an Authorization header was present (its value is never recorded). */
  auth: boolean;
  /** Whether a fault was applied. */
  fault?: boolean;
  userAgent?: string;
  accept?: string;
  /** The project whose token the request carried (absent when no project's token matched). */
  project?: string;
  /** Body bytes sent, after compression (0 for a 304 or a HEAD; absent when nothing was sent). */
  bytes?: number;
  /** Body bytes before compression. */
  rawBytes?: number;
  /** Content-Encoding of the answer, when compressed. */
  encoding?: string;
}

/** What the log has seen since it was last cleared (not limited like `entries`). */
export interface RequestTotals {
  requests: number;
  /** Body bytes sent, after compression. */
  bytes: number;
  /** Body bytes before compression. */
  rawBytes: number;
  /** Requests by HTTP status ("0" = dropped). */
  byStatus: Record<string, number>;
}

function emptyTotals(): RequestTotals {
  return { requests: 0, bytes: 0, rawBytes: 0, byStatus: {} };
}

export class RequestLog {
  static readonly MAX_ENTRIES = 1000;
  entries: RequestLogEntry[] = [];
  /** Requests by path (all of them, not only the recent ones kept in `entries`). */
  counts: Record<string, number> = {};
  totals: RequestTotals = emptyTotals();

  add(e: RequestLogEntry): void {
    this.entries.push(e);
    if (this.entries.length > RequestLog.MAX_ENTRIES) this.entries.splice(0, this.entries.length - RequestLog.MAX_ENTRIES);
    this.counts[e.path] = (this.counts[e.path] ?? 0) + 1;
    this.totals.requests++;
    this.totals.bytes += e.bytes ?? 0;
    this.totals.rawBytes += e.rawBytes ?? 0;
    this.totals.byStatus[e.status] = (this.totals.byStatus[e.status] ?? 0) + 1;
  }

  /** Number of requests whose path starts with `prefix` (all when omitted). */
  count(prefix = ''): number {
    let n = 0;
    for (const p of Object.keys(this.counts)) if (p.startsWith(prefix)) n += this.counts[p];
    return n;
  }

  clear(): void {
    this.entries = [];
    this.counts = {};
    this.totals = emptyTotals();
  }
}

/** One Tesults project: the data set one API token sees. */
export interface ServerProject {
  /** Names the project in the request log and in control requests. Default "main" for the first, else "project-N". */
  name?: string;
  token: string;
  data: ServerData;
  /** At most this many targets per page, whatever the limit asked. */
  pageSizeTargets?: number;
}

export interface StartServerOptions {
  port?: number;
  /** The first project's name (default "main"), token, data and page size. */
  name?: string;
  token: string;
  data: ServerData;
  /** At most this many targets per page, whatever the limit asked (the first project). */
  pageSizeTargets?: number;
  /** More projects, each with a token of its own. */
  projects?: ServerProject[];
  /** ETag / Last-Modified on GET /targets and /results, 304 to matching conditional requests. Default false (not documented by the real API). */
  validators?: boolean;
  /** Compress JSON answers when Accept-Encoding allows (br, gzip, deflate). Default true. */
  compression?: boolean;
}

export interface TesultsServer {
  /** e.g. http://127.0.0.1:PORT/api */
  url: string;
  /** e.g. http://127.0.0.1:PORT */
  origin: string;
  port: number;
  close(): Promise<void>;
  faults: FaultQueue;
  /** The first project's data. */
  data: ServerData;
  /** Every project, the first one first (tokens are not listed). */
  projects: ReadonlyArray<{ name: string; data: ServerData }>;
  requests: RequestLog;
  /** Hits of /__beacon/* so far. */
  beacons(): number;
  /** Clears faults, the request log and beacons, and restores the initial runs and targets. */
  reset(): void;
}

interface Reply {
  status: number;
  body: string | Buffer;
  headers: Record<string, string>;
  /** A representation that may be compressed and carry validators (API success answers). */
  negotiable?: boolean;
  /** ms since epoch: the newest run the answer depends on. */
  lastModified?: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function envelopeError(status: number, message: string): Reply {
  return { status, body: JSON.stringify({ error: { code: status, message } }), headers: { 'Content-Type': JSON_TYPE } };
}

const STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><h1>Corporate proxy</h1><p>Please sign in to continue.</p></body></html>\n';

export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number | undefined {
  const s = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^o:(\d{1,9})$/.exec(s);
  return m ? Number(m[1]) : undefined;
}

function parseLimit(v: string | null, dflt: number): number | undefined {
  if (v === null) return dflt;
  if (!/^\d{1,9}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 1 ? n : undefined;
}

const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function fileReply(path: string, query: URLSearchParams): Reply {
  const size = query.get('size');
  if (size !== null && /^\d{1,9}$/.test(size)) {
    return { status: 200, body: Buffer.alloc(Number(size), 0x61), headers: { 'Content-Type': 'application/octet-stream' } };
  }
  const name = decodeURIComponent(path.split('/').pop() ?? '');
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  if (ext === 'png') return { status: 200, body: PNG_1X1, headers: { 'Content-Type': 'image/png' } };
  if (ext === 'json') return { status: 200, body: JSON.stringify({ file: name, ok: true }), headers: { 'Content-Type': JSON_TYPE } };
  if (ext === 'log' || ext === 'txt') {
    const lines: string[] = [];
    for (let i = 1; i <= 40; i++) lines.push(`2025-10-09T12:00:${String(i % 60).padStart(2, '0')}Z INFO step ${i} of ${name}`);
    return { status: 200, body: lines.join('\n') + '\n', headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
  }
  return { status: 200, body: Buffer.from(`contents of ${name}\n`), headers: { 'Content-Type': 'application/octet-stream' } };
}

function readBody(req: http.IncomingMessage, max = 64 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > max) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// compression and validators

type Coding = 'br' | 'gzip' | 'deflate';
/** Preferred first when the client weighs several codings the same. */
const CODINGS: readonly Coding[] = ['br', 'gzip', 'deflate'];

/** The coding to answer with for an Accept-Encoding header (undefined: send as is). */
export function chooseEncoding(header: string | undefined): Coding | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = qp === undefined ? 1 : Number(qp.slice(2));
    q.set(name, Number.isFinite(weight) ? weight : 0);
  }
  let best: Coding | undefined;
  let bestQ = 0;
  for (const c of CODINGS) {
    const w = q.get(c) ?? q.get('*') ?? 0;
    if (w > bestQ) {
      best = c;
      bestQ = w;
    }
  }
  return best;
}

const gzip = promisify(zlib.gzip);
const deflate = promisify(zlib.deflate);
const brotli = promisify(zlib.brotliCompress);

function compress(body: Buffer, coding: Coding): Promise<Buffer> {
  if (coding === 'gzip') return gzip(body);
  if (coding === 'deflate') return deflate(body);
  // Quality 11 (the default) is far too slow for bodies of megabytes; CDNs compress on the fly at about 4-5.
  return brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
}

/** A strong validator of a body; each content coding gets its own (RFC 9110 8.8.3). */
export function entityTag(body: Buffer, coding: Coding | undefined): string {
  const h = createHash('sha1').update(body).digest('base64url');
  return `"${h}${coding ? `-${coding}` : ''}"`;
}

/** If-None-Match uses the weak comparison; a tag matches whatever coding it was sent with. */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const base = (t: string): string => t.trim().replace(/^W\//, '').replace(/-(?:br|gzip|deflate)"$/, '"');
  const want = base(etag);
  return header.split(',').some((t) => base(t) === want);
}

/** Whether a GET with these conditions gets 304 (RFC 9110 13.2.2: If-None-Match first, else If-Modified-Since). */
function notModified(req: http.IncomingMessage, etag: string, lastModified: number | undefined): boolean {
  const inm = req.headers['if-none-match'];
  if (typeof inm === 'string') return noneMatch(inm, etag);
  const ims = req.headers['if-modified-since'];
  if (typeof ims !== 'string' || lastModified === undefined) return false;
  const since = Date.parse(ims);
  // HTTP dates have whole seconds: a run within the same second as the date counts as not newer.
  return Number.isFinite(since) && Math.floor(lastModified / 1000) * 1000 <= since;
}

function newestRunTime(runs: RawRun[] | undefined): number | undefined {
  const t = runs?.[0]?.created_time;
  return typeof t === 'number' && Number.isFinite(t) ? t : undefined;
}

interface Project {
  name: string;
  token: string;
  data: ServerData;
  pageSizeTargets?: number;
  initialTargets: ServerTarget[];
  initialRuns: Record<string, RawRun[]>;
}

function makeProject(p: ServerProject, index: number): Project {
  const initialRuns: Record<string, RawRun[]> = {};
  for (const k of Object.keys(p.data.runsByTarget)) initialRuns[k] = p.data.runsByTarget[k].slice();
  return {
    name: p.name ?? (index === 0 ? 'main' : `project-${index + 1}`),
    token: p.token,
    data: p.data,
    pageSizeTargets: p.pageSizeTargets,
    initialTargets: p.data.targets.slice(),
    initialRuns,
  };
}

export async function startServer(opts: StartServerOptions): Promise<TesultsServer> {
  const projects = [{ name: opts.name, token: opts.token, data: opts.data, pageSizeTargets: opts.pageSizeTargets }, ...(opts.projects ?? [])].map(makeProject);
  const names = new Set(projects.map((p) => p.name));
  const tokens = new Set(projects.map((p) => p.token));
  if (names.size !== projects.length) throw new Error('two projects have the same name');
  if (tokens.size !== projects.length) throw new Error('two projects have the same token');
  const validators = opts.validators === true;
  const compression = opts.compression !== false;
  const faults = new FaultQueue();
  const requests = new RequestLog();
  let beaconHits = 0;
  let origin = '';

  // Serialised JSON of each run, computed once (large runs are not re-stringified per request).
  const runJson = new WeakMap<object, string>();
  const withOrigin = (json: string): string =>
    json.includes(SERVER_ORIGIN_PLACEHOLDER) ? json.split(SERVER_ORIGIN_PLACEHOLDER).join(origin) : json;
  const serialiseRun = (run: RawRun): string => {
    let s = runJson.get(run);
    if (s === undefined) {
      s = withOrigin(JSON.stringify(run));
      runJson.set(run, s);
    }
    return s;
  };

  const projectOf = (req: http.IncomingMessage): Project | undefined => {
    const auth = req.headers.authorization;
    return projects.find((p) => auth === `Bearer ${p.token}`);
  };

  const route = (req: http.IncomingMessage, project: Project | undefined, path: string, query: URLSearchParams): Reply => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return envelopeError(405, 'Method not allowed');
    const isApi = path === '/api' || path.startsWith('/api/');
    const isFile = path.startsWith('/files/');
    if (!isApi && !isFile) return envelopeError(404, 'Not found');
    if (!project) return envelopeError(401, 'Unauthorized');
    if (isFile) return fileReply(path, query);
    const data = project.data;
    const endpoint = path.replace(/\/+$/, '');
    if (endpoint === '/api/targets') {
      const limit = parseLimit(query.get('limit'), 100);
      if (limit === undefined) return envelopeError(400, 'Invalid parameter: limit');
      const c = query.get('cursor');
      const offset = c ? decodeCursor(c) : 0;
      if (offset === undefined) return envelopeError(400, 'Invalid parameter: cursor');
      const size = Math.min(limit, project.pageSizeTargets ?? Infinity);
      const page = data.targets.slice(offset, offset + size);
      const next = offset + size < data.targets.length ? encodeCursor(offset + size) : undefined;
      const body = withOrigin(JSON.stringify({ data: { code: 200, message: 'Success', targets: page, ...(next ? { cursor: next } : {}) } }));
      let newest: number | undefined;
      for (const t of data.targets) {
        const n = newestRunTime(data.runsByTarget[t.id]);
        if (n !== undefined && (newest === undefined || n > newest)) newest = n;
      }
      return { status: 200, body, headers: { 'Content-Type': JSON_TYPE }, negotiable: true, lastModified: newest };
    }
    if (endpoint === '/api/results') {
      const target = query.get('target');
      if (!target) return envelopeError(400, 'Missing parameter: target');
      const limit = parseLimit(query.get('limit'), 1);
      if (limit === undefined) return envelopeError(400, 'Invalid parameter: limit');
      const c = query.get('cursor');
      const offset = c ? decodeCursor(c) : 0;
      if (offset === undefined) return envelopeError(400, 'Invalid parameter: cursor');
      const runs = data.runsByTarget[target];
      if (!data.targets.some((t) => String(t.id) === target) && !runs) return envelopeError(404, 'Target not found');
      const list = runs ?? [];
      const page = list.slice(offset, offset + limit);
      const parts: string[] = new Array(page.length);
      for (let i = 0; i < page.length; i++) parts[i] = serialiseRun(page[i]);
      const next = offset + limit < list.length ? encodeCursor(offset + limit) : undefined;
      const body =
        '{"data":{"code":200,"message":"Success","results":{"runs":[' +
        parts.join(',') +
        ']}' +
        (next ? ',"cursor":' + JSON.stringify(next) : '') +
        '}}';
      // Every page depends on the newest run: a new run shifts all of them.
      return { status: 200, body, headers: { 'Content-Type': JSON_TYPE }, negotiable: true, lastModified: newestRunTime(list) };
    }
    return envelopeError(404, 'Not found');
  };

  const control = async (req: http.IncomingMessage, path: string): Promise<Reply> => {
    const ok = (v: unknown): Reply => ({ status: 200, body: JSON.stringify(v), headers: { 'Content-Type': JSON_TYPE } });
    try {
      if (req.method === 'POST' && path === '/__control/faults') {
        const v = JSON.parse((await readBody(req)) || '{}') as Fault | Fault[];
        for (const f of Array.isArray(v) ? v : [v]) faults.push(f);
        return ok({ ok: true, pending: faults.pending });
      }
      if (req.method === 'POST' && path === '/__control/reset') {
        await readBody(req);
        server.reset();
        return ok({ ok: true });
      }
      if (req.method === 'POST' && path === '/__control/runs') {
        const v = JSON.parse(await readBody(req)) as { target?: unknown; targetName?: unknown; run?: unknown; project?: unknown };
        if (typeof v.target !== 'string' && typeof v.target !== 'number') return envelopeError(400, 'Missing parameter: target');
        if (typeof v.run !== 'object' || v.run === null || Array.isArray(v.run)) return envelopeError(400, 'Missing parameter: run');
        const project = v.project === undefined ? projects[0] : projects.find((p) => p.name === v.project);
        if (!project) return envelopeError(404, 'Project not found');
        const data = project.data;
        const id = String(v.target);
        if (!data.targets.some((t) => String(t.id) === id)) data.targets.push({ id, name: typeof v.targetName === 'string' ? v.targetName : id });
        const list = (data.runsByTarget[id] ??= []);
        const run = v.run as RawRun;
        if (run.created_time === undefined) {
          const newest = typeof list[0]?.created_time === 'number' ? (list[0].created_time as number) : 0;
          run.created_time = Math.max(Date.now(), newest + 1);
        }
        list.unshift(run);
        return ok({ ok: true, created_time: run.created_time, runs: list.length });
      }
      if (req.method === 'GET' && path === '/__control/requests') return ok({ counts: requests.counts, totals: requests.totals, requests: requests.entries });
      if (req.method === 'GET' && path === '/__control/beacons') return ok({ count: beaconHits });
    } catch (e) {
      return envelopeError(400, `Bad control request: ${(e as Error).message}`);
    }
    return envelopeError(404, 'Not found');
  };

  /** Applies content negotiation and validators to an API answer; records the bytes sent. */
  const send = async (req: http.IncomingMessage, res: http.ServerResponse, r: Reply, entry?: RequestLogEntry): Promise<void> => {
    const raw = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
    let body = raw;
    const headers = { ...r.headers };
    let status = r.status;
    if (r.negotiable && r.status === 200) {
      const coding = compression ? chooseEncoding(req.headers['accept-encoding']) : undefined;
      if (compression) headers.Vary = 'Accept-Encoding';
      if (validators) {
        headers.ETag = entityTag(raw, coding);
        if (r.lastModified !== undefined) headers['Last-Modified'] = new Date(r.lastModified).toUTCString();
        if (notModified(req, headers.ETag, r.lastModified)) {
          status = 304;
          delete headers['Content-Type'];
          body = Buffer.alloc(0);
        }
      }
      if (status === 200 && coding) {
        body = await compress(raw, coding);
        headers['Content-Encoding'] = coding;
        if (entry) entry.encoding = coding;
      }
    }
    const head = req.method === 'HEAD';
    if (entry) {
      entry.status = status;
      entry.bytes = head ? 0 : body.length;
      entry.rawBytes = head || status === 304 ? 0 : raw.length;
      requests.add(entry);
    }
    if (status === 304) res.writeHead(304, headers);
    else res.writeHead(status, { ...headers, 'Content-Length': String(body.length) });
    res.end(head || status === 304 ? undefined : body);
  };

  const wait = (ms: number, req: http.IncomingMessage): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        req.socket.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      req.socket.once('close', done);
    });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = u.pathname;
    if (path.startsWith('/__control/')) return send(req, res, await control(req, path));
    const project = projectOf(req);
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(u.searchParams),
      status: 0,
      time: Date.now(),
      auth: typeof req.headers.authorization === 'string',
      userAgent: req.headers['user-agent'],
      accept: req.headers.accept,
      ...(project ? { project: project.name } : {}),
    };
    if (path === '/__beacon' || path.startsWith('/__beacon/')) {
      beaconHits++;
      entry.status = 204;
      entry.bytes = 0;
      requests.add(entry);
      res.writeHead(204);
      res.end();
      return;
    }
    const fault = faults.take(path);
    if (fault) entry.fault = true;
    if (fault?.delayMs) {
      await wait(fault.delayMs, req);
      if (req.socket.destroyed) {
        requests.add(entry);
        return;
      }
    }
    if (fault?.drop) {
      requests.add(entry);
      req.socket.destroy();
      return;
    }
    let reply: Reply;
    if (fault && (fault.status !== undefined || fault.body !== undefined || fault.html)) {
      const status = fault.status ?? (fault.html ? 200 : fault.body !== undefined ? 200 : 500);
      if (fault.html) reply = { status, body: fault.body ?? HTML_PAGE, headers: { 'Content-Type': 'text/html; charset=utf-8' } };
      else if (fault.body !== undefined) reply = { status, body: fault.body, headers: { 'Content-Type': JSON_TYPE } };
      else reply = envelopeError(status, STATUS_MESSAGES[status] ?? `Error ${status}`);
    } else {
      reply = route(req, project, path, u.searchParams);
    }
    if (fault?.headers) reply.headers = { ...reply.headers, ...fault.headers };
    if (fault?.retryAfter !== undefined) reply.headers = { ...reply.headers, 'Retry-After': fault.retryAfter };
    if (fault?.truncate) {
      // Sent as is (never compressed): the declared length is the body's plus 100 bytes.
      const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
      const half = body.subarray(0, Math.floor(body.length / 2));
      entry.status = reply.status;
      entry.bytes = half.length;
      entry.rawBytes = body.length;
      requests.add(entry);
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length + 100) });
      res.write(half, () => setTimeout(() => req.socket.destroy(), 5));
      return;
    }
    await send(req, res, reply, entry);
  };

  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) void send(req, res, envelopeError(500, `Server error: ${(e as Error).message}`)).catch(() => res.destroy());
      else res.destroy();
    });
  });
  httpServer.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port ?? 0, '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const server: TesultsServer = {
    url: `${origin}/api`,
    origin,
    port,
    faults,
    data: opts.data,
    projects: projects.map((p) => ({ name: p.name, data: p.data })),
    requests,
    beacons: () => beaconHits,
    reset(): void {
      faults.clear();
      requests.clear();
      beaconHits = 0;
      for (const p of projects) {
        const data = p.data;
        data.targets.splice(0, data.targets.length, ...p.initialTargets);
        for (const k of Object.keys(data.runsByTarget)) if (!(k in p.initialRuns)) delete data.runsByTarget[k];
        for (const k of Object.keys(p.initialRuns)) data.runsByTarget[k] = p.initialRuns[k].slice();
      }
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
  return server;
}
