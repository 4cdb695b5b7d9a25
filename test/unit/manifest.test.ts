// The manifest is a public contract (command ids, views, context keys, settings): check it
// against what the built bundle does when VS Code activates it. The bundle is built fresh and
// run with the stand-in `vscode` module (test/support), which records what activate() registers.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TEST_FILE_GLOB } from '../../src/model/sourceSearch';
import { makeContext, registerVscodeStub, resetStubState, stubState } from '../support/vscode-stub';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes;
const contributed = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));

interface WhenItem {
  when?: string;
}
/** Every `when` clause of the manifest (menus, keybindings, welcome views). */
const whenClauses = (): string[] =>
  [...(Object.values(contributes.menus).flat() as WhenItem[]), ...(contributes.keybindings as WhenItem[]), ...(contributes.viewsWelcome as WhenItem[])]
    .map((i) => i.when ?? '')
    .filter(Boolean);

/** Waits (bounded) until check() holds: activate() starts the token lookup without awaiting it. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(check(), what);
}

describe('package.json against the built extension', function () {
  this.timeout(60_000);
  let extension: { activate(c: unknown): unknown; deactivate?(): unknown };
  let context: ReturnType<typeof makeContext>;

  before(async () => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'pipe' });
    registerVscodeStub();
    resetStubState();
    const bundle = join(root, pkg.main);
    delete require.cache[bundle];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    extension = require(bundle);
    context = makeContext(pkg);
    await extension.activate(context);
  });

  after(async () => {
    for (const d of context.subscriptions.splice(0)) {
      try {
        d.dispose();
      } catch {
        // a stand-in object may not dispose cleanly; nothing to check here
      }
    }
    await extension.deactivate?.();
  });

  it('has the identity and entry point, and activates once start-up has finished', () => {
    assert.equal(pkg.name, 'tesults-vscode');
    assert.equal(pkg.displayName, 'Tesults');
    assert.equal(pkg.main, './dist/extension.js');
    assert.match(pkg.engines.vscode, /^\^1\.(\d+)\.0$/);
    assert.ok(Number(/^\^1\.(\d+)/.exec(pkg.engines.vscode)![1]) <= 90);
    // The status bar and the badge show from start-up (after VS Code's own start-up, never
    // delaying it); the other explicit event restores a details panel after a reload.
    assert.deepEqual(pkg.activationEvents, ['onStartupFinished', 'onWebviewPanel:tesults.caseDetails']);
  });

  it('restores the details panel it declares an activation event for', () => {
    for (const event of (pkg.activationEvents as string[]).filter((e) => e.startsWith('onWebviewPanel:'))) {
      const viewType = event.replace(/^onWebviewPanel:/, '');
      assert.ok(stubState.webviewSerializers.includes(viewType), `no webview panel serializer for ${viewType} (${stubState.webviewSerializers})`);
    }
  });

  it('creates a tree view for every contributed view', () => {
    const views = (Object.values(contributes.views).flat() as { id: string }[]).map((v) => v.id);
    assert.deepEqual([...stubState.treeViews].sort(), [...views].sort());
  });

  it('registers every contributed command on activation, and contributes every command it registers', () => {
    const registered = new Set(stubState.commands.keys());
    for (const id of contributed) assert.ok(registered.has(id), `${id} is contributed but not registered by activate()`);
    for (const id of registered) assert.ok(contributed.has(id), `${id} is registered but not contributed`);
  });

  it('sets every tesults.* context key that a when clause reads', async () => {
    // The keys, not the values they are compared with (`view == tesults.results`), nor settings (`config.tesults.…`).
    const keysOf = (when: string): string[] =>
      [...when.replace(/(==|!=)\s*[\w.-]+|=~\s*\/(\\.|[^/])*\/|\bconfig\.[\w.]+/g, '').matchAll(/\btesults\.\w+/g)].map((m) => m[0]);
    const read = new Set(whenClauses().flatMap(keysOf));
    assert.ok(read.size > 0, 'the manifest reads context keys of its own');
    await until(() => [...read].every((k) => stubState.contextKeys.has(k)), `context keys never set: ${[...read].filter((k) => !stubState.contextKeys.has(k))}`);
  });

  it('only refers to contributed commands in menus, keybindings and welcome views', () => {
    const menus = Object.values(contributes.menus).flat() as { command: string }[];
    for (const item of [...menus, ...contributes.keybindings]) assert.ok(contributed.has(item.command), item.command);
    for (const welcome of contributes.viewsWelcome) {
      for (const m of (welcome.contents as string).matchAll(/\(command:([\w.]+)/g)) {
        assert.ok(contributed.has(m[1]) || m[1].startsWith('workbench.'), m[1]);
      }
    }
  });

  it('reads only contributed settings', () => {
    const props = new Set(Object.keys(contributes.configuration.properties));
    const read = [...stubState.settingsRead].filter((k) => k.startsWith('tesults.'));
    assert.ok(read.length > 0, 'activate() reads its settings');
    for (const key of read) assert.ok(props.has(key), `${key} is read but not contributed`);
  });

  it('keeps the public settings and their defaults', () => {
    const props = contributes.configuration.properties;
    assert.equal(props['tesults.apiUrl'].default, 'https://www.tesults.com/api');
    assert.equal(props['tesults.runsPerPage'].default, 10);
    assert.equal(props['tesults.runsPerPage'].minimum, 1);
    assert.equal(props['tesults.runsPerPage'].maximum, 100);
    assert.equal(props['tesults.refreshIntervalSeconds'].default, 60);
    assert.equal(props['tesults.requestTimeoutSeconds'].default, 30);
    assert.equal(props['tesults.testFileGlob'].default, DEFAULT_TEST_FILE_GLOB);
    for (const key of Object.keys(props)) assert.ok(!/token|secret|password/i.test(key), `${key}: secrets never live in settings`);
  });
});
