// The status-bar pass/fail indicator for the default target's latest run. What it says is
// decided by statusBarView (src/store/statusBarView.ts); this only shows it.
import * as vscode from 'vscode';
import type { ResultsStore } from '../../store/store';
import { failureBadge, statusBarView, type StatusBarInput, type StatusBarLink } from '../../store/statusBarView';
import type { TokenSession } from '../auth/tokenSession';
import type { DefaultTarget } from '../defaultTarget';
import { serverMarkdown } from '../markdown';
import type { Settings } from '../settings';

const LINKS: Record<StatusBarLink, string> = {
  refresh: '[$(refresh) Refresh](command:tesults.refresh)',
  firstFailure: '[$(arrow-right) Go to First Failure](command:tesults.firstFailingSuite)',
  setToken: '[$(key) Set API Token](command:tesults.setToken)',
};

export interface ResultsStatusBarOptions {
  /** The Results view, whose activity-bar icon carries the failure badge (shown while the view is closed). */
  badgeOn?: { badge?: vscode.ViewBadge | undefined };
}

export class ResultsStatusBar implements vscode.Disposable {
  readonly #item = vscode.window.createStatusBarItem('tesults.status', vscode.StatusBarAlignment.Left, 50);
  readonly #subscriptions: vscode.Disposable[];

  readonly #store: ResultsStore;
  readonly #settings: Settings;
  readonly #tokens: TokenSession;
  readonly #defaultTarget: DefaultTarget;
  readonly #badgeOn: ResultsStatusBarOptions['badgeOn'];

  constructor(
    store: ResultsStore,
    settings: Settings,
    tokens: TokenSession,
    defaultTarget: DefaultTarget,
    options: ResultsStatusBarOptions = {},
  ) {
    this.#badgeOn = options.badgeOn;
    this.#store = store;
    this.#settings = settings;
    this.#tokens = tokens;
    this.#defaultTarget = defaultTarget;
    this.#item.name = 'Tesults';
    const update = (): void => this.#update();
    this.#subscriptions = [store.onDidChange(update), settings.onDidChange(update), tokens.onDidChange(update), tokens.onDidChangeProjects(update), defaultTarget.onDidChange(update)];
    this.#update();
  }

  #update(): void {
    const item = this.#item;
    const input: StatusBarInput = {
      hasToken: this.#tokens.hasToken,
      project: this.#tokens.projectLabel,
      defaultTargetSetting: this.#defaultTarget.setting,
      entry: this.#defaultTarget.entry(),
      targetsState: this.#store.targetsState,
      targetsError: this.#store.targetsError,
      model: (run) => this.#store.model(run),
      history: (targetId) => this.#store.history(targetId),
      now: Date.now(),
    };
    if (this.#badgeOn) this.#badgeOn.badge = failureBadge(input);
    const view = this.#settings.get('statusBarEnabled') ? statusBarView(input) : { kind: 'hidden' as const };
    if (view.kind === 'hidden') {
      item.hide();
      return;
    }
    item.color = undefined;
    item.text = view.text;
    item.accessibilityInformation = { label: view.ariaLabel };
    if (view.kind === 'invalidApiUrl') {
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.tooltip = view.tooltip;
      item.command = { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['tesults.apiUrl'] };
      item.show();
      return;
    }
    if (view.kind === 'pickTarget') {
      item.backgroundColor = undefined;
      item.tooltip = view.tooltip;
      item.command = 'tesults.selectDefaultTarget';
      item.show();
      return;
    }
    item.backgroundColor = view.color ? new vscode.ThemeColor(view.color === 'error' ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground') : undefined;
    item.command = { command: 'tesults.firstFailingSuite', title: 'Go to First Failure', arguments: [{ targetId: view.targetId, fromStatusBar: true }] };
    const md = serverMarkdown(['tesults.refresh', 'tesults.firstFailingSuite', 'tesults.setToken']);
    const [title, ...lines] = view.tooltipLines;
    md.appendMarkdown('**');
    md.appendText(title ?? '');
    md.appendMarkdown('**');
    for (const line of lines) {
      md.appendMarkdown('\n\n');
      md.appendText(line);
    }
    md.appendMarkdown(`\n\n${view.links.map((l) => LINKS[l]).join(' · ')}`);
    item.tooltip = md;
    item.show();
  }

  dispose(): void {
    for (const d of this.#subscriptions) d.dispose();
    this.#item.dispose();
  }
}
