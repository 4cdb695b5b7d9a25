import { performance } from 'node:perf_hooks';
import type { Target } from '../../src/model/types';
import { ResultsStore } from '../../src/store/store';
import { type Args, line, makeClient, makeStore, statJson } from '../common';
import { PAGED_RUNS, TARGETS_PAGE_SIZE } from '../server';
import type { BenchServer } from '../server-process';
import { fmtStat, gc, stat } from '../stats';

// ---- 3. paging --------------------------------------------------------------------------------

export async function benchPaging(server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
  line(`3. Paging (server pages of ${TARGETS_PAGE_SIZE} targets; runs 10 per page)`);
  const client = makeClient(server.url);
  const warmup = a.quick ? 1 : 2;
  const runs = a.quick ? 7 : 11;

  // All targets: store.loadTargets over the real client (listTargets follows the cursor).
  let targetRequests = 0;
  let targetCount = 0;
  let fullTargets: Target[] = [];
  const targetTimes: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const store = new ResultsStore({ api: client, runsPerPage: () => 10 });
    await server.clear();
    gc();
    const t0 = performance.now();
    await store.loadTargets();
    const t = performance.now() - t0;
    if (store.targetsError) throw new Error(`targets: ${store.targetsError.message}`);
    if (i >= warmup) targetTimes.push(t);
    targetRequests = (await server.counts())['/api/targets'] ?? 0;
    targetCount = store.targets.length;
    fullTargets = store.targets.map((e) => e.target);
  }
  const st = stat(targetTimes);
  line(`   all ${targetCount} targets: ${targetRequests} requests (expected ${Math.ceil(server.targets.total / TARGETS_PAGE_SIZE)}), total time ${fmtStat(st)}`);

  // Runs: ensureRuns (page 1) + 9 × loadMoreRuns = 10 pages of 10.
  const paged = server.targets.paged;
  const pagedTarget = fullTargets.find((t) => t.id === paged) ?? { id: paged, name: 'paged' };
  let runRequests = 0;
  let runCount = 0;
  let extraRequests = -1;
  const runTimes: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const store = makeStore(client, [pagedTarget], 10);
    await store.loadTargets();
    await server.clear();
    gc();
    const t0 = performance.now();
    await store.ensureRuns(paged);
    for (let p = 1; p < 10; p++) await store.loadMoreRuns(paged);
    const t = performance.now() - t0;
    if (i >= warmup) runTimes.push(t);
    runRequests = (await server.counts())['/api/results'] ?? 0;
    runCount = store.target(paged)?.runs.length ?? 0;
    // Every run is loaded now: "load more" again must not ask the server.
    await server.clear();
    await store.loadMoreRuns(paged);
    extraRequests = (await server.counts())['/api/results'] ?? 0;
  }
  const sr = stat(runTimes);
  line(`   10 pages of runs (ensureRuns + 9 × loadMoreRuns): ${runCount} of ${PAGED_RUNS} runs, ${runRequests} requests, total time ${fmtStat(sr)}`);

  // No request the user did not need.
  const checks: Array<{ what: string; requests: number; expected: number; ok: boolean }> = [];
  const check = async (what: string, expected: number, act: () => Promise<unknown>): Promise<void> => {
    await server.clear();
    await act();
    const n = (await server.counts())['/api/results'] ?? 0;
    checks.push({ what, requests: n, expected, ok: n === expected });
  };
  const store = makeStore(client, [pagedTarget], 10);
  await store.loadTargets();
  await check('ensureRuns twice concurrently', 1, () => Promise.all([store.ensureRuns(paged), store.ensureRuns(paged)]));
  await check('ensureRuns again once loaded', 0, () => store.ensureRuns(paged));
  await check('loadMoreRuns twice concurrently', 1, () => Promise.all([store.loadMoreRuns(paged), store.loadMoreRuns(paged)]));
  await check('loadMoreRuns after the last page', 0, async () => {
    while (store.target(paged)?.cursor !== undefined) await store.loadMoreRuns(paged);
    await server.clear();
    await store.loadMoreRuns(paged);
  });
  checks.push({ what: 'loadMoreRuns once every run is loaded (timed loop above)', requests: extraRequests, expected: 0, ok: extraRequests === 0 });
  for (const c of checks) line(`   check: ${c.what}: ${c.requests} request${c.requests === 1 ? '' : 's'} (expected ${c.expected}) ${c.ok ? 'ok' : 'UNNEEDED REQUESTS'}`);
  out.paging = {
    targets: { count: targetCount, requests: targetRequests, pageSize: TARGETS_PAGE_SIZE, ...statJson(st) },
    runs: { pages: 10, runs: runCount, requests: runRequests, ...statJson(sr) },
    checks,
  };
  line();
}
