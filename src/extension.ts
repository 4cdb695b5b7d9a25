// Wiring only: build the objects, register them, dispose them. Activated when VS Code has started
// (the status bar and the badge show without opening the view), so it stays cheap: no network
// I/O here; the cache is read, and the first request waits until the window has focus.
import * as vscode from 'vscode';
import { ResultsStore } from './store/store';
import { AccountStore } from './vscode/auth/accounts';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, TesultsAuthProvider } from './vscode/auth/authProvider';
import { setToken } from './vscode/auth/loadSetToken';
import { TokenSession } from './vscode/auth/tokenSession';
import { AutoRefresh } from './vscode/autoRefresh';
import { ResultsCache } from './vscode/cache';
import { registerCaseCommands } from './vscode/commands/cases';
import { registerFailureCommands } from './vscode/commands/failures';
import { registerTokenCommands } from './vscode/commands/token';
import { registerTreeCommands } from './vscode/commands/tree';
import { registerChangeCommands } from './vscode/commands/changes';
import { TesultsConnection } from './vscode/connection';
import { DefaultTarget } from './vscode/defaultTarget';
import type { Deps } from './vscode/deps';
import { DetailsPanels } from './vscode/details/detailsPanels';
import { FailureEditorDecorations } from './vscode/editor/gutterDecorations';
import { CiHistoryCodeLens } from './vscode/editor/codeLens';
import { FailureNavigator } from './vscode/failureNavigation';
import { LoadCoordinator } from './vscode/loadCoordinator';
import { OtherProjects } from './vscode/projects';
import { Log } from './vscode/log';
import { Settings } from './vscode/settings';
import { ResultsStatusBar } from './vscode/status/statusBar';
import { FailureDecorationProvider } from './vscode/tree/rowDecorations';
import { registerTestingView } from './vscode/testing';
import { RESULTS_VIEW_ID, ResultsView } from './vscode/tree/view';

export function activate(context: vscode.ExtensionContext): void {
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const log = new Log();
  const settings = new Settings((line) => log.warn(line));
  const accounts = new AccountStore(context.secrets, { log: (line) => log.info(line) });
  const tokens = new TokenSession(accounts, settings, log, (token, signal): Promise<void> => connection.client().checkToken(token, signal));
  const userAgent = `tesults-vscode/${version} (VS Code ${vscode.version})`;
  const connection = new TesultsConnection(settings, tokens, log, userAgent);
  const projects = new OtherProjects({ accounts, tokens, settings, log, userAgent });

  const store = new ResultsStore({
    api: {
      listTargets: (signal) => connection.client().listTargets(signal),
      fetchRuns: (targetId, opts) => connection.client().fetchRuns(targetId, opts),
      fetchRunsIfChanged: (targetId, opts) => connection.client().fetchRunsIfChanged(targetId, opts),
    },
    runsPerPage: () => settings.get('runsPerPage'),
    log: (line) => log.warn(line),
  });
  const defaultTarget = new DefaultTarget(settings, store);
  // The default project is part of the cache's key: one project's results are never shown as another's.
  const cache = new ResultsCache(context.globalStorageUri, store, () => `${settings.get('apiUrl')}#${tokens.account?.id ?? ''}`, log);
  const loader = new LoadCoordinator({
    store,
    log,
    tokens,
    settings,
    defaultTarget,
    cache,
    viewId: RESULTS_VIEW_ID,
    viewVisible: (): boolean => view.treeView.visible,
    wantsTargets: (): boolean => details.hasPending(),
  });
  const view = new ResultsView({ workspaceState: context.workspaceState, store, tokens, defaultTarget, loader, projects });
  const details = new DetailsPanels({
    extensionUri: context.extensionUri,
    store,
    tree: view.tree,
    treeView: view,
    log,
    client: () => connection.client(),
    apiUrl: () => settings.get('apiUrl'),
    needTargets: () => loader.ensureTargets(true),
    tokenMissing: () => tokens.state === 'missing',
    onDidChangeToken: tokens.onDidChange,
  });
  const failures = new FailureNavigator({ store, view, defaultTarget, shownCase: () => details.shownCase() });
  const autoRefresh = new AutoRefresh(
    { store, log, settings, tokens, defaultTarget },
    {
      expandedTargets: () => view.expandedTargets(),
      show: async (targetId, run, testCase) => {
        const node = testCase ? view.tree.nodeForCase(targetId, run, testCase) : view.tree.runNode(targetId, run);
        if (node) await view.reveal(node, { select: true, focus: true, expand: true });
      },
      openDetails: (targetId, run, testCase) => details.show(targetId, run, testCase),
    },
  );
  loader.afterRefresh = () => autoRefresh.restartTimer();
  const deps: Deps = { log, settings, accounts, tokens, defaultTarget, store, loader, view, details, failures, projects };
  const authProvider = new TesultsAuthProvider(accounts, () => setToken().signIn(deps));

  const editorDecorations = new FailureEditorDecorations(context.extensionUri, store, settings, defaultTarget, (uri, line) => testingView.isMarked(uri, line));
  const testingView = registerTestingView({
    store,
    log,
    settings,
    workspaceState: context.workspaceState,
    defaultLatest: () => defaultTarget.latestRun(),
    onMarksChanged: () => editorDecorations.testingMarksChanged(),
  });

  context.subscriptions.push(
    log,
    settings,
    accounts,
    tokens,
    connection,
    projects,
    authProvider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, authProvider, { supportsMultipleAccounts: true }),
    store,
    defaultTarget,
    cache,
    loader,
    view,
    details,
    new ResultsStatusBar(store, settings, tokens, defaultTarget, { badgeOn: view.treeView }),
    autoRefresh,
    editorDecorations,
    testingView,
    new CiHistoryCodeLens(store, settings, defaultTarget),
    vscode.window.registerFileDecorationProvider(new FailureDecorationProvider()),
    ...registerCaseCommands(deps),
    ...registerFailureCommands(deps),
    ...registerTokenCommands(deps),
    ...registerTreeCommands(deps),
    ...registerChangeCommands(deps),
  );
  // A request at start lists the accounts in the Accounts menu (no network: SecretStorage only):
  // silent when signed in; without an account, a "Sign in with Tesults" entry there.
  void tokens
    .start()
    .then(() => vscode.authentication.getSession(AUTH_PROVIDER_ID, [], accounts.list().length ? { silent: true } : {}))
    .then(undefined, (err: unknown) => log.warn(`Could not read the Tesults accounts: ${err instanceof Error ? err.message : String(err)}`));
  log.info(`Tesults ${version} activated (API ${settings.get('apiUrl')}).`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
