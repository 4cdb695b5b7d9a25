import { performance } from 'node:perf_hooks';
import type { TesultsClient } from '../../src/api/client';
import type { Target } from '../../src/model/types';
import { type Args, floorLoad, line, makeClient, makeStore, resultsUrl, statJson } from '../common';
import type { BenchServer } from '../server-process';
import { bytes, fmtStat, gc, goal, round, stat } from '../stats';

// ---- 1. load pipeline -------------------------------------------------------------------------

let lastPayload = 0;
let lastSuites = 0;

/**
 * Before each timed load: collect garbage, then wait a moment so the collector's background
 * threads and the server process (its own collection after the last answer) are idle. On two
 * cores either would otherwise take CPU from whichever measurement comes next.
 */
async function settle(): Promise<void> {
  gc();
  await new Promise((r) => setTimeout(r, 40));
}

/** One timed load through the store; returns ms. */
async function oursOnce(client: TesultsClient, target: Target, cases: number): Promise<number> {
  const store = makeStore(client, [target]);
  await store.loadTargets();
  await settle();
  const t0 = performance.now();
  await store.ensureRuns(target.id);
  const run = store.target(target.id)?.runs[0];
  if (!run) throw new Error(`no run loaded for ${target.name}: ${store.target(target.id)?.runsError?.message ?? '?'}`);
  const model = store.model(run);
  const t = performance.now() - t0;
  if (model.counts.total !== cases) throw new Error(`expected ${cases} cases, got ${model.counts.total}`);
  lastSuites = model.suites.length;
  return t;
}

/** One timed floor load (fetch + JSON.parse); returns ms. */
async function floorOnce(href: string): Promise<number> {
  await settle();
  const t0 = performance.now();
  const r = await floorLoad(href);
  const t = performance.now() - t0;
  lastPayload = r.size;
  return t;
}

export async function benchPipeline(server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
  line('1. Load pipeline: "load the latest run of target T" → store ready for the tree');
  line('   ours  = store.ensureRuns(T) + store.model(latest run)   (real TesultsClient: fetch, parse, normalise, group, counts)');
  line('   floor = node-fetch GET of the same URL + JSON.parse      (alternating with ours, same server, same bytes)');
  const client = makeClient(server.url);
  const results: Record<string, unknown> = {};
  for (const [label, id, cases] of [
    ['20k', server.targets.run20k, 20_000],
    ['100k', server.targets.run100k, 100_000],
  ] as const) {
    const target: Target = { id, name: label };
    const href = resultsUrl(server.url, id, 10);
    const warmup = a.quick ? 1 : 3;
    // Medians of this many pairs are stable to a few percent on a noisy 2-core VM.
    const runs = a.quick ? 7 : 21;
    const ours: number[] = [];
    const floor: number[] = [];
    const pairs: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      // Each measurement in its own call: nothing of one iteration stays reachable in the next.
      let o = 0;
      let f = 0;
      if (i % 2 === 0) {
        o = await oursOnce(client, target, cases);
        f = await floorOnce(href);
      } else {
        f = await floorOnce(href);
        o = await oursOnce(client, target, cases);
      }
      if (i >= warmup) {
        ours.push(o);
        floor.push(f);
        pairs.push(o / f);
      }
    }
    const payload = lastPayload;
    const suites = lastSuites;
    const so = stat(ours);
    const sf = stat(floor);
    const ratio = so.median / sf.median;
    line(`   ${label} cases (${bytes(payload)} JSON, ${suites} suites), ${runs} runs after ${warmup} warm-up:`);
    line(`     ours   ${fmtStat(so)}`);
    line(`     floor  ${fmtStat(sf)}`);
    const paired = stat(pairs).median;
    const ofMins = so.min / sf.min;
    line(`     ratio ours/floor (medians) ${ratio.toFixed(2)}   goal ≤ 1.15: ${goal(ratio <= 1.15)}`);
    line(`     (for noise: median of the ${pairs.length} back-to-back pair ratios ${paired.toFixed(2)}, ratio of the minimums ${ofMins.toFixed(2)})`);
    results[label] = {
      cases,
      payloadBytes: payload,
      suites,
      ours: statJson(so),
      floor: statJson(sf),
      ratio: round(ratio, 3),
      pairedRatio: round(paired, 3),
      ratioOfMins: round(ofMins, 3),
      goal: 1.15,
      met: ratio <= 1.15,
    };
  }
  out.pipeline = results;
  line();
}
