// The `tesults` authentication provider: each account (one API token = one Tesults project) is a
// session in VS Code's Accounts menu, with Sign Out there. Other extensions can ask for one with
// `vscode.authentication.getSession('tesults', [])`.
import * as vscode from 'vscode';
import type { Account, AccountStore } from './accounts';

export const AUTH_PROVIDER_ID = 'tesults';
export const AUTH_PROVIDER_LABEL = 'Tesults';

type Session = vscode.AuthenticationSession;

export class TesultsAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  readonly #changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.#changed.event;
  /** The sessions last reported, to tell VS Code which ones were added, removed or changed. */
  #reported = new Map<string, Session>();
  readonly #subscription: vscode.Disposable;

  readonly #accounts: AccountStore;
  readonly #signIn: () => Promise<Account | undefined>;

  constructor(accounts: AccountStore, signIn: () => Promise<Account | undefined>) {
    this.#accounts = accounts;
    this.#signIn = signIn;
    this.#subscription = accounts.onDidChange(() => void this.#report());
  }

  async #session(account: Account): Promise<Session | undefined> {
    const token = await this.#accounts.storedToken(account.id);
    return token ? { id: account.id, accessToken: token, account: { id: account.id, label: account.label }, scopes: [] } : undefined;
  }

  async #allSessions(): Promise<Session[]> {
    const sessions = await Promise.all(this.#accounts.list().map((a) => this.#session(a)));
    return sessions.filter((s): s is Session => s !== undefined);
  }

  async #report(): Promise<void> {
    const now = new Map((await this.#allSessions()).map((s) => [s.id, s]));
    const before = this.#reported;
    this.#reported = now;
    const added = [...now.values()].filter((s) => !before.has(s.id));
    const removed = [...before.values()].filter((s) => !now.has(s.id));
    const changed = [...now.values()].filter((s) => {
      const old = before.get(s.id);
      return old !== undefined && (old.accessToken !== s.accessToken || old.account.label !== s.account.label);
    });
    if (added.length || removed.length || changed.length) this.#changed.fire({ added, removed, changed });
  }

  /** Scopes mean nothing to Tesults (a token reaches the whole project): every account answers. */
  async getSessions(_scopes: readonly string[] | undefined, options?: { account?: vscode.AuthenticationSessionAccountInformation }): Promise<Session[]> {
    const sessions = await this.#allSessions();
    return options?.account ? sessions.filter((s) => s.account.id === options.account?.id) : sessions;
  }

  async createSession(_scopes: readonly string[]): Promise<Session> {
    const account = await this.#signIn();
    const session = account ? await this.#session(account) : undefined;
    if (!session) throw new Error('Sign in to Tesults was cancelled.');
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.#accounts.remove(sessionId);
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#changed.dispose();
  }
}
