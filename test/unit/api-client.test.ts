import { strict as assert } from 'node:assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { TesultsClient, type TesultsClientOptions } from '../../src/api/client';
import { TesultsApiError } from '../../src/api/errors';
import { parseRetryAfter } from '../../src/api/http';
import { addHostile, generateData, HOSTILE_TARGET_ID } from '../server/data';
import { startServer, type TesultsServer } from '../server/server';

const TOKEN = 'tok-Zq8SECRETxy-7f3e9a1c';

interface Harness {
  client: TesultsClient;
  logs: string[];
  delays: number[];
}

function assertNoToken(text: string | undefined, what: string): void {
  if (text === undefined) return;
  assert.ok(!text.includes(TOKEN), `${what} contains the token: ${text}`);
  assert.ok(!text.includes(TOKEN.slice(4, 16)), `${what} contains part of the token: ${text}`);
}

function assertErrorClean(err: TesultsApiError, logs: string[]): void {
  assertNoToken(err.message, 'message');
  assertNoToken(String(err), 'String(err)');
  assertNoToken(err.stack, 'stack');
  assertNoToken(err.apiMessage, 'apiMessage');
  assertNoToken(JSON.stringify(err), 'JSON');
  for (const l of logs) {
    assertNoToken(l, 'log line');
    assert.ok(!/bearer|authorization/i.test(l), `log line mentions headers: ${l}`);
  }
}

async function expectError(p: Promise<unknown>, kind: TesultsApiError['kind'], logs: string[] = []): Promise<TesultsApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof TesultsApiError, `expected TesultsApiError, got ${String(e)}`);
    assert.equal(e.kind, kind, `kind ${e.kind}: ${e.message}`);
    assertErrorClean(e, logs);
    return e;
  }
  assert.fail(`expected a ${kind} error`);
}

describe('TesultsClient against the local server', () => {
  let server: TesultsServer;
  let firstTarget: string;
  const data = generateData({ seed: 11, targets: 25, runsPerTarget: 7, casesPerRun: 3, suites: 2, failRate: 0.3 });
  addHostile(data);

  before(async () => {
    server = await startServer({ token: TOKEN, data, pageSizeTargets: 3 });
    firstTarget = data.targets[0].id;
  });
  after(async () => server.close());
  beforeEach(() => server.reset());

  function mk(over: Partial<TesultsClientOptions> = {}): Harness {
    const logs: string[] = [];
    const delays: number[] = [];
    const client = new TesultsClient({
      apiUrl: server.url,
      getToken: async () => TOKEN,
      timeoutMs: 5000,
      userAgent: 'tesults-vscode-tests/0.1',
      log: (l) => logs.push(l),
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 0.5,
      ...over,
    });
    return { client, logs, delays };
  }

  describe('paging', () => {
    it('lists every target across cursor pages, ids as strings', async () => {
      const { client, logs } = mk();
      const targets = await client.listTargets();
      assert.equal(targets.length, data.targets.length);
      assert.deepEqual(targets.map((t) => t.id), data.targets.map((t) => String(t.id)));
      for (const t of targets) assert.equal(typeof t.id, 'string');
      assert.equal(server.requests.count('/api/targets'), Math.ceil(data.targets.length / 3));
      for (const e of server.requests.entries) {
        assert.equal(e.auth, true);
        assert.equal(e.query.limit, '100');
        assert.equal(e.userAgent, 'tesults-vscode-tests/0.1');
        assert.equal(e.accept, 'application/json');
      }
      assertErrorClean(new TesultsApiError('server', 'x'), logs);
    });

    it('fetches runs page by page, newest first', async () => {
      const { client } = mk();
      const seen: number[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await client.fetchRuns(firstTarget, { limit: 3, cursor });
        pages++;
        assert.ok(page.runs.length <= 3);
        for (const r of page.runs) seen.push(r.createdTime);
        cursor = page.cursor;
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual(seen, data.runsByTarget[firstTarget].map((r) => r.created_time));
      assert.deepEqual([...seen].sort((a, b) => b - a), seen);
    });

    it('handles trailing slashes and URL-encodes the target id', async () => {
      const { client } = mk({ apiUrl: server.url + '///' });
      const page = await client.fetchRuns(HOSTILE_TARGET_ID, { limit: 1 });
      assert.equal(page.runs.length, 1);
      const e = server.requests.entries[0];
      assert.equal(e.path, '/api/results');
      assert.equal(e.query.target, HOSTILE_TARGET_ID);
    });

    it('stops with pagingLoop when a cursor repeats', async () => {
      server.faults.push({ path: '/targets', status: 200, count: 10, body: JSON.stringify({ data: { targets: [{ id: 1, name: 'a' }], cursor: 'same' } }) });
      const { client, logs } = mk();
      await expectError(client.listTargets(), 'pagingLoop', logs);
      assert.equal(server.requests.count('/api/targets'), 2);
    });

    it('stops with pagingLoop after too many pages', async () => {
      const { client, logs } = mk({ maxTargetPages: 4 });
      await expectError(client.listTargets(), 'pagingLoop', logs);
      assert.equal(server.requests.count('/api/targets'), 4);
    });
  });

  describe('errors', () => {
    it('noToken without any request', async () => {
      const { client } = mk({ getToken: async () => undefined });
      await expectError(client.listTargets(), 'noToken');
      await expectError(client.fetchRuns(firstTarget, {}), 'noToken');
      const { client: c2 } = mk({ getToken: async () => '  ' });
      await expectError(c2.fetchFile(`${server.origin}/files/a.png`, { maxBytes: 100 }), 'noToken');
      assert.equal(server.requests.count(), 0);
    });

    it('401 for a wrong token, not retried', async () => {
      const { client, logs, delays } = mk({ getToken: async () => 'wrong-token' });
      const e = await expectError(client.listTargets(), 'unauthorized', logs);
      assert.equal(e.status, 401);
      assert.equal(e.apiMessage, 'Unauthorized');
      assert.match(e.message, /Tesults rejected the API token\. Set a new one with 'Tesults: Set API Token'\./);
      assert.equal(e.retryable, false);
      assert.equal(server.requests.count(), 1);
      assert.deepEqual(delays, []);
    });

    it('400 with the API message, not retried', async () => {
      const { client, logs } = mk();
      const e = await expectError(client.fetchRuns('', {}), 'badRequest', logs);
      assert.equal(e.message, 'Tesults refused the request: Missing parameter: target');
      assert.equal(server.requests.count(), 1);
    });

    it('404 for an unknown target, not retried', async () => {
      const { client, logs } = mk();
      const e = await expectError(client.fetchRuns('no-such-target', { limit: 2 }), 'notFound', logs);
      assert.equal(e.status, 404);
      assert.match(e.message, /no-such-target/);
      assert.equal(server.requests.count(), 1);
    });

    it('403 and other 4xx, not retried', async () => {
      server.faults.push({ status: 403, body: JSON.stringify({ error: { code: 403, message: 'Project access revoked' } }) });
      const { client, logs } = mk();
      const e = await expectError(client.listTargets(), 'forbidden', logs);
      assert.match(e.message, /Project access revoked/);
      server.faults.push({ status: 418 });
      const e2 = await expectError(client.listTargets(), 'badRequest', logs);
      assert.equal(e2.status, 418);
      assert.equal(server.requests.count(), 2);
    });

    for (const status of [500, 502, 503]) {
      it(`${status} is retried with backoff, then reported`, async () => {
        server.faults.push({ status, count: 10 });
        const { client, logs, delays } = mk();
        const e = await expectError(client.listTargets(), 'server', logs);
        assert.equal(e.status, status);
        assert.match(e.message, new RegExp(`HTTP ${status}`));
        assert.equal(server.requests.count(), 4);
        assert.deepEqual(delays, [250, 500, 1000]); // full jitter with random() = 0.5, base 500
      });
    }

    it('recovers when a retry succeeds', async () => {
      server.faults.push({ status: 503, count: 2 });
      const { client, delays } = mk();
      const targets = await client.listTargets();
      assert.equal(targets.length, data.targets.length);
      assert.equal(delays.length, 2);
    });

    it('backoff delays stay within [0, min(maxDelay, base * 2^n)] and maxAttempts', async () => {
      server.faults.push({ status: 500, count: 20 });
      const { client, delays } = mk({ random: () => 0.999999, retry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 3000 } });
      await expectError(client.listTargets(), 'server');
      assert.equal(server.requests.count(), 6);
      assert.equal(delays.length, 5);
      const caps = [1000, 2000, 3000, 3000, 3000];
      delays.forEach((d, i) => assert.ok(d >= 0 && d <= caps[i], `delay ${i} = ${d}`));
    });

    it('gives up when the total budget would be exceeded', async () => {
      server.faults.push({ status: 500, count: 20 });
      const { client, delays } = mk({ random: () => 1 - 1e-9, retry: { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 100_000, maxTotalMs: 5000 } });
      await expectError(client.listTargets(), 'server');
      const total = delays.reduce((a, b) => a + b, 0);
      assert.ok(total <= 5000, `slept ${total}`);
      assert.ok(server.requests.count() < 10);
    });

    it('429 honours Retry-After in seconds', async () => {
      server.faults.push({ status: 429, retryAfter: '3' });
      const { client, delays } = mk();
      await client.listTargets();
      assert.deepEqual(delays, [3000]);
    });

    it('429 honours Retry-After as an HTTP date', async () => {
      server.faults.push({ status: 429, retryAfter: new Date(Date.now() + 10_000).toUTCString() });
      const { client, delays } = mk();
      await client.listTargets();
      assert.equal(delays.length, 1);
      assert.ok(delays[0] > 7000 && delays[0] <= 10_000, `delay ${delays[0]}`);
    });

    it('429 with a Retry-After beyond the budget is reported at once', async () => {
      server.faults.push({ status: 429, retryAfter: '120', count: 5 });
      const { client, delays, logs } = mk();
      const e = await expectError(client.listTargets(), 'rateLimited', logs);
      assert.equal(e.retryAfterMs, 120_000);
      assert.match(e.message, /Try again in 120 s/);
      assert.deepEqual(delays, []);
      assert.equal(server.requests.count(), 1);
    });

    it('a dropped connection is a network error, retried', async () => {
      server.faults.push({ drop: true, count: 10 });
      const { client, logs, delays } = mk();
      const e = await expectError(client.listTargets(), 'network', logs);
      assert.match(e.message, /^Could not reach Tesults at 127\.0\.0\.1:\d+: .+\. Check your connection or the tesults\.apiUrl setting\.$/);
      assert.equal(delays.length, 3);
      assert.equal(server.requests.count(), 4);
    });

    it('connection refused is a network error', async () => {
      const { client, logs } = mk({ apiUrl: 'http://127.0.0.1:1/api', retry: { maxAttempts: 1 } });
      const e = await expectError(client.listTargets(), 'network', logs);
      assert.match(e.message, /connection refused/);
    });

    it('a slow answer times out per attempt', async () => {
      server.faults.push({ delayMs: 3000, count: 2 });
      const { client, logs, delays } = mk({ timeoutMs: 200, retry: { maxAttempts: 2 } });
      const e = await expectError(client.listTargets(), 'timeout', logs);
      assert.equal(e.message, 'Tesults did not answer within 0.2 s. Try again, or raise the tesults.requestTimeoutSeconds setting.');
      assert.equal(delays.length, 1);
    });

    it('an HTML page (proxy / login) is invalidResponse, not retried', async () => {
      server.faults.push({ html: true, count: 5 });
      const { client, logs } = mk();
      const e = await expectError(client.listTargets(), 'invalidResponse', logs);
      assert.match(e.message, /^Tesults sent an unexpected response \(an HTML page/);
      assert.equal(server.requests.count(), 1);
    });

    it('an HTML 502 from a proxy is a server error', async () => {
      server.faults.push({ html: true, status: 502, count: 10 });
      const { client, logs } = mk({ retry: { maxAttempts: 2 } });
      const e = await expectError(client.listTargets(), 'server', logs);
      assert.equal(e.status, 502);
    });

    it('JSON without data, not JSON, empty body: invalidResponse', async () => {
      const { client, logs } = mk();
      for (const body of ['{"foo":1}', '[1,2]', 'garbage{', '', '{"data":{"targets":"nope"}}', '"str"']) {
        server.faults.push({ status: 200, body });
        const e = await expectError(client.listTargets(), 'invalidResponse', logs);
        assert.equal(e.retryable, false, body);
      }
    });

    it('an error envelope with status 200 is mapped by its code', async () => {
      server.faults.push({ status: 200, body: '{"error":{"code":401,"message":"Unauthorized"}}' });
      const { client, logs } = mk();
      await expectError(client.listTargets(), 'unauthorized', logs);
    });

    it('a truncated body is invalidResponse (retried, then reported)', async () => {
      server.faults.push({ truncate: true, count: 10 });
      const { client, logs } = mk({ retry: { maxAttempts: 2 } });
      const e = await expectError(client.fetchRuns(firstTarget, { limit: 5 }), 'invalidResponse', logs);
      assert.match(e.message, /cut off/);
      assert.equal(server.requests.count(), 2);
    });

    it('a redirect is not followed (the token stays with the API host)', async () => {
      server.faults.push({ status: 302, headers: { Location: 'https://elsewhere.example/api/targets' }, body: '' });
      const { client, logs } = mk();
      const e = await expectError(client.listTargets(), 'invalidResponse', logs);
      assert.match(e.message, /elsewhere\.example/);
      assert.equal(server.requests.count(), 1);
    });

    it('never puts the token in messages, logs or stacks, even when the server echoes it', async () => {
      const { client, logs } = mk();
      server.faults.push({ status: 400, body: JSON.stringify({ error: { code: 400, message: `bad token ${TOKEN} given` } }) });
      const e = await expectError(client.listTargets(), 'badRequest', logs);
      assert.match(e.message, /bad token \*\*\* given/);
      server.faults.push({ status: 500, count: 10, body: JSON.stringify({ error: { code: 500, message: `Bearer ${TOKEN}` } }) });
      await expectError(client.listTargets(), 'server', logs);
      assert.ok(logs.length > 0);
    });

    it('every error class keeps the token out of messages and logs', async () => {
      const cases: Array<[TesultsApiError['kind'], () => void, Partial<TesultsClientOptions>?]> = [
        ['unauthorized', () => server.faults.push({ status: 401 })],
        ['forbidden', () => server.faults.push({ status: 403 })],
        ['badRequest', () => server.faults.push({ status: 400 })],
        ['notFound', () => server.faults.push({ status: 404 })],
        ['rateLimited', () => server.faults.push({ status: 429, count: 9 })],
        ['server', () => server.faults.push({ status: 500, count: 9 })],
        ['network', () => server.faults.push({ drop: true, count: 9 })],
        ['timeout', () => server.faults.push({ delayMs: 2000, count: 9 }), { timeoutMs: 100, retry: { maxAttempts: 1 } }],
        ['invalidResponse', () => server.faults.push({ html: true })],
        ['invalidResponse', () => server.faults.push({ truncate: true, count: 9 })],
        ['insecureUrl', () => undefined, { apiUrl: `http://user:${TOKEN}@example.com/api` }],
        ['insecureUrl', () => undefined, { apiUrl: `ftp://example.com/${TOKEN}` }],
        ['noToken', () => undefined, { getToken: async () => '' }],
      ];
      for (const [kind, arm, over] of cases) {
        server.reset();
        arm();
        const { client, logs } = mk(over);
        await expectError(client.listTargets(), kind, logs);
      }
      const ctl = new AbortController();
      ctl.abort();
      const { client, logs } = mk();
      await expectError(client.listTargets(ctl.signal), 'cancelled', logs);
    });
  });

  describe('cancellation', () => {
    it('aborting mid-request stops at once', async () => {
      server.faults.push({ delayMs: 5000 });
      const { client } = mk();
      const ctl = new AbortController();
      const t0 = Date.now();
      setTimeout(() => ctl.abort(), 50);
      await expectError(client.listTargets(ctl.signal), 'cancelled');
      assert.ok(Date.now() - t0 < 1000);
    });

    it('aborting during a backoff sleep stops at once (real sleep)', async () => {
      server.faults.push({ status: 503, count: 10 });
      const { client } = mk({ sleep: undefined, random: () => 0.99, retry: { baseDelayMs: 20_000, maxDelayMs: 20_000 } });
      const ctl = new AbortController();
      const t0 = Date.now();
      setTimeout(() => ctl.abort(), 100);
      await expectError(client.fetchRuns(firstTarget, { signal: ctl.signal }), 'cancelled');
      assert.ok(Date.now() - t0 < 1000);
      assert.equal(server.requests.count(), 1);
    });

    it('aborting during an injected sleep that ignores the signal stops at once', async () => {
      server.faults.push({ status: 503, count: 10 });
      const { client } = mk({ sleep: () => new Promise((r) => setTimeout(r, 10_000).unref()) });
      const ctl = new AbortController();
      const t0 = Date.now();
      setTimeout(() => ctl.abort(), 100);
      await expectError(client.listTargets(ctl.signal), 'cancelled');
      assert.ok(Date.now() - t0 < 1000);
    });

    it('an already aborted signal makes no request', async () => {
      const ctl = new AbortController();
      ctl.abort();
      const { client } = mk();
      await expectError(client.fetchRuns(firstTarget, { signal: ctl.signal }), 'cancelled');
      assert.equal(server.requests.count(), 0);
    });
  });

  describe('URLs', () => {
    it('refuses http:// for non-loopback hosts without a request', async () => {
      let asked = 0;
      for (const apiUrl of ['http://www.tesults.com/api', 'http://10.0.0.1/api', 'http://127.0.0.1.evil.example/api', 'ftp://x/api', 'not a url', '', 'javascript:alert(1)']) {
        const { client, logs } = mk({ apiUrl, getToken: async () => (asked++, TOKEN) });
        const e = await expectError(client.listTargets(), 'insecureUrl', logs);
        assert.ok(e.message.length > 20);
      }
      assert.equal(asked, 0);
      assert.equal(server.requests.count(), 0);
    });

    it('parseRetryAfter', () => {
      assert.equal(parseRetryAfter('5'), 5000);
      assert.equal(parseRetryAfter('0'), 0);
      assert.equal(parseRetryAfter('soon'), undefined);
      assert.equal(parseRetryAfter(new Date(1_000_000).toUTCString(), 0), 1_000_000);
      assert.equal(parseRetryAfter(new Date(0).toUTCString(), 5000), 0);
    });
  });

  describe('checkToken', () => {
    it('uses the given token, not the stored one', async () => {
      const { client } = mk({ getToken: async () => undefined });
      await client.checkToken(TOKEN);
      assert.equal(server.requests.entries[0].query.limit, '1');
      const { client: c2, logs } = mk();
      await expectError(c2.checkToken('another-wrong-token'), 'unauthorized', logs);
      await expectError(c2.checkToken(''), 'noToken', logs);
    });
  });

  describe('fetchFile', () => {
    it('fetches a case file with the token', async () => {
      const { client } = mk();
      const f = await client.fetchFile(`${server.origin}/files/t0/r0/c1/screenshot.png`, { maxBytes: 10_000 });
      assert.equal(f.contentType, 'image/png');
      assert.equal(f.bytes.subarray(1, 4).toString('latin1'), 'PNG');
      const log = await client.fetchFile(`${server.origin}/files/t0/r0/c1/test.log`, { maxBytes: 10_000 });
      assert.match(log.bytes.toString('utf8'), /INFO step 1/);
      assert.ok(server.requests.entries.every((e) => e.auth));
    });

    it('refuses files over maxBytes', async () => {
      const { client, logs } = mk();
      const e = await expectError(client.fetchFile(`${server.origin}/files/big.bin?size=5000`, { maxBytes: 1000 }), 'tooLarge', logs);
      assert.match(e.message, /larger than 1 KB/);
      const ok = await client.fetchFile(`${server.origin}/files/big.bin?size=1000`, { maxBytes: 1000 });
      assert.equal(ok.bytes.length, 1000);
    });

    it('refuses other hosts, other schemes and plain http without a request', async () => {
      const { client, logs } = mk();
      for (const url of ['https://evil.example/x.png', 'http://evil.example/x.png', 'javascript:alert(1)', 'file:///etc/passwd', 'nonsense', `http://127.0.0.2:${server.port}/files/x.png`]) {
        await expectError(client.fetchFile(url, { maxBytes: 1000 }), 'insecureUrl', logs);
      }
      assert.equal(server.requests.count(), 0);
    });
  });
});

describe('TesultsClient reading bodies', () => {
  // A JSON answer arrives in chunks, copied into one buffer of the announced size (or joined,
  // with gzip): a character cut between two chunks must come out whole either way.
  const names = ['é à ü', '😀 emoji', '日本語のテスト', 'mixed ✓ ✗ \u202e'];
  const body = Buffer.from(JSON.stringify({ data: { results: { runs: [{ created_time: 5, cases: names.map((name, i) => ({ name, result: i % 2 ? 'fail' : 'pass', suite: 'S ✓' })) }] } } }), 'utf8');
  let server: http.Server;
  let url = '';
  let gzip = false;

  before(async () => {
    server = http.createServer((_req, res) => {
      const bytes = gzip ? zlib.gzipSync(body) : body;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bytes.length, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
      // three bytes at a time, each its own write after a pause: multi-byte characters are split
      let at = 0;
      const next = (): void => {
        if (at >= bytes.length) return void res.end();
        res.write(bytes.subarray(at, at + 3));
        at += 3;
        setTimeout(next, at % 60 === 0 ? 1 : 0);
      };
      next();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  for (const compressed of [false, true]) {
    it(`decodes UTF-8 split across chunks${compressed ? ' (gzip)' : ''}`, async () => {
      gzip = compressed;
      const client = new TesultsClient({ apiUrl: url, getToken: async () => TOKEN, timeoutMs: 10_000, userAgent: 't', retry: { maxAttempts: 1 } });
      const page = await client.fetchRuns('t');
      assert.deepEqual(page.runs[0].cases.map((c) => c.name), names);
      assert.deepEqual(page.runs[0].cases.map((c) => c.suite), names.map(() => 'S ✓'));
    });
  }
});
