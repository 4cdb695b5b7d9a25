// A minimal stand-in for the `vscode` module, shared by the benchmark and the unit tests (never shipped).
// `registerVscodeStub()` makes `require('vscode')` return it. The classes the extension reads
// back (TreeItem, ThemeIcon, MarkdownString, Uri, EventEmitter, ...) are small real classes;
// anything else is a generic no-op (functions returning disposables, events, enums), so
// wiring added to `activate` later does not break the bench.
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

export class Disposable {
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((d) => d.dispose()));
  }
  constructor(private readonly fn: () => unknown = () => undefined) {}
  dispose(): void {
    this.fn();
  }
}

export class EventEmitter<T> {
  private listeners: Array<Listener<T>> = [];
  readonly event = (listener: Listener<T>, thisArg?: unknown, disposables?: Array<{ dispose(): unknown }>): Disposable => {
    const l: Listener<T> = thisArg === undefined ? listener : (e) => listener.call(thisArg, e);
    this.listeners.push(l);
    const d = new Disposable(() => {
      this.listeners = this.listeners.filter((x) => x !== l);
    });
    disposables?.push(d);
    return d;
  };
  fire(e: T): void {
    for (const l of this.listeners.slice()) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  static readonly File = new ThemeIcon('file');
  static readonly Folder = new ThemeIcon('folder');
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class MarkdownString {
  value: string;
  isTrusted?: boolean;
  supportThemeIcons?: boolean;
  supportHtml?: boolean;
  constructor(value = '', supportThemeIcons = false) {
    this.value = value;
    this.supportThemeIcons = supportThemeIcons;
  }
  /**
   * Escapes like VS Code's MarkdownString.appendText (markdown characters, line breaks; `$(icon)`
   * only when supportThemeIcons is already set, as VS Code does).
   */
  appendText(value: string): this {
    const text = this.supportThemeIcons ? value.replace(/\$\(/g, '\uE000') : value;
    this.value += text.replace(/[\\`*_{}[\]()#+\-!~>]/g, '\\$&').replace(/([ \t]+)/g, (s) => '&nbsp;'.repeat(s.length)).replace(/\n/g, '\n\n').replace(/\uE000/g, '\\$\\(');
    return this;
  }
  appendMarkdown(value: string): this {
    this.value += value;
    return this;
  }
  appendCodeblock(code: string, language = ''): this {
    this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
    return this;
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class TreeItem {
  id?: string;
  label?: string;
  description?: string | boolean;
  tooltip?: unknown;
  iconPath?: unknown;
  contextValue?: string;
  command?: unknown;
  resourceUri?: Uri;
  accessibilityInformation?: unknown;
  collapsibleState?: TreeItemCollapsibleState;
  constructor(labelOrUri: string | Uri, collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None) {
    if (typeof labelOrUri === 'string') this.label = labelOrUri;
    else this.resourceUri = labelOrUri;
    this.collapsibleState = collapsibleState;
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}
  static from(c: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '', c.fragment ?? '');
  }
  static file(path: string): Uri {
    return new Uri('file', '', path, '', '');
  }
  static parse(value: string): Uri {
    const u = new URL(value);
    return new Uri(u.protocol.replace(/:$/, ''), u.host, decodeURIComponent(u.pathname), u.search.replace(/^\?/, ''), u.hash.replace(/^#/, ''));
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return base.with({ path: [base.path.replace(/\/+$/, ''), ...segments].join('/') });
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
  }
  toJSON(): unknown {
    return { scheme: this.scheme, authority: this.authority, path: this.path, query: this.query, fragment: this.fragment };
  }
}

export class FileDecoration {
  constructor(
    public badge?: string,
    public tooltip?: string,
    public color?: ThemeColor,
  ) {}
}

// ---- generic fallbacks -------------------------------------------------------------------------

const noopDisposable = (): Disposable => new Disposable();

/** An event: subscribing returns a disposable; it never fires. */
function event(): (...args: unknown[]) => Disposable {
  return () => noopDisposable();
}

/** A no-op object: events, functions returning no-op objects, thenables resolved with undefined. */
function noopObject(known: Record<string | symbol, unknown> = {}): Record<string, unknown> {
  return new Proxy(known, {
    get(target, prop) {
      if (prop in target) return target[prop];
      if (typeof prop === 'symbol' || prop === 'then' || prop === 'toJSON') return undefined;
      if (prop === 'dispose') return () => undefined;
      if (/^on[A-Z]/.test(prop)) return event();
      // Unknown state (visible, activeTextEditor, ...) reads as "nothing".
      if (!/^(create|register|show|set|get|update|reveal|execute|append|clear|hide|fire|post|start|open|read|write|delete|select|with)/.test(prop)) return undefined;
      // Commands, messages and updates answer "nothing chosen"; everything else returns a no-op object.
      if (/^(show|execute|update|open)/.test(prop)) return () => Promise.resolve(undefined);
      return () => noopObject();
    },
  }) as Record<string, unknown>;
}

/** An enum-like namespace: any member is a number. */
function anyEnum(): Record<string, number> {
  let next = 1;
  const values = new Map<string, number>();
  return new Proxy({} as Record<string, number>, {
    get(_t, prop) {
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      let v = values.get(prop);
      if (v === undefined) values.set(prop, (v = next++));
      return v;
    },
  });
}

/** A constructible class for unknown names (new vscode.Something(...)); its statics read as enum values. */
function anyClass(name: string): unknown {
  const cls = class {
    constructor(...args: unknown[]) {
      Object.assign(this, { args });
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  const statics = anyEnum();
  return new Proxy(cls, {
    get(target, prop, receiver) {
      if (prop in target || typeof prop === 'symbol') return Reflect.get(target, prop, receiver);
      return statics[prop];
    },
  });
}

export interface StubState {
  /** The user's settings: full key (e.g. "tesults.apiUrl") → value; defaults otherwise. */
  settings: Record<string, unknown>;
  /** The workspace's settings (.vscode/settings.json): full key → value; `get` prefers them, as VS Code does for unscoped keys. */
  workspaceSettings: Record<string, unknown>;
  commands: Map<string, (...args: unknown[]) => unknown>;
  outputLines: number;
  /** What the extension told the stand-in, for tests of its wiring: context keys set (setContext), */
  contextKeys: Map<string, unknown>;
  /** ids of the tree views created, */
  treeViews: string[];
  /** view types of the webview panel serializers registered, */
  webviewSerializers: string[];
  /** and every setting key read (with its section, e.g. "tesults.apiUrl"). */
  settingsRead: Set<string>;
}

export const stubState: StubState = {
  settings: {},
  workspaceSettings: {},
  commands: new Map(),
  outputLines: 0,
  contextKeys: new Map(),
  treeViews: [],
  webviewSerializers: [],
  settingsRead: new Set(),
};

/** Forgets what the extension told the stand-in (the settings stay). */
export function resetStubState(): void {
  stubState.commands.clear();
  stubState.outputLines = 0;
  stubState.contextKeys.clear();
  stubState.treeViews.length = 0;
  stubState.webviewSerializers.length = 0;
  stubState.settingsRead.clear();
}

function outputChannel(name: string): Record<string, unknown> {
  const line = (): void => {
    stubState.outputLines++;
  };
  return noopObject({ name, info: line, warn: line, error: line, debug: line, trace: line, appendLine: line, append: line, show: () => undefined, dispose: () => undefined });
}

function treeView(): Record<string, unknown> {
  return noopObject({
    visible: false,
    message: undefined,
    title: undefined,
    description: undefined,
    badge: undefined,
    selection: [],
    reveal: () => Promise.resolve(),
    dispose: () => undefined,
  });
}

function configuration(section?: string): Record<string, unknown> {
  const key = (k: string): string => (section ? `${section}.${k}` : k);
  return noopObject({
    get: (k: string, dflt?: unknown) => {
      const full = key(k);
      stubState.settingsRead.add(full);
      if (full in stubState.workspaceSettings) return stubState.workspaceSettings[full];
      return full in stubState.settings ? stubState.settings[full] : dflt;
    },
    has: (k: string) => key(k) in stubState.settings || key(k) in stubState.workspaceSettings,
    inspect: (k: string) => {
      const full = key(k);
      stubState.settingsRead.add(full);
      return { key: full, globalValue: stubState.settings[full], workspaceValue: stubState.workspaceSettings[full] };
    },
    update: () => Promise.resolve(),
  });
}

const fileSystem = noopObject({
  readFile: () => Promise.reject(Object.assign(new Error('FileNotFound (stub)'), { code: 'FileNotFound' })),
  writeFile: () => Promise.resolve(),
  createDirectory: () => Promise.resolve(),
  delete: () => Promise.resolve(),
  stat: () => Promise.reject(Object.assign(new Error('FileNotFound (stub)'), { code: 'FileNotFound' })),
  readDirectory: () => Promise.resolve([]),
});

const known: Record<string, unknown> = {
  version: '1.95.0-bench',
  Disposable,
  EventEmitter,
  ThemeColor,
  ThemeIcon,
  MarkdownString,
  TreeItem,
  TreeItemCollapsibleState,
  Uri,
  FileDecoration,
  StatusBarAlignment: { Left: 1, Right: 2 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2, Three: 3 },
  window: noopObject({
    state: { focused: true, active: true },
    activeTextEditor: undefined,
    visibleTextEditors: [],
    createOutputChannel: (name: string) => outputChannel(name),
    createTreeView: (id: string) => {
      stubState.treeViews.push(id);
      return treeView();
    },
    createStatusBarItem: () => noopObject({ text: '', tooltip: undefined, command: undefined, show: () => undefined, hide: () => undefined, dispose: () => undefined }),
    registerFileDecorationProvider: noopDisposable,
    registerWebviewPanelSerializer: (viewType: string) => {
      stubState.webviewSerializers.push(viewType);
      return noopDisposable();
    },
    registerTreeDataProvider: noopDisposable,
    withProgress: (_o: unknown, task: (p: unknown, t: unknown) => unknown) =>
      Promise.resolve(task(noopObject({ report: () => undefined }), noopObject({ isCancellationRequested: false }))),
  }),
  commands: noopObject({
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      stubState.commands.set(id, fn);
      return new Disposable(() => stubState.commands.delete(id));
    },
    executeCommand: (id: string, ...args: unknown[]) => {
      if (id === 'setContext') stubState.contextKeys.set(String(args[0]), args[1]);
      const fn = stubState.commands.get(id);
      return Promise.resolve(fn ? fn(...args) : undefined);
    },
    getCommands: () => Promise.resolve([...stubState.commands.keys()]),
  }),
  workspace: noopObject({
    workspaceFolders: undefined,
    getConfiguration: (section?: string) => configuration(section),
    onDidChangeConfiguration: event(),
    fs: fileSystem,
    isTrusted: true,
  }),
  env: noopObject({
    appName: 'Visual Studio Code (bench stub)',
    language: 'en',
    machineId: 'bench',
    uriScheme: 'vscode',
    clipboard: noopObject({ readText: () => Promise.resolve(''), writeText: () => Promise.resolve() }),
    openExternal: () => Promise.resolve(true),
  }),
};

function fallback(prop: string | symbol): unknown {
  if (typeof prop === 'symbol' || prop === 'then' || prop === '__esModule' || prop === 'default') return undefined;
  if (!(prop in known)) known[prop] = /^[A-Z]/.test(prop) ? anyClass(prop) : noopObject();
  return known[prop];
}

/**
 * The stand-in module: known members as above; unknown Capitalised names are classes/enums, others
 * namespaces. Bundlers copy a CommonJS module's own properties into a namespace object whose
 * prototype is the module's prototype: the fallback lives on the prototype too, so names the copy
 * did not see still resolve.
 */
const fallbackPrototype: object = new Proxy(Object.create(null) as object, { get: (_t, prop) => fallback(prop) });
export const vscodeStub: Record<string, unknown> = new Proxy(known, {
  get: (target, prop) => (typeof prop === 'string' && prop in target ? target[prop] : fallback(prop)),
  getPrototypeOf: () => fallbackPrototype,
});

/** A stand-in ExtensionContext: secrets hold no token, state is empty, storage in a fake location. */
export function makeContext(packageJSON: Record<string, unknown>): { subscriptions: Array<{ dispose(): unknown }> } & Record<string, unknown> {
  const memento = (): Record<string, unknown> => {
    const values = new Map<string, unknown>();
    return noopObject({
      get: (k: string, d?: unknown) => (values.has(k) ? values.get(k) : d),
      update: (k: string, v: unknown) => {
        values.set(k, v);
        return Promise.resolve();
      },
      keys: () => [...values.keys()],
      setKeysForSync: () => undefined,
    });
  };
  const extensionUri = Uri.file('/bench/extension');
  const subscriptions: Array<{ dispose(): unknown }> = [];
  return noopObject({
    subscriptions,
    secrets: noopObject({
      get: () => Promise.resolve(undefined),
      store: () => Promise.resolve(),
      delete: () => Promise.resolve(),
      onDidChange: event(),
    }),
    globalState: memento(),
    workspaceState: memento(),
    globalStorageUri: Uri.file('/bench/globalStorage/tesults-community.tesults-vscode'),
    storageUri: undefined,
    logUri: Uri.file('/bench/logs'),
    extensionUri,
    extensionPath: extensionUri.fsPath,
    extensionMode: 3,
    extension: noopObject({ id: 'tesults-community.tesults-vscode', extensionUri, packageJSON, isActive: true }),
    asAbsolutePath: (p: string) => `${extensionUri.fsPath}/${p}`,
  }) as { subscriptions: Array<{ dispose(): unknown }> } & Record<string, unknown>;
}

const STUB_ID = '\0vscode-bench-stub';
let registered = false;

/** Makes `require('vscode')` (from any module, bundled or not) return the stand-in. */
export function registerVscodeStub(): void {
  if (registered) return;
  registered = true;
  const M = Module as unknown as {
    _resolveFilename(request: string, ...rest: unknown[]): string;
    _cache: Record<string, unknown>;
  };
  const original = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]): string {
    if (request === 'vscode') return STUB_ID;
    return original.call(this, request, ...rest);
  };
  const mod = new Module(STUB_ID);
  mod.exports = vscodeStub;
  mod.loaded = true;
  M._cache[STUB_ID] = mod;
}
