import { strict as assert } from 'node:assert';
import { parseLocation, parseLocationValue, parseSuiteLocation, resolveLocationPath } from '../../src/model/location';
import { aCase } from './helpers/builders';

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

describe('resolveLocationPath', () => {
  const files = new Set(['/ws/repo/tests/a.spec.ts', '/ws/repo/tests/x.spec.ts', '/ws/other/only-here.ts', '/abs/outside.ts']);
  const exists = (p: string) => files.has(p);
  const folders = ['/ws/repo', '/ws/other'];

  it('uses an absolute path that exists as it is', () => {
    assert.equal(resolveLocationPath('/abs/outside.ts', folders, exists), '/abs/outside.ts');
    assert.equal(resolveLocationPath('/ws/repo/tests/./a.spec.ts', folders, exists), '/ws/repo/tests/a.spec.ts');
  });

  it('resolves relative paths against each folder', () => {
    assert.equal(resolveLocationPath('tests/a.spec.ts', folders, exists), '/ws/repo/tests/a.spec.ts');
    assert.equal(resolveLocationPath('./only-here.ts', folders, exists), '/ws/other/only-here.ts');
    assert.equal(resolveLocationPath('tests\\a.spec.ts', folders, exists), '/ws/repo/tests/a.spec.ts');
    assert.equal(resolveLocationPath('../repo/tests/a.spec.ts', ['/ws/other'], exists), undefined, 'no climbing out');
  });

  it('maps CI paths onto the workspace by their tails, longest first', () => {
    assert.equal(resolveLocationPath('/home/runner/work/repo/repo/tests/x.spec.ts', folders, exists), '/ws/repo/tests/x.spec.ts');
    assert.equal(resolveLocationPath('D:\\a\\repo\\repo\\tests\\x.spec.ts', folders, exists), '/ws/repo/tests/x.spec.ts');
    assert.equal(resolveLocationPath('/builds/x/only-here.ts', folders, exists), '/ws/other/only-here.ts');
    const seen: string[] = [];
    resolveLocationPath('/ci/deep/tests/missing.spec.ts', ['/ws/repo'], (p) => (seen.push(p), false));
    assert.deepEqual(seen, ['/ci/deep/tests/missing.spec.ts', '/ws/repo/ci/deep/tests/missing.spec.ts', '/ws/repo/deep/tests/missing.spec.ts', '/ws/repo/tests/missing.spec.ts', '/ws/repo/missing.spec.ts']);
  });

  it('works with Windows workspace folders', () => {
    const win = new Set(['C:\\src\\repo\\tests\\x.spec.ts']);
    const wexists = (p: string) => win.has(p);
    assert.equal(resolveLocationPath('C:\\src\\repo\\tests\\x.spec.ts', ['C:\\src\\repo'], wexists), 'C:\\src\\repo\\tests\\x.spec.ts');
    assert.equal(resolveLocationPath('/home/runner/work/repo/repo/tests/x.spec.ts', ['C:\\src\\repo'], wexists), 'C:\\src\\repo\\tests\\x.spec.ts');
    assert.equal(resolveLocationPath('tests/x.spec.ts', ['C:\\src\\repo'], wexists), 'C:\\src\\repo\\tests\\x.spec.ts');
  });

  it('returns undefined when nothing exists, for junk, and survives a throwing exists', () => {
    assert.equal(resolveLocationPath('/nowhere/none.ts', folders, exists), undefined);
    assert.equal(resolveLocationPath('', folders, exists), undefined);
    assert.equal(resolveLocationPath('/', folders, exists), undefined);
    assert.equal(resolveLocationPath('tests/a.spec.ts', [], exists), undefined);
    assert.equal(resolveLocationPath(3 as never, folders, exists), undefined);
    assert.equal(resolveLocationPath('tests/a.spec.ts', folders, () => { throw new Error('EACCES'); }), undefined);
  });

  it('bounds the work on very deep paths', () => {
    let calls = 0;
    resolveLocationPath('/' + Array.from({ length: 500 }, (_, i) => `d${i}`).join('/') + '/x.ts', folders, () => (calls++, false));
    assert.ok(calls <= 1 + 64 * folders.length, String(calls));
  });
});
