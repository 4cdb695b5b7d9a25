import { strict as assert } from 'node:assert';
import { FOCUS_MIN_GAP_MS, PollScheduler, storePoll, type Clock } from '../../src/store/poller';

/** A manual clock: timers fire only when the test advances time. */
class FakeClock implements Clock {
  time = 1_000_000;
  private seq = 0;
  timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Moves time forward, firing due timers in order (and letting their promises settle). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

interface Harness {
  clock: FakeClock;
  scheduler: PollScheduler;
  calls: Array<{ target: string; at: number; signal: AbortSignal }>;
  setInterval(ms: number): void;
  fail: boolean;
  /** When set, polls wait on this promise before settling. */
  gate?: Promise<void>;
  targets: string[];
  logs: string[];
}

function harness(intervalMs = 60_000, maxBackoffMs = 10 * 60_000): Harness {
  const clock = new FakeClock();
  let interval = intervalMs;
  const h = {
    clock,
    calls: [],
    fail: false,
    targets: ['a'],
    logs: [],
    setInterval: (ms: number) => (interval = ms),
  } as unknown as Harness;
  h.scheduler = new PollScheduler({
    intervalMs: () => interval,
    targets: () => h.targets,
    clock,
    maxBackoffMs,
    log: (line) => h.logs.push(line),
    poll: async (target, signal) => {
      h.calls.push({ target, at: clock.now(), signal });
      await h.gate;
      if (h.fail) throw new Error('network down');
    },
  });
  return h;
}

describe('PollScheduler', () => {
  it('polls every target once per interval', async () => {
    const h = harness(60_000);
    h.targets = ['a', 'b', 'a'];
    h.scheduler.start();
    assert.equal(h.scheduler.nextDueAt, h.clock.time + 60_000);
    await h.clock.advance(59_999);
    assert.equal(h.calls.length, 0);
    await h.clock.advance(1);
    assert.deepEqual(h.calls.map((c) => c.target), ['a', 'b']);
    await h.clock.advance(60_000 * 3);
    assert.equal(h.scheduler.requests, 8);
    assert.equal(h.clock.timers.size, 1);
    h.scheduler.dispose();
    assert.equal(h.clock.timers.size, 0);
  });

  it('interval 0 means no timers at all, and a config change re-arms', async () => {
    const h = harness(0);
    h.scheduler.start();
    assert.equal(h.clock.timers.size, 0);
    assert.equal(h.scheduler.nextDueAt, undefined);
    h.scheduler.setFocused(false);
    h.scheduler.setFocused(true);
    await h.clock.advance(3_600_000);
    assert.equal(h.calls.length, 0);
    assert.equal(h.clock.timers.size, 0);

    h.setInterval(30_000);
    h.scheduler.configChanged();
    assert.equal(h.clock.timers.size, 1);
    await h.clock.advance(0); // the last poll was long ago: due at once
    assert.equal(h.calls.length, 1);
    await h.clock.advance(29_999);
    assert.equal(h.calls.length, 1);
    h.setInterval(0);
    h.scheduler.configChanged();
    assert.equal(h.clock.timers.size, 0);
    await h.clock.advance(3_600_000);
    assert.equal(h.calls.length, 1);
  });

  it('a shorter interval takes effect from the last poll', async () => {
    const h = harness(600_000);
    h.scheduler.start();
    await h.clock.advance(100_000);
    h.setInterval(30_000);
    h.scheduler.configChanged();
    assert.equal(h.scheduler.nextDueAt, h.clock.time); // already due: fires at once
    await h.clock.advance(0);
    assert.equal(h.calls.length, 1);
    assert.equal(h.scheduler.nextDueAt, h.clock.time + 30_000);
  });

  it('pauses while unfocused and resumes with one immediate poll', async () => {
    const h = harness(60_000);
    h.scheduler.start();
    await h.clock.advance(60_000);
    assert.equal(h.calls.length, 1);
    h.scheduler.setFocused(false);
    assert.equal(h.clock.timers.size, 0);
    assert.equal(h.scheduler.nextDueAt, undefined);
    await h.clock.advance(10 * 60_000);
    assert.equal(h.calls.length, 1, 'no polls while unfocused');
    h.scheduler.setFocused(true);
    await h.clock.advance(0);
    assert.equal(h.calls.length, 2, 'exactly one poll on focus');
    assert.equal(h.scheduler.nextDueAt, h.clock.time + 60_000, 'countdown restarts from the focus poll');
    h.scheduler.setFocused(true); // no change: nothing happens
    await h.clock.advance(59_999);
    assert.equal(h.calls.length, 2);
    await h.clock.advance(1);
    assert.equal(h.calls.length, 3);
  });

  it('several windows: only the focused one polls, and focus moving over pauses one and wakes the other', async () => {
    // Each window has its own scheduler; VS Code focuses one window at a time.
    const a = harness(60_000);
    const b = harness(60_000);
    a.scheduler.start();
    b.scheduler.start();
    b.scheduler.setFocused(false);
    for (let minute = 0; minute < 10; minute++) {
      await a.clock.advance(60_000);
      await b.clock.advance(60_000);
    }
    assert.equal(a.calls.length, 10, 'the focused window polls every interval');
    assert.equal(b.calls.length, 0, 'the window in the background never polls');
    a.scheduler.setFocused(false);
    b.scheduler.setFocused(true);
    await b.clock.advance(0);
    assert.equal(b.calls.length, 1, 'the newly focused window polls once at once');
    await a.clock.advance(10 * 60_000);
    assert.equal(a.calls.length, 10, 'the window that lost focus stops');
  });

  it('does not poll again on a focus right after a poll (alt-tab storm)', async () => {
    const h = harness(60_000);
    h.scheduler.start();
    await h.clock.advance(60_000);
    const due = h.scheduler.nextDueAt;
    for (let i = 0; i < 5; i++) {
      h.scheduler.setFocused(false);
      await h.clock.advance(100);
      h.scheduler.setFocused(true);
    }
    assert.equal(h.calls.length, 1);
    assert.equal(h.scheduler.nextDueAt, due, 'the countdown resumes unchanged');
    h.scheduler.setFocused(false);
    await h.clock.advance(FOCUS_MIN_GAP_MS);
    h.scheduler.setFocused(true);
    assert.equal(h.calls.length, 2);
  });

  it('does not poll on focus before start()', async () => {
    const h = harness(60_000);
    h.scheduler.setFocused(false);
    h.scheduler.setFocused(true);
    await h.clock.advance(120_000);
    assert.equal(h.calls.length, 0);
    assert.equal(h.clock.timers.size, 0);
  });

  it('backs off doubling up to the cap on errors and recovers silently', async () => {
    const h = harness(60_000, 5 * 60_000);
    h.fail = true;
    h.scheduler.start();
    const gaps: number[] = [];
    let last = h.clock.time;
    for (let i = 0; i < 6; i++) {
      const due = h.scheduler.nextDueAt!;
      gaps.push(due - last);
      last = due;
      await h.clock.advance(due - h.clock.time);
    }
    assert.deepEqual(gaps, [60_000, 120_000, 240_000, 300_000, 300_000, 300_000]);
    assert.equal(h.scheduler.backoffMs, 300_000);
    assert.equal(h.calls.length, 6);

    h.fail = false;
    await h.clock.advance(h.scheduler.nextDueAt! - h.clock.time);
    assert.equal(h.scheduler.backoffMs, 0);
    assert.equal(h.scheduler.failures, 0);
    assert.equal(h.scheduler.nextDueAt, h.clock.time + 60_000);
    assert.ok(h.logs.some((l) => /recovered/.test(l)));
  });

  it('one target succeeding is enough to stay at the interval', async () => {
    const h = harness(60_000);
    h.targets = ['gone', 'ok'];
    const scheduler = new PollScheduler({
      intervalMs: () => 60_000,
      targets: () => h.targets,
      clock: h.clock,
      poll: async (target) => {
        h.calls.push({ target, at: h.clock.now(), signal: new AbortController().signal });
        if (target === 'gone') throw new Error('404');
      },
    });
    scheduler.start();
    await h.clock.advance(60_000 * 3);
    assert.equal(h.calls.length, 6);
    assert.equal(scheduler.backoffMs, 0);
    scheduler.dispose();
  });

  it('never overlaps two polls of the same target', async () => {
    const h = harness(60_000);
    h.targets = ['a', 'b'];
    let release!: () => void;
    h.gate = new Promise<void>((resolve) => (release = resolve));
    h.scheduler.start();
    await h.clock.advance(60_000 * 3); // a and b hang; later rounds skip them
    assert.equal(h.calls.length, 2);
    assert.equal(h.scheduler.running, 2);
    h.targets = ['a', 'b', 'c'];
    void h.scheduler.pollNow();
    await h.clock.advance(0);
    assert.deepEqual(h.calls.map((c) => c.target), ['a', 'b', 'c']);
    release();
    await h.clock.advance(0);
    assert.equal(h.scheduler.running, 0);
    await h.clock.advance(60_000);
    assert.equal(h.calls.length, 6);
    h.scheduler.dispose();
  });

  it('manual refresh supersedes the pending poll: the timer restarts from now', async () => {
    const h = harness(60_000);
    h.scheduler.start();
    await h.clock.advance(50_000);
    await h.scheduler.pollNow();
    assert.equal(h.calls.length, 1);
    assert.equal(h.scheduler.nextDueAt, h.clock.time + 60_000);
    assert.equal(h.clock.timers.size, 1);
    await h.clock.advance(59_999);
    assert.equal(h.calls.length, 1, 'the superseded poll did not run');
    await h.clock.advance(1);
    assert.equal(h.calls.length, 2);

    h.scheduler.restartTimer();
    assert.equal(h.scheduler.nextDueAt, h.clock.time + 60_000);
    assert.equal(h.calls.length, 2);
  });

  it('a manual refresh that fails backs off too, and one that succeeds recovers', async () => {
    const h = harness(60_000);
    h.scheduler.start();
    h.fail = true;
    await h.scheduler.pollNow();
    assert.equal(h.scheduler.backoffMs, 120_000);
    assert.equal(h.scheduler.nextDueAt, h.clock.time + 120_000);
    h.fail = false;
    await h.scheduler.pollNow();
    assert.equal(h.scheduler.backoffMs, 0);
    assert.equal(h.scheduler.nextDueAt, h.clock.time + 60_000);
  });

  it('stop aborts running polls and clears the timer; aborts are not failures', async () => {
    const h = harness(60_000);
    h.gate = new Promise<void>(() => undefined);
    h.scheduler.start();
    await h.clock.advance(60_000);
    assert.equal(h.calls[0].signal.aborted, false);
    h.scheduler.stop();
    assert.equal(h.calls[0].signal.aborted, true);
    assert.equal(h.clock.timers.size, 0);
    assert.equal(h.scheduler.failures, 0);
    h.scheduler.start();
    assert.equal(h.clock.timers.size, 1);
    h.scheduler.dispose();
    h.scheduler.start();
    await h.scheduler.pollNow();
    assert.equal(h.clock.timers.size, 0);
    assert.equal(h.calls.length, 1);
  });

  it('survives a throwing targets() and junk intervals', async () => {
    const clock = new FakeClock();
    const scheduler = new PollScheduler({
      intervalMs: () => Number.NaN,
      targets: () => {
        throw new Error('no tree');
      },
      poll: async () => undefined,
      clock,
    });
    scheduler.start();
    assert.equal(clock.timers.size, 0);
    await scheduler.pollNow();
    assert.equal(scheduler.requests, 0);
  });

  it('storePoll throws when the store recorded a new error', async () => {
    let error: { message: string } | undefined = { message: 'old' };
    const store = {
      pollLatest: async (_id: string, _signal?: AbortSignal) => undefined,
      target: () => ({ runsError: error }),
    };
    const poll = storePoll(store);
    await poll('t', new AbortController().signal); // unchanged error: not a new failure
    store.pollLatest = async () => {
      error = { message: 'Unauthorized' };
    };
    await assert.rejects(poll('t', new AbortController().signal), /Unauthorized/);
    store.pollLatest = async () => {
      error = undefined;
    };
    await poll('t', new AbortController().signal);
  });
});
