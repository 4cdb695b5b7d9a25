// The status-bar pass/fail indicator for the default target's latest run.
import * as vscode from 'vscode';
import { formatCounts, failuresInTreeOrder } from '../../model/group';
import { formatAbsoluteTime, formatRunTime, singleLine } from '../../model/format';
import { serverMarkdown } from '../markdown';
import { CANCELLED, type ResultsStore } from '../../store/store';
import type { TokenSession } from '../auth/tokenSession';
import type { DefaultTarget } from '../defaultTarget';
import type { Settings } from '../settings';

const FAILURES_IN_TOOLTIP = 5;

export class ResultsStatusBar implements vscode.Disposable {
  readonly #item = vscode.window.createStatusBarItem('tesults.status', vscode.StatusBarAlignment.Left, 50);
  readonly #subscriptions: vscode.Disposable[];

  readonly #store: ResultsStore;
  readonly #settings: Settings;
  readonly #tokens: TokenSession;
  readonly #defaultTarget: DefaultTarget;

  constructor(
    store: ResultsStore,
    settings: Settings,
    tokens: TokenSession,
    defaultTarget: DefaultTarget,
  ) {
    this.#store = store;
    this.#settings = settings;
    this.#tokens = tokens;
    this.#defaultTarget = defaultTarget;
    this.#item.name = 'Tesults';
    const update = (): void => this.#update();
    this.#subscriptions = [store.onDidChange(update), settings.onDidChange(update), tokens.onDidChange(update), defaultTarget.onDidChange(update)];
    this.#update();
  }

  #update(): void {
    const item = this.#item;
    if (!this.#settings.get('statusBarEnabled')) {
      item.hide();
      return;
    }
    item.backgroundColor = undefined;
    item.color = undefined;
    if (!this.#tokens.hasToken) {
      item.text = '$(beaker) Tesults';
      item.tooltip = 'Tesults: no API token yet. Click to set one.';
      item.command = 'tesults.setToken';
      item.accessibilityInformation = { label: 'Tesults: set API token' };
      item.show();
      return;
    }
    const entry = this.#defaultTarget.entry();
    if (!entry && this.#store.targetsError?.kind === 'insecureUrl') {
      // The targets never load with this setting: asking to choose a target would mislead.
      item.text = '$(warning) Tesults: API URL invalid';
      item.tooltip = `${this.#store.targetsError.message}\n\nClick to open the tesults.apiUrl setting.`;
      item.command = { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['tesults.apiUrl'] };
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.accessibilityInformation = { label: 'Tesults: the API URL setting is invalid; open settings' };
      item.show();
      return;
    }
    if (!entry) {
      const setting = this.#defaultTarget.setting;
      const loading = this.#store.targetsState === 'loading';
      item.text = loading ? '$(sync~spin) Tesults' : '$(beaker) Tesults: Select Default Target';
      item.tooltip = setting && !loading ? `No target named or with the id "${setting}". Click to choose your main target.` : 'Choose the target whose latest run the status bar shows.';
      item.command = 'tesults.selectDefaultTarget';
      item.accessibilityInformation = { label: 'Tesults: select default target' };
      item.show();
      return;
    }
    const latest = entry.runs[0];
    const loading = entry.runsState === 'loading';
    // A load the user cancelled is no failure to warn about.
    const runsError = entry.runsError?.kind === CANCELLED ? undefined : entry.runsError;
    const error = runsError ?? (this.#store.targetsError && entry.runs.length === 0 ? this.#store.targetsError : undefined);
    const counts = latest ? this.#store.model(latest).counts : undefined;
    const numbers = counts ? `$(pass) ${counts.pass}  $(error) ${counts.fail}` : '$(pass) –  $(error) –';
    const prefix = loading ? '$(sync~spin) ' : error ? '$(warning) ' : '';
    item.text = `${prefix}${numbers}`;
    if (error) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    else if (counts && counts.fail > 0) item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    item.command = { command: 'tesults.firstFailingSuite', title: 'Go to First Failure', arguments: [{ targetId: entry.target.id, fromStatusBar: true }] };
    item.accessibilityInformation = {
      label: counts
        ? `Tesults ${singleLine(entry.target.name, 100)}: ${counts.pass} passed, ${counts.fail} failed${error ? ', last refresh failed' : ''}`
        : `Tesults ${singleLine(entry.target.name, 100)}: no results yet`,
    };

    const md = serverMarkdown(['tesults.refresh', 'tesults.firstFailingSuite', 'tesults.setToken', 'tesults.showLog']);
    md.appendMarkdown('**');
    md.appendText(singleLine(entry.target.name, 100));
    md.appendMarkdown('**');
    if (latest && counts) {
      const now = Date.now();
      md.appendMarkdown('\n\n');
      md.appendText(`Latest run: ${formatRunTime(latest.createdTime, now)} (${formatAbsoluteTime(latest.createdTime)})`);
      if (latest.build) {
        md.appendMarkdown('\n\n');
        md.appendText(`Build: ${singleLine(latest.build.name, 100)}`);
      }
      md.appendMarkdown('\n\n');
      md.appendText(`${formatCounts(counts)} — ${counts.total} total`);
      const failures = failuresInTreeOrder(this.#store.model(latest));
      if (failures.length > 0) {
        md.appendMarkdown('\n\nFailing:\n');
        for (const c of failures.slice(0, FAILURES_IN_TOOLTIP)) {
          md.appendMarkdown('\n- $(error) ');
          md.appendText(singleLine(c.name, 100));
        }
        if (failures.length > FAILURES_IN_TOOLTIP) md.appendText(`\n\n…and ${failures.length - FAILURES_IN_TOOLTIP} more`);
      }
    } else if (!loading) {
      md.appendMarkdown('\n\n');
      md.appendText('No runs loaded yet.');
    }
    if (error) {
      md.appendMarkdown('\n\n$(warning) ');
      md.appendText(`Last refresh failed (${new Date(error.at).toLocaleTimeString()}): ${error.message}`);
      md.appendMarkdown('\n\n');
      md.appendText(entry.loadedAt ? `Numbers from ${new Date(entry.loadedAt).toLocaleTimeString()}.` : 'Numbers from an earlier session.');
    }
    md.appendMarkdown('\n\n[$(refresh) Refresh](command:tesults.refresh)');
    if (counts && counts.fail > 0) md.appendMarkdown(' · [$(arrow-right) Go to First Failure](command:tesults.firstFailingSuite)');
    if (error?.kind === 'unauthorized') md.appendMarkdown(' · [$(key) Set API Token](command:tesults.setToken)');
    item.tooltip = md;
    item.show();
  }

  dispose(): void {
    for (const d of this.#subscriptions) d.dispose();
    this.#item.dispose();
  }
}
