import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRemoteOrDevicePath, locationCandidates, parseLocation, parseLocationValue, parseSuiteLocation, resolveLocationPath, type RealPathFs } from '../../src/model/location';
import { aCase } from './helpers/builders';

const realFs: RealPathFs = { realpath };

describe('parseLocation', () => {
  it('reads an object, a JSON string and file:line:col', () => {
    assert.deepEqual(parseLocation(aCase({ custom: { _Location: { file: '/ci/repo/tests/a.spec.ts', line: 12, column: 5 } } })), { file: '/ci/repo/tests/a.spec.ts', line: 12, column: 5 });
    assert.deepEqual(parseLocation(aCase({ custom: { _Location: '{"file":"tests/a.spec.ts","line":"7","column":3}' } })), { file: 'tests/a.spec.ts', line: 7, column: 3 });
    assert.deepEqual(parseLocation(aCase({ custom: { _Location: 'tests/a.spec.ts:12:5' } })), { file: 'tests/a.spec.ts', line: 12, column: 5 });
    assert.deepEqual(parseLocation(aCase({ custom: { _Location: ' tests/a.spec.ts:12 ' } })), { file: 'tests/a.spec.ts', line: 12 });
    assert.deepEqual(parseLocation(aCase({ custom: { _Location: 'tests/a.spec.ts' } })), { file: 'tests/a.spec.ts' });
    assert.deepEqual(parseLocationValue(JSON.stringify(JSON.stringify({ file: 'a.ts', line: 2 }))), { file: 'a.ts', line: 2 }, 'encoded twice');
    assert.deepEqual(parseSuiteLocation(aCase({ custom: { '_Suite location': { file: 'b.spec.ts', line: 1 } } })), { file: 'b.spec.ts', line: 1 });
  });

  it('reads Windows paths and file URLs', () => {
    assert.deepEqual(parseLocationValue('C:\\work\\repo\\tests\\a.spec.ts:12:5'), { file: 'C:\\work\\repo\\tests\\a.spec.ts', line: 12, column: 5 });
    assert.deepEqual(parseLocationValue({ file: 'D:\\a\\repo\\x.spec.ts', line: 3 }), { file: 'D:\\a\\repo\\x.spec.ts', line: 3 });
    assert.deepEqual(parseLocationValue('C:\\repo\\x.ts'), { file: 'C:\\repo\\x.ts' });
    assert.deepEqual(parseLocationValue('file:///home/me/x.spec.ts:4:2'), { file: '/home/me/x.spec.ts', line: 4, column: 2 });
  });

  it('drops absurd or mistyped line and column, keeps the file', () => {
    assert.deepEqual(parseLocationValue({ file: 'a.ts', line: 0, column: 1 }), { file: 'a.ts' });
    assert.deepEqual(parseLocationValue({ file: 'a.ts', line: -3 }), { file: 'a.ts' });
    assert.deepEqual(parseLocationValue({ file: 'a.ts', line: 1e12 }), { file: 'a.ts' });
    assert.deepEqual(parseLocationValue({ file: 'a.ts', line: 2.5 }), { file: 'a.ts' });
    assert.deepEqual(parseLocationValue({ file: 'a.ts', line: 'twelve' }), { file: 'a.ts' });
    assert.deepEqual(parseLocationValue({ file: 'a.ts', line: 4, column: 'x' }), { file: 'a.ts', line: 4 });
    assert.deepEqual(parseLocationValue({ file: 'a.ts', line: 4, column: 1e9 }), { file: 'a.ts', line: 4 });
    assert.deepEqual(parseLocationValue({ file: 'a.ts', line: null }), { file: 'a.ts' });
  });

  it('rejects junk', () => {
    for (const junk of [undefined, null, 3, true, [], ['a.ts'], {}, { file: 3 }, { file: '' }, '', '   ', '{broken', '{"line":3}', 'a\nb.ts:3', 'x\u0000.ts', 'x'.repeat(10_000), '"\\"{}\\""', '[1]:3', 'file://%%']) {
      assert.equal(parseLocationValue(junk as never), undefined, JSON.stringify(junk)?.slice(0, 40));
    }
    assert.equal(parseLocation(aCase({})), undefined);
    assert.equal(parseLocation(aCase({ custom: { _Other: 'a.ts:1' } })), undefined);
  });
});

/** A fake file system: these files exist, nothing is a link; every call is recorded. */
function fakeFs(files: Iterable<string>, folders: readonly string[]): RealPathFs & { calls: string[] } {
  const known = new Set([...files, ...folders]);
  const calls: string[] = [];
  return {
    calls,
    realpath: async (p: string) => {
      calls.push(p);
      if (!known.has(p)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return p;
    },
  };
}

describe('resolveLocationPath: only files inside a workspace folder', () => {
  const folders = ['/ws/repo', '/ws/other'];
  const files = ['/ws/repo/tests/a.spec.ts', '/ws/repo/tests/x.spec.ts', '/ws/other/only-here.ts', '/abs/outside.ts', '/etc/passwd'];
  const resolve = (file: string, fs = fakeFs(files, folders), roots = folders) => resolveLocationPath(file, roots, fs);

  it('accepts an absolute path inside a folder and a relative path against each folder', async () => {
    assert.equal(await resolve('/ws/repo/tests/./a.spec.ts'), '/ws/repo/tests/a.spec.ts');
    assert.equal(await resolve('tests/a.spec.ts'), '/ws/repo/tests/a.spec.ts');
    assert.equal(await resolve('./only-here.ts'), '/ws/other/only-here.ts');
    assert.equal(await resolve('tests\\a.spec.ts'), '/ws/repo/tests/a.spec.ts');
  });

  it('never opens a file outside the workspace: /etc/passwd, <folder>/../../etc/passwd, ../ climbing', async () => {
    for (const file of ['/etc/passwd', '/abs/outside.ts', '/ws/repo/../../etc/passwd', '../../etc/passwd', '../repo/tests/a.spec.ts'.replace('repo', '../abs')]) {
      const fs = fakeFs(files, folders);
      assert.equal(await resolve(file, fs), undefined, file);
      assert.ok(fs.calls.every((c) => folders.some((f) => c === f || c.startsWith(f + '/'))), `${file}: probed only inside the folders: ${fs.calls.join(', ')}`);
    }
    assert.equal(await resolve('../repo/tests/a.spec.ts', fakeFs(files, folders), ['/ws/other']), undefined, 'no climbing into a sibling');
  });

  it('refuses UNC, //host, \\\\?\\, \\\\.\\ and file://host/ forms before any file-system call', async () => {
    const hostile = ['\\\\host\\share\\x.spec.ts', '//host/share/x', '\\\\?\\C:\\x', '\\\\.\\pipe\\x', '/\\host\\share\\x', '\\/host/share/x', '\\??\\C:\\x', 'file://host/share/x', 'file:///ws/repo/tests/a.spec.ts'];
    for (const file of hostile) {
      assert.equal(isRemoteOrDevicePath(file), true, file);
      for (const roots of [folders, ['C:\\src\\repo'], ['\\\\server\\share\\repo']]) {
        assert.deepEqual(locationCandidates(file, roots), [], `${file} in ${roots[0]}`);
        const fs = fakeFs([], roots);
        assert.equal(await resolveLocationPath(file, roots, fs), undefined, file);
        assert.deepEqual(fs.calls, [], `${file}: no file-system call`);
      }
    }
    assert.equal(parseLocationValue('file://host/share/x.spec.ts:3'), undefined, 'a file URL naming a host is not a location');
    assert.deepEqual(parseLocationValue('file://localhost/ws/x.spec.ts:3'), { file: '/ws/x.spec.ts', line: 3 });
  });

  it('Windows forms, with path.win32: drive paths inside the folder only; devices and streams refused', () => {
    const win = ['C:\\src\\repo'];
    assert.deepEqual(locationCandidates('C:\\src\\repo\\tests\\x.spec.ts', win)[0], 'C:\\src\\repo\\tests\\x.spec.ts');
    assert.deepEqual(locationCandidates('tests/x.spec.ts', win), ['C:\\src\\repo\\tests\\x.spec.ts', 'C:\\src\\repo\\x.spec.ts']);
    assert.deepEqual(locationCandidates('C:\\src\\repo\\..\\..\\Windows\\win.ini', win), []);
    assert.ok(locationCandidates('D:\\Windows\\win.ini', win).every((c) => c.startsWith('C:\\src\\repo\\')), 'a foreign drive maps by its tail, inside the folder');
    for (const file of ['C:x.spec.ts', 'tests\\x.spec.ts:stream', 'tests\\CON', 'nul.txt', 'tests\\com1.ts']) assert.deepEqual(locationCandidates(file, win), [], file);
  });

  it('maps CI paths onto the workspace by their tails, longest first, bounded', async () => {
    assert.equal(await resolve('/home/runner/work/repo/repo/tests/x.spec.ts'), '/ws/repo/tests/x.spec.ts');
    assert.equal(await resolve('D:\\a\\repo\\repo\\tests\\x.spec.ts'), '/ws/repo/tests/x.spec.ts');
    assert.equal(await resolve('/builds/x/only-here.ts'), '/ws/other/only-here.ts');
    assert.deepEqual(locationCandidates('/ci/deep/tests/missing.spec.ts', ['/ws/repo']), ['/ws/repo/ci/deep/tests/missing.spec.ts', '/ws/repo/deep/tests/missing.spec.ts', '/ws/repo/tests/missing.spec.ts', '/ws/repo/missing.spec.ts']);
    const deep = '/' + Array.from({ length: 500 }, (_, i) => `d${i}`).join('/') + '/x.ts';
    assert.ok(locationCandidates(deep, folders).length <= 1 + 64 * folders.length);
    assert.equal(await resolveLocationPath('/home/runner/work/repo/repo/tests/x.spec.ts', ['C:\\src\\repo'], fakeFs(['C:\\src\\repo\\tests\\x.spec.ts'], ['C:\\src\\repo'])), 'C:\\src\\repo\\tests\\x.spec.ts');
  });

  it('returns undefined when nothing exists, for junk, and survives a throwing file system', async () => {
    assert.equal(await resolve('/nowhere/none.ts'), undefined);
    assert.equal(await resolve(''), undefined);
    assert.equal(await resolve('/'), undefined);
    assert.equal(await resolve('tests/a.spec.ts', fakeFs(files, []), []), undefined);
    assert.equal(await resolve(3 as never), undefined);
    assert.equal(await resolveLocationPath('tests/a.spec.ts', folders, { realpath: () => { throw new Error('EACCES'); } }), undefined);
  });

  describe('with real folders and links', () => {
    let root: string;
    let folder: string;
    before(async () => {
      root = await mkdtemp(join(tmpdir(), 'tesults-loc-'));
      folder = join(root, 'ws');
      await mkdir(join(folder, 'tests'), { recursive: true });
      await writeFile(join(folder, 'tests', 'a.spec.ts'), 'test("a", () => {})\n');
      await writeFile(join(root, 'secret.txt'), 'secret\n');
      await symlink(join(root, 'secret.txt'), join(folder, 'tests', 'leak.spec.ts'));
      await symlink(join(folder, 'tests'), join(folder, 'linked-tests'));
    });
    after(async () => {
      await rm(root, { recursive: true, force: true });
    });

    it('follows links: a link inside the folder pointing outside is refused, one pointing inside is kept', async () => {
      assert.equal(await resolveLocationPath('tests/a.spec.ts', [folder], realFs), join(folder, 'tests', 'a.spec.ts'));
      assert.equal(await resolveLocationPath(join(folder, 'tests', 'a.spec.ts'), [folder], realFs), join(folder, 'tests', 'a.spec.ts'));
      assert.equal(await resolveLocationPath('tests/leak.spec.ts', [folder], realFs), undefined);
      assert.equal(await resolveLocationPath(join(folder, 'tests', 'leak.spec.ts'), [folder], realFs), undefined);
      assert.equal(await resolveLocationPath('linked-tests/a.spec.ts', [folder], realFs), join(folder, 'linked-tests', 'a.spec.ts'));
      assert.equal(await resolveLocationPath(join(root, 'secret.txt'), [folder], realFs), undefined);
      assert.equal(await resolveLocationPath(`${folder}/../secret.txt`, [folder], realFs), undefined);
    });
  });
});
