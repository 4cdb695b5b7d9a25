import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { endpointUrl } from '../../src/api/url';
import { generateData, type RawRun, type ServerData } from '../../test/server/data';
import { type Args, line, makeClient, makeStore, ROOT, statJson, USER_AGENT } from '../common';
import { BENCH_TOKEN } from '../server';
import type { BenchServer } from '../server-process';
import { bytes, fmtStat, gc, measure, stat } from '../stats';

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

export async function benchPolling(server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
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
    poller = require('../../src/store/poller') as typeof poller;
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
  result.bytesPerHour = await bytesPerHour();
  out.polling = result;
  line();
}

/** The local Tesults server's command line (test/server/cli.ts) in a child process, serving `dataFile`. */
interface CliServer {
  url: string;
  /** Body bytes the server has sent so far (after compression; 0 for a 304), from `GET /__control/requests`. */
  bytesSent(): Promise<number>;
  /** Adds a run at the top of a target (`POST /__control/runs`). */
  pushRun(target: string, run: RawRun): Promise<void>;
  close(): Promise<void>;
}

async function startCliServer(dataFile: string, options: { compression: boolean; validators: boolean }): Promise<CliServer> {
  const onOff = (v: boolean): string => (v ? 'on' : 'off');
  const args = ['--import', 'tsx', path.join(ROOT, 'test', 'server', 'cli.ts'), '--port', '0', '--token', BENCH_TOKEN, '--data', dataFile];
  args.push('--compression', onOff(options.compression), '--validators', onOff(options.validators));
  // Its one line on stderr per start would break up the table.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /TESULTS_SERVER_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`the test server exited (code ${code})`)));
  });
  const origin = new URL(url).origin;
  return {
    url,
    bytesSent: async () => ((await (await fetch(`${origin}/__control/requests`)).json()) as { totals: { bytes: number } }).totals.bytes,
    pushRun: async (target, run) => {
      const res = await fetch(`${origin}/__control/runs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ target, run }) });
      if (!res.ok) throw new Error(`POST /__control/runs: ${res.status} ${await res.text()}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const POLLS_PER_HOUR = 60;
/** The poll (0-based) before which the hour's one new run arrives. */
const NEW_RUN_AT = POLLS_PER_HOUR / 2;

/**
 * The hour from four polls: the first after the load, one with nothing new, the one that finds the
 * new run, one with nothing new after it. Every poll with nothing new costs the same (the same
 * answer, the same validators), so the other 56 are copies of those two.
 */
function hourFromFourPolls(b: readonly number[]): number {
  return b[0] + (NEW_RUN_AT - 1) * b[1] + b[2] + (POLLS_PER_HOUR - NEW_RUN_AT - 1) * b[3];
}

/**
 * Bytes per hour of polling one default target (a poll a minute, focused; one new run in the
 * hour), counted by the test server (body bytes sent, after compression) run from its command line
 * with `--compression` and `--validators` on or off: as before (neither), compression, validators
 * (ETag / Last-Modified → 304), both. The client is the same in every column: it asks for gzip and
 * sends conditional requests when it can. 500 cases: all 60 polls; 20,000 cases: the four polls of
 * `hourFromFourPolls` (a poll of 6 MB costs a second here), the 500-case row checks that formula.
 */
async function bytesPerHour(): Promise<Record<string, unknown>> {
  const configs = [
    { name: 'neither (as before)', compression: false, validators: false },
    { name: 'compression', compression: true, validators: false },
    { name: 'validators (304)', compression: false, validators: true },
    { name: 'both', compression: true, validators: true },
  ];
  const sizes = [500, 20_000];
  const out: Record<string, unknown> = { pollsPerHour: POLLS_PER_HOUR, newRunAtPoll: NEW_RUN_AT };
  const started = Date.now();
  // One data file, one target per size: one server start per configuration.
  const data: ServerData = { targets: [], runsByTarget: {} };
  const targets = sizes.map((cases, i) => {
    const one = generateData({ seed: 11 + i, targets: 1, runsPerTarget: 2, casesPerRun: cases, suites: 20, failRate: 0.05 });
    const id = `poll-${cases}-${one.targets[0].id}`;
    data.targets.push({ ...one.targets[0], id, name: `poll ${cases}` });
    data.runsByTarget[id] = one.runsByTarget[one.targets[0].id];
    return { cases, id, newest: data.runsByTarget[id][0] };
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tesults-bench-polling-'));
  const dataFile = path.join(dir, 'data.json');
  fs.writeFileSync(dataFile, JSON.stringify(data));
  const rows: Record<string, Record<string, number>> = Object.fromEntries(sizes.map((n) => [String(n), {}]));
  const checks: string[] = [];
  try {
    for (const config of configs) {
      const server = await startCliServer(dataFile, config);
      try {
        for (const { cases, id, newest } of targets) {
          const allPolls = cases <= 500;
          const store = makeStore(makeClient(server.url), [{ id, name: `poll ${cases}` }]);
          await store.loadTargets();
          await store.ensureRuns(id);
          const polled: number[] = [];
          let sent = await server.bytesSent();
          const steps = allPolls ? POLLS_PER_HOUR : 4;
          for (let i = 0; i < steps; i++) {
            if (i === (allPolls ? NEW_RUN_AT : 2)) await server.pushRun(id, { ...newest, id: `new-${cases}`, created_time: Number(newest.created_time) + 60_000 });
            await store.pollLatest(id);
            const now = await server.bytesSent();
            polled.push(now - sent);
            sent = now;
          }
          // Bytes do not depend on the heap: one collection per target, not per poll (a full GC of a
          // heap holding 20,000-case runs is most of the time otherwise).
          gc();
          const four = allPolls ? [polled[0], polled[1], polled[NEW_RUN_AT], polled[NEW_RUN_AT + 1]] : polled;
          const hour = allPolls ? polled.reduce((a, b) => a + b, 0) : hourFromFourPolls(four);
          rows[String(cases)][config.name] = hour;
          if (allPolls && hourFromFourPolls(four) !== hour) checks.push(`${config.name}: 60 polls ${hour} B, from four ${hourFromFourPolls(four)} B`);
        }
      } finally {
        await server.close();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (Date.now() - started) / 1000;
  line(`   bytes per hour (body bytes the test server sent, by its /__control/requests; ${POLLS_PER_HOUR} polls, one new run in the hour):`);
  line(`     ${'cases'.padEnd(8)}${configs.map((c) => c.name.padStart(22)).join('')}`);
  for (const cases of sizes) line(`     ${String(cases).padEnd(8)}${configs.map((c) => `${bytes(rows[String(cases)][c.name])}/h`.padStart(22)).join('')}`);
  line(`     issue 13's figures before this work: 8.9 MB/h (500 cases), about 360 MB/h (20,000 cases): the "neither" column`);
  line(`     500 cases: all ${POLLS_PER_HOUR} polls; 20,000: four polls, the hour = first + ${NEW_RUN_AT - 1} × unchanged + new run + ${POLLS_PER_HOUR - NEW_RUN_AT - 1} × unchanged`);
  line(`     that formula on the 500-case polls: ${checks.length === 0 ? 'the same bytes as all 60 polls' : `DIFFERS (${checks.join('; ')})`}; ${seconds.toFixed(1)} s`);
  return { ...out, ...rows, formulaChecked: checks.length === 0, seconds };
}
