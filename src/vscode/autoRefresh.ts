// Auto-refresh and notifications: the poll scheduler (src/store/poller.ts) driven by the window's
// focus and the settings, and a message when a new run of the default target brings failures.
import * as vscode from 'vscode';
import { formatNewFailures, shouldNotify } from '../model/compare';
import { singleLine } from '../model/format';
import type { Run, TestCase } from '../model/types';
import { PollScheduler, storePoll } from '../store/poller';
import type { ResultsStore, StoreChange } from '../store/store';
import type { TokenSession } from './auth/tokenSession';
import type { DefaultTarget } from './defaultTarget';
import type { Log } from './log';
import type { Settings } from './settings';

export interface AutoRefreshServices {
  store: ResultsStore;
  log: Log;
  settings: Settings;
  tokens: TokenSession;
  defaultTarget: DefaultTarget;
}

export interface AutoRefreshOptions {
  /** Targets expanded in the tree. */
  expandedTargets(): Iterable<string>;
  show(targetId: string, run: Run, testCase: TestCase | undefined): Promise<void>;
  openDetails(targetId: string, run: Run, testCase: TestCase): void;
}

export class AutoRefresh implements vscode.Disposable {
  readonly #poller: PollScheduler;
  readonly #notified = new Set<string>();
  readonly #disposables: vscode.Disposable[] = [];
  #started = false;

  readonly #store: ResultsStore;
  readonly #log: Log;

  readonly #services: AutoRefreshServices;
  readonly #options: AutoRefreshOptions;

  constructor(
    services: AutoRefreshServices,
    options: AutoRefreshOptions,
  ) {
    this.#services = services;
    this.#options = options;
    const { store, log, settings, tokens, defaultTarget } = services;
    this.#store = store;
    this.#log = log;
    this.#poller = new PollScheduler({
      intervalMs: () => settings.get('refreshIntervalSeconds') * 1000,
      poll: storePoll(store),
      targets: () => {
        const ids = new Set<string>(options.expandedTargets());
        const main = defaultTarget.id();
        if (main) ids.add(main);
        // Only targets whose runs are loaded: a poll merges into what is shown.
        return [...ids].filter((id) => store.target(id)?.runsState === 'loaded');
      },
      log: (line) => log.info(line),
    });
    this.#poller.setFocused(vscode.window.state.focused);
    this.#disposables.push(
      vscode.window.onDidChangeWindowState((state) => this.#poller.setFocused(state.focused)),
      store.onDidChange((e) => this.#onStoreChange(e)),
      settings.onDidChange(() => this.#update()),
      tokens.onDidChange(() => this.#update()),
    );
  }

  /** Starts or stops polling to match the token and the setting. */
  #update(): void {
    const shouldRun = this.#services.tokens.hasToken && this.#services.settings.get('refreshIntervalSeconds') > 0;
    if (shouldRun && !this.#started) {
      this.#started = true;
      this.#poller.start();
    } else if (!shouldRun && this.#started) {
      this.#started = false;
      this.#poller.stop();
    } else if (shouldRun) {
      this.#poller.configChanged();
    }
  }

  /** A manual refresh just happened: the next poll is a whole interval away. */
  restartTimer(): void {
    if (this.#started) this.#poller.restartTimer();
  }

  #onStoreChange(e: StoreChange): void {
    if (!e.targetId || e.initial || !e.newRuns || e.newRuns.length === 0) return;
    if (e.targetId !== this.#services.defaultTarget.id()) return;
    const entry = this.#store.target(e.targetId);
    const current = e.newRuns[0];
    if (!entry || entry.runs[0] !== current) return;
    const decision = shouldNotify(this.#services.settings.get('notifications'), current, entry.runs[1], this.#notified, this.#store.history(e.targetId));
    if (!decision.notify) return;
    this.#notified.add(current.id);
    void this.#notify(e.targetId, entry.target.name, current, decision.newFailures, decision.failures, decision.knownFlaky);
  }

  async #notify(targetId: string, targetName: string, run: Run, newFailures: TestCase[], failures: number, knownFlaky: number): Promise<void> {
    const name = singleLine(targetName, 80);
    const text =
      newFailures.length > 0
        ? `${formatNewFailures(newFailures.length, knownFlaky)} in ${name}`
        : `${failures} failure${failures === 1 ? '' : 's'} in the new run of ${name}`;
    this.#log.info(text);
    const first = newFailures[0];
    const choice = await vscode.window.showWarningMessage(text, 'Show', ...(first ? ['Open Details'] : []));
    if (choice === 'Show') await this.#options.show(targetId, run, first);
    else if (choice === 'Open Details' && first) this.#options.openDetails(targetId, run, first);
  }

  dispose(): void {
    this.#poller.dispose();
    for (const d of this.#disposables) d.dispose();
  }
}
