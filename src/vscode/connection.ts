// The Tesults client for the current settings: rebuilt when the API URL or the timeout changes.
// It asks its token source for the token on every request, for the origin the request goes to.
import * as vscode from 'vscode';
import { TesultsClient } from '../api/client';
import type { Log } from './log';
import type { Settings } from './settings';

/** Where the connection gets the token for each request (the token session, or one project's account). */
export interface TokenSource {
  /** The token to send to `origin`; throws when the user refused to send it there. */
  tokenFor(origin: string): Promise<string | undefined>;
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
      getToken: (origin) => this.#tokens.tokenFor(origin),
      timeoutMs: this.#settings.get('requestTimeoutSeconds') * 1000,
      userAgent: this.#userAgent,
      log: (line) => this.#log.info(line),
    }));
  }

  dispose(): void {
    this.#subscription.dispose();
  }
}
