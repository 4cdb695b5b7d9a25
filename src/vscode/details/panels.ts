// The case details webview: one preview panel reused for the selected case, pinned panels on
// request, restored after a reload from ids (the data is re-read from the store). A bundle of its
// own (dist/detailsPanels.js), made on first open or restore by details/detailsPanels.ts.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { caseHistory, compareRuns, findSameCase, formatChanges, previousRun } from '../../model/compare';
import { caseIndex, caseKey, failuresInTreeOrder, stepFailure } from '../../model/group';
import { singleLine } from '../../model/format';
import type { Run, TestCase } from '../../model/types';
import { CANCELLED, toErrorInfo, type ErrorInfo, type ResultsStore } from '../../store/store';
import { errors } from '../../api/errors';
import type { HistoryRunResult } from '../../model/caseView';
import { parseWebviewMessage, type PageAction, type PageResources, type WebviewMessage } from '../../webview/contract';
import { reasonText } from '../../model/reason';
import { fileUrl } from '../../webview/html';
import { detailsRenderer } from './renderer';
import type { TesultsClient } from '../../api/client';
import type { CaseInRun } from '../caseRef';
import { openTesultsLink } from '../links';
import type { Log } from '../log';
import type { ResultsTreeProvider } from '../tree/provider';
import type { ResultsView } from '../tree/view';
import { DETAILS_VIEW_TYPE, decodeRef, encodeRef, type CaseRefIds } from './panelState';

const PREVIEW_MAX_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES: ReadonlyMap<string, string> = new Map(Object.entries({ png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' }));

interface PanelEntry {
  readonly panel: vscode.WebviewPanel;
  readonly pinned: boolean;
  ids?: CaseRefIds;
  shown?: CaseInRun;
  previews: Record<string, string>;
  /** The load problem a restored panel shows instead of its case. */
  problem?: ErrorInfo;
}

export interface DetailsDeps {
  extensionUri: vscode.Uri;
  store: ResultsStore;
  tree: ResultsTreeProvider;
  treeView: Pick<ResultsView, 'reveal' | 'visible'>;
  log: Log;
  client(): TesultsClient;
  /** The API URL in the user's settings: links open only on its Tesults web origin. */
  apiUrl(): string;
  /** Asks for the target list to be loaded (a restored panel may come before the view does). */
  needTargets(): void;
  /** True once it is known that no API token is stored: nothing can load until one is set. */
  tokenMissing(): boolean;
  /** Fires when the token is read, set or cleared. */
  onDidChangeToken: vscode.Event<unknown>;
}

export class CaseDetailsPanels implements vscode.Disposable {
  #preview?: PanelEntry;
  readonly #panels = new Set<PanelEntry>();
  #lastActive?: PanelEntry;
  readonly #disposables: vscode.Disposable[] = [];

  readonly #deps: DetailsDeps;

  constructor(deps: DetailsDeps) {
    this.#deps = deps;
    this.#disposables.push(
      // Panels whose case was not loaded yet (after a reload) try again when data or a token arrives.
      deps.store.onDidChange(() => this.#resolveWaiting()),
      deps.onDidChangeToken(() => this.#resolveWaiting()),
    );
  }

  #resolveWaiting(): void {
    for (const entry of this.#panels) if (entry.ids && !entry.shown) this.#resolveAndRender(entry);
  }

  /** The case of the active (or last active) panel, for failure navigation. */
  shownCase(): CaseInRun | undefined {
    return this.#lastActive?.shown ?? this.#preview?.shown;
  }

  show(targetId: string, run: Run, testCase: TestCase, options: { pinned?: boolean; preserveFocus?: boolean } = {}): void {
    const ids: CaseRefIds = { targetId, runId: run.id, caseKey: caseKey(this.#deps.store.model(run), testCase) };
    let entry = options.pinned ? undefined : this.#preview;
    if (!entry) {
      const panel = vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, 'Test Case', { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false }, this.#webviewOptions());
      entry = this.#track(panel, options.pinned ?? false);
    } else {
      entry.panel.reveal(undefined, options.preserveFocus ?? false);
    }
    entry.ids = ids;
    entry.shown = { targetId, run, testCase };
    entry.previews = {};
    this.#render(entry);
  }

  #webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.#deps.extensionUri, 'media')],
    };
  }

  #track(panel: vscode.WebviewPanel, pinned: boolean): PanelEntry {
    const entry: PanelEntry = { panel, pinned, previews: {} };
    panel.iconPath = vscode.Uri.joinPath(this.#deps.extensionUri, 'media', 'tesults.svg');
    panel.webview.options = this.#webviewOptions();
    this.#panels.add(entry);
    if (!pinned) this.#preview = entry;
    this.#lastActive = entry;
    panel.onDidDispose(() => {
      this.#panels.delete(entry);
      if (this.#preview === entry) this.#preview = undefined;
      if (this.#lastActive === entry) this.#lastActive = undefined;
    });
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.#lastActive = entry;
    });
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseWebviewMessage(raw);
      if (!message) {
        this.#deps.log.warn('Ignored an unexpected message from the case details view.');
        return;
      }
      void this.#handle(entry, message).catch((err) => this.#deps.log.error(`Case details: ${err instanceof Error ? err.message : String(err)}`));
    });
    return entry;
  }

  /** Takes a panel VS Code restores after a reload (its serializer is registered at activation). */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    // A restored panel becomes the preview panel unless one exists already.
    const entry = this.#track(panel, this.#preview !== undefined && this.#preview.panel !== panel);
    entry.ids = decodeRef(state);
    if (!entry.ids) {
      panel.webview.html = detailsRenderer().renderMessage({ ...this.#resources(panel.webview), title: 'Test Case', message: 'Select a test case in the Tesults view to see its details.' });
      return;
    }
    panel.webview.html = this.#loadingPage(panel.webview, entry.ids);
    this.#resolveAndRender(entry);
    if (!entry.shown) this.#deps.needTargets();
  }

  /** True while a restored panel waits for its case to be loaded. */
  hasPending(): boolean {
    for (const entry of this.#panels) if (entry.ids && !entry.shown) return true;
    return false;
  }

  #resolveAndRender(entry: PanelEntry): void {
    const ids = entry.ids;
    if (!ids) return;
    const run = this.#deps.store.findRun(ids.targetId, ids.runId);
    const testCase = run ? caseIndex(this.#deps.store.model(run)).byKey.get(ids.caseKey) : undefined;
    if (run && testCase) {
      entry.shown = { targetId: ids.targetId, run, testCase };
      this.#render(entry);
      return;
    }
    const { store } = this.#deps;
    const target = store.target(ids.targetId);
    // The target is known but its runs were never asked for (the tree did not expand it).
    if (target && target.runsState === 'idle' && !target.runsError) void store.ensureRuns(ids.targetId);
    // One state at a time: a load under way shows "Loading…", a failed one its problem; without a
    // token nothing loads, which is the problem.
    const loading = store.targetsState === 'loading' || target?.runsState === 'loading';
    const error = loading ? undefined : target ? target.runsError : store.targetsError;
    const problem = this.#deps.tokenMissing() ? this.#noTokenProblem(entry) : error?.kind === CANCELLED ? undefined : error;
    if (problem && problem !== entry.problem) {
      entry.problem = problem;
      entry.panel.webview.html = detailsRenderer().renderMessage({
        ...this.#resources(entry.panel.webview),
        title: 'Could not load this test case',
        message: problem.message,
        actions: problemActions(problem),
        caseKey: encodeRef(ids),
      });
      return;
    }
    if (problem) return;
    if (entry.problem) {
      // The problem is gone (a token set, a retry under way): wait for the case again.
      entry.problem = undefined;
      entry.panel.webview.html = this.#loadingPage(entry.panel.webview, ids);
    }
    if (target && target.runsState === 'loaded' && !target.fromCache) {
      entry.panel.webview.html = detailsRenderer().renderMessage({
        ...this.#resources(entry.panel.webview),
        title: 'Test case not loaded',
        message: 'This test case belongs to a run that is no longer loaded. Open it again from the Tesults view.',
        caseKey: encodeRef(ids),
      });
    }
  }

  /** The panel's "no token" problem, the same object while it lasts (so the page is not rendered again). */
  #noTokenProblem(entry: PanelEntry): ErrorInfo {
    return entry.problem?.kind === 'noToken' ? entry.problem : toErrorInfo(errors.noToken(), Date.now());
  }

  #loadingPage(webview: vscode.Webview, ids: CaseRefIds): string {
    return detailsRenderer().renderMessage({ ...this.#resources(webview), title: 'Loading…', message: 'Loading this test case from Tesults…', caseKey: encodeRef(ids) });
  }

  /** The buttons of a restored panel whose case could not be loaded. */
  async #pageAction(entry: PanelEntry, action: PageAction): Promise<void> {
    const ids = entry.ids;
    if (!ids) return;
    const kind = entry.problem?.kind;
    switch (action) {
      case 'retry':
        if (this.#deps.store.target(ids.targetId)) await vscode.commands.executeCommand('tesults.retryTarget', ids.targetId);
        else await vscode.commands.executeCommand('tesults.refresh');
        return;
      case 'setToken':
        await vscode.commands.executeCommand('tesults.setToken');
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', kind === 'insecureUrl' ? 'tesults.apiUrl' : 'tesults');
        return;
    }
  }

  #resources(webview: vscode.Webview): PageResources {
    const media = vscode.Uri.joinPath(this.#deps.extensionUri, 'media');
    return {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.js')).toString(),
    };
  }

  #render(entry: PanelEntry): void {
    const shown = entry.shown;
    if (!shown || !entry.ids) return;
    const { store } = this.#deps;
    const { run, testCase } = shown;
    const targetEntry = store.target(shown.targetId);
    const failures = failuresInTreeOrder(store.model(run));
    const at = failures.indexOf(testCase);
    entry.panel.title = singleLine(testCase.name, 60) || 'Test Case';
    entry.panel.webview.html = detailsRenderer().renderCaseDetails({
      ...this.#resources(entry.panel.webview),
      case: testCase,
      target: { id: shown.targetId, name: targetEntry?.target.name ?? shown.targetId },
      run: { id: run.id, createdTime: run.createdTime, runUrl: run.runUrl, buildName: run.build?.name },
      history: this.#history(shown),
      targetRuns: store.history(shown.targetId),
      runChanges: this.#runChanges(shown),
      failurePosition: { index: at + 1, total: failures.length },
      previews: entry.previews,
      now: Date.now(),
      caseKey: encodeRef(entry.ids),
    });
  }

  /** "1 new · 1 fixed" against the run before it (the tree's run row says the same). */
  #runChanges(shown: CaseInRun): string {
    const runs = this.#deps.store.history(shown.targetId);
    const previous = previousRun(runs, shown.run);
    return previous === undefined ? '' : formatChanges(compareRuns(shown.run, previous));
  }

  /** The same test in every known run of the target (the shown ones and the history the flaky rule reads), newest first. */
  #history(shown: CaseInRun): HistoryRunResult[] {
    const known = this.#deps.store.history(shown.targetId);
    const runs = known.includes(shown.run) ? known : [shown.run, ...known];
    return caseHistory(runs, shown.testCase).map(({ run, testCase }) => {
      const found = run === shown.run ? shown.testCase : testCase;
      return { runId: run.id, createdTime: run.createdTime, result: found ? found.result : 'missing', current: run === shown.run };
    });
  }

  async #handle(entry: PanelEntry, message: WebviewMessage): Promise<void> {
    if (message.type === 'pageAction') return this.#pageAction(entry, message.action);
    const shown = entry.shown;
    if (message.type === 'ready' || !shown) return;
    const { store, tree, treeView } = this.#deps;
    switch (message.type) {
      case 'openFile': {
        // The page names a file; the link is built here from the case's own data.
        if (!shown.testCase.files?.includes(message.name)) return;
        const url = fileUrl(shown.testCase.filesBasePath, message.name);
        if (url) await openTesultsLink(url, this.#deps.apiUrl());
        else void vscode.window.showWarningMessage(`"${singleLine(message.name, 80)}" has no link that can be opened.`);
        return;
      }
      case 'copyReason':
        await vscode.env.clipboard.writeText(reasonText(shown.testCase.reason ?? ''));
        void entry.panel.webview.postMessage({ type: 'status', text: shown.testCase.reason ? 'Reason copied' : 'No reason to copy' });
        return;
      case 'openRunUrl':
        if (shown.run.runUrl) await openTesultsLink(shown.run.runUrl, this.#deps.apiUrl());
        return;
      case 'reveal': {
        const node = tree.nodeForCase(shown.targetId, shown.run, shown.testCase);
        if (node) await treeView.reveal(node, { select: true, focus: true, expand: true });
        return;
      }
      case 'goToSource':
        await vscode.commands.executeCommand('tesults.goToSource', { targetId: shown.targetId, run: shown.run, testCase: shown.testCase });
        return;
      case 'openPinned':
        this.show(shown.targetId, shown.run, shown.testCase, { pinned: true });
        return;
      case 'openRun': {
        const run = store.findRun(shown.targetId, message.runId);
        const found = run ? findSameCase(run, shown.testCase) : undefined;
        if (run && found) this.#showIn(entry, shown.targetId, run, found);
        return;
      }
      case 'navigateFailure': {
        const failures = failuresInTreeOrder(store.model(shown.run));
        const next = stepFailure(failures, shown.testCase, message.direction === 'next' ? 1 : -1);
        if (!next) return;
        this.#showIn(entry, shown.targetId, shown.run, next);
        const node = tree.nodeForCase(shown.targetId, shown.run, next);
        if (node && treeView.visible) await treeView.reveal(node, { select: true, focus: false, expand: true });
        return;
      }
      case 'previewFile':
        await this.#preview_(entry, message.name);
        return;
    }
  }

  #showIn(entry: PanelEntry, targetId: string, run: Run, testCase: TestCase): void {
    entry.ids = { targetId, runId: run.id, caseKey: caseKey(this.#deps.store.model(run), testCase) };
    entry.shown = { targetId, run, testCase };
    entry.previews = {};
    this.#render(entry);
  }

  /** Downloads an image with the Authorization header in the extension host; the webview only gets a data: URI. */
  async #preview_(entry: PanelEntry, name: string): Promise<void> {
    const shown = entry.shown;
    if (!shown || !shown.testCase.files?.includes(name)) return;
    // A file's extension is server text: a map, so `x.constructor` is not an image type.
    const type = IMAGE_TYPES.get(name.split('.').pop()?.toLowerCase() ?? '');
    const url = fileUrl(shown.testCase.filesBasePath, name);
    if (!type || !url) {
      void entry.panel.webview.postMessage({ type: 'status', text: 'This file cannot be previewed.' });
      return;
    }
    void entry.panel.webview.postMessage({ type: 'status', text: `Downloading ${singleLine(name, 80)}…` });
    try {
      const file = await this.#deps.client().fetchFile(url, { maxBytes: PREVIEW_MAX_BYTES });
      if (entry.shown !== shown) return;
      entry.previews = { ...entry.previews, [name]: `data:${type};base64,${file.bytes.toString('base64')}` };
      this.#render(entry);
    } catch (err) {
      void entry.panel.webview.postMessage({ type: 'status', text: `Preview failed: ${this.#deps.log.redact(err instanceof Error ? err.message : String(err))}` });
    }
  }

  dispose(): void {
    for (const entry of this.#panels) entry.panel.dispose();
    for (const d of this.#disposables) d.dispose();
  }
}

function problemActions(problem: ErrorInfo): PageAction[] {
  switch (problem.kind) {
    case 'noToken':
      return ['setToken'];
    case 'unauthorized':
    case 'forbidden':
      return ['setToken', 'retry'];
    case 'insecureUrl':
      return ['openSettings', 'retry'];
    default:
      return ['retry', 'openSettings'];
  }
}
