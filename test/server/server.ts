// A local Tesults-compatible API server for tests, the demo and benchmarks.
// Listens on 127.0.0.1 only. Fault injection in-process (`faults.push`) or over HTTP
// (`POST /__control/faults`) for out-of-process tests.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
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
}

export class RequestLog {
  static readonly MAX_ENTRIES = 1000;
  entries: RequestLogEntry[] = [];
  /** Requests by path (all of them, not only the recent ones kept in `entries`). */
  counts: Record<string, number> = {};

  add(e: RequestLogEntry): void {
    this.entries.push(e);
    if (this.entries.length > RequestLog.MAX_ENTRIES) this.entries.splice(0, this.entries.length - RequestLog.MAX_ENTRIES);
    this.counts[e.path] = (this.counts[e.path] ?? 0) + 1;
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
  }
}

export interface StartServerOptions {
  port?: number;
  token: string;
  data: ServerData;
  /** At most this many targets per page, whatever the limit asked. */
  pageSizeTargets?: number;
}

export interface TesultsServer {
  /** e.g. http://127.0.0.1:PORT/api */
  url: string;
  /** e.g. http://127.0.0.1:PORT */
  origin: string;
  port: number;
  close(): Promise<void>;
  faults: FaultQueue;
  data: ServerData;
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

export async function startServer(opts: StartServerOptions): Promise<TesultsServer> {
  const data = opts.data;
  const faults = new FaultQueue();
  const requests = new RequestLog();
  let beaconHits = 0;
  let origin = '';
  const initialTargets = data.targets.slice();
  const initialRuns: Record<string, RawRun[]> = {};
  for (const k of Object.keys(data.runsByTarget)) initialRuns[k] = data.runsByTarget[k].slice();

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

  const findTarget = (id: string): ServerTarget | undefined => data.targets.find((t) => String(t.id) === id);

  const route = (req: http.IncomingMessage, path: string, query: URLSearchParams): Reply => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return envelopeError(405, 'Method not allowed');
    const isApi = path === '/api' || path.startsWith('/api/');
    const isFile = path.startsWith('/files/');
    if (!isApi && !isFile) return envelopeError(404, 'Not found');
    if (req.headers.authorization !== `Bearer ${opts.token}`) return envelopeError(401, 'Unauthorized');
    if (isFile) return fileReply(path, query);
    const endpoint = path.replace(/\/+$/, '');
    if (endpoint === '/api/targets') {
      const limit = parseLimit(query.get('limit'), 100);
      if (limit === undefined) return envelopeError(400, 'Invalid parameter: limit');
      const c = query.get('cursor');
      const offset = c ? decodeCursor(c) : 0;
      if (offset === undefined) return envelopeError(400, 'Invalid parameter: cursor');
      const size = Math.min(limit, opts.pageSizeTargets ?? Infinity);
      const page = data.targets.slice(offset, offset + size);
      const next = offset + size < data.targets.length ? encodeCursor(offset + size) : undefined;
      const body = withOrigin(JSON.stringify({ data: { code: 200, message: 'Success', targets: page, ...(next ? { cursor: next } : {}) } }));
      return { status: 200, body, headers: { 'Content-Type': JSON_TYPE } };
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
      if (!findTarget(target) && !runs) return envelopeError(404, 'Target not found');
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
      return { status: 200, body, headers: { 'Content-Type': JSON_TYPE } };
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
        const v = JSON.parse(await readBody(req)) as { target?: unknown; targetName?: unknown; run?: unknown };
        if (typeof v.target !== 'string' && typeof v.target !== 'number') return envelopeError(400, 'Missing parameter: target');
        if (typeof v.run !== 'object' || v.run === null || Array.isArray(v.run)) return envelopeError(400, 'Missing parameter: run');
        const id = String(v.target);
        if (!findTarget(id)) data.targets.push({ id, name: typeof v.targetName === 'string' ? v.targetName : id });
        const list = (data.runsByTarget[id] ??= []);
        const run = v.run as RawRun;
        if (run.created_time === undefined) {
          const newest = typeof list[0]?.created_time === 'number' ? (list[0].created_time as number) : 0;
          run.created_time = Math.max(Date.now(), newest + 1);
        }
        list.unshift(run);
        return ok({ ok: true, created_time: run.created_time, runs: list.length });
      }
      if (req.method === 'GET' && path === '/__control/requests') return ok({ counts: requests.counts, requests: requests.entries });
      if (req.method === 'GET' && path === '/__control/beacons') return ok({ count: beaconHits });
    } catch (e) {
      return envelopeError(400, `Bad control request: ${(e as Error).message}`);
    }
    return envelopeError(404, 'Not found');
  };

  const send = (res: http.ServerResponse, r: Reply, head: boolean): void => {
    const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
    res.writeHead(r.status, { ...r.headers, 'Content-Length': String(body.length) });
    res.end(head ? undefined : body);
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
    if (path.startsWith('/__control/')) return send(res, await control(req, path), false);
    const entry: RequestLogEntry = {
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(u.searchParams),
      status: 0,
      time: Date.now(),
      auth: typeof req.headers.authorization === 'string',
      userAgent: req.headers['user-agent'],
      accept: req.headers.accept,
    };
    if (path === '/__beacon' || path.startsWith('/__beacon/')) {
      beaconHits++;
      entry.status = 204;
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
      reply = route(req, path, u.searchParams);
    }
    if (fault?.headers) reply.headers = { ...reply.headers, ...fault.headers };
    if (fault?.retryAfter !== undefined) reply.headers = { ...reply.headers, 'Retry-After': fault.retryAfter };
    entry.status = reply.status;
    requests.add(entry);
    if (fault?.truncate) {
      const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length + 100) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => req.socket.destroy(), 5));
      return;
    }
    send(res, reply, req.method === 'HEAD');
  };

  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, envelopeError(500, `Server error: ${(e as Error).message}`), false);
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
    data,
    requests,
    beacons: () => beaconHits,
    reset(): void {
      faults.clear();
      requests.clear();
      beaconHits = 0;
      data.targets.splice(0, data.targets.length, ...initialTargets);
      for (const k of Object.keys(data.runsByTarget)) if (!(k in initialRuns)) delete data.runsByTarget[k];
      for (const k of Object.keys(initialRuns)) data.runsByTarget[k] = initialRuns[k].slice();
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
