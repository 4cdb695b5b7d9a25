// Auto-refresh and notifications: the poll scheduler (src/store/poller.ts) driven by the window's
// focus and the settings, and a message when a new run of the default target brings failures.
import * as vscode from 'vscode';
import { shouldNotify, type NotifyMode } from '../model/compare';
import { singleLine } from '../model/format';
import type { Run, TestCase } from '../model/types';
import { PollScheduler, storePoll } from '../store/poller';
import type { ResultsStore, StoreChange } from '../store/store';
import type { Log } from './log';

export interface AutoRefreshOptions {
  intervalSeconds(): number;
  notifyMode(): NotifyMode;
  hasToken(): boolean;
  defaultTargetId(): string | undefined;
  /** Targets expanded in the tree. */
  expandedTargets(): Iterable<string>;
  show(targetId: string, run: Run, testCase: TestCase | undefined): Promise<void>;
  openDetails(targetId: string, run: Run, testCase: TestCase): void;
}

export class AutoRefresh implements vscode.Disposable {
  private readonly poller: PollScheduler;
  private readonly notified = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private started = false;

  constructor(
    private readonly store: ResultsStore,
    private readonly log: Log,
    private readonly options: AutoRefreshOptions,
  ) {
    this.poller = new PollScheduler({
      intervalMs: () => options.intervalSeconds() * 1000,
      poll: storePoll(store),
      targets: () => {
        const ids = new Set<string>(options.expandedTargets());
        const main = options.defaultTargetId();
        if (main) ids.add(main);
        // Only targets whose runs are loaded: a poll merges into what is shown.
        return [...ids].filter((id) => store.target(id)?.runsState === 'loaded');
      },
      log: (line) => log.info(line),
    });
    this.poller.setFocused(vscode.window.state.focused);
    this.disposables.push(
      vscode.window.onDidChangeWindowState((state) => this.poller.setFocused(state.focused)),
      store.onDidChange((e) => this.onStoreChange(e)),
    );
  }

  /** Starts or stops polling to match the token and the setting. */
  update(): void {
    const shouldRun = this.options.hasToken() && this.options.intervalSeconds() > 0;
    if (shouldRun && !this.started) {
      this.started = true;
      this.poller.start();
    } else if (!shouldRun && this.started) {
      this.started = false;
      this.poller.stop();
    } else if (shouldRun) {
      this.poller.configChanged();
    }
  }

  /** A manual refresh just happened: the next poll is a whole interval away. */
  restartTimer(): void {
    if (this.started) this.poller.restartTimer();
  }

  get scheduler(): PollScheduler {
    return this.poller;
  }

  private onStoreChange(e: StoreChange): void {
    if (!e.targetId || e.initial || !e.newRuns || e.newRuns.length === 0) return;
    if (e.targetId !== this.options.defaultTargetId()) return;
    const entry = this.store.target(e.targetId);
    const current = e.newRuns[0];
    if (!entry || entry.runs[0] !== current) return;
    const decision = shouldNotify(this.options.notifyMode(), current, entry.runs[1], this.notified);
    if (!decision.notify) return;
    this.notified.add(current.id);
    void this.notify(e.targetId, entry.target.name, current, decision.newFailures, decision.failures);
  }

  private async notify(targetId: string, targetName: string, run: Run, newFailures: TestCase[], failures: number): Promise<void> {
    const name = singleLine(targetName, 80);
    const text =
      newFailures.length > 0
        ? `${newFailures.length} new failure${newFailures.length === 1 ? '' : 's'} in ${name}`
        : `${failures} failure${failures === 1 ? '' : 's'} in the new run of ${name}`;
    this.log.info(text);
    const first = newFailures[0];
    const choice = await vscode.window.showWarningMessage(text, 'Show', ...(first ? ['Open Details'] : []));
    if (choice === 'Show') await this.options.show(targetId, run, first);
    else if (choice === 'Open Details' && first) this.options.openDetails(targetId, run, first);
  }

  dispose(): void {
    this.poller.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
