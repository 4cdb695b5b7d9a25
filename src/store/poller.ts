// Auto-refresh: polls the newest run of the targets on screen every interval, with an
// injectable clock so tests drive it without real timers. No `vscode` import.
//
// Rules:
// - Every interval each target of `targets()` is polled once (a "round").
// - Polls of one target never overlap: a target whose previous poll is still running is skipped.
// - When every poll of a round fails, the next round waits twice as long (from the interval up to
//   `maxBackoffMs`); the first poll that succeeds brings the interval back, silently.
// - Interval 0 (or anything not a positive number) means off: no timer at all.
// - While the window is not focused there are no polls and no timer. On focus, ONE poll runs at
//   once and the countdown restarts from it (unless a round started less than
//   FOCUS_MIN_GAP_MS ago: then the countdown just resumes).
// - `pollNow()` (manual refresh) polls at once and restarts the countdown from now.
import { isCancellation } from './store';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PollSchedulerOptions {
  /** The auto-refresh interval in ms; 0 (or not a positive number) = off. Read on every schedule. */
  intervalMs: () => number;
  /** Polls one target. Must throw (reject) on failure; an abort of `signal` is not a failure. */
  poll: (targetId: string, signal: AbortSignal) => Promise<void>;
  /** The targets to poll: the default target plus the targets expanded in the tree. */
  targets: () => readonly string[];
  clock?: Clock;
  /** Upper bound of the back-off delay; default 10 minutes. */
  maxBackoffMs?: number;
  log?: (line: string) => void;
}

export const DEFAULT_MAX_BACKOFF_MS = 10 * 60_000;
/** Intervals below this are raised to it, so a bad setting cannot hammer the API. */
export const MIN_INTERVAL_MS = 1_000;
/** A focus gained this soon after the last round does not poll again. */
export const FOCUS_MIN_GAP_MS = 5_000;
/** Node timers overflow above 2^31 - 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class PollScheduler {
  /** Number of `poll` calls made so far (for tests and the bench). */
  requests = 0;
  /** When the pending timer fires (clock ms); undefined when no timer is pending. */
  nextDueAt: number | undefined;
  /** Consecutive rounds in which every poll failed. */
  failures = 0;

  private readonly clock: Clock;
  private readonly maxBackoffMs: number;
  private started = false;
  private disposed = false;
  private focused = true;
  private timer: unknown;
  private hasTimer = false;
  /** When the last round started (clock ms); the next one is due `delay` after it. */
  private lastRoundAt: number | undefined;
  private readonly inFlight = new Map<string, AbortController>();

  constructor(private readonly options: PollSchedulerOptions) {
    this.clock = options.clock ?? realClock;
    const max = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    this.maxBackoffMs = Number.isFinite(max) && max > 0 ? max : DEFAULT_MAX_BACKOFF_MS;
  }

  /** The configured interval, sanitised: 0 when auto-refresh is off. */
  get intervalMs(): number {
    let value: number;
    try {
      value = this.options.intervalMs();
    } catch {
      return 0;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return 0;
    return Math.min(Math.max(value, MIN_INTERVAL_MS), MAX_TIMER_MS);
  }

  /** The current back-off delay in ms: 0 when healthy, else the delay before the next round. */
  get backoffMs(): number {
    return this.failures > 0 ? this.currentDelay() : 0;
  }

  /** Number of polls still running. */
  get running(): number {
    return this.inFlight.size;
  }

  get isFocused(): boolean {
    return this.focused;
  }

  /** Starts the countdown; the first automatic poll is one interval from now. */
  start(): void {
    if (this.disposed || this.started) return;
    this.started = true;
    this.lastRoundAt = this.clock.now();
    this.schedule();
  }

  /** Stops the timer and aborts running polls. `start()` may be called again. */
  stop(): void {
    this.started = false;
    this.clearTimer();
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
  }

  setFocused(focused: boolean): void {
    if (this.disposed || focused === this.focused) return;
    this.focused = focused;
    if (!focused) {
      this.clearTimer();
      return;
    }
    if (!this.started || this.intervalMs === 0) return;
    // One poll at once, unless one started moments ago (alt-tab storms); then the countdown resumes.
    const sinceLast = this.clock.now() - (this.lastRoundAt ?? -Infinity);
    if (sinceLast >= Math.min(FOCUS_MIN_GAP_MS, this.currentDelay())) void this.round('focus');
    else this.schedule();
  }

  /** Manual refresh: polls every target now and restarts the countdown from now. */
  pollNow(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    return this.round('manual');
  }

  /** Restarts the countdown from now without polling (a full refresh happened elsewhere). */
  restartTimer(): void {
    if (this.disposed) return;
    this.lastRoundAt = this.clock.now();
    this.schedule();
  }

  /** The interval setting changed: reschedules (or stops the timer when it is now 0). */
  configChanged(): void {
    if (this.disposed) return;
    this.schedule();
  }

  dispose(): void {
    this.stop();
    this.disposed = true;
  }

  private currentDelay(): number {
    const interval = this.intervalMs;
    if (interval === 0) return 0;
    if (this.failures === 0) return interval;
    const backoff = interval * 2 ** Math.min(this.failures, 30);
    return Math.min(Math.max(interval, Math.min(backoff, this.maxBackoffMs)), MAX_TIMER_MS);
  }

  private clearTimer(): void {
    if (this.hasTimer) this.clock.clearTimeout(this.timer);
    this.hasTimer = false;
    this.timer = undefined;
    this.nextDueAt = undefined;
  }

  /** (Re)arms the timer for `lastRoundAt + delay`, or clears it when polling is not allowed. */
  private schedule(): void {
    this.clearTimer();
    const delay = this.currentDelay();
    if (!this.started || this.disposed || !this.focused || delay === 0) return;
    const now = this.clock.now();
    const due = Math.max(now, (this.lastRoundAt ?? now) + delay);
    this.nextDueAt = due;
    this.hasTimer = true;
    this.timer = this.clock.setTimeout(() => {
      this.hasTimer = false;
      this.timer = undefined;
      this.nextDueAt = undefined;
      void this.round('timer');
    }, due - now);
  }

  private async round(why: 'timer' | 'focus' | 'manual'): Promise<void> {
    this.lastRoundAt = this.clock.now();
    // The next round is counted from this one, whatever its outcome; a failure re-arms it later.
    this.schedule();
    const polls: Promise<boolean | undefined>[] = [];
    const seen = new Set<string>();
    let targets: readonly string[];
    try {
      targets = this.options.targets();
    } catch (err) {
      this.options.log?.(`poll: cannot list targets: ${errorMessage(err)}`);
      return;
    }
    for (const targetId of targets) {
      if (typeof targetId !== 'string' || seen.has(targetId)) continue;
      seen.add(targetId);
      if (this.inFlight.has(targetId)) continue; // never two polls of one target at once
      polls.push(this.pollOne(targetId));
    }
    if (polls.length === 0) return;
    const outcomes = await Promise.all(polls);
    if (this.disposed || (!this.started && why !== 'manual')) return;
    const succeeded = outcomes.some((ok) => ok === true);
    const failed = outcomes.some((ok) => ok === false);
    if (succeeded) {
      if (this.failures > 0) {
        this.failures = 0;
        this.options.log?.('poll: recovered');
        this.schedule();
      }
    } else if (failed) {
      this.failures++;
      this.schedule();
      this.options.log?.(`poll: every poll failed; next poll in ${Math.round(this.currentDelay() / 1000)} s`);
    }
  }

  /** true = succeeded, false = failed, undefined = aborted. */
  private async pollOne(targetId: string): Promise<boolean | undefined> {
    const controller = new AbortController();
    this.inFlight.set(targetId, controller);
    this.requests++;
    try {
      await this.options.poll(targetId, controller.signal);
      return controller.signal.aborted ? undefined : true;
    } catch (err) {
      if (controller.signal.aborted || isCancellation(err)) return undefined;
      this.options.log?.(`poll of ${targetId} failed: ${errorMessage(err)}`);
      return false;
    } finally {
      if (this.inFlight.get(targetId) === controller) this.inFlight.delete(targetId);
    }
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Adapts `ResultsStore.pollLatest` (which records failures on the target instead of throwing) to
 * the scheduler's `poll`: throws when the poll left a new error on the target.
 */
export function storePoll(store: {
  pollLatest(targetId: string, signal?: AbortSignal): Promise<void>;
  target(targetId: string): { runsError?: { message: string } } | undefined;
}): (targetId: string, signal: AbortSignal) => Promise<void> {
  return async (targetId, signal) => {
    const before = store.target(targetId)?.runsError;
    await store.pollLatest(targetId, signal);
    const after = store.target(targetId)?.runsError;
    if (after !== undefined && after !== before) throw new Error(after.message);
  };
}
