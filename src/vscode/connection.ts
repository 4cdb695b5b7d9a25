// The Tesults client for the current settings: rebuilt when the API URL or the timeout changes.
// It asks the token session for the token on every request.
import * as vscode from 'vscode';
import { TesultsClient } from '../api/client';
import type { Log } from './log';
import type { Settings } from './settings';

/** Where the connection gets the token for each request (the token session, or one account). */
export interface TokenSource {
  get(): Promise<string | undefined>;
}

export class TesultsConnection implements vscode.Disposable {
  #current?: TesultsClient;
  readonly #subscription: vscode.Disposable;

  readonly #settings: Settings;
  readonly #tokens: TokenSource;
  readonly #log: Log;
  readonly #userAgent: string;

  constructor(
    settings: Settings,
    tokens: TokenSource,
    log: Log,
    userAgent: string,
  ) {
    this.#settings = settings;
    this.#tokens = tokens;
    this.#log = log;
    this.#userAgent = userAgent;
    this.#subscription = settings.onDidChange((names) => {
      if (names.has('apiUrl') || names.has('requestTimeoutSeconds')) this.#current = undefined;
    });
  }

  client(): TesultsClient {
    return (this.#current ??= new TesultsClient({
      apiUrl: this.#settings.get('apiUrl'),
      getToken: () => this.#tokens.get(),
      timeoutMs: this.#settings.get('requestTimeoutSeconds') * 1000,
      userAgent: this.#userAgent,
      log: (line) => this.#log.info(line),
    }));
  }

  dispose(): void {
    this.#subscription.dispose();
  }
}
