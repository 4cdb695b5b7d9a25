// Wiring only: build the objects, register them, dispose them. No network I/O here: the first
// request happens when the Tesults view asks for its targets or a command runs.
import * as vscode from 'vscode';
import { TesultsClient } from './api/client';
import { ResultsStore } from './store/store';
import { registerTokenCommands } from './vscode/commands/token';
import { registerFailureCommands, type FailureDeps } from './vscode/commands/failures';
import { registerTreeCommands } from './vscode/commands/tree';
import { AutoRefresh } from './vscode/autoRefresh';
import { resolveCaseRef } from './vscode/caseRef';
import { FailureEditorDecorations, goToSource } from './vscode/source';
import { CaseDetailsPanels } from './vscode/details';
import { ResultsStatusBar } from './vscode/statusBar';
import { readSettings, SECTION } from './vscode/config';
import { ResultsController, VIEW_ID } from './vscode/controller';
import { FailureDecorationProvider } from './vscode/decorations';
import type { Deps } from './vscode/deps';
import { Log } from './vscode/log';
import { ResultsCache } from './vscode/cache';
import { TokenStore } from './vscode/secrets';
import { ResultsTreeProvider, type TreeNode } from './vscode/tree';
import { registerTestingView } from './vscode/testing';

const ONLY_FAILURES_KEY = 'tesults.onlyFailures';

export function activate(context: vscode.ExtensionContext): void {
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const log = new Log();
  const tokens = new TokenStore(context.secrets);
  let settings = readSettings();
  let client: TesultsClient | undefined;
  const getClient = (): TesultsClient =>
    (client ??= new TesultsClient({
      apiUrl: settings.apiUrl,
      getToken: async () => {
        const token = await tokens.get();
        log.setSecrets([token]);
        return token;
      },
      timeoutMs: settings.requestTimeoutSeconds * 1000,
      userAgent: `tesults-vscode/${version} (VS Code ${vscode.version})`,
      log: (line) => log.info(line),
    }));

  const store = new ResultsStore({
    source: {
      listTargets: (signal) => getClient().listTargets(signal),
      fetchRuns: (targetId, opts) => getClient().fetchRuns(targetId, opts),
    },
    runsPerPage: () => settings.runsPerPage,
    log: (line) => log.warn(line),
  });
  const cache = new ResultsCache(context.globalStorageUri, store, () => settings.apiUrl, log);
  const controller = new ResultsController(store, log);

  let onlyFailures = context.workspaceState.get<boolean>(ONLY_FAILURES_KEY, false);
  const isDefaultTarget = (entry: { target: { id: string; name: string } }): boolean =>
    settings.defaultTarget !== '' && (entry.target.id === settings.defaultTarget || entry.target.name === settings.defaultTarget);
  const tree = new ResultsTreeProvider(store, {
    isDefaultTarget: (entry) => isDefaultTarget(entry),
    onlyFailures: () => onlyFailures,
    loadRuns: (targetId) => controller.loadRuns(targetId),
  });
  const treeView = vscode.window.createTreeView<TreeNode>(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  controller.attach(treeView as vscode.TreeView<unknown>);
  void vscode.commands.executeCommand('setContext', 'tesults.onlyFailures', onlyFailures);

  const deps: Deps = {
    context,
    log,
    tokens,
    store,
    controller,
    tree,
    treeView,
    client: getClient,
    onlyFailures: () => onlyFailures,
    setOnlyFailures: async (value) => {
      onlyFailures = value;
      await context.workspaceState.update(ONLY_FAILURES_KEY, value);
      await vscode.commands.executeCommand('setContext', 'tesults.onlyFailures', value);
      tree.refresh();
    },
  };

  const defaultEntry = () => (settings.defaultTarget ? store.targets.find((e) => isDefaultTarget(e)) : undefined);
  const details = new CaseDetailsPanels({
    extensionUri: context.extensionUri,
    store,
    tree,
    treeView,
    log,
    client: getClient,
    needTargets: () => controller.ensureTargets(true),
  });
  const statusBar = new ResultsStatusBar(store, {
    enabled: () => vscode.workspace.getConfiguration(SECTION).get<boolean>('statusBar.enabled', true),
    hasToken: () => controller.hasToken,
    defaultTarget: defaultEntry,
    defaultTargetSetting: () => settings.defaultTarget,
  });
  const failureDeps: FailureDeps = { ...deps, defaultTargetId: () => defaultEntry()?.target.id, shownCase: () => details.shownCase() };

  const openCase = (arg: unknown, options: { pinned?: boolean; preserveFocus?: boolean } = {}): void => {
    const ref = resolveCaseRef(store, arg, treeView.selection[0]);
    if (ref) details.show(ref.targetId, ref.run, ref.testCase, options);
  };
  const latestOfDefault = () => {
    const main = defaultEntry();
    return main && main.runs[0] ? { targetId: main.target.id, run: main.runs[0] } : undefined;
  };
  const expandedTargets = new Set<string>();
  const autoRefresh = new AutoRefresh(store, log, {
    intervalSeconds: () => settings.refreshIntervalSeconds,
    notifyMode: () => {
      const mode = vscode.workspace.getConfiguration(SECTION).get<string>('notifications');
      return mode === 'always' || mode === 'off' ? mode : 'newFailures';
    },
    hasToken: () => controller.hasToken,
    defaultTargetId: () => defaultEntry()?.target.id,
    expandedTargets: () => expandedTargets,
    show: async (targetId, run, testCase) => {
      const node = testCase ? tree.nodeForCase(targetId, run, testCase) : tree.runNode(targetId, run);
      if (node) await treeView.reveal(node, { select: true, focus: true, expand: true });
    },
    openDetails: (targetId, run, testCase) => details.show(targetId, run, testCase),
  });
  controller.afterRefresh = () => autoRefresh.restartTimer();
  const editorDecorations = new FailureEditorDecorations(context.extensionUri, store, {
    latestRun: latestOfDefault,
    markedByTesting: (uri, line) => testingView.isMarked(uri, line),
  });
  const testingView = registerTestingView({ store, log, workspaceState: context.workspaceState, defaultLatest: latestOfDefault, onMarksChanged: () => editorDecorations.schedule() });

  // The view asks for its targets when it becomes visible; that is when the first request goes out.
  const loadWhenVisible = (): void => {
    if (treeView.visible) controller.ensureTargets();
  };

  const onToken = async (first: boolean): Promise<void> => {
    const token = await tokens.get();
    log.setSecrets([token]);
    if (!first) {
      store.reset();
      if (!token) void cache.clear();
    } else if (token) {
      await cache.restore();
    }
    controller.setTokenState(token ? 'present' : 'missing');
    statusBar.update();
    autoRefresh.update();
    loadWhenVisible();
    // A details panel restored after a reload needs its target even while the view is closed.
    if (details.hasPending()) controller.ensureTargets(true);
    // The status bar's target is wanted even while the view is closed.
    const main = defaultEntry();
    if (token && settings.defaultTarget && !main && store.targetsState === 'idle') controller.ensureTargets(true);
    else if (main) controller.loadRuns(main.target.id);
  };

  context.subscriptions.push(
    log,
    tokens,
    store,
    controller,
    tree,
    treeView,
    cache,
    details,
    statusBar,
    autoRefresh,
    editorDecorations,
    testingView,
    treeView.onDidExpandElement((e) => {
      if (e.element.kind === 'target') expandedTargets.add(e.element.targetId);
    }),
    treeView.onDidCollapseElement((e) => {
      if (e.element.kind === 'target') expandedTargets.delete(e.element.targetId);
    }),
    vscode.commands.registerCommand('tesults.goToSource', async (arg: unknown) => {
      const ref = resolveCaseRef(store, arg, treeView.selection[0]);
      if (ref) await goToSource({ testCase: ref.testCase, suite: ref.suite }, log);
      else void vscode.window.showInformationMessage('Select a test case or suite in the Tesults view first.');
    }),
    vscode.commands.registerCommand('tesults.openCase', (arg: unknown, options?: { preserveFocus?: boolean }) => openCase(arg, { preserveFocus: options?.preserveFocus ?? true })),
    vscode.commands.registerCommand('tesults.openCaseInNewPanel', (arg: unknown) => openCase(arg, { pinned: true })),
    ...registerFailureCommands(failureDeps),
    vscode.window.registerFileDecorationProvider(new FailureDecorationProvider()),
    ...registerTokenCommands(deps),
    ...registerTreeCommands(deps),
    treeView.onDidChangeVisibility(loadWhenVisible),
    tokens.onDidChange(() => void onToken(false)),
    store.onDidChange((e) => {
      // Once the targets are known, the status bar's target loads its runs.
      if (e.targetId !== undefined || !controller.hasToken) return;
      const main = defaultEntry();
      if (main && main.runsState === 'idle' && !main.runsError) controller.loadRuns(main.target.id);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      const before = settings;
      settings = readSettings();
      client = undefined;
      if (before.apiUrl !== settings.apiUrl) {
        log.info(`API URL changed to ${settings.apiUrl}`);
        store.reset();
        loadWhenVisible();
      } else if (before.defaultTarget !== settings.defaultTarget) {
        tree.refresh();
        const main = defaultEntry();
        if (main) controller.loadRuns(main.target.id);
      }
      statusBar.update();
      autoRefresh.update();
    }),
  );
  void onToken(true);
  log.info(`Tesults ${version} activated (API ${settings.apiUrl}).`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
