// Every `tesults.*` setting, read here and nowhere else: typed, with untrusted values (workspace
// settings are untrusted) turned into safe ones, and one change event that says what changed.
import * as vscode from 'vscode';
import type { NotifyMode } from '../model/compare';
import { DEFAULT_TEST_FILE_GLOB } from '../model/sourceSearch';

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
}

export type SettingName = keyof SettingValues;

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback;
  return Math.min(max, Math.max(min, n));
}

function trimmed(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/**
 * How each setting is read. A key that must only come from the user's own settings (never from a
 * workspace) reads `c.inspect(key)?.globalValue` instead of `c.get(key)`.
 */
const READ: { readonly [K in SettingName]: (c: vscode.WorkspaceConfiguration) => SettingValues[K] } = {
  apiUrl: (c) => trimmed(c.get('apiUrl')) || 'https://www.tesults.com/api',
  defaultTarget: (c) => trimmed(c.get('defaultTarget')),
  defaultProject: (c) => trimmed(c.get('defaultProject')),
  runsPerPage: (c) => clampInt(c.get('runsPerPage'), 1, 100, 10),
  refreshIntervalSeconds: (c) => clampInt(c.get('refreshIntervalSeconds'), 0, 86_400, 60),
  requestTimeoutSeconds: (c) => clampInt(c.get('requestTimeoutSeconds'), 1, 600, 30),
  statusBarEnabled: (c) => flag(c.get('statusBar.enabled'), true),
  notifications: (c) => {
    const mode = c.get('notifications');
    return mode === 'always' || mode === 'off' ? mode : 'newFailures';
  },
  editorDecorationsEnabled: (c) => flag(c.get('editorDecorations.enabled'), true),
  testFileGlob: (c) => trimmed(c.get('testFileGlob')) || DEFAULT_TEST_FILE_GLOB,
};

function readAll(): SettingValues {
  const c = vscode.workspace.getConfiguration(SECTION);
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(READ) as SettingName[]) values[name] = READ[name](c);
  return values as unknown as SettingValues;
}

export class Settings implements vscode.Disposable {
  #values = readAll();
  readonly #changed = new vscode.EventEmitter<ReadonlySet<SettingName>>();
  /** Fires with the settings whose (typed) value changed. */
  readonly onDidChange = this.#changed.event;
  readonly #subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration(SECTION)) return;
    const before = this.#values;
    this.#values = readAll();
    const names = (Object.keys(READ) as SettingName[]).filter((name) => before[name] !== this.#values[name]);
    if (names.length > 0) this.#changed.fire(new Set(names));
  });

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
