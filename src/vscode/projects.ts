// The Tesults projects signed in besides the default one (the token session's account): each has
// its own client and ResultsStore, so the tree can show its targets next to the default project's.
// The default project keeps the main store, loader, cache, status bar and polling.
import * as vscode from 'vscode';
import { ResultsStore } from '../store/store';
import type { Account, AccountStore } from './auth/accounts';
import type { TokenSession } from './auth/tokenSession';
import { TesultsConnection } from './connection';
import type { Log } from './log';
import type { Settings } from './settings';

export interface Project {
  readonly accountId: string;
  readonly store: ResultsStore;
}

interface ProjectParts extends Project {
  readonly connection: TesultsConnection;
}

export interface OtherProjectsServices {
  readonly accounts: AccountStore;
  readonly tokens: TokenSession;
  readonly settings: Settings;
  readonly log: Log;
  readonly userAgent: string;
}

export class OtherProjects implements vscode.Disposable {
  readonly #projects = new Map<string, ProjectParts>();
  readonly #changed = new vscode.EventEmitter<void>();
  /** The projects, their labels or the default project changed. */
  readonly onDidChange = this.#changed.event;
  readonly #subscriptions: vscode.Disposable[];

  readonly #services: OtherProjectsServices;

  constructor(services: OtherProjectsServices) {
    this.#services = services;
    this.#subscriptions = [services.accounts.onDidChange(() => this.#sync()), services.tokens.onDidChange(() => this.#sync())];
  }

  /** Every project signed in, the default one included, in the order they were added. */
  accounts(): readonly Account[] {
    return this.#services.accounts.list();
  }

  /** The default project's account (its results live in the main store). */
  defaultAccount(): Account | undefined {
    return this.#services.tokens.account;
  }

  get(accountId: string): Project | undefined {
    return this.#projects.get(accountId);
  }

  /** Refresh: the other projects whose targets were asked for load them again. */
  refresh(): void {
    for (const { store } of this.#projects.values()) if (store.targetsState !== 'idle' || store.targetsError) void store.refresh();
  }

  #sync(): void {
    const main = this.defaultAccount();
    const wanted = new Set(this.accounts().filter((a) => a.id !== main?.id).map((a) => a.id));
    for (const [id, project] of this.#projects) {
      if (wanted.has(id)) continue;
      project.store.dispose();
      project.connection.dispose();
      this.#projects.delete(id);
    }
    for (const id of wanted) if (!this.#projects.has(id)) this.#projects.set(id, this.#create(id));
    this.#changed.fire();
  }

  #create(accountId: string): ProjectParts {
    const { accounts, settings, log, userAgent } = this.#services;
    // Its own account's token, bound to its own origin: another origin asks first, as for the default project.
    const token = {
      tokenFor: async (origin: string): Promise<string | undefined> => {
        const value = await accounts.tokenFor(accountId, origin);
        log.setSecrets(accounts.knownTokens());
        return value;
      },
    };
    const connection = new TesultsConnection(settings, token, log, userAgent);
    const store = new ResultsStore({
      api: {
        listTargets: (signal) => connection.client().listTargets(signal),
        fetchRuns: (targetId, opts) => connection.client().fetchRuns(targetId, opts),
      },
      runsPerPage: () => settings.get('runsPerPage'),
      log: (line) => log.warn(line),
    });
    return { accountId, store, connection };
  }

  dispose(): void {
    for (const s of this.#subscriptions) s.dispose();
    for (const project of this.#projects.values()) {
      project.store.dispose();
      project.connection.dispose();
    }
    this.#projects.clear();
    this.#changed.dispose();
  }
}
