// The API token: kept only in VS Code's SecretStorage, checked with one small request before it
// is saved, and always known to the log's redactor. One change event, also for changes made in
// another window.
import * as vscode from 'vscode';
import { isTesultsApiError } from '../../api/errors';
import type { Log } from '../log';

const TOKEN_KEY = 'tesults.apiToken';

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
  readonly #changed = new vscode.EventEmitter<TokenChange>();
  readonly onDidChange = this.#changed.event;
  readonly #subscription: vscode.Disposable;

  readonly #secrets: vscode.SecretStorage;
  readonly #log: Log;
  readonly #probe: TokenProbe;

  constructor(
    secrets: vscode.SecretStorage,
    log: Log,
    probe: TokenProbe,
  ) {
    this.#secrets = secrets;
    this.#log = log;
    this.#probe = probe;
    this.#subscription = secrets.onDidChange((e) => {
      if (e.key === TOKEN_KEY) void this.#reload(false);
    });
  }

  get state(): TokenState {
    return this.#current;
  }

  get hasToken(): boolean {
    return this.#current === 'present';
  }

  /** Reads the stored token once; the first change event (`initial`) follows. */
  start(): Promise<void> {
    return this.#reload(true);
  }

  async #reload(initial: boolean): Promise<void> {
    const token = await this.get();
    this.#current = token ? 'present' : 'missing';
    this.#changed.fire({ state: this.#current, initial });
  }

  /** The stored token; the log's redactor learns it before anyone can log it. */
  async get(): Promise<string | undefined> {
    const stored = await this.#secrets.get(TOKEN_KEY);
    const token = stored ? stored : undefined;
    this.#log.setSecrets([token]);
    return token;
  }

  set(token: string): Thenable<void> {
    return this.#secrets.store(TOKEN_KEY, token);
  }

  clear(): Thenable<void> {
    return this.#secrets.delete(TOKEN_KEY);
  }

  /** Asks Tesults whether it accepts a token (not saved yet: both it and the stored one are redacted meanwhile). */
  async check(token: string, signal: AbortSignal): Promise<TokenCheck> {
    this.#log.setSecrets([token, await this.get()]);
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
    this.#subscription.dispose();
    this.#changed.dispose();
  }
}
