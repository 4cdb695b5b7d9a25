import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as http from 'node:http';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import fetch from 'node-fetch';
import {
  generateData,
  HISTORY_INFRA_RUNS,
  HISTORY_RUNS,
  HISTORY_TESTS,
  HOSTILE_TARGET_ID,
  SERVER_ORIGIN_PLACEHOLDER,
  singleRunData,
  type RawRun,
  type ServerData,
} from '../server/data';
import { presetData } from '../server/presets';
import { chooseEncoding, decodeCursor, encodeCursor, FaultQueue, startServer, type RequestLogEntry, type RequestTotals, type TesultsServer } from '../server/server';

const TOKEN = 'server-test-token-5c1d';
const AUTH = { Authorization: `Bearer ${TOKEN}` };

interface Got {
  status: number;
  json: { data?: Record<string, unknown>; error?: { code: number; message: string } } & Record<string, unknown>;
  headers: Record<string, string>;
}

async function get(url: string, headers: Record<string, string> = AUTH): Promise<Got> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let json: Got['json'] = {};
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json, headers: Object.fromEntries(res.headers.entries()) };
}

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it came over the wire (still compressed). */
  body: Buffer;
}

/** A GET that leaves the body as sent (node-fetch would decompress it and hide the encoding). */
function raw(url: string, headers: Record<string, string> = AUTH, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(r: Raw): string {
  const enc = r.headers['content-encoding'];
  const b = enc === 'gzip' ? zlib.gunzipSync(r.body) : enc === 'br' ? zlib.brotliDecompressSync(r.body) : enc === 'deflate' ? zlib.inflateSync(r.body) : r.body;
  return b.toString('utf8');
}

async function post(url: string, body: unknown): Promise<Got> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  return { status: res.status, json: (await res.json()) as Got['json'], headers: {} };
}

describe('local Tesults server', () => {
  let server: TesultsServer;
  let data: ServerData;
  let t0: string;

  before(async () => {
    data = generateData({ seed: 3, targets: 150, runsPerTarget: 4, casesPerRun: 2, hostile: true });
    server = await startServer({ token: TOKEN, data });
    t0 = data.targets[0].id;
  });
  after(async () => server.close());
  beforeEach(() => server.reset());

  describe('contract', () => {
    it('listens on 127.0.0.1 and names its API url', () => {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/api$/);
    });

    it('requires the bearer token', async () => {
      for (const h of [{}, { Authorization: 'Bearer nope' }, { Authorization: TOKEN }] as Array<Record<string, string>>) {
        const r = await get(`${server.url}/targets`, h);
        assert.equal(r.status, 401);
        assert.deepEqual(r.json, { error: { code: 401, message: 'Unauthorized' } });
      }
      assert.deepEqual(server.requests.entries.map((e) => e.auth), [false, true, true]);
    });

    it('targets: default limit 100, cursor paging, limit validation', async () => {
      const p1 = await get(`${server.url}/targets`);
      const d1 = p1.json.data as { targets: unknown[]; cursor?: string; code: number; message: string };
      assert.equal(d1.code, 200);
      assert.equal(d1.message, 'Success');
      assert.equal(d1.targets.length, 100);
      assert.ok(d1.cursor);
      const p2 = await get(`${server.url}/targets?cursor=${encodeURIComponent(d1.cursor as string)}`);
      const d2 = p2.json.data as { targets: unknown[]; cursor?: string };
      assert.equal(d2.targets.length, data.targets.length - 100);
      assert.equal(d2.cursor, undefined);
      assert.equal(((await get(`${server.url}/targets?limit=1`)).json.data as { targets: unknown[] }).targets.length, 1);
      for (const bad of ['0', '-1', 'abc', '1.5', '']) {
        const r = await get(`${server.url}/targets?limit=${bad}`);
        assert.equal(r.status, 400, bad);
        assert.equal(r.json.error?.message, 'Invalid parameter: limit');
      }
      assert.equal((await get(`${server.url}/targets?cursor=garbage`)).status, 400);
    });

    it('targets page size can be capped by the server', async () => {
      const s2 = await startServer({ token: TOKEN, data: generateData({ seed: 1, targets: 5, runsPerTarget: 1, casesPerRun: 1 }), pageSizeTargets: 2 });
      try {
        const r = await get(`${s2.url}/targets?limit=100`);
        assert.equal((r.json.data as { targets: unknown[] }).targets.length, 2);
      } finally {
        await s2.close();
      }
    });

    it('results: target required, unknown target 404, default limit 1, paging newest first', async () => {
      const missing = await get(`${server.url}/results`);
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.json, { error: { code: 400, message: 'Missing parameter: target' } });
      const unknown = await get(`${server.url}/results?target=nope`);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.error?.code, 404);
      const one = await get(`${server.url}/results?target=${encodeURIComponent(t0)}`);
      const d = one.json.data as { results: { runs: Array<{ created_time: number }> }; cursor?: string };
      assert.equal(d.results.runs.length, 1);
      assert.ok(d.cursor);
      const times: number[] = [];
      let cursor: string | undefined;
      do {
        const r = await get(`${server.url}/results?target=${encodeURIComponent(t0)}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        const dd = r.json.data as { results: { runs: Array<{ created_time: number }> }; cursor?: string };
        times.push(...dd.results.runs.map((x) => x.created_time));
        cursor = dd.cursor;
      } while (cursor);
      assert.equal(times.length, 4);
      assert.deepEqual([...times].sort((a, b) => b - a), times);
      assert.equal((await get(`${server.url}/results?target=${encodeURIComponent(t0)}&limit=0`)).status, 400);
    });

    it('unknown paths and methods answer with the error envelope', async () => {
      const r = await get(`${server.url}/nothing`);
      assert.equal(r.status, 404);
      assert.equal(r.json.error?.code, 404);
      const res = await fetch(`${server.url}/targets`, { method: 'DELETE', headers: AUTH });
      assert.equal(res.status, 405);
    });

    it('replaces the origin placeholder in served data (beacon URLs point at the server)', async () => {
      const r = await get(`${server.url}/results?target=${encodeURIComponent(HOSTILE_TARGET_ID)}`);
      const text = JSON.stringify(r.json);
      assert.ok(!text.includes(SERVER_ORIGIN_PLACEHOLDER));
      assert.ok(text.includes(`${server.origin}/__beacon/img`));
      assert.equal(server.beacons(), 0);
    });

    it('cursors are opaque round-trippable strings', () => {
      assert.equal(decodeCursor(encodeCursor(42)), 42);
      assert.equal(decodeCursor('nonsense'), undefined);
    });
  });

  describe('faults', () => {
    it('FaultQueue: count, path filter, order', () => {
      const q = new FaultQueue();
      q.push({ status: 500, count: 2, path: '/results' });
      q.push({ status: 401 });
      assert.equal(q.pending, 3);
      assert.equal(q.take('/api/targets')?.status, 401);
      assert.equal(q.take('/api/targets'), undefined);
      assert.equal(q.take('/api/results')?.status, 500);
      assert.equal(q.take('/api/results')?.status, 500);
      assert.equal(q.take('/api/results'), undefined);
      q.push({ status: 503, count: 0 });
      assert.equal(q.pending, 0);
    });

    it('applies status, body, headers, retryAfter and html to the next matching requests', async () => {
      server.faults.push({ status: 429, retryAfter: '7', count: 2, path: '/api/targets' });
      server.faults.push({ status: 200, body: '{"data":{"x":1}}', headers: { 'X-Test': 'yes' }, path: '/results' });
      const a = await get(`${server.url}/targets`);
      assert.equal(a.status, 429);
      assert.equal(a.headers['retry-after'], '7');
      assert.deepEqual(a.json, { error: { code: 429, message: 'Too many requests' } });
      const b = await get(`${server.url}/results?target=${t0}`);
      assert.equal(b.headers['x-test'], 'yes');
      assert.deepEqual(b.json, { data: { x: 1 } });
      assert.equal((await get(`${server.url}/targets`)).status, 429);
      assert.equal((await get(`${server.url}/targets`)).status, 200);
      server.faults.push({ html: true });
      const h = await get(`${server.url}/targets`);
      assert.match(h.headers['content-type'], /text\/html/);
      assert.match(String(h.json.raw), /<html>/);
      assert.equal(server.requests.entries.filter((e) => e.fault).length, 4);
    });

    it('drop, truncate and delay', async () => {
      server.faults.push({ drop: true });
      await assert.rejects(fetch(`${server.url}/targets`, { headers: AUTH }));
      server.faults.push({ truncate: true });
      const res = await fetch(`${server.url}/targets`, { headers: AUTH });
      const declared = Number(res.headers.get('content-length'));
      const body = await Promise.race([res.buffer().then((b) => b.length, () => -1), new Promise<number>((r) => setTimeout(() => r(-2), 500))]);
      assert.ok(body < declared, `got ${body} of ${declared}`);
      server.faults.push({ delayMs: 150 });
      const t = Date.now();
      assert.equal((await get(`${server.url}/targets?limit=1`)).status, 200);
      assert.ok(Date.now() - t >= 140);
    });
  });

  describe('control endpoints', () => {
    it('POST /__control/faults and /__control/reset', async () => {
      const r = await post(`${server.origin}/__control/faults`, [{ status: 503, count: 2 }, { status: 500 }]);
      assert.deepEqual(r.json, { ok: true, pending: 3 });
      assert.equal((await get(`${server.url}/targets`)).status, 503);
      await post(`${server.origin}/__control/reset`, {});
      assert.equal(server.faults.pending, 0);
      assert.equal((await get(`${server.url}/targets?limit=1`)).status, 200);
    });

    it('POST /__control/runs prepends a run (reset removes it)', async () => {
      const before = data.runsByTarget[t0].length;
      const r = await post(`${server.origin}/__control/runs`, { target: t0, run: { cases: [{ name: 'new', result: 'fail' }] } });
      assert.equal(r.json.ok, true);
      const latest = await get(`${server.url}/results?target=${encodeURIComponent(t0)}`);
      const run = (latest.json.data as { results: { runs: Array<{ created_time: number; cases: Array<{ name: string }> }> } }).results.runs[0];
      assert.equal(run.cases[0].name, 'new');
      assert.equal(run.created_time, r.json.created_time);
      assert.equal(data.runsByTarget[t0].length, before + 1);
      await post(`${server.origin}/__control/runs`, { target: 'brand-new', targetName: 'Brand new', run: { created_time: 5, cases: [] } });
      assert.ok(data.targets.some((t) => t.id === 'brand-new'));
      assert.equal((await post(`${server.origin}/__control/runs`, { run: {} })).status, 400);
      server.reset();
      assert.equal(data.runsByTarget[t0].length, before);
      assert.ok(!data.targets.some((t) => t.id === 'brand-new'));
    });

    it('GET /__control/requests lists requests without the token; beacons are counted', async () => {
      await get(`${server.url}/targets?limit=2`);
      await get(`${server.url}/targets`, {});
      await get(`${server.origin}/__beacon/img`, {});
      const r = await get(`${server.origin}/__control/requests`, {});
      assert.ok(!JSON.stringify(r.json).includes(TOKEN));
      assert.ok(!/authorization/i.test(JSON.stringify(r.json)));
      assert.deepEqual(r.json.counts, { '/api/targets': 2, '/__beacon/img': 1 });
      const reqs = r.json.requests as Array<{ method: string; path: string; query: Record<string, string>; status: number; auth: boolean; time: number }>;
      assert.deepEqual(reqs.map((e) => [e.method, e.path, e.status, e.auth]), [
        ['GET', '/api/targets', 200, true],
        ['GET', '/api/targets', 401, false],
        ['GET', '/__beacon/img', 204, false],
      ]);
      assert.deepEqual(reqs[0].query, { limit: '2' });
      assert.equal((await get(`${server.origin}/__control/beacons`, {})).json.count, 1);
    });
  });

  describe('generator', () => {
    it('is deterministic and keeps test hashes stable across runs', () => {
      const o = { seed: 5, targets: 3, runsPerTarget: 6, casesPerRun: [20, 10, 5], reporters: true, failRate: 0.4 };
      assert.deepEqual(generateData(o), generateData(o));
      assert.notDeepEqual(generateData(o), generateData({ ...o, seed: 6 }));
      const d = generateData(o);
      const runs = d.runsByTarget[d.targets[0].id] as Array<{ cases: Array<{ hash: string; name: string; result: string; suite: string }> }>;
      const byHash = (i: number): Map<string, { name: string; result: string; suite: string }> => new Map(runs[i].cases.filter((c) => c.suite !== '[build]').map((c) => [c.hash, c]));
      const h0 = byHash(0);
      let flips = 0;
      for (let i = 1; i < runs.length; i++) {
        const hi = byHash(i);
        assert.deepEqual([...hi.keys()].sort(), [...h0.keys()].sort());
        for (const [h, c] of hi) {
          assert.equal(c.name, h0.get(h)?.name);
          if (c.result !== h0.get(h)?.result) flips++;
        }
      }
      assert.ok(flips > 0);
      for (const r of runs) assert.equal(r.cases.filter((c) => c.suite === '[build]').length, 1);
    });

    it('reporter shapes: jest, mocha, playwright', () => {
      const d = generateData({ seed: 9, targets: 3, runsPerTarget: 2, casesPerRun: 40, reporters: true, failRate: 0.5 });
      const [pw, jest, mocha] = d.targets.map((t) => (d.runsByTarget[t.id][0].cases as Array<Record<string, unknown>>).filter((c) => c.suite !== '[build]'));
      assert.ok(jest.every((c) => c.start === undefined && c.end === undefined));
      assert.ok(jest.some((c) => typeof c.reason === 'string' && c.reason.includes('- Expected') && c.reason.includes('\n')));
      assert.ok(mocha.every((c) => c.duration === undefined && ['passed', 'failed', 'pending'].includes(c.rawResult as string)));
      assert.ok(mocha.some((c) => typeof c['_Stack trace'] === 'string'));
      const failed = pw.find((c) => c.result === 'fail');
      const reason = JSON.parse(failed?.reason as string);
      assert.ok(reason.message.includes('\u001b[') && reason.location && reason.snippet && reason.stack);
      assert.ok(Array.isArray(failed?._Errors));
      assert.ok((failed?.files as string[]).every((f) => f.startsWith('/')));
      assert.ok(pw.every((c) => typeof c._Location === 'object'));
      assert.ok(pw.some((c) => Array.isArray(c.steps) && (c.steps as Array<{ steps?: unknown[] }>).some((s) => s.steps?.length)));
    });

    it('presets: e2e has several targets, >10 runs on one, one without failures; demo has a flaky case', () => {
      const e2e = presetData('e2e');
      assert.ok(e2e.targets.length >= 3);
      assert.ok(Object.values(e2e.runsByTarget).some((r) => r.length > 10));
      const green = e2e.targets.filter((t) => e2e.runsByTarget[t.id].every((r) => (r.cases as Array<{ result: string }>).every((c) => c.result !== 'fail')));
      assert.ok(green.length >= 1);
      const demo = presetData('demo');
      const names = demo.targets.map((t) => t.name);
      assert.ok(names.includes('web-e2e (playwright)') && names.includes('api-unit (jest)') && names.includes('backend (mocha)'));
      const all = Object.values(demo.runsByTarget).flatMap((rs) => rs.flatMap((r) => r.cases as Array<Record<string, unknown>>));
      assert.ok(all.some((c) => c._Outcome === 'flaky' && Array.isArray(c._Retries)));
      assert.ok(all.some((c) => c.params) && all.some((c) => c.files) && all.some((c) => c.steps));
    });

    it('singleRunData builds one large run', () => {
      const d = singleRunData(20_000);
      assert.equal(d.targets.length, 1);
      assert.equal(d.runsByTarget[d.targets[0].id][0].cases?.length, 20_001);
    });
  });

  describe('compression', () => {
    it('chooses the coding from Accept-Encoding: q values, the server preferring br, gzip, deflate', () => {
      assert.equal(chooseEncoding(undefined), undefined);
      assert.equal(chooseEncoding('identity'), undefined);
      assert.equal(chooseEncoding('gzip,deflate'), 'gzip');
      assert.equal(chooseEncoding('gzip, deflate, br'), 'br');
      assert.equal(chooseEncoding('br;q=0.5, gzip'), 'gzip');
      assert.equal(chooseEncoding('gzip;q=0, deflate'), 'deflate');
      assert.equal(chooseEncoding('*'), 'br');
      assert.equal(chooseEncoding('*, br;q=0'), 'gzip');
      assert.equal(chooseEncoding('gzip;q=0'), undefined);
    });

    it('compresses JSON answers when asked (Vary: Accept-Encoding), and the decoded body is the plain one', async () => {
      const url = `${server.url}/results?target=${encodeURIComponent(t0)}&limit=4`;
      const plain = await raw(url);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.headers.vary, 'Accept-Encoding');
      assert.equal(Number(plain.headers['content-length']), plain.body.length);
      for (const coding of ['gzip', 'br', 'deflate']) {
        const r = await raw(url, { ...AUTH, 'Accept-Encoding': coding });
        assert.equal(r.status, 200);
        assert.equal(r.headers['content-encoding'], coding);
        assert.equal(r.headers.vary, 'Accept-Encoding');
        assert.equal(Number(r.headers['content-length']), r.body.length);
        assert.equal(decode(r), plain.body.toString('utf8'), coding);
      }
      // node-fetch (the extension's client) asks for gzip and decodes it
      const viaClient = await get(url);
      assert.deepEqual(viaClient.json, JSON.parse(plain.body.toString('utf8')));
      assert.equal(server.requests.entries.at(-1)?.encoding, 'gzip');
    });

    it('leaves errors, files and faults as they are, and can be turned off', async () => {
      const gz = { ...AUTH, 'Accept-Encoding': 'gzip' };
      assert.equal((await raw(`${server.url}/results`, gz)).headers['content-encoding'], undefined);
      assert.equal((await raw(`${server.origin}/files/a/test.log`, gz)).headers['content-encoding'], undefined);
      server.faults.push({ status: 200, body: '{"data":{}}' });
      assert.equal((await raw(`${server.url}/targets`, gz)).headers['content-encoding'], undefined);
      const off = await startServer({ token: TOKEN, data: generateData({ seed: 1, targets: 2, runsPerTarget: 1, casesPerRun: 3 }), compression: false });
      try {
        const r = await raw(`${off.url}/targets`, gz);
        assert.equal(r.status, 200);
        assert.equal(r.headers['content-encoding'], undefined);
        assert.equal(r.headers.vary, undefined);
        assert.ok(JSON.parse(r.body.toString('utf8')).data.targets.length === 2);
      } finally {
        await off.close();
      }
    });
  });

  describe('validators (conditional requests)', () => {
    let vs: TesultsServer;
    let vdata: ServerData;
    let target: string;
    before(async () => {
      vdata = generateData({ seed: 11, targets: 3, runsPerTarget: 3, casesPerRun: 5 });
      vs = await startServer({ token: TOKEN, data: vdata, validators: true });
      target = vdata.targets[1].id;
    });
    after(async () => vs.close());
    beforeEach(() => vs.reset());

    const newestOf = (d: ServerData): number => Math.max(...Object.values(d.runsByTarget).map((rs) => rs[0].created_time as number));

    it('are off by default: no ETag or Last-Modified, conditional headers ignored', async () => {
      const url = `${server.url}/results?target=${encodeURIComponent(t0)}`;
      const r = await raw(url);
      assert.equal(r.headers.etag, undefined);
      assert.equal(r.headers['last-modified'], undefined);
      const again = await raw(url, { ...AUTH, 'If-None-Match': '*', 'If-Modified-Since': new Date(Date.now() + 1e9).toUTCString() });
      assert.equal(again.status, 200);
      assert.equal(again.body.length, r.body.length);
    });

    for (const endpoint of ['results', 'targets'] as const) {
      it(`${endpoint}: ETag and Last-Modified (the newest run); a matching If-None-Match or If-Modified-Since gets 304 without a body`, async () => {
        const url = endpoint === 'results' ? `${vs.url}/results?target=${encodeURIComponent(target)}` : `${vs.url}/targets`;
        const first = await raw(url);
        assert.equal(first.status, 200);
        const etag = first.headers.etag as string;
        assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
        const newest = endpoint === 'results' ? (vdata.runsByTarget[target][0].created_time as number) : newestOf(vdata);
        assert.equal(first.headers['last-modified'], new Date(newest).toUTCString());
        assert.equal((await raw(url)).headers.etag, etag, 'the same body, the same tag');

        const byTag = await raw(url, { ...AUTH, 'If-None-Match': etag });
        assert.equal(byTag.status, 304);
        assert.equal(byTag.body.length, 0);
        assert.equal(byTag.headers.etag, etag);
        assert.equal(byTag.headers['last-modified'], first.headers['last-modified']);
        assert.equal(byTag.headers['content-type'], undefined);
        assert.equal((await raw(url, { ...AUTH, 'If-None-Match': `"other", W/${etag}` })).status, 304, 'weak comparison, lists');
        assert.equal((await raw(url, { ...AUTH, 'If-None-Match': '"other"' })).status, 200);

        const lm = first.headers['last-modified'] as string;
        assert.equal((await raw(url, { ...AUTH, 'If-Modified-Since': lm })).status, 304);
        assert.equal((await raw(url, { ...AUTH, 'If-Modified-Since': new Date(newest - 5000).toUTCString() })).status, 200);
        assert.equal((await raw(url, { ...AUTH, 'If-Modified-Since': 'not a date' })).status, 200);
        // If-None-Match decides when both are sent
        assert.equal((await raw(url, { ...AUTH, 'If-None-Match': '"other"', 'If-Modified-Since': lm })).status, 200);

        // a compressed representation has a tag of its own, and either tag matches either
        const gz = await raw(url, { ...AUTH, 'Accept-Encoding': 'gzip' });
        assert.notEqual(gz.headers.etag, etag);
        const gz304 = await raw(url, { ...AUTH, 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
        assert.equal(gz304.status, 304);
        assert.equal(gz304.headers.etag, gz.headers.etag);
        assert.equal(gz304.headers['content-encoding'], undefined);
        assert.equal((await raw(url, { ...AUTH, 'If-None-Match': gz.headers.etag as string })).status, 304);

        // a new run moves Last-Modified; the tag follows the body (the list of targets only changes with a new target)
        const newTarget = endpoint === 'targets' ? 'a-new-target' : target;
        await post(`${vs.origin}/__control/runs`, { target: newTarget, run: { created_time: newest + 60_000, cases: [{ name: 'new', result: 'fail' }] } });
        const after = await raw(url, { ...AUTH, 'If-None-Match': etag });
        assert.equal(after.status, 200);
        assert.notEqual(after.headers.etag, etag);
        assert.equal(after.headers['last-modified'], new Date(newest + 60_000).toUTCString());
        assert.equal((await raw(url, { ...AUTH, 'If-Modified-Since': lm })).status, 200);
      });
    }

    it('errors carry no validators and are never 304', async () => {
      const r = await raw(`${vs.url}/results?target=nope`, { ...AUTH, 'If-None-Match': '*' });
      assert.equal(r.status, 404);
      assert.equal(r.headers.etag, undefined);
      const u = await raw(`${vs.url}/targets`, { Authorization: 'Bearer wrong', 'If-None-Match': '*' });
      assert.equal(u.status, 401);
      assert.deepEqual(JSON.parse(u.body.toString('utf8')), { error: { code: 401, message: 'Unauthorized' } });
    });

    it('byte accounting: bytes sent after compression per request, totals by status; a 304 costs no body bytes', async () => {
      const url = `${vs.url}/results?target=${encodeURIComponent(target)}&limit=3`;
      const gz = { ...AUTH, 'Accept-Encoding': 'gzip' };
      const a = await raw(url, gz);
      const b = await raw(url, { ...gz, 'If-None-Match': a.headers.etag as string });
      const c = await raw(url);
      await raw(url, AUTH, 'HEAD');
      await raw(`${vs.url}/targets`, {});
      assert.equal(b.status, 304);
      const log = (await get(`${vs.origin}/__control/requests`, {})).json as unknown as { totals: RequestTotals; requests: RequestLogEntry[] };
      const [ea, eb, ec, ehead, e401] = log.requests;
      assert.deepEqual([ea.status, ea.bytes, ea.rawBytes, ea.encoding], [200, a.body.length, c.body.length, 'gzip']);
      assert.ok(a.body.length < c.body.length);
      assert.deepEqual([eb.status, eb.bytes, eb.rawBytes], [304, 0, 0]);
      assert.deepEqual([ec.status, ec.bytes, ec.rawBytes, ec.encoding], [200, c.body.length, c.body.length, undefined]);
      assert.deepEqual([ehead.method, ehead.bytes], ['HEAD', 0]);
      assert.equal(e401.status, 401);
      assert.ok(e401.bytes !== undefined && e401.bytes > 0);
      assert.deepEqual(log.totals, {
        requests: 5,
        bytes: a.body.length + c.body.length + (e401.bytes ?? 0),
        rawBytes: 2 * c.body.length + (e401.rawBytes ?? 0),
        byStatus: { 200: 3, 304: 1, 401: 1 },
      });
      vs.reset();
      assert.deepEqual(vs.requests.totals, { requests: 0, bytes: 0, rawBytes: 0, byStatus: {} });
    });
  });

  describe('several projects', () => {
    const TOKEN_B = 'server-test-token-b-77aa';
    let ms: TesultsServer;
    let a: ServerData;
    let b: ServerData;
    before(async () => {
      a = generateData({ seed: 21, targets: 2, runsPerTarget: 2, casesPerRun: 3, targetNames: ['alpha-1', 'alpha-2'] });
      b = generateData({ seed: 22, targets: 3, runsPerTarget: 2, casesPerRun: 3, targetNames: ['beta-1', 'beta-2', 'beta-3'] });
      ms = await startServer({ token: TOKEN, data: a, projects: [{ name: 'beta', token: TOKEN_B, data: b, pageSizeTargets: 2 }] });
    });
    after(async () => ms.close());
    beforeEach(() => ms.reset());

    const names = async (token: string): Promise<string[]> => {
      const r = await get(`${ms.url}/targets`, { Authorization: `Bearer ${token}` });
      return (r.json.data as { targets: Array<{ name: string }> }).targets.map((t) => t.name);
    };

    it('each token sees its own targets and runs, with its own page size', async () => {
      assert.deepEqual(await names(TOKEN), ['alpha-1', 'alpha-2']);
      assert.deepEqual(await names(TOKEN_B), ['beta-1', 'beta-2'], 'beta is served 2 targets per page');
      const aRun = await get(`${ms.url}/results?target=${encodeURIComponent(a.targets[0].id)}`);
      assert.equal(aRun.status, 200);
      const other = await get(`${ms.url}/results?target=${encodeURIComponent(a.targets[0].id)}`, { Authorization: `Bearer ${TOKEN_B}` });
      assert.equal(other.status, 404, "a project's targets are not found with another project's token");
      assert.deepEqual(ms.projects.map((p) => [p.name, p.data.targets.length]), [['main', 2], ['beta', 3]]);
      assert.deepEqual(ms.requests.entries.map((e) => e.project), ['main', 'beta', 'main', 'beta']);
    });

    it('an unknown token gets the documented 401 envelope on every endpoint', async () => {
      for (const p of ['/targets', `/results?target=${encodeURIComponent(b.targets[0].id)}`]) {
        const r = await get(`${ms.url}${p}`, { Authorization: 'Bearer not-a-project' });
        assert.equal(r.status, 401, p);
        assert.deepEqual(r.json, { error: { code: 401, message: 'Unauthorized' } });
      }
      assert.equal(ms.requests.entries[0].project, undefined);
    });

    it('POST /__control/runs takes a project by name; reset restores every project', async () => {
      const id = b.targets[2].id;
      const before = b.runsByTarget[id].length;
      const r = await post(`${ms.origin}/__control/runs`, { project: 'beta', target: id, run: { cases: [] } });
      assert.equal(r.json.runs, before + 1);
      assert.equal(a.runsByTarget[id], undefined);
      assert.equal((await post(`${ms.origin}/__control/runs`, { project: 'gamma', target: id, run: { cases: [] } })).status, 404);
      ms.reset();
      assert.equal(b.runsByTarget[id].length, before);
    });

    it('refuses two projects with the same token', async () => {
      await assert.rejects(startServer({ token: TOKEN, data: a, projects: [{ token: TOKEN, data: b }] }), /same token/);
    });
  });

  describe('history data (issue 15)', () => {
    type Case = Record<string, unknown> & { name: string; result: string; hash: string; suite?: string };
    const testsOf = (run: RawRun): Case[] => (run.cases as Case[]).filter((c) => c.suite !== '[build]');
    const historyRuns = (preset: 'e2e' | 'demo', name: string): RawRun[] => {
      const d = presetData(preset);
      const t = d.targets.find((x) => x.name === name);
      assert.ok(t, name);
      return d.runsByTarget[t.id];
    };
    const byName = (run: RawRun, test: string): Case => {
      const c = testsOf(run).find((x) => x.name.endsWith(`: ${test}`));
      assert.ok(c, test);
      return c;
    };

    it('the e2e preset keeps its four targets first and adds e2e-history; demo adds web-stability', () => {
      assert.deepEqual(presetData('e2e').targets.map((t) => t.name), ['e2e-web (playwright)', 'e2e-api (jest)', 'e2e-backend (mocha)', 'e2e-green', 'e2e-history (playwright)']);
      assert.ok(presetData('demo').targets.some((t) => t.name === 'web-stability (playwright)'));
    });

    for (const [preset, name] of [['e2e', 'e2e-history (playwright)'], ['demo', 'web-stability (playwright)']] as const) {
      it(`${preset}: ${name} shows every rule's case`, () => {
        const runs = historyRuns(preset, name);
        assert.equal(runs.length, HISTORY_RUNS);
        const times = runs.map((r) => r.created_time as number);
        assert.deepEqual([...times].sort((x, y) => y - x), times);

        // passed on retry 2: whole failed attempts in `_Retries`, `_Outcome` flaky
        const retried = byName(runs[0], 'applies a discount code');
        assert.deepEqual([retried.result, retried._Outcome, retried._Retry], ['pass', 'flaky', 2]);
        const attempts = retried._Retries as Case[];
        assert.equal(attempts.length, 2);
        for (const [i, at] of attempts.entries()) {
          assert.deepEqual([at.name, at.result, at._Retry], [retried.name, 'fail', i]);
          assert.ok(at._Location && Array.isArray(at.steps) && Array.isArray(at._Errors) && typeof at.reason === 'string', 'a whole case object');
        }
        const retry1 = byName(runs[3], 'applies a discount code');
        assert.deepEqual([retry1._Outcome, retry1._Retry, (retry1._Retries as Case[]).length], ['flaky', 1, 1]);

        // `_Retries` JSON-encoded, no `_Outcome`
        const encoded = byName(runs[0], 'shows the order history');
        assert.equal(encoded.result, 'pass');
        assert.equal(typeof encoded._Retries, 'string');
        assert.equal(encoded._Outcome, undefined);
        assert.deepEqual((JSON.parse(encoded._Retries as string) as Case[]).map((x) => x.result), ['fail']);

        // infrastructure runs: more than 80 % failed
        const failRate = (run: RawRun): number => testsOf(run).filter((c) => c.result === 'fail').length / testsOf(run).length;
        for (let r = 0; r < runs.length; r++) assert.equal(failRate(runs[r]) > 0.8, HISTORY_INFRA_RUNS.includes(r), `run ${r}`);

        const history = (test: string, withInfra = false): string[] =>
          runs.slice(0, 20).flatMap((run, r) => (withInfra || !HISTORY_INFRA_RUNS.includes(r) ? [byName(run, test).result] : []));
        const flips = (h: string[]): number => h.slice(1).filter((x, i) => x !== h[i]).length;
        // unstable across runs: flips, a flip rate of at least 0.2, passing now
        const unstable = history('filters results by price');
        assert.equal(flips(unstable), 8);
        assert.ok(flips(unstable) / (unstable.length - 1) >= 0.2);
        assert.equal(unstable[0], 'pass');
        // broken: fails in the newest three runs, though it flipped enough before to look flaky
        const broken = history('signs in with SSO');
        assert.deepEqual(broken.slice(0, 4), ['fail', 'fail', 'fail', 'pass']);
        assert.ok(flips(broken) >= 2 && flips(broken) / (broken.length - 1) >= 0.2);
        // flaky only if infrastructure runs counted
        assert.equal(flips(history('loads the product page')), 0);
        assert.ok(flips(history('loads the product page', true)) / 19 >= 0.2);

        // newest run versus the one before: one new failure, one still failing, one fixed
        const state = (run: RawRun): Map<string, string> => new Map(testsOf(run).map((c) => [c.hash, c.result]));
        const [now, prev] = [state(runs[0]), state(runs[1])];
        const names0 = new Map(testsOf(runs[0]).map((c) => [c.hash, c.name]));
        const pick = (f: (n: string | undefined, p: string | undefined) => boolean): string[] => [...now.keys()].filter((h) => f(now.get(h), prev.get(h))).map((h) => names0.get(h) as string);
        assert.deepEqual(pick((n, p) => n === 'fail' && p !== 'fail'), ['profile: updates the shipping address']);
        assert.deepEqual(pick((n, p) => n === 'fail' && p === 'fail'), ['login: signs in with SSO']);
        assert.deepEqual(pick((n, p) => n !== 'fail' && p === 'fail'), ['cart: removes an item from the cart']);
        assert.equal(HISTORY_TESTS.length, now.size);
      });
    }

    it('the reporter-shaped playwright target has cases passed on retry 1 with whole attempts', () => {
      const d = presetData('e2e');
      const all = d.runsByTarget[d.targets[0].id].flatMap(testsOf);
      const flaky = all.filter((c) => c._Outcome === 'flaky');
      assert.ok(flaky.length > 0);
      for (const c of flaky) {
        assert.equal(c._Retry, 1);
        const [at] = c._Retries as Case[];
        assert.deepEqual([at.result, at.hash, at._Retry], ['fail', c.hash, 0]);
      }
    });
  });

  describe('cli', () => {
    /** Starts the cli with `args`, runs `check` with its API url, then stops it (exit code 0). */
    async function withCli(args: string[], check: (url: string) => Promise<void>): Promise<void> {
      const root = path.resolve(__dirname, '..', '..');
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/cli.ts', '--port', '0', ...args], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let out = '';
        child.stdout.setEncoding('utf8');
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (s: string) => {
            out += s;
            if (out.includes('\n')) resolve();
          });
          child.once('exit', (c) => reject(new Error(`cli exited ${c}`)));
        });
        const m = /^TESULTS_SERVER_URL=(http:\/\/127\.0\.0\.1:\d+\/api)\n$/.exec(out);
        assert.ok(m, out);
        await check(m[1]);
      } finally {
        child.kill('SIGTERM');
        const [code] = await once(child, 'exit');
        assert.equal(code, 0);
      }
    }

    it('prints the URL line, serves the preset, stops on SIGTERM', async () => {
      await withCli(['--token', TOKEN, '--preset', 'e2e'], async (url) => {
        const r = await get(`${url}/targets`);
        const d = r.json.data as { targets: unknown[]; cursor?: string };
        assert.equal(d.targets.length, 2);
        assert.ok(d.cursor);
        const plain = await raw(`${url}/targets`, { ...AUTH, 'Accept-Encoding': 'gzip' });
        assert.equal(plain.headers['content-encoding'], 'gzip', 'compression is on by default');
        assert.equal(plain.headers.etag, undefined, 'validators are off by default');
      });
    });

    it('--project adds a project with its own token and preset; --validators and --compression off', async () => {
      await withCli(['--token', TOKEN, '--preset', 'e2e', '--project', 'shop:tok:en-b:demo', '--validators', '--compression', 'off'], async (url) => {
        const b = await get(`${url}/targets`, { Authorization: 'Bearer tok:en-b' });
        assert.ok((b.json.data as { targets: Array<{ name: string }> }).targets.some((t) => t.name === 'web-stability (playwright)'));
        assert.ok((b.json.data as { targets: unknown[] }).targets.length > 2, "the demo preset's page size");
        const a = await raw(`${url}/targets`, { ...AUTH, 'Accept-Encoding': 'gzip' });
        assert.equal(a.headers['content-encoding'], undefined);
        assert.ok(a.headers.etag && a.headers['last-modified']);
        assert.equal((await raw(`${url}/targets`, { ...AUTH, 'If-None-Match': a.headers.etag })).status, 304);
        assert.equal((await get(`${url}/targets`, { Authorization: 'Bearer nope' })).status, 401);
        const log = (await get(`${url.replace(/\/api$/, '')}/__control/requests`, {})).json as unknown as { requests: RequestLogEntry[] };
        assert.deepEqual(log.requests.map((e) => e.project), ['shop', 'main', 'main', undefined]);
      });
    });
  });
});
