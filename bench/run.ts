// npm run bench [-- --quick] [-- --json FILE] [-- --only pipeline,tree,paging,memory,startup,polling,testing] [-- --package]
//
// Plain Node against the local Tesults server (test/server) on loopback, in a child process.
// Prints min / median / max of the measured runs (after warm-up runs) and ratios against a
// floor measured in the same run. There are no timing assertions: "goal missed" is printed,
// and the exit code is non-zero only when the bench cannot run. See BENCHMARKS.md.
import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import fetch from 'node-fetch';
import { TesultsClient } from '../src/api/client';
import { parseRunsResponse } from '../src/api/parse';
import { endpointUrl } from '../src/api/url';
import type { RunsPage, Target } from '../src/model/types';
import { ResultsStore } from '../src/store/store';
import { BENCH_TOKEN, PAGED_RUNS, TARGETS_PAGE_SIZE, type BenchTargets } from './server';
import { bytes, fmtStat, gc, goal, hasGc, measure, round, sink, stat, type Stat } from './stats';
import { makeContext, registerVscodeStub, stubState } from './vscode-stub';
import { benchTestingLocate } from './testing-locate';

const ROOT = path.resolve(__dirname, '..');
const SECTIONS = ['pipeline', 'tree', 'paging', 'memory', 'startup', 'polling', 'testing'] as const;
type Section = (typeof SECTIONS)[number];

interface Args {
  quick: boolean;
  json?: string;
  only: Set<Section>;
  packageVsix: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: new Set(SECTIONS), packageVsix: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--package') args.packageVsix = true;
    else if (a === '--json') {
      const f = argv[++i];
      if (!f) throw new Error('--json needs a file name');
      args.json = f;
    } else if (a === '--only') {
      const list = (argv[++i] ?? '').split(',').filter(Boolean);
      for (const s of list) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(', ')})`);
      args.only = new Set(list as Section[]);
    } else throw new Error(`unknown argument ${a}\nusage: npm run bench -- [--quick] [--json FILE] [--only ${SECTIONS.join(',')}] [--package]`);
  }
  return args;
}

// ---- the server (child process) ---------------------------------------------------------------

interface BenchServer {
  url: string;
  targets: BenchTargets;
  /** Requests by path since the last clear. */
  counts(): Promise<Record<string, number>>;
  entries(): Promise<Array<{ path: string; query: Record<string, string> }>>;
  clear(): Promise<void>;
  close(): void;
}

async function startBenchServer(): Promise<BenchServer> {
  const child: ChildProcess = fork(path.join(__dirname, 'server.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, (m: Record<string, unknown>) => void>();
  const ready = new Promise<{ url: string; targets: BenchTargets }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bench server exited (code ${code})`)));
    child.on('message', (m: Record<string, unknown>) => {
      if (m.ready) resolve(m as unknown as { url: string; targets: BenchTargets });
      else if (typeof m.id === 'number') {
        pending.get(m.id)?.(m);
        pending.delete(m.id);
      }
    });
  });
  const ask = (cmd: string): Promise<Record<string, unknown>> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ cmd, id });
    });
  const { url, targets } = await ready;
  return {
    url,
    targets,
    counts: async () => (await ask('requests')).counts as Record<string, number>,
    entries: async () => (await ask('requests')).entries as Array<{ path: string; query: Record<string, string> }>,
    clear: async () => void (await ask('clear')),
    close: () => {
      child.removeAllListeners('exit');
      child.disconnect();
      setTimeout(() => child.kill(), 2000).unref();
    },
  };
}

// ---- shared helpers ---------------------------------------------------------------------------

const USER_AGENT = 'tesults-vscode-bench';

function makeClient(url: string): TesultsClient {
  return new TesultsClient({
    apiUrl: url,
    getToken: async () => BENCH_TOKEN,
    timeoutMs: 120_000,
    userAgent: USER_AGENT,
    retry: { maxAttempts: 1 },
    log: () => undefined,
  });
}

/** A store over the real client; the target list is given (loading it is not what is measured). */
function makeStore(client: TesultsClient, targets: Target[], runsPerPage = 10): ResultsStore {
  return new ResultsStore({
    source: {
      listTargets: async () => targets,
      fetchRuns: (targetId, opts): Promise<RunsPage> => client.fetchRuns(targetId, opts),
    },
    runsPerPage: () => runsPerPage,
  });
}

function resultsUrl(base: string, target: string, limit: number): string {
  return endpointUrl(new URL(base), 'results', { target, limit }).href;
}

/** The floor: node-fetch GET of the URL + JSON.parse of the body (same headers as the client). */
async function floorLoad(href: string): Promise<{ json: unknown; size: number }> {
  const res = await fetch(href, { headers: { Authorization: `Bearer ${BENCH_TOKEN}`, Accept: 'application/json', 'User-Agent': USER_AGENT } });
  const text = await res.text();
  return { json: JSON.parse(text), size: Buffer.byteLength(text) };
}

function statJson(s: Stat): Record<string, number> {
  return { n: s.n, min: round(s.min, 3), median: round(s.median, 3), max: round(s.max, 3) };
}

function line(s = ''): void {
  process.stdout.write(`${s}\n`);
}

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

async function benchPipeline(server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
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

// ---- 2. tree expansion ------------------------------------------------------------------------

async function benchTree(server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
  line('2. Tree expansion: ResultsTreeProvider.getChildren + getTreeItem of every child (stand-in `vscode` module)');
  registerVscodeStub();
  // Loaded only now, after `vscode` resolves to the stand-in.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ResultsTreeProvider } = require('../src/vscode/tree') as typeof import('../src/vscode/tree');
  const client = makeClient(server.url);
  const t20 = { id: server.targets.run20k, name: '20k' };
  const t5 = { id: server.targets.suite5k, name: 'suite 5k' };
  const store = makeStore(client, [t20, t5]);
  await store.loadTargets();
  await store.ensureRuns(t20.id);
  await store.ensureRuns(t5.id);
  const tree = new ResultsTreeProvider(store, { isDefaultTarget: () => false, onlyFailures: () => false, loadRuns: () => undefined });
  const warmup = a.quick ? 2 : 5;
  const runs = a.quick ? 9 : 25;
  const expand = (node: Parameters<typeof tree.getChildren>[0]): number => {
    const children = tree.getChildren(node);
    for (const c of children) sink.push(tree.getTreeItem(c));
    const n = children.length;
    sink.length = 0;
    return n;
  };

  // Run → its suites. The run's model is what the store built at load time (as in the extension).
  const run20 = store.target(t20.id)!.runs[0];
  const runNode = tree.runNode(t20.id, run20);
  let suites = 0;
  const runTimes = await measure(warmup, runs, () => {
    suites = expand(runNode);
  }, gc);

  // Suite → its cases, first expansion: a run freshly parsed and grouped (untimed) each time, as
  // at load time, so the timed part is what the first expansion does: make the suite's case
  // objects, sort them, build the run's case keys, make the nodes and their items.
  const json5 = (await floorLoad(resultsUrl(server.url, t5.id, 1))).json;
  let cases = 0;
  let suiteNode: ReturnType<typeof tree.nodeForSuite> | undefined;
  const suiteTimes = await measure(
    warmup,
    runs,
    () => {
      cases = expand(suiteNode);
    },
    () => {
      const fresh = parseRunsResponse(json5).runs[0];
      const model = store.model(fresh);
      suiteNode = tree.nodeForSuite(t5.id, fresh, model.suites[0]);
      gc();
    },
  );
  // Again, sorted already (a later expansion).
  const againTimes = await measure(warmup, runs, () => {
    cases = expand(suiteNode);
  }, gc);
  tree.dispose();
  const sr = stat(runTimes);
  const ss = stat(suiteTimes);
  const sa = stat(againTimes);
  line(`   20,000-case run → ${suites} suites:           ${fmtStat(sr)}   goal < 20 ms: ${goal(sr.median < 20)}`);
  line(`   5,000-case suite → ${cases} cases (first):    ${fmtStat(ss)}   goal < 20 ms: ${goal(ss.median < 20)}`);
  line(`   5,000-case suite again (sorted already):   ${fmtStat(sa)}`);
  line(`   (${runs} runs after ${warmup} warm-up each)`);
  out.tree = {
    runSuites: { suites, ...statJson(sr), goalMs: 20, met: sr.median < 20 },
    suiteCasesFirst: { cases, ...statJson(ss), goalMs: 20, met: ss.median < 20 },
    suiteCasesAgain: { cases, ...statJson(sa) },
  };
  line();
}

// ---- 3. paging --------------------------------------------------------------------------------

async function benchPaging(server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
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
    const store = new ResultsStore({ source: client, runsPerPage: () => 10 });
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

async function benchMemory(server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
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

// ---- 5. start-up ------------------------------------------------------------------------------

interface NetCounter {
  count: number;
  counting: boolean;
  restore(): void;
}

/** Counts http/https requests, net/tls connections and fetch calls while `counting` is set. */
function countNetwork(): NetCounter {
  const counter: NetCounter = { count: 0, counting: false, restore: () => undefined };
  const undo: Array<() => void> = [];
  const wrap = <T extends object>(obj: T, key: string): void => {
    const o = obj as Record<string, unknown>;
    const original = o[key] as (...args: unknown[]) => unknown;
    if (typeof original !== 'function') return;
    o[key] = function (this: unknown, ...args: unknown[]) {
      if (counter.counting) counter.count++;
      return original.apply(this, args);
    };
    undo.push(() => {
      o[key] = original;
    });
  };
  wrap(http, 'request');
  wrap(http, 'get');
  wrap(https, 'request');
  wrap(https, 'get');
  wrap(net, 'connect');
  wrap(net, 'createConnection');
  wrap(tls, 'connect');
  wrap(globalThis, 'fetch');
  counter.restore = () => undo.forEach((f) => f());
  return counter;
}

async function benchStartup(_server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
  line('5. Start-up: bundle size, .vsix size, require + activate() with a stand-in `vscode`');
  const result: Record<string, unknown> = {};
  out.startup = result;
  try {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
  } catch (e) {
    const msg = (e as { stderr?: Buffer }).stderr?.toString().trim() || String(e);
    line(`   the build failed (node esbuild.mjs); start-up not measured:\n${msg.split('\n').slice(0, 10).map((l) => `     ${l}`).join('\n')}`);
    result.error = 'build failed';
    line();
    return;
  }
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  const bundleBytes = fs.statSync(bundle).size;
  result.bundleBytes = bundleBytes;
  line(`   dist/extension.js: ${bytes(bundleBytes)} (${bundleBytes} bytes, minified)`);

  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const vsixName = `${String(pkg.name)}-${String(pkg.version)}.vsix`;
  const vsix = path.join(ROOT, vsixName);
  if (a.packageVsix) {
    try {
      // the same command as a release (one place for vsce's flags)
      execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      const err = e as { stderr?: Buffer; stdout?: Buffer };
      const why = `${String(err.stderr ?? '')}\n${String(err.stdout ?? '')}`.split('\n').find((l) => /error/i.test(l)) ?? String(e);
      line(`   npm run package failed: ${why.trim()}`);
    }
  }
  if (fs.existsSync(vsix)) {
    const st = fs.statSync(vsix);
    result.vsixBytes = st.size;
    const stale = st.mtimeMs < fs.statSync(bundle).mtimeMs - 60_000;
    line(`   ${vsixName}: ${bytes(st.size)} (${st.size} bytes; built ${st.mtime.toISOString()}${stale ? ', older than the bundle: rebuild with --package' : ''})`);
  } else {
    result.vsixBytes = null;
    line(`   ${vsixName}: not built (npm run package, or npm run bench -- --package)`);
  }

  registerVscodeStub();
  const counter = countNetwork();
  const warmup = a.quick ? 2 : 5;
  const runs = a.quick ? 9 : 25;
  const requireTimes: number[] = [];
  const activateTimes: number[] = [];
  const totalTimes: number[] = [];
  let network = 0;
  let commands = 0;
  try {
    for (let i = 0; i < warmup + runs; i++) {
      delete require.cache[bundle];
      stubState.commands.clear();
      const context = makeContext(pkg);
      gc();
      counter.count = 0;
      counter.counting = true;
      const t0 = performance.now();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ext = require(bundle) as { activate(c: unknown): unknown; deactivate?(): unknown };
      const t1 = performance.now();
      await ext.activate(context);
      const t2 = performance.now();
      // Whatever activate started asynchronously (token lookup, cache restore) gets 100 ms to show.
      await new Promise((r) => setTimeout(r, a.quick ? 20 : 100));
      counter.counting = false;
      network = Math.max(network, counter.count);
      commands = stubState.commands.size;
      for (const d of context.subscriptions.splice(0)) {
        try {
          d.dispose();
        } catch {
          // a stand-in object may not dispose cleanly; not measured
        }
      }
      await ext.deactivate?.();
      if (i >= warmup) {
        requireTimes.push(t1 - t0);
        activateTimes.push(t2 - t1);
        totalTimes.push(t2 - t0);
      }
    }
  } catch (e) {
    line(`   activate failed with the stand-in vscode module: ${e instanceof Error ? e.stack : String(e)}`);
    result.error = 'activate failed';
    counter.restore();
    line();
    return;
  }
  counter.restore();
  const sq = stat(requireTimes);
  const sa = stat(activateTimes);
  const stt = stat(totalTimes);
  line(`   require(bundle):      ${fmtStat(sq)}`);
  line(`   activate():           ${fmtStat(sa)}`);
  line(`   require + activate:   ${fmtStat(stt)}   goal < 15 ms: ${goal(stt.median < 15)}`);
  line(`   network calls during activate (+ the next ${a.quick ? 20 : 100} ms): ${network} (must be 0) ${network === 0 ? 'ok' : 'NETWORK AT START-UP'}; ${commands} commands registered`);
  line(`   (${runs} runs after ${warmup} warm-up; fresh require each run)`);
  Object.assign(result, {
    require: statJson(sq),
    activate: statJson(sa),
    total: { ...statJson(stt), goalMs: 15, met: stt.median < 15 },
    networkCalls: network,
    commandsRegistered: commands,
  });
  line();
}

// ---- 6. polling -------------------------------------------------------------------------------

interface SchedulerLike {
  requests: number;
  running: number;
  start(): void;
  setFocused(focused: boolean): void;
  dispose(): void;
}

class FakeClock {
  t = 0;
  private nextId = 1;
  private timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Runs every timer due up to `end`, in order, letting real I/O finish after each (`settle`). */
  async advanceTo(end: number, settle: () => Promise<void>): Promise<void> {
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
      await settle();
    }
    this.t = end;
  }
}

/** Request + response bytes on the wire for one GET (headers as node-fetch sends them, approx.). */
function wireBytes(href: string): Promise<{ body: number; responseHeaders: number; requestHeaders: number }> {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${BENCH_TOKEN}`, Accept: 'application/json', 'User-Agent': USER_AGENT, 'Accept-Encoding': 'gzip,deflate' };
    const u = new URL(href);
    const req = http.get(u, { headers }, (res) => {
      let body = 0;
      res.on('data', (c: Buffer) => (body += c.length));
      res.on('end', () => {
        let responseHeaders = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
        for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders += res.rawHeaders[i].length + 2 + Buffer.byteLength(res.rawHeaders[i + 1]) + 2;
        let requestHeaders = `GET ${u.pathname}${u.search} HTTP/1.1\r\n`.length + `Host: ${u.host}\r\n`.length + 'Connection: keep-alive\r\n'.length + 2;
        for (const [k, v] of Object.entries(headers)) requestHeaders += k.length + 2 + v.length + 2;
        resolve({ body, responseHeaders, requestHeaders });
      });
    });
    req.on('error', reject);
  });
}

async function benchPolling(server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
  const intervalS = 60;
  line(`6. Polling cost: one default target (500-case runs), default interval ${intervalS} s`);
  const client = makeClient(server.url);
  const id = server.targets.poll500;
  const store = makeStore(client, [{ id, name: 'poll 500' }]);
  await store.loadTargets();
  await store.ensureRuns(id);

  // One real poll: which request, how long.
  await server.clear();
  await store.pollLatest(id);
  const entries = (await server.entries()).filter((e) => e.path === '/api/results');
  const perPoll = entries.length;
  const q = entries[0]?.query ?? {};
  const href = endpointUrl(new URL(server.url), 'results', q).href;
  const wire = await wireBytes(href);
  const pollTimes = await measure(a.quick ? 1 : 3, a.quick ? 7 : 15, () => store.pollLatest(id), gc);
  const sp = stat(pollTimes);
  const perHour = (3600 / intervalS) * perPoll;
  const onWire = wire.body + wire.responseHeaders + wire.requestHeaders;
  line(`   one poll (store.pollLatest): ${perPoll} request (${Object.entries(q).map(([k, v]) => `${k}=${k === 'target' ? '…' : v}`).join('&')}), body ${bytes(wire.body)}, ≈ ${bytes(onWire)} with HTTP headers; time ${fmtStat(sp)}`);
  line(`   focused, computed: ${perHour} requests/hour, body ${bytes(perHour * wire.body)}/hour (≈ ${bytes(perHour * onWire)} on the wire, uncompressed)`);

  // The PollScheduler (src/store/poller.ts), when present, driven by a fake clock.
  const result: Record<string, unknown> = {
    intervalSeconds: intervalS,
    requestsPerPoll: perPoll,
    bodyBytesPerPoll: wire.body,
    wireBytesPerPoll: onWire,
    pollTime: statJson(sp),
    computed: { requestsPerHour: perHour, bodyBytesPerHour: perHour * wire.body, wireBytesPerHour: perHour * onWire },
  };
  let poller: { PollScheduler: new (o: unknown) => SchedulerLike; storePoll: (s: unknown) => unknown } | undefined;
  if (fs.existsSync(path.join(ROOT, 'src', 'store', 'poller.ts'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    poller = require('../src/store/poller') as typeof poller;
  }
  if (!poller?.PollScheduler) {
    line('   src/store/poller.ts (PollScheduler) not present: simulated hours not run');
    result.scheduler = null;
  } else {
    const clock = new FakeClock();
    const scheduler = new poller.PollScheduler({
      intervalMs: () => intervalS * 1000,
      poll: poller.storePoll(store),
      targets: () => [id],
      clock,
    });
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 10_000 && scheduler.running > 0; i++) await new Promise((r) => setTimeout(r, 1));
    };
    const hour = 3_600_000;
    await server.clear();
    scheduler.start();
    await clock.advanceTo(hour, settle);
    const focusedCalls = scheduler.requests;
    const focusedRequests = (await server.counts())['/api/results'] ?? 0;
    await server.clear();
    scheduler.setFocused(false);
    await clock.advanceTo(2 * hour, settle);
    const unfocusedCalls = scheduler.requests - focusedCalls;
    const unfocusedRequests = (await server.counts())['/api/results'] ?? 0;
    await server.clear();
    scheduler.setFocused(true);
    await settle();
    const onFocusRequests = (await server.counts())['/api/results'] ?? 0;
    scheduler.dispose();
    line(`   PollScheduler, fake clock, 1 h focused:   ${focusedCalls} polls, ${focusedRequests} requests to the server (${bytes(focusedRequests * wire.body)} of bodies)`);
    line(`   PollScheduler, fake clock, 1 h unfocused: ${unfocusedCalls} polls, ${unfocusedRequests} requests ${unfocusedRequests === 0 && unfocusedCalls === 0 ? 'ok' : 'POLLS WHILE UNFOCUSED'}`);
    line(`   on focus again: ${onFocusRequests} request at once`);
    result.scheduler = { focusedHour: { polls: focusedCalls, requests: focusedRequests }, unfocusedHour: { polls: unfocusedCalls, requests: unfocusedRequests }, onFocus: onFocusRequests };
  }
  out.polling = result;
  line();
}

// ---- main -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const cpus = os.cpus();
  const machine = {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
  const date = new Date().toISOString();
  line(`Tesults for VS Code — benchmark ${args.quick ? '(quick) ' : ''}${date}`);
  line(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGB} GB, node ${machine.node}, ${machine.platform}`);
  if (!hasGc()) line('warning: run with node --expose-gc (npm run bench) for stable figures; memory is skipped');
  const t0 = performance.now();
  const server = await startBenchServer();
  line(`server: ${server.url} (child process), ${server.targets.total} targets`);
  line();
  const out: Record<string, unknown> = { date, machine, quick: args.quick, server: { targets: server.targets.total, targetsPageSize: TARGETS_PAGE_SIZE } };
  const benches: Record<Section, (s: BenchServer, a: Args, o: Record<string, unknown>) => Promise<void>> = {
    pipeline: benchPipeline,
    tree: benchTree,
    paging: benchPaging,
    memory: benchMemory,
    startup: benchStartup,
    polling: benchPolling,
    testing: (_server, a, o) => benchTestingLocate(a.quick, o),
  };
  try {
    for (const s of SECTIONS) if (args.only.has(s)) await benches[s](server, args, out);
  } finally {
    server.close();
  }
  const total = (performance.now() - t0) / 1000;
  out.durationSeconds = round(total, 1);
  line(`done in ${total.toFixed(1)} s`);
  if (args.json) {
    fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
    fs.writeFileSync(args.json, JSON.stringify(out, null, 2) + '\n');
    line(`figures written to ${args.json}`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench could not run: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
