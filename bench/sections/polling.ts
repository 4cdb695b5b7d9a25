import * as fs from 'node:fs';
import http from 'node:http';
import * as path from 'node:path';
import { endpointUrl } from '../../src/api/url';
import { generateData } from '../../test/server/data';
import { startServer } from '../../test/server/server';
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

/**
 * Bytes per hour of polling one default target (a poll a minute, focused; one new run in the
 * hour), counted by the server (body bytes sent, after compression), for each server behaviour:
 * today's (neither), compression, validators (ETag / Last-Modified → 304), both. The client is
 * the same in every row: it asks for gzip and sends conditional requests when it can.
 */
async function bytesPerHour(): Promise<Record<string, Record<string, number>>> {
  const polls = 60;
  const configs = [
    { name: 'today (neither)', compression: false, validators: false },
    { name: 'compression', compression: true, validators: false },
    { name: 'validators (304)', compression: false, validators: true },
    { name: 'both', compression: true, validators: true },
  ];
  const out: Record<string, Record<string, number>> = {};
  line(`   bytes per hour (server's count of body bytes sent; ${polls} polls, one new run in the hour):`);
  line(`     ${'cases'.padEnd(8)}${configs.map((c) => c.name.padStart(20)).join('')}`);
  for (const cases of [500, 20_000]) {
    const row: Record<string, number> = {};
    const data = generateData({ seed: 11, targets: 1, runsPerTarget: 2, casesPerRun: cases, suites: 20, failRate: 0.05 });
    const id = String(data.targets[0].id);
    const runs = data.runsByTarget[id];
    for (const config of configs) {
      const server = await startServer({ token: BENCH_TOKEN, data, compression: config.compression, validators: config.validators });
      try {
        const store = makeStore(makeClient(server.url), [{ id, name: `poll ${cases}` }]);
        await store.loadTargets();
        await store.ensureRuns(id);
        server.requests.clear();
        for (let i = 0; i < polls; i++) {
          if (i === polls / 2) {
            runs.unshift({ ...runs[0], id: `new-${cases}`, created_time: Number(runs[0].created_time) + 60_000 });
          }
          await store.pollLatest(id);
          gc();
        }
        row[config.name] = server.requests.totals.bytes;
      } finally {
        if (runs[0].id === `new-${cases}`) runs.shift();
        await server.close();
      }
    }
    out[String(cases)] = row;
    line(`     ${String(cases).padEnd(8)}${configs.map((c) => `${bytes(row[c.name])}/h`.padStart(20)).join('')}`);
  }
  return out;
}
