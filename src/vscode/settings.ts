// Every `tesults.*` setting, read here and nowhere else: typed, with untrusted values (workspace
// settings are untrusted) turned into safe ones, and one change event that says what changed.
import * as vscode from 'vscode';
import type { NotifyMode } from '../model/compare';
import { DEFAULT_TEST_FILE_GLOB } from '../model/sourceSearch';
import { DEFAULT_API_URL, shownUrl } from '../util/url';

const SECTION = 'tesults';

export interface SettingValues {
  readonly apiUrl: string;
  /** The default target's id or name; '' when unset. */
  readonly defaultTarget: string;
  /** With several Tesults projects signed in: the default target's project (its name); '' = the first. */
  readonly defaultProject: string;
  readonly runsPerPage: number;
  readonly refreshIntervalSeconds: number;
  readonly requestTimeoutSeconds: number;
  readonly statusBarEnabled: boolean;
  readonly notifications: NotifyMode;
  readonly editorDecorationsEnabled: boolean;
  readonly testFileGlob: string;
  readonly testingViewEnabled: boolean;
  readonly codeLensEnabled: boolean;
}

export type SettingName = keyof SettingValues;

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback;
  return Math.min(max, Math.max(min, n));
}

function trimmed(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** Automatic refresh never runs more often than this, whatever the setting says (0 keeps it off). */
export const MIN_REFRESH_INTERVAL_SECONDS = 10;

/** The refresh interval in seconds: 0 (off), or at least `MIN_REFRESH_INTERVAL_SECONDS`, at most a day. */
export function refreshInterval(value: unknown): number {
  const seconds = clampInt(value, 0, 86_400, 60);
  return seconds === 0 ? 0 : Math.max(MIN_REFRESH_INTERVAL_SECONDS, seconds);
}

/**
 * The API URL from the user's own settings only: a workspace (a cloned repository) must never
 * decide where the token is sent. The manifest scopes the setting to `application`, and this reads
 * `globalValue` whatever VS Code would merge in.
 */
export function userApiUrl(c: Pick<vscode.WorkspaceConfiguration, 'inspect'>): string {
  return trimmed(c.inspect('apiUrl')?.globalValue) || DEFAULT_API_URL;
}

/** The workspace or folder value of `tesults.apiUrl` that `userApiUrl` ignores, if one is set. */
export function ignoredWorkspaceApiUrl(c: Pick<vscode.WorkspaceConfiguration, 'inspect'>): string | undefined {
  const i = c.inspect('apiUrl');
  const value = trimmed(i?.workspaceFolderValue) || trimmed(i?.workspaceValue);
  return value || undefined;
}

function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/**
 * How each setting is read. A key that must only come from the user's own settings (never from a
 * workspace) reads `c.inspect(key)?.globalValue` instead of `c.get(key)`: `apiUrl`.
 */
const READ: { readonly [K in SettingName]: (c: vscode.WorkspaceConfiguration) => SettingValues[K] } = {
  apiUrl: userApiUrl,
  defaultTarget: (c) => trimmed(c.get('defaultTarget')),
  defaultProject: (c) => trimmed(c.get('defaultProject')),
  runsPerPage: (c) => clampInt(c.get('runsPerPage'), 1, 100, 10),
  refreshIntervalSeconds: (c) => refreshInterval(c.get('refreshIntervalSeconds')),
  requestTimeoutSeconds: (c) => clampInt(c.get('requestTimeoutSeconds'), 1, 600, 30),
  statusBarEnabled: (c) => flag(c.get('statusBar.enabled'), true),
  notifications: (c) => {
    const mode = c.get('notifications');
    return mode === 'always' || mode === 'off' ? mode : 'newFailures';
  },
  editorDecorationsEnabled: (c) => flag(c.get('editorDecorations.enabled'), true),
  testFileGlob: (c) => trimmed(c.get('testFileGlob')) || DEFAULT_TEST_FILE_GLOB,
  testingViewEnabled: (c) => flag(c.get('testingView.enabled'), true),
  codeLensEnabled: (c) => flag(c.get('codeLens.enabled'), true),
};

function readAll(): SettingValues {
  const c = vscode.workspace.getConfiguration(SECTION);
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(READ) as SettingName[]) values[name] = READ[name](c);
  return values as unknown as SettingValues;
}

export class Settings implements vscode.Disposable {
  #values = readAll();
  /** The ignored workspace API URL last reported, so the log says it once (again only if it changes). */
  #reportedIgnored?: string;
  readonly #warn: (line: string) => void;
  readonly #changed = new vscode.EventEmitter<ReadonlySet<SettingName>>();
  /** Fires with the settings whose (typed) value changed. */
  readonly onDidChange = this.#changed.event;
  readonly #subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SECTION)) return;
    const before = this.#values;
    this.#values = readAll();
    this.#reportIgnoredApiUrl();
    const names = (Object.keys(READ) as SettingName[]).filter((name) => before[name] !== this.#values[name]);
    if (names.length > 0) this.#changed.fire(new Set(names));
  });

  /** `warn`: where to say that a workspace's `tesults.apiUrl` is ignored. */
  constructor(warn: (line: string) => void = () => undefined) {
    this.#warn = warn;
    this.#reportIgnoredApiUrl();
  }

  #reportIgnoredApiUrl(): void {
    const ignored = ignoredWorkspaceApiUrl(vscode.workspace.getConfiguration(SECTION));
    if (ignored === undefined || ignored === this.#values.apiUrl || ignored === this.#reportedIgnored) return;
    this.#reportedIgnored = ignored;
    this.#warn(
      `Ignoring tesults.apiUrl "${shownUrl(ignored)}" from the workspace settings: the API token goes only to the URL in your user settings (${this.#values.apiUrl}).`,
    );
  }

  get<K extends SettingName>(name: K): SettingValues[K] {
    return this.#values[name];
  }

  /** Writes `tesults.defaultTarget`: to the workspace when a folder is open (projects differ), else globally. */
  async writeDefaultTarget(targetId: string): Promise<void> {
    const where = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(SECTION).update('defaultTarget', targetId, where);
  }

  /** Writes `tesults.defaultProject` (a project's name) to the user's settings. */
  async writeDefaultProject(label: string): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('defaultProject', label, vscode.ConfigurationTarget.Global);
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#changed.dispose();
  }
}
