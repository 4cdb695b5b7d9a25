// Loads through the store with progress and cancellation, and reflects the store's state in
// the view: context keys for the welcome views, the view message for errors over old data.
import * as vscode from 'vscode';
import type { ErrorKind } from '../model/errorKind';
import type { ResultsStore } from '../store/store';
import type { Log } from './log';

export const VIEW_ID = 'tesults.results';
/** After this long a load also shows a notification with a Cancel button. */
const CANCELLABLE_AFTER_MS = 2000;

export type TokenState = 'unknown' | 'missing' | 'present';
export type ViewState = 'noToken' | 'loading' | 'ready' | 'empty' | 'unauthorized' | 'networkError' | 'error';

const NETWORK_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['network', 'timeout', 'server', 'rateLimited']);

export class ResultsController implements vscode.Disposable {
  private tokenState: TokenState = 'unknown';
  private treeView?: vscode.TreeView<unknown>;
  private readonly subscription: vscode.Disposable;
  private lastContext = '';

  constructor(
    private readonly store: ResultsStore,
    private readonly log: Log,
  ) {
    this.subscription = store.onDidChange(() => this.updateView());
  }

  attach(treeView: vscode.TreeView<unknown>): void {
    this.treeView = treeView;
    this.updateView();
  }

  setTokenState(state: TokenState): void {
    this.tokenState = state;
    this.updateView();
  }

  get hasToken(): boolean {
    return this.tokenState === 'present';
  }

  viewState(): ViewState {
    if (this.tokenState === 'missing') return 'noToken';
    const store = this.store;
    if (store.targets.length > 0) return 'ready';
    if (store.targetsState === 'loading' || this.tokenState === 'unknown') return 'loading';
    const error = store.targetsError;
    if (error) {
      if (error.kind === 'unauthorized' || error.kind === 'forbidden') return 'unauthorized';
      if (NETWORK_KINDS.has(error.kind)) return 'networkError';
      return 'error';
    }
    return store.targetsState === 'loaded' ? 'empty' : 'loading';
  }

  private updateView(): void {
    const state = this.viewState();
    const key = `${this.tokenState}|${state}`;
    if (key !== this.lastContext) {
      this.lastContext = key;
      void vscode.commands.executeCommand('setContext', 'tesults.tokenState', this.tokenState === 'unknown' ? undefined : this.tokenState);
      void vscode.commands.executeCommand('setContext', 'tesults.viewState', state);
    }
    if (this.treeView) this.treeView.message = this.viewMessage(state);
  }

  private viewMessage(state: ViewState): string | undefined {
    const store = this.store;
    const error = store.targetsError;
    if (state === 'noToken') return undefined;
    if (error && store.targets.length > 0) {
      const since = store.lastTargetsSuccess ? ` Showing results loaded at ${new Date(store.lastTargetsSuccess).toLocaleTimeString()}.` : ' Showing earlier results.';
      return `⚠ Refresh failed: ${error.message}${since}`;
    }
    if (error) return `⚠ ${error.message}`;
    if (store.targetsFromCache) return 'Showing cached results — refreshing…';
    return undefined;
  }

  /** Loads the targets once a token is known, unless they are loaded, loading or failed. */
  ensureTargets(evenAfterError = false): void {
    if (!this.hasToken) return;
    const store = this.store;
    if (store.targetsState === 'idle' && (!store.targetsError || evenAfterError)) void this.run('Loading Tesults targets…', (signal) => store.loadTargets(signal));
    else if (store.targetsFromCache && store.targetsState !== 'loading') void this.refresh();
  }

  /** Called after every manual refresh (the poll timer starts over). */
  afterRefresh?: () => void;

  refresh(): Promise<void> {
    if (!this.hasToken) {
      this.updateView();
      return Promise.resolve();
    }
    this.afterRefresh?.();
    return this.run('Refreshing Tesults results…', (signal) => this.store.refresh(signal));
  }

  loadRuns(targetId: string, force = false): void {
    const name = this.store.target(targetId)?.target.name ?? targetId;
    void this.run(`Loading runs of ${name}…`, (signal) => (force ? this.store.reloadRuns(targetId, signal) : this.store.ensureRuns(targetId, signal)));
  }

  loadMoreRuns(targetId: string): Promise<void> {
    const name = this.store.target(targetId)?.target.name ?? targetId;
    return this.run(`Loading more runs of ${name}…`, (signal) => this.store.loadMoreRuns(targetId, signal));
  }

  /**
   * Runs a load with the view's progress bar; if it takes long, a notification offers Cancel.
   * Errors are recorded by the store (and shown by the view), so none escapes from here.
   */
  async run(title: string, task: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const abort = new AbortController();
    const work = vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => task(abort.signal));
    const timer = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        return work.then(
          () => undefined,
          () => undefined,
        );
      });
    }, CANCELLABLE_AFTER_MS);
    try {
      await work;
    } catch (err) {
      this.log.error(`${title} ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
