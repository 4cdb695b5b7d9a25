// The ripgrep prefilter against a real ripgrep (Debian's, as scripts/setup-host.sh installs it
// for VS Code in the e2e host): the walk, the globs, the patterns as fixed strings, the exit codes,
// the abort; and the lookup of the copy VS Code ships.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_EXCLUDE_GLOB, DEFAULT_TEST_FILE_GLOB } from '../../src/model/sourceSearch';
import { AsyncQueue } from '../../src/util/asyncQueue';
import { anyFile, filesContainingAny, findRipgrep } from '../../src/vscode/testing/ripgrep';

function systemRipgrep(): string | undefined {
  try {
    return execFileSync('bash', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

describe('ripgrep prefilter (a real ripgrep)', function () {
  this.timeout(30_000);
  const rgPath = systemRipgrep();
  let root: string;
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const search = (patterns: string[], extra: Partial<Parameters<typeof filesContainingAny>[0]> = {}, onFile?: (file: string) => void) =>
    filesContainingAny({ rgPath: rgPath as string, roots: [root], include: DEFAULT_TEST_FILE_GLOB, exclude: DEFAULT_EXCLUDE_GLOB, maxFileBytes: 1024 * 1024, patterns, ...extra }, onFile);
  const relative = (files: Iterable<string>): string[] => [...files].map((f) => path.relative(root, f)).sort();

  before(function () {
    if (!rgPath) this.skip(); // `bash scripts/setup-host.sh` installs Debian's ripgrep (.ci/run does, before npm test)
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tesults-rg-'));
    write('src/cart.test.ts', "it('adds an item', () => {});\n");
    write('src/a b/ümlaut spec.test.js', "it(\"zählt 🚀 a+b (c)? [d]\", () => {});\n");
    write('src/other.test.ts', "it('something else', () => {});\n");
    write('src/not-a-test.ts', "it('adds an item', () => {});\n");
    write('node_modules/pkg/x.test.js', "it('adds an item', () => {});\n");
    write('.hidden/h.test.ts', "it('adds an item', () => {});\n");
    write('ignored/i.test.ts', "it('adds an item', () => {});\n");
    write('.gitignore', 'ignored/\n');
    write('tests/test_login.py', 'def test_logs_in():\n    pass\n');
    write('bin.test.ts', "\u0000\u0001 it('adds an item')");
    write('big.test.ts', `it('adds an item');\n${'x'.repeat(2 * 1024 * 1024)}`);
  });
  after(() => root && fs.rmSync(root, { recursive: true, force: true }));

  it('lists the test files holding a pattern: hidden, .gitignored and binary-looking ones too, never excluded or non-test files', async () => {
    const found = await search(["adds an item'"]);
    assert.deepEqual(relative(found), ['.hidden/h.test.ts', 'bin.test.ts', 'ignored/i.test.ts', 'src/cart.test.ts']);
    for (const f of found) assert.ok(path.isAbsolute(f) && f.startsWith(root + path.sep), f);
  });

  it('takes patterns as fixed strings (regex characters, unicode, spaces in paths) and streams each file once', async () => {
    const streamed: string[] = [];
    const patterns = ['zählt 🚀 a+b (c)? [d]"', 'a+b (c)?'];
    const found = await search(patterns, { roots: [root, path.join(root, 'src')] }, (f) => streamed.push(f));
    assert.deepEqual(relative(found), ['src/a b/ümlaut spec.test.js']);
    assert.deepEqual(relative(streamed), ['src/a b/ümlaut spec.test.js'], 'a file found under two roots is reported once');
  });

  it('answers an empty set when nothing matches, or no file matches the globs (ripgrep exits 1 or 2)', async () => {
    assert.equal((await search(['no such text anywhere'])).size, 0);
    assert.equal((await search(['adds an item'], { include: '**/*.nothing' })).size, 0);
    assert.equal((await search([])).size, 0);
  });

  it('leaves out the skipped extensions and files over the size bound', async () => {
    assert.deepEqual(relative(await search(['logs_in', "adds an item'"], { skipExtensions: ['js', 'ts'] })), ['tests/test_login.py']);
    assert.ok(!relative(await search(["adds an item'"], { maxFileBytes: 1024 * 1024 })).includes('big.test.ts'));
    assert.ok(relative(await search(["adds an item'"], { maxFileBytes: 4 * 1024 * 1024 })).includes('big.test.ts'));
  });

  it('rejects when ripgrep fails (a bad glob) or cannot run, so the caller reads every file', async () => {
    await assert.rejects(search(['x'], { include: '{unclosed' }), /ripgrep failed \(exit code 2\).*glob/);
    await assert.rejects(search(['x'], { rgPath: path.join(root, 'no-such-rg') }), /ripgrep could not run/);
  });

  it('stops ripgrep and rejects with the reason when aborted', async () => {
    const abort = new AbortController();
    const pending = search(["adds an item'"], { signal: abort.signal });
    abort.abort(new Error('the import was replaced'));
    await assert.rejects(pending, /the import was replaced/);
  });

  it('tells whether any file matches the globs (the identifier search runs only then)', async () => {
    const base = { rgPath: rgPath as string, roots: [root], include: DEFAULT_TEST_FILE_GLOB, exclude: DEFAULT_EXCLUDE_GLOB, maxFileBytes: 1024 * 1024 };
    assert.equal(await anyFile({ ...base, skipExtensions: ['js', 'ts'] }), true);
    assert.equal(await anyFile({ ...base, skipExtensions: ['js', 'ts', 'py'] }), false);
  });
});

describe('findRipgrep (the copy VS Code ships)', () => {
  it('finds rg under the application root, in the places VS Code builds put it, and nothing elsewhere', async () => {
    const appRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tesults-approot-'));
    try {
      assert.equal(await findRipgrep(appRoot), undefined);
      const bin = path.join(appRoot, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin');
      fs.mkdirSync(bin, { recursive: true });
      const exe = path.join(bin, process.platform === 'win32' ? 'rg.exe' : 'rg');
      fs.writeFileSync(exe, '#!/bin/sh\n', { mode: 0o755 });
      assert.equal(await findRipgrep(`${appRoot}${path.sep}`), exe, 'looked up again for another root');
      assert.equal(await findRipgrep(''), undefined);
    } finally {
      fs.rmSync(appRoot, { recursive: true, force: true });
    }
  });
});

describe('AsyncQueue', () => {
  it('hands items to waiting and later consumers, then ends', async () => {
    const queue = new AsyncQueue<number>();
    const waiting = [queue.next(), queue.next()];
    queue.push(1);
    queue.push(2);
    queue.push(3);
    queue.end();
    queue.push(4); // after the end: dropped
    assert.deepEqual(await Promise.all(waiting), [{ value: 1, done: false }, { value: 2, done: false }]);
    const rest: number[] = [];
    for await (const n of queue) rest.push(n);
    assert.deepEqual(rest, [3]);
  });

  it('fails waiting consumers, and later ones after the items already pushed', async () => {
    const queue = new AsyncQueue<number>();
    const waiting = queue.next();
    queue.fail(new Error('ripgrep failed'));
    await assert.rejects(waiting, /ripgrep failed/);
    const other = new AsyncQueue<number>();
    other.push(1);
    other.fail(new Error('late'));
    assert.deepEqual(await other.next(), { value: 1, done: false });
    await assert.rejects(other.next(), /late/);
  });
});
