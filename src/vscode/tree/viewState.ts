// The Results view's state for the welcome views (context keys `tesults.tokenState` and
// `tesults.viewState`) and the view message for errors shown over older data. VS Code shows a
// welcome view only while the view has no message: when nothing could be loaded, the welcome view
// (the explanation with its Retry / Set API Token / Open Settings buttons) is what shows.
import * as vscode from 'vscode';
import type { ErrorKind } from '../../model/errorKind';
import type { ResultsStore } from '../../store/store';
import type { TokenSession } from '../auth/tokenSession';

export type ViewState = 'noToken' | 'loading' | 'ready' | 'empty' | 'unauthorized' | 'invalidApiUrl' | 'networkError' | 'serverError' | 'error';

/** Tesults could not be reached. */
const NETWORK_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['network', 'timeout']);
/** Tesults answered, with an error of its own. */
const SERVER_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['server', 'rateLimited']);

export class ResultsViewState implements vscode.Disposable {
  readonly #subscriptions: vscode.Disposable[];
  #lastContext = '';

  readonly #store: ResultsStore;
  readonly #tokens: TokenSession;
  readonly #treeView: vscode.TreeView<unknown>;

  constructor(
    store: ResultsStore,
    tokens: TokenSession,
    treeView: vscode.TreeView<unknown>,
  ) {
    this.#store = store;
    this.#tokens = tokens;
    this.#treeView = treeView;
    this.#subscriptions = [store.onDidChange(() => this.update()), tokens.onDidChange(() => this.update())];
    this.update();
  }

  #viewState(): ViewState {
    const tokenState = this.#tokens.state;
    if (tokenState === 'missing') return 'noToken';
    const store = this.#store;
    if (store.targets.length > 0) return 'ready';
    if (store.targetsState === 'loading' || tokenState === 'unknown') return 'loading';
    const error = store.targetsError;
    if (error) {
      if (error.kind === 'unauthorized' || error.kind === 'forbidden') return 'unauthorized';
      // The client refuses the tesults.apiUrl setting before any request (see util/url checkApiUrl).
      if (error.kind === 'insecureUrl') return 'invalidApiUrl';
      if (NETWORK_KINDS.has(error.kind)) return 'networkError';
      if (SERVER_KINDS.has(error.kind)) return 'serverError';
      return 'error';
    }
    return store.targetsState === 'loaded' ? 'empty' : 'loading';
  }

  update(): void {
    const tokenState = this.#tokens.state;
    const state = this.#viewState();
    const key = `${tokenState}|${state}`;
    if (key !== this.#lastContext) {
      this.#lastContext = key;
      void vscode.commands.executeCommand('setContext', 'tesults.tokenState', tokenState === 'unknown' ? undefined : tokenState);
      void vscode.commands.executeCommand('setContext', 'tesults.viewState', state);
    }
    this.#treeView.message = this.#viewMessage(state);
  }

  #viewMessage(state: ViewState): string | undefined {
    const store = this.#store;
    const error = store.targetsError;
    // Nothing to show: a message would hide the welcome view, which explains and offers the way out.
    if (state !== 'ready') return undefined;
    // One state at a time: while a new attempt runs (the view's progress bar shows it), the last failure is not news.
    if (store.targetsState === 'loading') return undefined;
    if (error) {
      const since = store.lastTargetsSuccess ? ` Showing results loaded at ${new Date(store.lastTargetsSuccess).toLocaleTimeString()}.` : ' Showing earlier results.';
      return `⚠ Refresh failed: ${error.message}${since}`;
    }
    if (store.targetsFromCache) return 'Showing cached results — refreshing…';
    return undefined;
  }

  dispose(): void {
    for (const d of this.#subscriptions) d.dispose();
  }
}
