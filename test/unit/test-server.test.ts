import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import fetch from 'node-fetch';
import { generateData, HOSTILE_TARGET_ID, SERVER_ORIGIN_PLACEHOLDER, singleRunData, type ServerData } from '../server/data';
import { presetData } from '../server/presets';
import { decodeCursor, encodeCursor, FaultQueue, startServer, type TesultsServer } from '../server/server';

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

  describe('cli', () => {
    it('prints the URL line, serves the preset, stops on SIGTERM', async () => {
      const root = path.resolve(__dirname, '..', '..');
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/cli.ts', '--port', '0', '--token', TOKEN, '--preset', 'e2e'], {
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
        const r = await get(`${m[1]}/targets`);
        const d = r.json.data as { targets: unknown[]; cursor?: string };
        assert.equal(d.targets.length, 2);
        assert.ok(d.cursor);
      } finally {
        child.kill('SIGTERM');
        const [code] = await once(child, 'exit');
        assert.equal(code, 0);
      }
    });
  });
});
