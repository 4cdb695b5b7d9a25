// The API token: kept only in VS Code's SecretStorage, checked with one small request before it
// is saved, and always known to the log's redactor. One change event, also for changes made in
// another window. The token is bound to the origin it was set for: it goes to another origin only
// after the user said yes in a modal that names the host.
import * as vscode from 'vscode';
import { errors, isTesultsApiError } from '../../api/errors';
import { shownUrl } from '../../util/url';
import type { Log } from '../log';

const TOKEN_KEY = 'tesults.apiToken';
/** The origin (scheme://host:port) the stored token was set for. */
const ORIGIN_KEY = 'tesults.apiTokenOrigin';

/** `once`: this window, until it reloads; `always`: the token is bound to the new origin. */
export type SendAnswer = 'once' | 'always' | undefined;

/** Asks the user whether the token set for `boundOrigin` may be sent to `origin`. */
export type SendPrompt = (origin: string, boundOrigin: string) => Thenable<SendAnswer>;

export interface TokenBinding {
  /** The origin of the API URL in the user's settings (undefined when that URL is invalid). */
  currentOrigin(): string | undefined;
  /** Default: a modal warning naming the host. */
  askToSend?: SendPrompt;
}

/** The modal that asks before the token goes to a host it was not set for. */
export const askToSendModal: SendPrompt = async (origin, boundOrigin) => {
  const host = shownUrl(hostOf(origin));
  const once = 'Allow Once';
  const always = 'Allow Always';
  const answer = await vscode.window.showWarningMessage(
    `Send your Tesults API token to ${host}?`,
    {
      modal: true,
      detail:
        `The token was set for ${shownUrl(boundOrigin)}, and tesults.apiUrl in your user settings now points at ${shownUrl(origin)}. ` +
        `Allow only if ${host} is your Tesults server. "${once}" lasts until the window reloads; "${always}" moves the token to ${host}.`,
    },
    once,
    always,
  );
  return answer === once ? 'once' : answer === always ? 'always' : undefined;
};

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

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
  readonly #binding: TokenBinding;
  /** Answers given in this window: origins allowed once, origins refused. */
  readonly #allowedOnce = new Set<string>();
  readonly #refused = new Set<string>();
  /** The question being asked per origin, so concurrent requests share one modal. */
  readonly #asking = new Map<string, Promise<SendAnswer>>();

  constructor(
    secrets: vscode.SecretStorage,
    log: Log,
    probe: TokenProbe,
    binding: TokenBinding,
  ) {
    this.#secrets = secrets;
    this.#log = log;
    this.#probe = probe;
    this.#binding = binding;
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

  /** The origin of the API URL in the user's settings, where a token set now is bound. */
  currentOrigin(): string | undefined {
    return this.#binding.currentOrigin();
  }

  /** The origin the stored token is bound to; undefined without a token or for a token stored before binding existed. */
  async originFor(): Promise<string | undefined> {
    if (!(await this.get())) return undefined;
    return (await this.#secrets.get(ORIGIN_KEY)) || undefined;
  }

  /**
   * The token to send to `origin`, or undefined when none is stored. A token stored before binding
   * existed is bound to `origin` now. A token bound elsewhere is sent only if the user allows it
   * (asked once per origin and window); refused, this throws an error the view shows.
   */
  async tokenFor(origin: string): Promise<string | undefined> {
    const token = await this.get();
    if (!token) return undefined;
    const bound = await this.#secrets.get(ORIGIN_KEY);
    if (!bound) {
      await this.#secrets.store(ORIGIN_KEY, origin);
      this.#log.info(`The stored API token is now bound to ${origin}.`);
      return token;
    }
    if (bound === origin || this.#allowedOnce.has(origin)) return token;
    if (this.#refused.has(origin)) throw errors.tokenNotSent(origin, bound);
    let asking = this.#asking.get(origin);
    if (!asking) {
      asking = Promise.resolve((this.#binding.askToSend ?? askToSendModal)(origin, bound)).finally(() => this.#asking.delete(origin));
      this.#asking.set(origin, asking);
    }
    const answer = await asking;
    if (answer === 'always') {
      if ((await this.#secrets.get(ORIGIN_KEY)) === bound) {
        await this.#secrets.store(ORIGIN_KEY, origin);
        this.#log.info(`The API token is now bound to ${origin} (was ${bound}).`);
      }
      return token;
    }
    if (answer === 'once') {
      this.#allowedOnce.add(origin);
      this.#log.info(`The API token is sent to ${origin} until the window reloads (it stays bound to ${bound}).`);
      return token;
    }
    if (!this.#refused.has(origin)) this.#log.warn(`Not sending the API token to ${origin}: it was set for ${bound}.`);
    this.#refused.add(origin);
    throw errors.tokenNotSent(origin, bound);
  }

  /** Saves a token bound to `origin` (by default the current one: where it was just checked). */
  async set(token: string, origin = this.currentOrigin()): Promise<void> {
    this.#allowedOnce.clear();
    this.#refused.clear();
    // The origin first: a request made between the two writes never sees the new token with the old origin.
    if (origin) await this.#secrets.store(ORIGIN_KEY, origin);
    else await this.#secrets.delete(ORIGIN_KEY);
    await this.#secrets.store(TOKEN_KEY, token);
  }

  async clear(): Promise<void> {
    this.#allowedOnce.clear();
    this.#refused.clear();
    await this.#secrets.delete(TOKEN_KEY);
    await this.#secrets.delete(ORIGIN_KEY);
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
