import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { DEFAULT_EXCLUDE_GLOB, DEFAULT_TEST_FILE_GLOB } from '../../src/model/sourceSearch';
import { locateInFiles } from '../../src/vscode/testing/locateFiles';

describe('locateInFiles (worker threads, host fallback)', function () {
  this.timeout(60_000);
  let dir: string;
  let workerFile: string;
  let files: string[];
  const cases = [
    { name: 'adds a coupon', suite: 'Cart' },
    { name: 'removes the item', suite: 'Cart' },
    { name: 'shows the order history' },
    { name: 'is nowhere' },
  ];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tesults-locatefiles-'));
    workerFile = path.join(dir, 'locateWorker.js');
    await esbuild.build({ entryPoints: [path.join(__dirname, '../../src/vscode/testing/locateWorker.ts')], bundle: true, outfile: workerFile, format: 'cjs', platform: 'node', logLevel: 'silent' });
    const write = (name: string, text: string): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };
    files = [
      write('a.test.ts', "describe('Cart', () => {\n  it('adds a coupon', () => {});\n});\n"),
      write('b.test.ts', "// 'removes the item' is mentioned here only\nconst x = 1;\n"),
      write('c.test.ts', "describe('Cart', () => {\n\n  it('removes the item', () => {});\n});\n"),
      write('d.test.ts', "test('shows the order history', async () => {});\n"),
      path.join(dir, 'missing.test.ts'),
    ];
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const expected = (result: Awaited<ReturnType<typeof locateInFiles>>): void => {
    assert.deepEqual(
      result.matches.map((m) => m && { file: path.basename(m.path), line: m.line }),
      [{ file: 'a.test.ts', line: 2 }, { file: 'c.test.ts', line: 3 }, { file: 'd.test.ts', line: 1 }, undefined],
    );
  };

  it('places each test at its definition with the files split over two workers (the best place across shares)', async () => {
    const failures: string[] = [];
    const result = await locateInFiles(cases, files, { maxFiles: 100, maxBytes: 1_000_000, workerFile, workers: 2, onWorkerFailure: (r) => failures.push(r) });
    assert.deepEqual(failures, []);
    expected(result);
    assert.equal(result.truncated, false);
  });

  it('starts the worker while the files are still being listed, and places the same', async () => {
    const failures: string[] = [];
    let listed!: (files: string[]) => void;
    const listing = new Promise<string[]>((resolve) => (listed = resolve));
    const pending = locateInFiles(cases, () => listing, { maxFiles: 100, maxBytes: 1_000_000, workerFile, onWorkerFailure: (r) => failures.push(r) });
    setTimeout(() => listed(files), 50);
    expected(await pending);
    assert.deepEqual(failures, []);
  });

  it('rejects with the listing\'s own error when the files cannot be listed (no fallback)', async () => {
    const failures: string[] = [];
    const listing = (): Promise<string[]> => Promise.reject(new Error('findFiles failed'));
    await assert.rejects(locateInFiles(cases, listing, { maxFiles: 100, maxBytes: 1_000_000, workerFile, onWorkerFailure: (r) => failures.push(r) }), /findFiles failed/);
    await assert.rejects(locateInFiles(cases, listing, { maxFiles: 100, maxBytes: 1_000_000 }), /findFiles failed/);
    assert.deepEqual(failures, []);
  });

  it('falls back to the host pass, and says why, when the worker cannot start', async () => {
    const failures: string[] = [];
    const result = await locateInFiles(cases, files, { maxFiles: 100, maxBytes: 1_000_000, workerFile: path.join(dir, 'no-such-worker.js'), onWorkerFailure: (r) => failures.push(r) });
    assert.equal(failures.length, 1);
    expected(result);
  });

  it('reads at most maxFiles files and says the result is truncated', async () => {
    const result = await locateInFiles(cases, files, { maxFiles: 1, maxBytes: 1_000_000, workerFile });
    assert.equal(result.truncated, true);
    assert.equal(result.filesRead, 1);
    assert.equal(result.matches[0]?.line, 2);
    assert.equal(result.matches[1], undefined);
  });

  it('rejects when aborted while the workers run, without falling back', async () => {
    const abort = new AbortController();
    const failures: string[] = [];
    const pending = locateInFiles(cases, files, { maxFiles: 100, maxBytes: 1_000_000, workerFile, signal: abort.signal, onWorkerFailure: (r) => failures.push(r) });
    abort.abort();
    await assert.rejects(pending, /cancelled|abort/i);
    assert.deepEqual(failures, []);
  });

  describe('with a ripgrep prefilter (a real ripgrep)', () => {
    let rgPath = '';
    before(function () {
      try {
        rgPath = execFileSync('bash', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
      } catch {
        this.skip(); // `bash scripts/setup-host.sh` installs Debian's ripgrep (.ci/run does, before npm test)
      }
      fs.writeFileSync(path.join(dir, 'test_login.py'), 'class TestLogin:\n    def test_logs_in(self):\n        pass\n');
    });
    const withLogin = [...cases, { name: 'logs in', suite: 'TestLogin' }];
    const ripgrep = (include = DEFAULT_TEST_FILE_GLOB) => ({ rgPath, roots: [dir], include, exclude: DEFAULT_EXCLUDE_GLOB });

    it('places the same as reading every file, reads only the files that hold a needle, and never lists', async () => {
      const events: string[] = [];
      const result = await locateInFiles(withLogin, () => (events.push('listed'), Promise.resolve(files)), {
        maxFiles: 100,
        maxBytes: 1_000_000,
        workerFile,
        ripgrep: ripgrep(),
        onRipgrepFailure: (r) => events.push(`failed: ${r}`),
        onNarrowed: (kept) => events.push(`kept ${kept}`),
      });
      const all = await locateInFiles(withLogin, [...files, path.join(dir, 'test_login.py')], { maxFiles: 100, maxBytes: 1_000_000, workerFile });
      assert.deepEqual(result.matches, all.matches);
      expected({ ...result, matches: result.matches.slice(0, 4) });
      assert.deepEqual([result.matches[4]?.path, result.matches[4]?.line], [path.join(dir, 'test_login.py'), 2], 'found by identifier outside JavaScript');
      // a, b (names 'removes the item' in a comment), c, d and the Python file: not the worker bundle, nothing else.
      assert.deepEqual(events, ['kept 5']);
      assert.equal(result.filesRead, 5);
    });

    it('with a glob of TypeScript files only, does not search identifiers', async () => {
      const events: string[] = [];
      const result = await locateInFiles(withLogin, () => Promise.resolve(files), { maxFiles: 100, maxBytes: 1_000_000, ripgrep: ripgrep('**/*.test.ts'), onNarrowed: (kept) => events.push(`kept ${kept}`) });
      expected({ ...result, matches: result.matches.slice(0, 4) });
      assert.equal(result.matches[4], undefined);
      assert.deepEqual(events, ['kept 4']);
    });

    it('falls back to reading every listed file, and says why, when ripgrep cannot run or fails', async () => {
      for (const rg of [{ ...ripgrep(), rgPath: path.join(dir, 'no-such-rg') }, ripgrep('{unclosed')]) {
        const events: string[] = [];
        const result = await locateInFiles(cases, () => (events.push('listed'), Promise.resolve(files)), {
          maxFiles: 100,
          maxBytes: 1_000_000,
          workerFile,
          ripgrep: rg,
          onRipgrepFailure: (r) => events.push(`failed: ${r.slice(0, 30)}`),
          onWorkerFailure: (r) => events.push(`worker failed: ${r}`),
        });
        expected(result);
        assert.equal(events.length, 2, JSON.stringify(events));
        assert.match(events[0], /^failed: ripgrep (could not run|failed)/);
        assert.equal(events[1], 'listed');
      }
    });

    it('rejects when aborted while ripgrep runs, without falling back or listing', async () => {
      const abort = new AbortController();
      const events: string[] = [];
      const pending = locateInFiles(cases, () => (events.push('listed'), Promise.resolve(files)), {
        maxFiles: 100,
        maxBytes: 1_000_000,
        workerFile,
        signal: abort.signal,
        ripgrep: ripgrep(),
        onRipgrepFailure: (r) => events.push(`failed: ${r}`),
      });
      abort.abort();
      await assert.rejects(pending, /cancelled|abort/i);
      assert.deepEqual(events, []);
    });
  });
});
