// Tesults accounts: one account = one API token = one Tesults project. Everything lives in VS
// Code's SecretStorage (it syncs across windows and fires `onDidChange` there): the list of
// accounts `{ id, label, origin }` under one key, and each token under a key of its own. Each
// token is bound to the API origin it was checked against: it goes to another origin only after
// the user said yes in a modal that names the host (issue 12).
import * as vscode from 'vscode';
import { errors } from '../../api/errors';
import { singleLine } from '../../model/format';
import { isRecord } from '../../util/record';
import { checkApiUrl, shownUrl } from '../../util/url';

export interface Account {
  readonly id: string;
  /** The project's name as the user gave it (default: the API host). */
  readonly label: string;
  /** The API origin the token was checked against (e.g. https://www.tesults.com); it goes elsewhere only if the user allows it. */
  readonly origin: string;
}

/** The part of vscode.SecretStorage the accounts use. */
export interface SecretStore {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
  readonly onDidChange: vscode.Event<{ readonly key: string }>;
}

/** `once`: this window, until it reloads; `always`: the token is bound to the new origin. */
export type SendAnswer = 'once' | 'always' | undefined;

/** Asks the user whether the token of `account` (bound to `account.origin`) may be sent to `origin`. */
export type SendPrompt = (origin: string, account: Account) => Thenable<SendAnswer>;

const ACCOUNTS_KEY = 'tesults.accounts';
const TOKEN_KEY_PREFIX = 'tesults.account.';
/** Where the single token of earlier versions lives, and the origin it was bound to; it becomes the first account. */
export const LEGACY_TOKEN_KEY = 'tesults.apiToken';
export const LEGACY_ORIGIN_KEY = 'tesults.apiTokenOrigin';
/** The migrated account's id is fixed, so two windows migrating at once agree on one account. */
const MIGRATED_ID = 'migrated';
const MAX_LABEL_LENGTH = 100;

const tokenKey = (id: string): string => `${TOKEN_KEY_PREFIX}${id}`;

/** The origin of an API URL the extension would send a token to; undefined when the URL is refused. */
export function apiOrigin(apiUrl: string): string | undefined {
  const c = checkApiUrl(apiUrl);
  return c.ok ? c.url.origin : undefined;
}

/** The label a new account gets when the user gives none: the API host. */
export function defaultAccountLabel(origin: string): string {
  try {
    return new URL(origin).host || origin;
  } catch {
    return origin;
  }
}

/** A label as stored: one line, trimmed, bounded; empty means "use the default". */
export function cleanLabel(label: string): string {
  return label.replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL_LENGTH);
}

/** The modal that asks before a project's token goes to a host it was not set for. */
export const askToSendModal: SendPrompt = async (origin, account) => {
  const host = shownUrl(defaultAccountLabel(origin));
  const once = 'Allow Once';
  const always = 'Allow Always';
  const answer = await vscode.window.showWarningMessage(
    `Send the Tesults API token of "${singleLine(account.label, 100)}" to ${host}?`,
    {
      modal: true,
      detail:
        `The token was set for ${shownUrl(account.origin)}, and tesults.apiUrl in your user settings now points at ${shownUrl(origin)}. ` +
        `Allow only if ${host} is your Tesults server. "${once}" lasts until the window reloads; "${always}" moves the token to ${host}.`,
    },
    once,
    always,
  );
  return answer === once ? 'once' : answer === always ? 'always' : undefined;
};

/** The stored list, read defensively (anything that is not a well-formed account is dropped). */
export function parseAccounts(raw: string | undefined): Account[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const accounts: Account[] = [];
  for (const item of value) {
    if (!isRecord(item)) continue;
    const { id, label, origin } = item;
    if (typeof id !== 'string' || !id || typeof origin !== 'string' || !apiOrigin(origin) || seen.has(id)) continue;
    seen.add(id);
    accounts.push({ id, origin, label: typeof label === 'string' && cleanLabel(label) ? cleanLabel(label) : defaultAccountLabel(origin) });
  }
  return accounts;
}

export interface AccountStoreOptions {
  newId?: () => string;
  /** Default: a modal warning naming the host. */
  askToSend?: SendPrompt;
  /** Told when a binding moves or a token is refused to an origin (never the token). */
  log?: (line: string) => void;
}

export class AccountStore implements vscode.Disposable {
  #accounts: Account[] = [];
  /** Tokens read so far (for the log's redactor); never written anywhere else. */
  readonly #tokens = new Map<string, string>();
  #writes: Promise<unknown> = Promise.resolve();
  readonly #changed = new vscode.EventEmitter<void>();
  /** The list or a token changed (in this window or another). */
  readonly onDidChange = this.#changed.event;
  readonly #subscription: vscode.Disposable;
  /** Answers given in this window, by account and origin: allowed once, refused. */
  readonly #allowedOnce = new Set<string>();
  readonly #refused = new Set<string>();
  /** The question being asked per account and origin, so concurrent requests share one modal. */
  readonly #asking = new Map<string, Promise<SendAnswer>>();

  readonly #secrets: SecretStore;
  readonly #newId: () => string;
  readonly #askToSend: SendPrompt;
  readonly #log: (line: string) => void;

  constructor(secrets: SecretStore, options: AccountStoreOptions = {}) {
    this.#secrets = secrets;
    this.#newId = options.newId ?? (() => globalThis.crypto.randomUUID());
    this.#askToSend = options.askToSend ?? askToSendModal;
    this.#log = options.log ?? (() => undefined);
    this.#subscription = secrets.onDidChange((e) => {
      if (e.key === ACCOUNTS_KEY || e.key.startsWith(TOKEN_KEY_PREFIX)) void this.#reload();
    });
  }

  /**
   * Reads the accounts. A token stored by an earlier version becomes the first account, bound to
   * the origin it was bound to (else `currentOrigin`, the API it was used with) and labelled with
   * its host, without asking again.
   */
  async load(currentOrigin: string | undefined): Promise<readonly Account[]> {
    await this.#serialized(async () => {
      let accounts = parseAccounts(await this.#secrets.get(ACCOUNTS_KEY));
      const legacy = await this.#secrets.get(LEGACY_TOKEN_KEY);
      const origin = apiOrigin((await this.#secrets.get(LEGACY_ORIGIN_KEY)) ?? '') ?? currentOrigin;
      if (legacy && origin) {
        if (!accounts.some((a) => a.id === MIGRATED_ID)) {
          await this.#secrets.store(tokenKey(MIGRATED_ID), legacy);
          accounts = [{ id: MIGRATED_ID, label: defaultAccountLabel(origin), origin }, ...accounts];
          await this.#secrets.store(ACCOUNTS_KEY, JSON.stringify(accounts));
        }
        await this.#secrets.delete(LEGACY_TOKEN_KEY);
        await this.#secrets.delete(LEGACY_ORIGIN_KEY);
      }
      this.#accounts = accounts;
    });
    return this.#accounts;
  }

  async #reload(): Promise<void> {
    this.#accounts = parseAccounts(await this.#secrets.get(ACCOUNTS_KEY));
    for (const id of [...this.#tokens.keys()]) if (!this.#accounts.some((a) => a.id === id)) this.#tokens.delete(id);
    this.#changed.fire();
  }

  list(): readonly Account[] {
    return this.#accounts;
  }

  find(id: string): Account | undefined {
    return this.#accounts.find((a) => a.id === id);
  }

  /** The accounts whose token goes to this API origin without asking. */
  boundTo(origin: string | undefined): readonly Account[] {
    return origin ? this.#accounts.filter((a) => a.origin === origin) : [];
  }

  /** An account's stored token, wherever it is bound (for the Accounts menu and the session state; never for a request). */
  async storedToken(id: string): Promise<string | undefined> {
    if (!this.find(id)) return undefined;
    const stored = await this.#secrets.get(tokenKey(id));
    if (stored) this.#tokens.set(id, stored);
    else this.#tokens.delete(id);
    return stored || undefined;
  }

  /**
   * The token of account `id` to send to `origin`, or undefined when there is none. A token bound
   * elsewhere is sent only if the user allows it (asked once per account, origin and window);
   * refused, this throws an error the view shows.
   */
  async tokenFor(id: string, origin: string): Promise<string | undefined> {
    const token = await this.storedToken(id);
    const account = this.find(id);
    if (!token || !account) return undefined;
    const key = `${id}\n${origin}`;
    if (account.origin === origin || this.#allowedOnce.has(key)) return token;
    if (this.#refused.has(key)) throw errors.tokenNotSent(origin, account.origin);
    let asking = this.#asking.get(key);
    if (!asking) {
      asking = Promise.resolve(this.#askToSend(origin, account)).finally(() => this.#asking.delete(key));
      this.#asking.set(key, asking);
    }
    const answer = await asking;
    if (answer === 'always') {
      await this.#serialized(async () => {
        const accounts = parseAccounts(await this.#secrets.get(ACCOUNTS_KEY));
        // Another window (or request) may have moved it meanwhile: only the binding asked about moves.
        if (!accounts.some((a) => a.id === id && a.origin === account.origin)) return;
        await this.#write(accounts.map((a) => (a.id === id ? { ...a, origin } : a)));
        this.#log(`The API token of ${account.label} is now bound to ${origin} (was ${account.origin}).`);
      });
      return token;
    }
    if (answer === 'once') {
      this.#allowedOnce.add(key);
      this.#log(`The API token of ${account.label} is sent to ${origin} until the window reloads (it stays bound to ${account.origin}).`);
      return token;
    }
    if (!this.#refused.has(key)) this.#log(`Not sending the API token of ${account.label} to ${origin}: it was set for ${account.origin}.`);
    this.#refused.add(key);
    throw errors.tokenNotSent(origin, account.origin);
  }

  /** Every token read so far, for the log's redactor. */
  knownTokens(): string[] {
    return [...this.#tokens.values()];
  }

  async add(token: string, origin: string, label = ''): Promise<Account> {
    const account: Account = { id: this.#newId(), label: cleanLabel(label) || defaultAccountLabel(origin), origin };
    await this.#serialized(async () => {
      await this.#secrets.store(tokenKey(account.id), token);
      this.#tokens.set(account.id, token);
      await this.#write([...parseAccounts(await this.#secrets.get(ACCOUNTS_KEY)).filter((a) => a.id !== account.id), account]);
    });
    return account;
  }

  /** A new token for an account, bound to `origin` (where it was just checked); earlier answers for it are forgotten. */
  async replaceToken(id: string, token: string, origin: string): Promise<void> {
    this.#forgetAnswers(id);
    await this.#serialized(async () => {
      const accounts = parseAccounts(await this.#secrets.get(ACCOUNTS_KEY));
      // The binding first: a request made between the two writes never sees the new token with the old origin.
      if (accounts.some((a) => a.id === id && a.origin !== origin)) await this.#write(accounts.map((a) => (a.id === id ? { ...a, origin } : a)));
      await this.#secrets.store(tokenKey(id), token);
      this.#tokens.set(id, token);
    });
    this.#changed.fire();
  }

  async rename(id: string, label: string): Promise<void> {
    await this.#serialized(async () => {
      const accounts = parseAccounts(await this.#secrets.get(ACCOUNTS_KEY));
      await this.#write(accounts.map((a) => (a.id === id ? { ...a, label: cleanLabel(label) || defaultAccountLabel(a.origin) } : a)));
    });
  }

  /** Forgets the account and deletes its token. */
  async remove(id: string): Promise<Account | undefined> {
    const removed = this.find(id);
    this.#forgetAnswers(id);
    await this.#serialized(async () => {
      const accounts = parseAccounts(await this.#secrets.get(ACCOUNTS_KEY));
      await this.#secrets.delete(tokenKey(id));
      this.#tokens.delete(id);
      await this.#write(accounts.filter((a) => a.id !== id));
    });
    return removed;
  }

  #forgetAnswers(id: string): void {
    for (const answers of [this.#allowedOnce, this.#refused]) for (const key of [...answers]) if (key.startsWith(`${id}\n`)) answers.delete(key);
  }

  async #write(accounts: Account[]): Promise<void> {
    this.#accounts = accounts;
    if (accounts.length) await this.#secrets.store(ACCOUNTS_KEY, JSON.stringify(accounts));
    else await this.#secrets.delete(ACCOUNTS_KEY);
    this.#changed.fire();
  }

  /** One read-modify-write at a time in this window. */
  #serialized(task: () => Promise<void>): Promise<void> {
    const next = this.#writes.then(task);
    this.#writes = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#changed.dispose();
  }
}
