// The Tesults client for the current settings: rebuilt when the API URL or the timeout changes.
// It asks the token session for the token on every request, for the origin the request goes to.
import * as vscode from 'vscode';
import { TesultsClient } from '../api/client';
import { checkApiUrl } from '../util/url';
import type { TokenSession } from './auth/tokenSession';
import type { Log } from './log';
import type { Settings } from './settings';

export class TesultsConnection implements vscode.Disposable {
  #current?: TesultsClient;
  readonly #subscription: vscode.Disposable;

  readonly #settings: Settings;
  readonly #tokens: TokenSession;
  readonly #log: Log;
  readonly #userAgent: string;

  constructor(
    settings: Settings,
    tokens: TokenSession,
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

/** The origin of the API URL in the user's settings; undefined when that URL is refused. */
export function userApiOrigin(settings: Settings): string | undefined {
  const c = checkApiUrl(settings.get('apiUrl'));
  return c.ok ? c.url.origin : undefined;
}
