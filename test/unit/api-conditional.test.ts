// Cheap polling: compressed answers, conditional requests (If-None-Match / If-Modified-Since)
// with the validators the server sent, and 304 answers that cost no body and change nothing.
import { strict as assert } from 'node:assert';
import { TesultsClient } from '../../src/api/client';
import { ValidatorCache } from '../../src/api/http';
import { ResultsStore, type StoreChange } from '../../src/store/store';
import { generateData } from '../server/data';
import { startServer, type TesultsServer } from '../server/server';

const TOKEN = 'tok-conditional-0123456789';

function client(server: TesultsServer, token = TOKEN): TesultsClient {
  return new TesultsClient({ apiUrl: server.url, getToken: async () => token, timeoutMs: 5000, userAgent: 'test', retry: { maxAttempts: 1 } });
}

function lastResults(server: TesultsServer) {
  const entries = server.requests.entries.filter((e) => e.path === '/api/results');
  return entries[entries.length - 1];
}

describe('cheap polling: compression and conditional requests', () => {
  describe('against a server with validators', () => {
    let server: TesultsServer;
    let target: string;
    beforeEach(async () => {
      const data = generateData({ seed: 7, targets: 2, runsPerTarget: 3, casesPerRun: 200, suites: 4, failRate: 0.1 });
      server = await startServer({ token: TOKEN, data, validators: true });
      target = String(data.targets[0].id);
    });
    afterEach(async () => server.close());

    it('asks for a compressed body and reads it (far fewer bytes than the JSON)', async () => {
      const page = await client(server).fetchRuns(target, { limit: 1 });
      assert.equal(page.runs[0].cases.length, 200);
      const entry = lastResults(server);
      assert.ok(entry.encoding, `compressed (${JSON.stringify(entry)})`);
      assert.ok(entry.bytes! * 3 < entry.rawBytes!, `${entry.bytes} bytes sent for ${entry.rawBytes} of JSON`);
    });

    it('a repeated poll sends the validators and gets a 304 with no body: undefined, nothing parsed', async () => {
      const c = client(server);
      const first = await c.fetchRunsIfChanged(target, { limit: 1 });
      assert.ok(first && first.runs.length === 1, 'the first poll has no validator yet: a full answer');
      assert.equal(lastResults(server).status, 200);
      assert.equal(await c.fetchRunsIfChanged(target, { limit: 1 }), undefined);
      const second = lastResults(server);
      assert.equal(second.status, 304);
      assert.equal(second.bytes ?? 0, 0);
    });

    it('a new run makes the next conditional request a full answer with the new run', async () => {
      const c = client(server);
      await c.fetchRunsIfChanged(target, { limit: 1 });
      const runs = server.data.runsByTarget[target];
      runs.unshift({ ...runs[0], created_time: Number(runs[0].created_time) + 60_000, id: 'brand-new-run' } as (typeof runs)[number]);
      const page = await c.fetchRunsIfChanged(target, { limit: 1 });
      assert.ok(page, 'changed: a page');
      assert.equal(lastResults(server).status, 200);
      assert.equal(page.runs[0].createdTime, Number(runs[0].created_time));
    });

    it('validators are per URL and per token: another limit or another client is asked in full', async () => {
      const c = client(server);
      await c.fetchRunsIfChanged(target, { limit: 1 });
      assert.ok(await c.fetchRunsIfChanged(target, { limit: 2 }), 'another URL: a full answer');
      assert.ok(await client(server).fetchRunsIfChanged(target, { limit: 1 }), 'a new client has no validators');
      // A plain fetch (a load, not a poll) never gets a 304, even with validators known.
      await c.fetchRuns(target, { limit: 1 });
      assert.equal(lastResults(server).status, 200);
    });

    it('the store keeps its data on a 304 and fires no change; a new run is found and reported', async () => {
      const c = client(server);
      const store = new ResultsStore({
        api: { listTargets: (s) => c.listTargets(s), fetchRuns: (id, o) => c.fetchRuns(id, o), fetchRunsIfChanged: (id, o) => c.fetchRunsIfChanged(id, o) },
        runsPerPage: () => 10,
      });
      await store.loadTargets();
      await store.ensureRuns(target);
      const held = store.target(target)!.runs;
      await store.pollLatest(target); // first poll: learns the validators
      const changes: StoreChange[] = [];
      store.onDidChange((e) => changes.push(e));
      await store.pollLatest(target);
      assert.equal(lastResults(server).status, 304);
      assert.equal(changes.length, 0, 'no change event for a 304');
      assert.equal(store.target(target)!.runs[0], held[0], 'the same run objects');
      const runs = server.data.runsByTarget[target];
      runs.unshift({ ...runs[0], created_time: Number(runs[0].created_time) + 60_000, id: 'newer' } as (typeof runs)[number]);
      await store.pollLatest(target);
      assert.equal(changes.length, 1);
      assert.equal(changes[0].newRuns?.length, 1);
      assert.equal(store.target(target)!.runs[0].createdTime, Number(runs[0].created_time));
    });
  });

  it('against a server without validators or compression: full answers every time, nothing remembered', async () => {
    const data = generateData({ seed: 8, targets: 1, runsPerTarget: 2, casesPerRun: 20 });
    const server = await startServer({ token: TOKEN, data, compression: false });
    try {
      const c = client(server);
      const target = String(data.targets[0].id);
      assert.ok(await c.fetchRunsIfChanged(target, { limit: 1 }));
      assert.ok(await c.fetchRunsIfChanged(target, { limit: 1 }));
      const entries = server.requests.entries.filter((e) => e.path === '/api/results');
      assert.deepEqual(entries.map((e) => e.status), [200, 200]);
      assert.ok(entries.every((e) => !e.encoding && e.bytes === e.rawBytes));
    } finally {
      await server.close();
    }
  });

  describe('ValidatorCache', () => {
    const headers = (h: Record<string, string>) => ({ get: (k: string) => h[k.toLowerCase()] ?? null }) as never;
    const url = new URL('https://www.tesults.com/api/results?target=1&limit=1');

    it('sends back what the server sent, for the same URL and token only', () => {
      const cache = new ValidatorCache();
      cache.remember(url, 'a', headers({ etag: 'W/"x1"', 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' }));
      assert.deepEqual(cache.headers(url, 'a'), { 'If-None-Match': 'W/"x1"', 'If-Modified-Since': 'Tue, 01 Dec 2026 10:00:00 GMT' });
      assert.deepEqual(cache.headers(url, 'b'), {});
      assert.deepEqual(cache.headers(new URL('https://www.tesults.com/api/results?target=2&limit=1'), 'a'), {});
    });

    it('refuses hostile values (line breaks, control characters, huge) and forgets a URL whose answer has none', () => {
      const cache = new ValidatorCache();
      cache.remember(url, 'a', headers({ etag: '"x"\r\nX-Evil: 1' }));
      cache.remember(url, 'a', headers({ etag: 'y'.repeat(1000) }));
      assert.deepEqual(cache.headers(url, 'a'), {});
      cache.remember(url, 'a', headers({ etag: '"ok"' }));
      cache.remember(url, 'a', headers({}));
      assert.deepEqual(cache.headers(url, 'a'), {});
    });

    it('is bounded: the oldest URL goes first', () => {
      const cache = new ValidatorCache(3);
      for (let i = 0; i < 5; i++) cache.remember(new URL(`https://h/api/results?target=${i}`), 'a', headers({ etag: `"${i}"` }));
      assert.equal(cache.size, 3);
      assert.deepEqual(cache.headers(new URL('https://h/api/results?target=0'), 'a'), {});
      assert.deepEqual(cache.headers(new URL('https://h/api/results?target=4'), 'a'), { 'If-None-Match': '"4"' });
    });
  });
});
