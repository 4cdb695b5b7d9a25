// The token of the project the view shows (the active account): the seam between the accounts
// (SecretStorage, one token per project, each bound to its API origin) and the rest of the
// extension. It is checked with one small request before it is saved and always known to the
// log's redactor. One change event, also for changes made in another window.
import * as vscode from 'vscode';
import { isTesultsApiError } from '../../api/errors';
import type { Log } from '../log';
import type { Settings } from '../settings';
import { type Account, type AccountStore, apiOrigin } from './accounts';

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
        if ((names.has('apiUrl') || names.has('defaultProject')) && this.#current !== 'unknown') void this.#reload(false);
      }),
    ];
  }

  get state(): TokenState {
    return this.#current;
  }

  get hasToken(): boolean {
    return this.#current === 'present';
  }

  /** The API origin requests go to now; a token is sent only to the origin it was entered for. */
  get origin(): string | undefined {
    return apiOrigin(this.#settings.get('apiUrl'));
  }

  /**
   * The default project's account, whose results the status bar, badge, polling and notifications
   * follow: the one named by `tesults.defaultProject`, else the first entered for the current API origin.
   */
  get account(): Account | undefined {
    const bound = this.#accounts.boundTo(this.origin);
    const wanted = this.#settings.get('defaultProject');
    return bound.find((a) => a.label === wanted) ?? bound[0];
  }

  /** Reads the accounts once (moving an earlier version's token into the first one); the first change event (`initial`) follows. */
  async start(): Promise<void> {
    await this.#accounts.load(this.origin);
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

  /** The active account's token; the log's redactor learns every token before anyone can log it. */
  async get(): Promise<string | undefined> {
    const account = this.account;
    const token = account ? await this.#accounts.token(account.id, this.origin) : undefined;
    this.#log.setSecrets(this.#accounts.knownTokens());
    return token;
  }

  /** Replaces the active account's token, or adds the first account for the current API origin. */
  async set(token: string, label = ''): Promise<void> {
    const before = this.#seen;
    const account = this.account;
    const origin = this.origin;
    if (account) await this.#accounts.replaceToken(account.id, token);
    else if (origin) await this.#accounts.add(token, origin, label);
    await this.#reload(false);
    // Entering the same token again means "try again" (e.g. after Tesults rejected it for a while).
    if (this.#seen === before && this.#current === 'present') this.#changed.fire({ state: 'present', initial: false });
  }

  /** Signs the active account out: its token is deleted. */
  async clear(): Promise<void> {
    const account = this.account;
    if (account) await this.#accounts.remove(account.id);
  }

  /** Asks Tesults whether it accepts a token (not saved yet: both it and the stored one are redacted meanwhile). */
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
