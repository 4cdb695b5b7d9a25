// The local Tesults server for the benchmark, in a child process (so serving does not share the
// measured process's event loop), started by bench/server-process.ts with `fork`. Talks over IPC:
//   parent → { cmd: 'requests' } → { counts, entries }      (the server's request log)
//   parent → { cmd: 'clear' }    → { ok: true }             (clears the request log)
// On start it sends { ready: true, url, targets: BenchTargets }.
import { generateData, singleRunData, type ServerData } from '../test/server/data';
import { startServer } from '../test/server/server';

export interface BenchTargets {
  run20k: string;
  run100k: string;
  suite5k: string;
  poll500: string;
  paged: string;
  /** Targets in all (served 100 per page). */
  total: number;
}

export const BENCH_TOKEN = 'bench-token-0123456789';
export const TARGETS_PAGE_SIZE = 100;
export const TOTAL_TARGETS = 1000;
export const PAGED_RUNS = 100;

function add(into: ServerData, from: ServerData, name: string): string {
  const t = from.targets[0];
  const id = `${name}-${t.id}`;
  into.targets.push({ ...t, id, name });
  into.runsByTarget[id] = from.runsByTarget[t.id];
  return id;
}

function benchData(): { data: ServerData; targets: BenchTargets } {
  const data: ServerData = { targets: [], runsByTarget: {} };
  const targets: BenchTargets = {
    run20k: add(data, singleRunData(20_000, 1), 'bench-20k'),
    run100k: add(data, singleRunData(100_000, 2), 'bench-100k'),
    // One suite of exactly 5,000 cases.
    suite5k: add(data, generateData({ seed: 3, targets: 1, runsPerTarget: 1, casesPerRun: 5_000, suites: 1, failRate: 0.05, idStyle: 'uuid' }), 'bench-suite-5k'),
    // A realistic default target: 500 generic cases per run.
    poll500: add(data, generateData({ seed: 4, targets: 1, runsPerTarget: 3, casesPerRun: 500, suites: 8, failRate: 0.05, idStyle: 'uuid' }), 'bench-poll-500'),
    // 100 small runs: 10 pages of 10.
    paged: add(data, generateData({ seed: 5, targets: 1, runsPerTarget: PAGED_RUNS, casesPerRun: 20, suites: 3, failRate: 0.1, idStyle: 'uuid' }), 'bench-paged'),
    total: TOTAL_TARGETS,
  };
  for (let i = data.targets.length; i < TOTAL_TARGETS; i++) data.targets.push({ id: `filler-${i}`, name: `filler target ${i}` });
  return { data, targets };
}

async function main(): Promise<void> {
  const { data, targets } = benchData();
  // Uncompressed, as the figures in BENCHMARKS.md were measured (the server compresses by default).
  const server = await startServer({ token: BENCH_TOKEN, data, pageSizeTargets: TARGETS_PAGE_SIZE, compression: false });
  process.on('message', (m: { cmd?: string; id?: number }) => {
    if (m.cmd === 'requests') process.send?.({ id: m.id, counts: server.requests.counts, entries: server.requests.entries });
    else if (m.cmd === 'clear') {
      server.requests.clear();
      process.send?.({ id: m.id, ok: true });
    }
  });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  process.send?.({ ready: true, url: server.url, targets });
}

if (process.send) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench server: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
