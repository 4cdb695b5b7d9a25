import type { TesultsClient } from '../../src/api/client';
import { type Args, floorLoad, line, makeClient, makeStore, resultsUrl } from '../common';
import type { BenchServer } from '../server-process';
import { bytes, gc, goal, hasGc, round, stat } from '../stats';

// ---- 4. memory --------------------------------------------------------------------------------

/** Holds what a memory measurement retains; cleared before and after. */
const held: { value: unknown } = { value: undefined };

/**
 * Heap still used after `load` (full GC before and after), with its result kept reachable.
 * A function of its own so that no earlier result lingers in the caller's suspended frame.
 */
async function retainedBy(load: () => Promise<unknown>): Promise<number> {
  held.value = undefined;
  gc();
  const before = process.memoryUsage().heapUsed;
  held.value = await load();
  gc();
  const after = process.memoryUsage().heapUsed;
  held.value = undefined;
  return after - before;
}

/** Heap used after a full GC. */
function heapAfterGc(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/** The 100,000-case run loaded into a fresh store (with its grouped model), kept by the caller. */
async function loadIntoStore(client: TesultsClient, id: string): Promise<unknown> {
  const store = makeStore(client, [{ id, name: '100k' }]);
  await store.loadTargets();
  await store.ensureRuns(id);
  const run = store.target(id)?.runs[0];
  if (!run) throw new Error('100k run not loaded');
  return { store, model: store.model(run) };
}

export async function benchMemory(server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
  line('4. Memory: retained heap after loading the 100,000-case run, / JSON payload bytes');
  if (!hasGc()) {
    line('   skipped: needs node --expose-gc (npm run bench passes it)');
    out.memory = { skipped: 'no --expose-gc' };
    line();
    return;
  }
  const client = makeClient(server.url);
  const id = server.targets.run100k;
  const href = resultsUrl(server.url, id, 10);
  const reps = a.quick ? 2 : 5;
  const ours: number[] = [];
  const floor: number[] = [];
  let payload = 0;
  let leftover = 0;
  for (let i = 0; i < reps; i++) {
    // What is still used once ours is let go was kept by something else (a listener on a
    // kept-alive socket, a cache): a leak, which would also skew the next measurement.
    const base = heapAfterGc();
    ours.push(await retainedBy(() => loadIntoStore(client, id)));
    leftover = Math.max(leftover, heapAfterGc() - base);
    floor.push(await retainedBy(async () => {
      const r = await floorLoad(href);
      payload = r.size;
      return r.json;
    }));
  }
  gc();
  const mo = stat(ours).median;
  const mf = stat(floor).median;
  const ratio = mo / payload;
  const floorRatio = mf / payload;
  line(`   payload ${bytes(payload)}; median of ${reps}:`);
  line(`     ours (store + grouped model)  ${bytes(mo)}  = ${ratio.toFixed(2)} × payload   goal ≤ 2.5: ${goal(ratio <= 2.5)}`);
  line(`     floor (JSON.parse result)     ${bytes(mf)}  = ${floorRatio.toFixed(2)} × payload   (for context)`);
  const leakOk = leftover < payload / 20;
  line(`     still used after letting ours go (max of ${reps}): ${bytes(Math.max(0, leftover))}   ${leakOk ? 'ok' : 'LEAK: something else keeps the loaded data'}`);
  out.memory = {
    leftoverBytes: Math.round(leftover),
    leakOk,
    payloadBytes: payload,
    oursBytes: Math.round(mo),
    floorBytes: Math.round(mf),
    ratio: round(ratio, 3),
    floorRatio: round(floorRatio, 3),
    goal: 2.5,
    met: ratio <= 2.5,
    samples: { ours, floor },
  };
  line();
}
