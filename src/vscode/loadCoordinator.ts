// Decides when results load, and loads them through the store with progress and cancellation:
// when the token or the API URL changes, when the view becomes visible, and the default target's
// runs (the status bar wants them even while the view is closed). At start-up the cache shows at
// once and the first request waits until the window has focus.
import * as vscode from 'vscode';
import { FLAKY_WINDOW } from '../model/compare';
import { singleLine } from '../model/format';
import type { ResultsStore, StoreChange } from '../store/store';
import type { TokenChange, TokenSession } from './auth/tokenSession';
import type { ResultsCache } from './cache';
import type { DefaultTarget, DefaultTargetChange } from './defaultTarget';
import type { Log } from './log';
import { whenFocused } from './focus';
import type { Settings } from './settings';

/** After this long a load also shows a notification with a Cancel button. */
const CANCELLABLE_AFTER_MS = 2000;

export interface LoadCoordinatorOptions {
  store: ResultsStore;
  log: Log;
  tokens: TokenSession;
  settings: Settings;
  defaultTarget: DefaultTarget;
  cache: ResultsCache;
  /** The view whose progress bar shows loads. */
  viewId: string;
  viewVisible(): boolean;
  /** True while something outside the view waits for the targets (a details panel restored after a reload). */
  wantsTargets(): boolean;
}

export class LoadCoordinator implements vscode.Disposable {
  readonly #subscriptions: vscode.Disposable[];
  /** True while the cache is read at start: no load may begin before it is shown. */
  #restoringCache = false;
  /** The start-up loads, waiting for the window's focus. */
  #startupLoads?: { dispose(): void };
  /** The loads running now. */
  readonly #running = new Set<Thenable<void>>();

  readonly #options: LoadCoordinatorOptions;

  constructor(options: LoadCoordinatorOptions) {
    this.#options = options;
    const { tokens, settings, defaultTarget } = options;
    this.#subscriptions = [
      tokens.onDidChange((change) => void this.#onToken(change)),
      settings.onDidChange((names) => {
        if (!names.has('apiUrl')) return;
        options.log.info(`API URL changed to ${settings.get('apiUrl')}`);
        options.store.reset();
        // What was shown came from the old URL: the view, a waiting panel and the status bar ask again.
        this.#loadWanted();
      }),
      defaultTarget.onDidChange((why) => this.#onDefaultTarget(why)),
      options.store.onDidChange((e) => this.#loadHistoryWhenLoaded(e)),
    ];
  }

  get #ready(): boolean {
    return this.#options.tokens.hasToken && !this.#restoringCache;
  }

  async #onToken(change: TokenChange): Promise<void> {
    const { store, cache } = this.#options;
    const present = change.state === 'present';
    if (!change.initial) {
      store.reset();
      if (!present) void cache.clear();
    } else if (present) {
      this.#restoringCache = true;
      try {
        await cache.restore();
      } finally {
        this.#restoringCache = false;
      }
    }
    this.#startupLoads?.dispose();
    const load = (): void => this.#loadWanted();
    // At start-up (activated with VS Code, maybe in a window in the background) the cached numbers
    // are shown and nothing is asked until the user looks at this window.
    if (change.initial) this.#startupLoads = whenFocused(load);
    else load();
  }

  /** Loads what something shows: the view's targets, a restored panel's, and the status bar's default target (wanted even while the view is closed). */
  #loadWanted(): void {
    const { store, defaultTarget } = this.#options;
    this.loadWhenVisible();
    if (this.#options.wantsTargets()) this.ensureTargets(true);
    const main = defaultTarget.entry();
    if (defaultTarget.setting && !main && store.targetsState === 'idle') this.ensureTargets(true);
    else if (main) this.loadRuns(main.target.id);
  }

  #onDefaultTarget(why: DefaultTargetChange): void {
    if (!this.#ready) return;
    const main = this.#options.defaultTarget.entry();
    if (!main) return;
    // A newly chosen target loads at once; after a change of the target list, only runs never asked for.
    if (why === 'setting' || (main.runsState === 'idle' && !main.runsError)) this.loadRuns(main.target.id);
  }

  /**
   * Once the default target's runs are loaded (fresh, not from the cache), its last
   * `FLAKY_WINDOW` runs load in the background for the flaky rule: no progress, no notification,
   * once per load (polls keep them current). The tree keeps showing only the runs the user loaded.
   */
  #loadHistoryWhenLoaded(e: StoreChange): void {
    const id = this.#options.defaultTarget.id();
    if (e.targetId === undefined || e.targetId !== id || !this.#ready) return;
    const entry = this.#options.store.target(id);
    if (entry?.runsState === 'loaded' && !entry.fromCache && entry.historyState === 'idle') void this.#options.store.loadHistory(id, FLAKY_WINDOW);
  }

  /** The view asks for its targets when it becomes visible; that is when the first request goes out. */
  loadWhenVisible(): void {
    if (this.#options.viewVisible()) this.ensureTargets();
  }

  /** Loads the targets once a token is known, unless they are loaded, loading or failed. */
  ensureTargets(evenAfterError = false): void {
    if (!this.#ready) return;
    const store = this.#options.store;
    if (store.targetsState === 'idle' && (!store.targetsError || evenAfterError)) void this.run('Loading Tesults targets…', (signal) => store.loadTargets(signal));
    else if (store.targetsFromCache && store.targetsState !== 'loading') void this.refresh();
  }

  /** Called after every manual refresh (the poll timer starts over). */
  afterRefresh?: () => void;

  refresh(): Promise<void> {
    if (!this.#ready) return Promise.resolve();
    this.afterRefresh?.();
    return this.run('Refreshing Tesults results…', (signal) => this.#options.store.refresh(signal));
  }

  loadRuns(targetId: string, force = false): void {
    const store = this.#options.store;
    const name = store.target(targetId)?.target.name ?? targetId;
    void this.run(`Loading runs of ${singleLine(name, 80)}…`, (signal) => (force ? store.reloadRuns(targetId, signal) : store.ensureRuns(targetId, signal)));
  }

  loadMoreRuns(targetId: string): Promise<void> {
    const store = this.#options.store;
    const name = store.target(targetId)?.target.name ?? targetId;
    return this.run(`Loading more runs of ${singleLine(name, 80)}…`, (signal) => store.loadMoreRuns(targetId, signal));
  }

  /**
   * Runs a load with the view's progress bar; if it takes long, a notification offers Cancel.
   * Errors are recorded by the store (and shown by the view), so none escapes from here.
   */
  async run(title: string, task: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const abort = new AbortController();
    const work = vscode.window.withProgress({ location: { viewId: this.#options.viewId } }, () => task(abort.signal));
    const timer = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return work.then(
          () => undefined,
          () => undefined,
        );
      });
    }, CANCELLABLE_AFTER_MS);
    this.#running.add(work);
    try {
      await work;
    } catch (err) {
      this.#options.log.error(`${title} ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.#running.delete(work);
      clearTimeout(timer);
    }
  }

  /** Resolves once no load is running, loads started in the meantime included. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  dispose(): void {
    this.#startupLoads?.dispose();
    for (const d of this.#subscriptions) d.dispose();
  }
}
