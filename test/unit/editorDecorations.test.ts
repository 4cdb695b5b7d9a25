// The editor decorations over the stand-in `vscode` module and real folders on disk: where the
// failures are is resolved once per run (asynchronously, inside the workspace only), the marks of
// a document are found once per version in one pass, and an editor switch reuses them. The host
// never calls the file system synchronously (checked on the sources).
import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerVscodeStub, vscodeStub } from '../support/vscode-stub';
import type { Run, TestCase } from '../../src/model/types';
import { ResultsStore } from '../../src/store/store';

registerVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FailureEditorDecorations } = require('../../src/vscode/editor/gutterDecorations') as typeof import('../../src/vscode/editor/gutterDecorations');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { placeCases } = require('../../src/vscode/editor/locator') as typeof import('../../src/vscode/editor/locator');

const vscode = vscodeStub as unknown as { workspace: Record<string, unknown>; window: Record<string, unknown>; languages: Record<string, unknown>; Uri: { file(p: string): { fsPath: string } } };

interface FakeEditor {
  document: { uri: unknown; version: number; lineCount: number; lineAt(i: number): unknown; getText(): string };
  marked: number[] | undefined;
  reads: number;
  setDecorations(type: unknown, options: Array<{ range: { line: number } }>): void;
}

function editorOf(path: string, text: string): FakeEditor {
  const lines = text.split('\n');
  const editor: FakeEditor = {
    marked: undefined,
    reads: 0,
    document: {
      uri: vscode.Uri.file(path),
      version: 1,
      lineCount: lines.length,
      lineAt: (i: number) => ({ range: { line: i } }),
      getText: () => {
        editor.reads++;
        return text;
      },
    },
    setDecorations: (_t, options) => {
      editor.marked = options.map((o) => o.range.line + 1);
    },
  };
  return editor;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'condition reached');
}

describe('editor decorations: resolved once per run, bounded, never blocking on the file system', () => {
  let root: string;
  let folder: string;
  let other: string;
  const testText = "test.describe('Cart', () => {\n  test('adds item', () => {});\n  test('removes item', () => {});\n  test('located', () => {});\n});\n";

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'tesults-deco-'));
    folder = join(root, 'web');
    other = join(root, 'api');
    await mkdir(join(folder, 'tests'), { recursive: true });
    await mkdir(other, { recursive: true });
    await writeFile(join(folder, 'tests', 'cart.spec.ts'), testText);
    await writeFile(join(root, 'outside.spec.ts'), 'one\ntwo\nthree\nfour\nfive\n');
  });
  after(async () => {
    vscode.workspace.workspaceFolders = undefined;
    vscode.window.visibleTextEditors = [];
    await rm(root, { recursive: true, force: true });
  });

  function setUp(cases: TestCase[]) {
    vscode.workspace.workspaceFolders = [folder, other].map((f) => ({ uri: vscode.Uri.file(f) }));
    vscode.languages.match = () => 10;
    const run: Run = { id: 'r1', createdTime: 1, cases };
    const store = new ResultsStore({ api: { listTargets: async () => [], fetchRuns: async () => ({ runs: [] }) }, runsPerPage: () => 1 });
    let latest: { targetId: string; run: Run } | undefined = { targetId: 't', run };
    const noEvent = () => ({ dispose: () => undefined });
    const settings = { get: (name: string) => (name === 'editorDecorationsEnabled' ? true : name === 'testFileGlob' ? '**/*.spec.ts' : undefined), onDidChange: noEvent };
    const decorations = new FailureEditorDecorations(vscode.Uri.file('/ext') as never, store, settings as never, { latestRun: () => latest, onDidChange: noEvent } as never);
    return { decorations, setRun: (r: Run | undefined) => (latest = r && { targetId: 't', run: r }) };
  }

  it('marks located and named failures; an editor switch reuses the marks; a new version is searched once for all names', async () => {
    const cases: TestCase[] = [
      { index: 0, name: 'adds item', suite: 'Cart', result: 'fail' },
      { index: 1, name: 'removes item', suite: 'Cart', result: 'fail' },
      { index: 2, name: 'located', suite: 'Cart', result: 'fail', custom: { _Location: '/home/runner/work/web/web/tests/cart.spec.ts:4:3' } },
      { index: 3, name: 'elsewhere', suite: 'Cart', result: 'fail', custom: { _Location: 'tests/missing.spec.ts:9' } },
    ];
    const { decorations } = setUp(cases);
    const cart = editorOf(join(folder, 'tests', 'cart.spec.ts'), testText);
    const plain = editorOf(join(other, 'notes.spec.ts'), 'nothing here\n');
    vscode.window.visibleTextEditors = [cart, plain];
    decorations.update();
    assert.equal(cart.marked, undefined, 'nothing is marked before the locations are resolved (no synchronous probe)');
    await until(() => cart.marked !== undefined);
    assert.deepEqual([...cart.marked!].sort(), [2, 3, 4]);
    assert.deepEqual(plain.marked, []);
    assert.equal(cart.reads, 1, 'one pass over the text for every name');

    vscode.window.visibleTextEditors = [plain];
    decorations.update();
    vscode.window.visibleTextEditors = [cart];
    decorations.update();
    assert.equal(cart.reads, 1, 'switching back reuses the marks');

    cart.document.version++;
    decorations.update();
    assert.equal(cart.reads, 2, 'a new version is searched again, once');
    decorations.dispose();
  });

  it('never marks or opens a location outside the workspace', async () => {
    const cases: TestCase[] = [
      { index: 0, name: 'located', suite: 'Cart', result: 'fail', custom: { _Location: `${join(root, 'outside.spec.ts')}:4` } },
      { index: 1, name: 'unc', suite: 'Cart', result: 'fail', custom: { _Location: '\\\\host\\share\\outside.spec.ts:2' } },
      { index: 2, name: 'climb', suite: 'Cart', result: 'fail', custom: { _Location: `${folder}/../outside.spec.ts:3` } },
    ];
    const { decorations } = setUp(cases);
    const placed = await placeCases(cases);
    assert.deepEqual(placed.map((p) => p.file), [undefined, undefined, undefined]);
    const outside = editorOf(join(root, 'outside.spec.ts'), 'one\ntwo\nthree\nfour\nfive\n');
    vscode.window.visibleTextEditors = [outside];
    decorations.update();
    await until(() => outside.marked !== undefined);
    assert.deepEqual(outside.marked, [], 'the file outside the workspace is not marked from its _Location');
    decorations.dispose();
  });

  it('follows the run: a new run or other workspace folders resolve again; no run clears the marks', async () => {
    const at = (id: string, location: string): Run => ({ id, createdTime: 1, cases: [{ index: 0, name: 'located', suite: 'Cart', result: 'fail', custom: { _Location: location } }] });
    const { decorations, setRun } = setUp([]);
    setRun(at('r1', 'tests/cart.spec.ts:3'));
    const cart = editorOf(join(folder, 'tests', 'cart.spec.ts'), testText);
    vscode.window.visibleTextEditors = [cart];
    decorations.update();
    await until(() => cart.marked?.[0] === 3);
    setRun(at('r2', 'tests/cart.spec.ts:2'));
    decorations.update();
    await until(() => cart.marked?.[0] === 2);
    // Without the folder the location does not resolve: the test is found by its name instead.
    vscode.workspace.workspaceFolders = [{ uri: vscode.Uri.file(other) }];
    decorations.update();
    await until(() => cart.marked?.[0] === 4);
    setRun(undefined);
    decorations.update();
    assert.deepEqual(cart.marked, []);
    decorations.dispose();
  });
});

describe('the extension host never calls the file system synchronously', () => {
  it('src/vscode and src/extension.ts use no *Sync file-system call', async () => {
    const files: string[] = [join(__dirname, '../../src/extension.ts')];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(join(dir, e.name));
        // A worker's entry file runs on its own thread (esbuild builds it as its own bundle), where synchronous reads block nobody.
        else if (e.name.endsWith('.ts') && !e.name.endsWith('Worker.ts')) files.push(join(dir, e.name));
      }
    };
    await walk(join(__dirname, '../../src/vscode'));
    const offenders: string[] = [];
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      if (/\b(?:existsSync|statSync|lstatSync|realpathSync|readFileSync|readdirSync|accessSync|openSync|readSync)\b/.test(text)) offenders.push(f);
    }
    assert.deepEqual(offenders, []);
  });
});
