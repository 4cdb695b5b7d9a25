// The token of the default project (the active account): the seam between the accounts
// (SecretStorage, one token per project, each bound to the API origin it was checked against) and
// the rest of the extension. A token is checked with one small request before it is saved and is
// always known to the log's redactor. One change event, also for changes made in another window.
import * as vscode from 'vscode';
import { isTesultsApiError } from '../../api/errors';
import type { Log } from '../log';
import type { Settings } from '../settings';
import { type Account, type AccountStore, apiOrigin } from './accounts';

/** 'unknown' until the stored token was read once. */
export type TokenState = 'unknown' | 'missing' | 'present';

export interface TokenChange {
  readonly state: TokenState;
  /** True for the first read after activation (nothing changed: the token was found, or not). */
  readonly initial: boolean;
}

/** `rejected`: Tesults refused the token; `unchecked`: the check itself failed (network, server). */
export type TokenCheck =
  | { readonly verdict: 'accepted' }
  | { readonly verdict: 'cancelled' }
  | { readonly verdict: 'rejected'; readonly problem: string }
  | { readonly verdict: 'unchecked'; readonly problem: string };

/** One small authenticated request with the given token; throws a TesultsApiError when it fails. */
export type TokenProbe = (token: string, signal: AbortSignal) => Promise<unknown>;

export class TokenSession implements vscode.Disposable {
  #current: TokenState = 'unknown';
  /** Which account and token the last change event was about: events fire only when it changes. */
  #seen = '';
  readonly #changed = new vscode.EventEmitter<TokenChange>();
  readonly onDidChange = this.#changed.event;
  readonly #subscriptions: vscode.Disposable[];

  readonly #accounts: AccountStore;
  readonly #settings: Settings;
  readonly #log: Log;
  readonly #probe: TokenProbe;

  constructor(accounts: AccountStore, settings: Settings, log: Log, probe: TokenProbe) {
    this.#accounts = accounts;
    this.#settings = settings;
    this.#log = log;
    this.#probe = probe;
    this.#subscriptions = [
      accounts.onDidChange(() => void this.#reload(false)),
      settings.onDidChange((names) => {
        if (names.has('apiUrl') || names.has('defaultProject')) void this.#reload(false);
      }),
    ];
  }

  /** The accounts were added, removed or renamed (here or in another window). */
  get onDidChangeProjects(): vscode.Event<unknown> {
    return this.#accounts.onDidChange;
  }

  /** The default project's name where there are several projects to tell apart; undefined with one. */
  get projectLabel(): string | undefined {
    return this.#accounts.list().length > 1 ? this.account?.label : undefined;
  }

  get state(): TokenState {
    return this.#current;
  }

  get hasToken(): boolean {
    return this.#current === 'present';
  }

  /** The origin of the API URL in the user's settings (undefined when that URL is refused): where requests go, and where a token set now is bound. */
  currentOrigin(): string | undefined {
    return apiOrigin(this.#settings.get('apiUrl'));
  }

  /**
   * The default project's account, whose results the status bar, badge, polling and notifications
   * follow: the one named by `tesults.defaultProject`, else the first bound to the current API
   * origin, else the first.
   */
  get account(): Account | undefined {
    const all = this.#accounts.list();
    const wanted = this.#settings.get('defaultProject');
    return all.find((a) => a.label === wanted) ?? this.#accounts.boundTo(this.currentOrigin())[0] ?? all[0];
  }

  /** Reads the accounts once (moving an earlier version's token into the first one); the first change event (`initial`) follows. */
  async start(): Promise<void> {
    await this.#accounts.load(this.currentOrigin());
    await this.#reload(true);
  }

  async #reload(initial: boolean): Promise<void> {
    if (!initial && this.#current === 'unknown') return;
    const account = this.account;
    const token = await this.get();
    const seen = account && token ? `${account.id}\n${token}` : '';
    if (!initial && seen === this.#seen) return;
    this.#seen = seen;
    this.#current = seen ? 'present' : 'missing';
    this.#changed.fire({ state: this.#current, initial });
  }

  /** The default project's stored token (wherever it is bound); the log's redactor learns every token before anyone can log it. */
  async get(): Promise<string | undefined> {
    const account = this.account;
    const token = account ? await this.#accounts.storedToken(account.id) : undefined;
    this.#log.setSecrets(this.#accounts.knownTokens());
    return token;
  }

  /** The origin the default project's token is bound to; undefined without one. */
  async originFor(): Promise<string | undefined> {
    return (await this.get()) ? this.account?.origin : undefined;
  }

  /** The token to send to `origin` (asking first if it is bound elsewhere, see AccountStore.tokenFor); undefined when none is stored. */
  async tokenFor(origin: string): Promise<string | undefined> {
    const account = this.account;
    const token = account ? await this.#accounts.tokenFor(account.id, origin) : undefined;
    this.#log.setSecrets(this.#accounts.knownTokens());
    return token;
  }

  /**
   * Replaces the default project's token, or adds the first account, bound to `origin` (by default
   * the current one: where it was just checked).
   */
  async set(token: string, origin = this.currentOrigin(), label = ''): Promise<void> {
    if (!origin) throw new Error('The tesults.apiUrl setting is not a valid API URL: the token was not saved.');
    const before = this.#seen;
    const account = this.account;
    if (account) await this.#accounts.replaceToken(account.id, token, origin);
    else await this.#accounts.add(token, origin, label);
    await this.#reload(false);
    // Entering the same token again means "try again" (e.g. after Tesults rejected it for a while).
    if (this.#seen === before && this.#current === 'present') this.#changed.fire({ state: 'present', initial: false });
  }

  /** Signs the default project out: its account and token are deleted. */
  async clear(): Promise<void> {
    const account = this.account;
    if (account) await this.#accounts.remove(account.id);
  }

  /** Asks Tesults whether it accepts a token (not saved yet: it and the stored ones are redacted meanwhile). */
  async check(token: string, signal: AbortSignal): Promise<TokenCheck> {
    this.#log.setSecrets([token, ...this.#accounts.knownTokens()]);
    try {
      await this.#probe(token, signal);
      return { verdict: 'accepted' };
    } catch (err) {
      const kind = isTesultsApiError(err) ? err.kind : 'unknown';
      if (kind === 'cancelled') return { verdict: 'cancelled' };
      const problem = err instanceof Error ? err.message : String(err);
      return kind === 'unauthorized' || kind === 'forbidden' ? { verdict: 'rejected', problem } : { verdict: 'unchecked', problem };
    }
  }

  dispose(): void {
    for (const s of this.#subscriptions) s.dispose();
    this.#changed.dispose();
  }
}
