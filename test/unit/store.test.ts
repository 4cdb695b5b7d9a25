import { strict as assert } from 'node:assert';
import type { Run, RunsPage, Target } from '../../src/model/types';
import { CACHE_MAX_CASES, CANCELLED, ResultsStore, type ResultsApi, type StoreChange } from '../../src/store/store';
import { aCase, aRun, aTarget, manyCases } from './helpers/builders';

/** An in-memory API with offset cursors, call counting, failure switches and manual gating. */
class FakeApi implements ResultsApi {
  targets: Target[] = [aTarget('t1'), aTarget('t2')];
  runs: Record<string, Run[]> = {};
  calls: string[] = [];
  failWith?: Error & { kind?: string };
  gate?: Promise<void>;

  async listTargets(): Promise<Target[]> {
    this.calls.push('targets');
    await this.gate;
    if (this.failWith) throw this.failWith;
    return this.targets;
  }

  async fetchRuns(targetId: string, opts: { limit?: number; cursor?: string; signal?: AbortSignal }): Promise<RunsPage> {
    this.calls.push(`runs:${targetId}:${opts.limit}:${opts.cursor ?? ''}`);
    await this.gate;
    if (opts.signal?.aborted) throw Object.assign(new Error('cancelled'), { kind: 'cancelled' });
    if (this.failWith) throw this.failWith;
    const all = this.runs[targetId] ?? [];
    const start = opts.cursor ? Number(opts.cursor) : 0;
    const end = start + (opts.limit ?? 1);
    return { runs: all.slice(start, end), cursor: end < all.length ? String(end) : undefined };
  }
}

function apiError(kind: string, message: string): Error & { kind: string } {
  return Object.assign(new Error(message), { kind });
}

function history(n: number, newest = 100_000): Run[] {
  return Array.from({ length: n }, (_, i) => aRun(newest - i * 1000, [aCase({ name: 'a', result: i % 2 ? 'fail' : 'pass' })]));
}

describe('ResultsStore', () => {
  let api: FakeApi;
  let store: ResultsStore;
  let perPage: number;
  let changes: StoreChange[];

  beforeEach(() => {
    api = new FakeApi();
    perPage = 3;
    store = new ResultsStore({ api, runsPerPage: () => perPage, now: () => 42 });
    changes = [];
    store.onDidChange((e) => changes.push(e));
  });

  it('loads the history in the background, in pages, once, without showing it in the tree', async () => {
    api.runs.t1 = history(25);
    await store.loadTargets();
    await store.ensureRuns('t1');
    api.calls = [];
    changes = [];
    await store.loadHistory('t1', 20);
    assert.deepEqual(api.calls, ['runs:t1:3:3', 'runs:t1:3:6', 'runs:t1:3:9', 'runs:t1:3:12', 'runs:t1:3:15', 'runs:t1:3:18']);
    const entry = store.target('t1')!;
    assert.equal(entry.runs.length, 3, 'the tree shows the runs the user loaded');
    assert.deepEqual(store.history('t1').map((r) => r.id), api.runs.t1.slice(0, 21).map((r) => r.id));
    // A run of the history is found by id (the details panel's strip opens it), as a shown one is.
    assert.equal(store.findRun('t1', api.runs.t1[15].id), store.history('t1')[15]);
    assert.equal(store.findRun('t1', api.runs.t1[1].id), entry.runs[1]);
    assert.equal(store.findRun('t1', 'no-such-run'), undefined);
    assert.deepEqual(changes, [{ targetId: 't1' }], 'one quiet change, no loading state');
    await store.loadHistory('t1', 20);
    assert.equal(api.calls.length, 6, 'once');
    // A poll keeps it current: the new run is first.
    api.runs.t1.unshift(aRun(200_000, [aCase({ name: 'a', result: 'fail' })]));
    await store.pollLatest('t1');
    assert.equal(store.history('t1')[0].id, api.runs.t1[0].id);
    assert.equal(store.history('t1').length, 22);
  });

  it('does not retry a failed history load by itself', async () => {
    api.runs.t1 = history(25);
    await store.loadTargets();
    await store.ensureRuns('t1');
    api.failWith = apiError('server', 'boom');
    await store.loadHistory('t1', 20);
    assert.equal(store.target('t1')!.historyState, 'failed');
    api.failWith = undefined;
    api.calls = [];
    await store.loadHistory('t1', 20);
    assert.deepEqual(api.calls, []);
    assert.equal(store.history('t1').length, 3);
  });

  it('loads targets and pages of runs with the cursor', async () => {
    api.runs.t1 = history(7);
    await store.loadTargets();
    assert.deepEqual(store.targets.map((e) => e.target.id), ['t1', 't2']);
    await store.ensureRuns('t1');
    const entry = store.target('t1')!;
    assert.equal(entry.runs.length, 3);
    assert.equal(entry.cursor, '3');
    await store.loadMoreRuns('t1');
    await store.loadMoreRuns('t1');
    assert.equal(entry.runs.length, 7);
    assert.equal(entry.cursor, undefined);
    await store.loadMoreRuns('t1'); // nothing more: no request
    assert.deepEqual(api.calls, ['targets', 'runs:t1:3:', 'runs:t1:3:3', 'runs:t1:3:6']);
    assert.deepEqual(entry.runs.map((r) => r.createdTime), [...entry.runs.map((r) => r.createdTime)].sort((a, b) => b - a));
  });

  it('makes one request when two views ask at once, and none for data it holds', async () => {
    api.runs.t1 = history(2);
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    const a = store.loadTargets();
    const b = store.loadTargets();
    open();
    await Promise.all([a, b]);
    await Promise.all([store.ensureRuns('t1'), store.ensureRuns('t1')]);
    await store.ensureRuns('t1');
    assert.deepEqual(api.calls, ['targets', 'runs:t1:3:']);
  });

  it('idle() resolves once no load runs, including a load started while it waited', async () => {
    api.runs.t1 = history(2);
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    let idle = false;
    const targets = store.loadTargets().then(() => store.ensureRuns('t1'));
    const waiting = store.idle().then(() => (idle = true));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    assert.equal(idle, false, 'the targets are still loading');
    open();
    await targets;
    await waiting;
    assert.equal(idle, true);
    assert.equal(store.target('t1')?.runsState, 'loaded', 'the runs load that began meanwhile finished first');
    await store.idle(); // nothing running: at once
  });

  it('keeps the typed kind of an API error, and makes any other error one clipped line of kind "unknown"', async () => {
    api.failWith = apiError('tooLarge', 'Tesults sent more than 256 MB.');
    await store.loadTargets();
    assert.deepEqual(store.targetsError, { kind: 'tooLarge', message: 'Tesults sent more than 256 MB.', at: 42 });
    api.failWith = apiError('no such kind', 'x');
    await store.loadTargets();
    assert.equal(store.targetsError?.kind, 'unknown');
    api.failWith = new TypeError(`runs is not iterable\nforged log line ${'x'.repeat(1000)}`);
    await store.loadTargets();
    assert.equal(store.targetsError?.kind, 'unknown');
    assert.match(store.targetsError!.message, /^Unexpected error: runs is not iterable$/);
  });

  it('keeps the last good data when a refresh fails, with the error noted', async () => {
    api.runs.t1 = history(2);
    await store.loadTargets();
    await store.ensureRuns('t1');
    const entry0 = store.target('t1')!;
    assert.equal(entry0.loadedAt, 42, 'when the runs were fetched');
    api.failWith = apiError('network', 'Could not reach Tesults');
    await store.refresh();
    assert.equal(store.targets.length, 2);
    assert.equal(store.targetsError?.kind, 'network');
    const entry = store.target('t1')!;
    assert.equal(entry.runs.length, 2);
    assert.equal(entry.runsError?.message, 'Could not reach Tesults');
    api.failWith = undefined;
    await store.refresh();
    assert.equal(store.targetsError, undefined);
    assert.equal(entry.runsError, undefined);
  });

  it('retries a target whose runs failed to load on refresh', async () => {
    api.runs.t1 = history(2);
    await store.loadTargets();
    api.failWith = apiError('server', 'HTTP 500');
    await store.ensureRuns('t1');
    assert.equal(store.target('t1')!.runsError?.kind, 'server');
    api.failWith = undefined;
    await store.refresh();
    assert.equal(store.target('t1')!.runsError, undefined);
    assert.equal(store.target('t1')!.runs.length, 2);
    assert.ok(!api.calls.includes('runs:t2:3:'), 'targets never opened are not loaded by a refresh');
  });

  it('records an error with no data to show; a cancelled first load is remembered until asked again', async () => {
    api.failWith = apiError('unauthorized', 'token rejected');
    await store.loadTargets();
    assert.equal(store.targetsState, 'idle');
    assert.equal(store.targetsError?.kind, 'unauthorized');
    api.failWith = undefined;
    await store.loadTargets();
    api.runs.t1 = history(2);
    const abort = new AbortController();
    abort.abort();
    await store.ensureRuns('t1', abort.signal);
    // marked, so the view shows "Loading cancelled" instead of starting the same load again
    assert.equal(store.target('t1')!.runsError?.kind, CANCELLED);
    assert.equal(store.target('t1')!.runsState, 'idle');
    await store.reloadRuns('t1');
    assert.equal(store.target('t1')!.runsError, undefined);
    assert.equal(store.target('t1')!.runs.length, 2);
    // a cancelled refresh of runs already shown is no error
    const again = new AbortController();
    again.abort();
    await store.reloadRuns('t1', again.signal);
    assert.equal(store.target('t1')!.runsError, undefined);
    assert.equal(store.target('t1')!.runsState, 'loaded');
  });

  it('merges a refresh: new runs reported, held run objects kept, extra pages kept', async () => {
    api.runs.t1 = history(5);
    await store.loadTargets();
    await store.ensureRuns('t1');
    await store.loadMoreRuns('t1');
    const entry = store.target('t1')!;
    const held = entry.runs[1];
    api.runs.t1 = [aRun(200_000, [aCase({ result: 'fail' })]), ...history(5)];
    changes = [];
    await store.reloadRuns('t1');
    assert.deepEqual(entry.runs.map((r) => r.createdTime), [200_000, 100_000, 99_000, 98_000, 97_000, 96_000]);
    assert.equal(entry.runs[2], held, 'the same run object stays');
    const withNew = changes.find((c) => c.newRuns && c.newRuns.length > 0);
    assert.deepEqual(withNew?.newRuns?.map((r) => r.createdTime), [200_000]);
  });

  it('polls the latest run with limit 1 without losing loaded runs', async () => {
    api.runs.t1 = history(5);
    await store.loadTargets();
    await store.ensureRuns('t1');
    api.runs.t1 = [aRun(300_000, []), ...history(5)];
    await store.pollLatest('t1');
    assert.equal(api.calls.at(-1), 'runs:t1:1:');
    assert.deepEqual(store.target('t1')!.runs.map((r) => r.createdTime), [300_000, 100_000, 99_000, 98_000]);
    assert.equal(store.target('t1')!.cursor, '3');
  });

  it('marks the first load as initial and later runs as new', async () => {
    api.runs.t1 = history(2);
    await store.loadTargets();
    await store.ensureRuns('t1');
    assert.equal(changes.find((c) => c.newRuns)?.initial, true);
    changes = [];
    api.runs.t1 = [aRun(500_000, []), ...history(2)];
    await store.pollLatest('t1');
    const change = changes.find((c) => c.newRuns && c.newRuns.length > 0);
    assert.equal(change?.initial, false);
    assert.deepEqual(change?.newRuns?.map((r) => r.id), ['500000']);
  });

  it('polls quietly: no change event unless a poll finds a new run or the error changes', async () => {
    api.runs.t1 = history(3);
    await store.loadTargets();
    await store.ensureRuns('t1');
    changes = [];
    await store.pollLatest('t1');
    assert.deepEqual(changes, [], 'nothing new: no event');
    api.failWith = apiError('server', 'HTTP 500');
    await store.pollLatest('t1');
    await store.pollLatest('t1');
    assert.equal(changes.length, 1, 'the same error twice: one event');
    api.failWith = undefined;
    await store.pollLatest('t1');
    assert.equal(changes.length, 2, 'recovery is an event');
    assert.equal(store.target('t1')!.runsError, undefined);
    api.runs.t1 = [aRun(900_000, []), ...history(3)];
    await store.pollLatest('t1');
    assert.deepEqual((changes as StoreChange[]).at(-1)?.newRuns?.map((r) => r.id), ['900000']);
  });

  it('does not let a poll (limit 1) stand in for a full reload running at the same time', async () => {
    api.runs.t1 = history(5);
    await store.loadTargets();
    await store.ensureRuns('t1');
    api.calls = [];
    await Promise.all([store.pollLatest('t1'), store.reloadRuns('t1')]);
    assert.deepEqual(api.calls.sort(), ['runs:t1:1:', 'runs:t1:3:']);
    assert.equal(store.target('t1')!.runs.length, 3);
  });

  it('round-trips a cache snapshot, bounded in size, and replaces it on refresh', async () => {
    api.runs.t1 = history(2);
    api.runs.t2 = [aRun(5, manyCases(CACHE_MAX_CASES + 1, 3))];
    await store.loadTargets();
    await store.ensureRuns('t1');
    await store.ensureRuns('t2');
    const snapshot = JSON.parse(JSON.stringify(store.snapshot('https://api')));
    assert.equal(snapshot.runs.t1.length, 1, 'only the latest run is cached');
    assert.equal(snapshot.runs.t2, undefined, 'a run over the case budget is not cached');
    assert.equal(JSON.stringify(snapshot).includes('token'), false);

    const fresh = new ResultsStore({ api, runsPerPage: () => 3 });
    assert.equal(fresh.restore(snapshot, 'https://other'), false, 'a cache of another API is ignored');
    assert.equal(fresh.restore({ version: 1, apiUrl: 'https://api', targets: [{ id: 1 }], runs: {} }, 'https://api'), false);
    assert.equal(fresh.restore(snapshot, 'https://api'), true);
    assert.equal(fresh.targetsFromCache, true);
    assert.equal(fresh.target('t1')!.runs[0].createdTime, 100_000);
    assert.equal(fresh.model(fresh.target('t1')!.runs[0]).counts.pass, 1);
    await fresh.refresh();
    assert.equal(fresh.targetsFromCache, false);
    assert.equal(fresh.target('t1')!.fromCache, false);
    assert.equal(fresh.target('t1')!.runs.length, 2);
  });

  it('forgets everything on reset, and ignores loads started before it', async () => {
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    const loading = store.loadTargets();
    store.reset();
    open();
    await loading;
    assert.equal(store.targets.length, 0);
  });

  it('groups a run once', async () => {
    const run = aRun(1, [aCase({ suite: 'S', result: 'fail' })]);
    assert.equal(store.model(run), store.model(run));
    assert.equal(store.model(run).counts.fail, 1);
  });
});
