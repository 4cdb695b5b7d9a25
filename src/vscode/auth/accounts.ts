// Tesults accounts: one account = one API token = one Tesults project. Everything lives in VS
// Code's SecretStorage (it syncs across windows and fires `onDidChange` there): the list of
// accounts `{ id, label, origin }` under one key, and each token under a key of its own. A token
// is handed out only for the API origin it was entered for.
import * as vscode from 'vscode';
import { isRecord } from '../../util/record';

export interface Account {
  readonly id: string;
  /** The project's name as the user gave it (default: the API host). */
  readonly label: string;
  /** The API origin the token was entered for (e.g. https://www.tesults.com); it is sent nowhere else. */
  readonly origin: string;
}

/** The part of vscode.SecretStorage the accounts use. */
export interface SecretStore {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
  readonly onDidChange: vscode.Event<{ readonly key: string }>;
}

const ACCOUNTS_KEY = 'tesults.accounts';
const TOKEN_KEY_PREFIX = 'tesults.account.';
/** Where the single token of earlier versions lives; it becomes the first account. */
export const LEGACY_TOKEN_KEY = 'tesults.apiToken';
/** The migrated account's id is fixed, so two windows migrating at once agree on one account. */
const MIGRATED_ID = 'migrated';
const MAX_LABEL_LENGTH = 100;

const tokenKey = (id: string): string => `${TOKEN_KEY_PREFIX}${id}`;

/** The origin of an API URL, or undefined when it is not a URL. */
export function apiOrigin(apiUrl: string): string | undefined {
  try {
    const origin = new URL(apiUrl).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
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

export class AccountStore implements vscode.Disposable {
  #accounts: Account[] = [];
  /** Tokens read so far (for the log's redactor); never written anywhere else. */
  readonly #tokens = new Map<string, string>();
  #writes: Promise<unknown> = Promise.resolve();
  readonly #changed = new vscode.EventEmitter<void>();
  /** The list or a token changed (in this window or another). */
  readonly onDidChange = this.#changed.event;
  readonly #subscription: vscode.Disposable;

  readonly #secrets: SecretStore;
  readonly #newId: () => string;

  constructor(secrets: SecretStore, newId: () => string = () => globalThis.crypto.randomUUID()) {
    this.#secrets = secrets;
    this.#newId = newId;
    this.#subscription = secrets.onDidChange((e) => {
      if (e.key === ACCOUNTS_KEY || e.key.startsWith(TOKEN_KEY_PREFIX)) void this.#reload();
    });
  }

  /**
   * Reads the accounts. A token stored by an earlier version becomes the first account, bound to
   * `currentOrigin` (the API it was used with) and labelled with its host, without asking again.
   */
  async load(currentOrigin: string | undefined): Promise<readonly Account[]> {
    await this.#serialized(async () => {
      let accounts = parseAccounts(await this.#secrets.get(ACCOUNTS_KEY));
      const legacy = await this.#secrets.get(LEGACY_TOKEN_KEY);
      if (legacy && currentOrigin && !accounts.some((a) => a.id === MIGRATED_ID)) {
        await this.#secrets.store(tokenKey(MIGRATED_ID), legacy);
        accounts = [{ id: MIGRATED_ID, label: defaultAccountLabel(currentOrigin), origin: currentOrigin }, ...accounts];
        await this.#secrets.store(ACCOUNTS_KEY, JSON.stringify(accounts));
      }
      if (legacy && currentOrigin) await this.#secrets.delete(LEGACY_TOKEN_KEY);
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

  /** The accounts whose token may be sent to this API origin. */
  boundTo(origin: string | undefined): readonly Account[] {
    return origin ? this.#accounts.filter((a) => a.origin === origin) : [];
  }

  /** An account's token, only when the request goes to the origin it was entered for. */
  async token(id: string, origin: string | undefined): Promise<string | undefined> {
    const account = this.find(id);
    if (!account || !origin || account.origin !== origin) return undefined;
    const stored = await this.#secrets.get(tokenKey(id));
    if (stored) this.#tokens.set(id, stored);
    else this.#tokens.delete(id);
    return stored || undefined;
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

  async replaceToken(id: string, token: string): Promise<void> {
    await this.#serialized(async () => {
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
    await this.#serialized(async () => {
      const accounts = parseAccounts(await this.#secrets.get(ACCOUNTS_KEY));
      await this.#secrets.delete(tokenKey(id));
      this.#tokens.delete(id);
      await this.#write(accounts.filter((a) => a.id !== id));
    });
    return removed;
  }

  async #write(accounts: Account[]): Promise<void> {
    this.#accounts = accounts;
    await this.#secrets.store(ACCOUNTS_KEY, JSON.stringify(accounts));
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
