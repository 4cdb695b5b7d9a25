// What is loaded from Tesults: targets, their runs page by page, loading and error state per
// target, the last good data (never erased by a failed refresh), and the cache snapshot.
// Views read it and listen to `onDidChange`; only the store talks to the API.
import { isErrorKind, type ErrorKind } from '../model/errorKind';
import { groupRun, type RunModel } from '../model/group';
import type { Run, RunsPage, Target } from '../model/types';
import { Emitter } from '../util/emitter';
import { cachedRuns, isSnapshot, makeSnapshot, type CacheSnapshot } from './cacheSnapshot';

export type { CacheSnapshot } from './cacheSnapshot';

/** The store's port to the Tesults API (the client implements it; tests pass a fake). */
export interface ResultsApi {
  listTargets(signal?: AbortSignal): Promise<Target[]>;
  fetchRuns(targetId: string, opts: { limit?: number; cursor?: string; signal?: AbortSignal }): Promise<RunsPage>;
  /** The same, but undefined when the answer has not changed since this request was last answered (a 304). Used by polls. */
  fetchRunsIfChanged?(targetId: string, opts: { limit?: number; signal?: AbortSignal }): Promise<RunsPage | undefined>;
}

export interface ErrorInfo {
  /** The API error's kind, or 'unknown' for an error that did not come from the API client. */
  readonly kind: ErrorKind;
  /** A sentence for the user (the API client's messages are clean: no token, no control characters). */
  readonly message: string;
  /** When it happened (ms since epoch). */
  readonly at: number;
}

export type LoadState = 'idle' | 'loading' | 'loaded';

export interface TargetEntry {
  readonly target: Target;
  /** Loaded runs, newest first, without duplicates. */
  runs: Run[];
  /** Cursor for the next page of runs; undefined when every run is loaded (or none is yet). */
  cursor?: string;
  runsState: LoadState;
  loadingMore: boolean;
  /** True once "Load more runs" fetched a page beyond the first. */
  morePagesLoaded: boolean;
  runsError?: ErrorInfo;
  /** True while the runs come from the cache and have not been refreshed yet. */
  fromCache: boolean;
  /** When the newest runs were last fetched successfully (a poll counts), 0 if never. */
  loadedAt: number;
  /**
   * Runs older than `runs`, loaded in the background (`loadHistory`) for the flaky rule and the
   * comparison of the oldest shown run. Not shown in the tree: "Load more runs" shows more.
   */
  olderRuns: Run[];
  /** The background history: asked for once per load of the target ('failed' is not retried by itself). */
  historyState: LoadState | 'failed';
}

export interface StoreChange {
  /** The target whose runs changed; undefined when the target list (or everything) changed. */
  readonly targetId?: string;
  /** Runs that were not known before this change (newest first). */
  readonly newRuns?: readonly Run[];
  /** True when the target had no fresh runs before (first load, or replacing the cache): nothing is "new" to the user. */
  readonly initial?: boolean;
}

export interface StoreOptions {
  api: ResultsApi;
  runsPerPage: () => number;
  now?: () => number;
  log?: (line: string) => void;
}

/** Upper bound on the cases kept in a cache snapshot, so the cache stays small and quick to read. */
export const CACHE_MAX_CASES = 20_000;

export function toErrorInfo(err: unknown, now: number): ErrorInfo {
  const kind = typeof err === 'object' && err !== null ? (err as { kind?: unknown }).kind : undefined;
  if (isErrorKind(kind) && err instanceof Error) return { kind, message: err.message, at: now };
  // Not an API error: one line of its text, clipped (it may be anything).
  const text = (err instanceof Error ? err.message : String(err)).split(/[\r\n]/, 1)[0].slice(0, 300);
  return { kind: 'unknown', message: `Unexpected error: ${text}`, at: now };
}

/** `ErrorInfo.kind` of a load the user cancelled before anything was shown. */
export const CANCELLED: ErrorKind = 'cancelled';

export function isCancellation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && ((err as { kind?: unknown }).kind === 'cancelled' || (err as { name?: unknown }).name === 'AbortError');
}

export class ResultsStore {
  private readonly changed = new Emitter<StoreChange>();
  readonly onDidChange = this.changed.event;

  private entries: TargetEntry[] = [];
  private byId = new Map<string, TargetEntry>();
  private models = new WeakMap<Run, RunModel>();
  private inFlight = new Map<string, Promise<void>>();
  /** Bumped by `reset`; loads started before a reset do not write their results. */
  private generation = 0;

  targetsState: LoadState = 'idle';
  targetsError?: ErrorInfo;
  targetsFromCache = false;
  /** When the target list last loaded successfully (ms since epoch), 0 if never. */
  lastTargetsSuccess = 0;

  constructor(private readonly options: StoreOptions) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get targets(): readonly TargetEntry[] {
    return this.entries;
  }

  target(targetId: string): TargetEntry | undefined {
    return this.byId.get(targetId);
  }

  /** The run's suites and counts, grouped once per run object. */
  model(run: Run): RunModel {
    let model = this.models.get(run);
    if (model === undefined) {
      model = groupRun(run);
      this.models.set(run, model);
    }
    return model;
  }

  /** A run of the target: a shown one, or one of the older runs loaded for its history. */
  findRun(targetId: string, runId: string): Run | undefined {
    const entry = this.byId.get(targetId);
    return entry?.runs.find((r) => r.id === runId) ?? entry?.olderRuns.find((r) => r.id === runId);
  }

  private historyMemo = new WeakMap<TargetEntry, { runs: Run[]; runsLength: number; older: Run[]; history: Run[] }>();

  /**
   * Every run known of a target, newest first: the shown runs, then the older ones loaded in the
   * background. What the flaky rule and "the run before" look at.
   */
  history(targetId: string): readonly Run[] {
    const entry = this.byId.get(targetId);
    if (!entry) return [];
    const memo = this.historyMemo.get(entry);
    if (memo && memo.runs === entry.runs && memo.runsLength === entry.runs.length && memo.older === entry.olderRuns) return memo.history;
    const ids = new Set(entry.runs.map((r) => r.id));
    const history = [...entry.runs];
    for (const run of entry.olderRuns) if (!ids.has(run.id) && run.createdTime <= (history[history.length - 1]?.createdTime ?? Infinity)) history.push(run);
    this.historyMemo.set(entry, { runs: entry.runs, runsLength: entry.runs.length, older: entry.olderRuns, history });
    return history;
  }

  /**
   * Loads, in the background and once, enough older runs (pages of `runsPerPage` past the shown
   * ones) that `history` holds `want` runs. Polls keep it current (they add to `runs`). Quiet:
   * no loading state; one change event when done.
   */
  loadHistory(targetId: string, want: number, signal?: AbortSignal): Promise<void> {
    return this.once(`history:${targetId}`, async () => {
      const entry = this.byId.get(targetId);
      if (!entry || entry.historyState !== 'idle' || entry.runsState !== 'loaded' || entry.fromCache) return;
      const generation = this.generation;
      entry.historyState = 'loading';
      const known = new Set(entry.runs.map((r) => r.id));
      const older: Run[] = [];
      let cursor = entry.cursor;
      try {
        while (cursor !== undefined && entry.runs.length + older.length < want) {
          const page = await this.options.api.fetchRuns(targetId, { limit: this.options.runsPerPage(), cursor, signal });
          if (generation !== this.generation) return;
          for (const run of page.runs) {
            if (known.has(run.id)) continue;
            known.add(run.id);
            older.push(run);
          }
          cursor = page.cursor === cursor || page.runs.length === 0 ? undefined : page.cursor;
        }
        entry.olderRuns = older;
        entry.historyState = 'loaded';
      } catch (err) {
        if (generation !== this.generation) return;
        entry.historyState = isCancellation(err) ? 'idle' : 'failed';
        if (!isCancellation(err)) this.options.log?.(`history of ${entry.target.name}: ${toErrorInfo(err, this.now()).message}`);
        return;
      }
      this.changed.fire({ targetId });
    });
  }

  /** Forget everything (the API URL or the token changed). */
  reset(): void {
    this.generation++;
    this.entries = [];
    this.byId.clear();
    this.inFlight.clear();
    this.targetsState = 'idle';
    this.targetsError = undefined;
    this.targetsFromCache = false;
    this.lastTargetsSuccess = 0;
    this.changed.fire({});
  }

  /** Resolves once no load is running (loads started meanwhile included). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Runs `load` once per key at a time: a second caller gets the same promise. */
  private once(key: string, load: () => Promise<void>): Promise<void> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const promise = load().finally(() => {
      if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
    });
    this.inFlight.set(key, promise);
    return promise;
  }

  /** Loads (or reloads) every target. On failure the targets already shown stay. */
  loadTargets(signal?: AbortSignal): Promise<void> {
    return this.once('targets', async () => {
      const generation = this.generation;
      const previous = this.targetsState;
      this.targetsState = 'loading';
      this.changed.fire({});
      try {
        const targets = await this.options.api.listTargets(signal);
        if (generation !== this.generation) return;
        this.setTargets(targets);
        this.targetsState = 'loaded';
        this.targetsError = undefined;
        this.targetsFromCache = false;
        this.lastTargetsSuccess = this.now();
      } catch (err) {
        if (generation !== this.generation) return;
        if (isCancellation(err)) {
          this.targetsState = previous === 'loading' ? 'idle' : previous;
        } else {
          this.targetsState = this.entries.length > 0 ? 'loaded' : 'idle';
          this.targetsError = toErrorInfo(err, this.now());
          this.options.log?.(`targets: ${this.targetsError.message}`);
        }
      }
      this.changed.fire({});
    });
  }

  private setTargets(targets: readonly Target[]): void {
    const entries: TargetEntry[] = [];
    const byId = new Map<string, TargetEntry>();
    for (const target of targets) {
      if (byId.has(target.id)) continue;
      const old = this.byId.get(target.id);
      const entry: TargetEntry = old
        ? Object.assign(old, { target })
        : { target, runs: [], runsState: 'idle', loadingMore: false, morePagesLoaded: false, fromCache: false, loadedAt: 0, olderRuns: [], historyState: 'idle' };
      entries.push(entry);
      byId.set(target.id, entry);
    }
    this.entries = entries;
    this.byId = byId;
  }

  /** Loads the first page of runs of a target unless it is loaded (or loading) already. */
  ensureRuns(targetId: string, signal?: AbortSignal): Promise<void> {
    const entry = this.byId.get(targetId);
    if (!entry || (entry.runsState === 'loaded' && !entry.fromCache)) return Promise.resolve();
    return this.reloadRuns(targetId, signal);
  }

  /**
   * Fetches the newest page of runs and merges it with what is loaded: runs already held keep
   * their objects (so expanded tree nodes stay), new ones are reported in the change event.
   */
  reloadRuns(targetId: string, signal?: AbortSignal, limit?: number): Promise<void> {
    // A poll (limit 1) and a full reload are different requests: neither may stand in for the other.
    return this.once(`runs:${targetId}:${limit ?? 'page'}`, async () => {
      const entry = this.byId.get(targetId);
      if (!entry) return;
      const generation = this.generation;
      const initial = entry.fromCache || entry.runs.length === 0;
      const previous = entry.runsState;
      const previousError = entry.runsError;
      // A poll of loaded runs happens in the background: no loading state, and no change event
      // unless it found something (views re-render on every event: menus and hovers would close).
      const quiet = limit !== undefined && previous === 'loaded' && !entry.fromCache;
      if (!quiet) {
        entry.runsState = 'loading';
        if (previousError?.kind === CANCELLED) entry.runsError = undefined; // asked for again
        this.changed.fire({ targetId });
      }
      try {
        const api = this.options.api;
        const request = { limit: limit ?? this.options.runsPerPage(), signal };
        // Only a background poll of runs held fresh may be answered "unchanged".
        const page = quiet && api.fetchRunsIfChanged ? await api.fetchRunsIfChanged(targetId, request) : await api.fetchRuns(targetId, request);
        if (generation !== this.generation) return;
        if (page === undefined) {
          // Not modified: the data stays as it is, confirmed now; no change to show unless an error goes away.
          entry.runsError = undefined;
          entry.loadedAt = this.now();
          if (previousError) this.changed.fire({ targetId });
          return;
        }
        const newRuns = this.mergeNewest(entry, page, limit !== undefined);
        entry.runsState = 'loaded';
        entry.runsError = undefined;
        entry.fromCache = false;
        entry.loadedAt = this.now();
        if (!quiet || newRuns.length > 0 || previousError) this.changed.fire({ targetId, newRuns, initial });
      } catch (err) {
        if (generation !== this.generation) return;
        if (isCancellation(err)) {
          entry.runsState = previous === 'loading' ? 'idle' : previous;
          if (quiet) return;
          // Nothing shown yet: remember the cancel, or the view would start the same load again.
          if (entry.runs.length === 0) entry.runsError = { kind: CANCELLED, message: 'Loading the runs was cancelled.', at: this.now() };
        } else {
          entry.runsError = toErrorInfo(err, this.now());
          entry.runsState = entry.runs.length > 0 ? 'loaded' : 'idle';
          this.options.log?.(`runs of ${entry.target.name}: ${entry.runsError.message}`);
          if (quiet && previousError?.kind === entry.runsError.kind && previousError.message === entry.runsError.message) return;
        }
        this.changed.fire({ targetId });
      }
    });
  }

  private mergeNewest(entry: TargetEntry, page: RunsPage, partial: boolean): Run[] {
    // Cached runs are replaced wholesale; loaded ones keep their objects so open views stay.
    const previous = entry.fromCache ? [] : entry.runs;
    const known = new Set(entry.runs.map((r) => r.id));
    const oldById = new Map(previous.map((r) => [r.id, r] as const));
    const merged: Run[] = [];
    const seen = new Set<string>();
    let oldest = Infinity;
    for (const run of page.runs) {
      if (seen.has(run.id)) continue;
      seen.add(run.id);
      merged.push(oldById.get(run.id) ?? run);
      oldest = Math.min(oldest, run.createdTime);
    }
    if ((partial || entry.morePagesLoaded) && previous.length > 0) {
      // Older runs the user already holds stay, and so does the cursor that points past them.
      for (const run of previous) if (!seen.has(run.id) && run.createdTime < oldest) merged.push(run);
    } else {
      entry.cursor = page.cursor;
      entry.morePagesLoaded = false;
    }
    entry.runs = merged;
    return merged.filter((r) => !known.has(r.id));
  }

  /** Fetches the next page of runs with the cursor the API returned. */
  loadMoreRuns(targetId: string, signal?: AbortSignal): Promise<void> {
    return this.once(`more:${targetId}`, async () => {
      const entry = this.byId.get(targetId);
      if (!entry || entry.cursor === undefined) return;
      const generation = this.generation;
      entry.loadingMore = true;
      this.changed.fire({ targetId });
      try {
        const page = await this.options.api.fetchRuns(targetId, { limit: this.options.runsPerPage(), cursor: entry.cursor, signal });
        if (generation !== this.generation) return;
        const ids = new Set(entry.runs.map((r) => r.id));
        for (const run of page.runs) {
          if (!ids.has(run.id)) {
            ids.add(run.id);
            entry.runs.push(run);
          }
        }
        entry.cursor = page.cursor;
        entry.morePagesLoaded = true;
        entry.runsError = undefined;
      } catch (err) {
        if (generation !== this.generation) return;
        if (!isCancellation(err)) {
          entry.runsError = toErrorInfo(err, this.now());
          this.options.log?.(`more runs of ${entry.target.name}: ${entry.runsError.message}`);
        }
      } finally {
        entry.loadingMore = false;
      }
      this.changed.fire({ targetId });
    });
  }

  /** Reloads the targets, then the newest runs of every target whose runs were loaded (or failed to load). */
  async refresh(signal?: AbortSignal): Promise<void> {
    await this.loadTargets(signal);
    // Targets the user opened: loaded ones, cached ones, and ones whose load failed (Refresh retries them).
    const loaded = this.entries.filter((e) => e.runsState === 'loaded' || e.fromCache || e.runsError !== undefined);
    await Promise.all(loaded.map((e) => this.reloadRuns(e.target.id, signal)));
  }

  /** Looks for a run newer than the newest one held (one request, limit 1). */
  pollLatest(targetId: string, signal?: AbortSignal): Promise<void> {
    return this.reloadRuns(targetId, signal, 1);
  }

  snapshot(apiUrl: string): CacheSnapshot {
    const runs = new Map<string, Run[]>();
    let budget = CACHE_MAX_CASES;
    for (const entry of this.entries) {
      const latest = entry.runs[0];
      // counted from the grouping: reading `cases` of a parsed run would make every case object
      const size = latest ? this.model(latest).counts.total : 0;
      if (!latest || size > budget) continue;
      budget -= size;
      runs.set(entry.target.id, [latest]);
    }
    return makeSnapshot(apiUrl, this.now(), this.entries.map((e) => e.target), runs);
  }

  /** Shows cached data until the first refresh replaces it. Ignored when anything is loaded. */
  restore(snapshot: unknown, apiUrl: string): boolean {
    if (this.entries.length > 0 || !isSnapshot(snapshot) || snapshot.apiUrl !== apiUrl) return false;
    this.setTargets(snapshot.targets);
    for (const entry of this.entries) {
      const runs = cachedRuns(snapshot, entry.target.id);
      if (runs && runs.length > 0) {
        entry.runs = [...runs];
        entry.runsState = 'loaded';
        entry.fromCache = true;
        // When these numbers were last confirmed: the status bar says "as of 3 h ago".
        entry.loadedAt = Number.isFinite(snapshot.savedAt) ? snapshot.savedAt : 0;
      }
    }
    this.targetsState = 'loaded';
    this.targetsFromCache = true;
    this.changed.fire({});
    return true;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
