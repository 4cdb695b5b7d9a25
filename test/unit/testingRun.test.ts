import { strict as assert } from 'node:assert';
import { groupForTesting, importedRunName, outputText, testingOutcome, testingTags, type Placement } from '../../src/model/testingRun';
import { locateMany, locateManyInBytes, TestNameIndex, type ByteFile } from '../../src/model/locateMany';
import { locationCandidates } from '../../src/model/location';
import type { TestCase } from '../../src/model/types';
import { aCase, aRun } from './helpers/builders';

describe('groupForTesting', () => {
  it('puts cases under file > suite, the unplaced under their suite, with stable unique ids', () => {
    const cases: TestCase[] = [
      aCase({ name: 'pays', suite: 'Checkout', result: 'fail', hash: 'h1' }),
      aCase({ name: 'adds', suite: 'Cart' }),
      aCase({ name: 'adds', suite: 'Cart' }), // the same test twice (a reporter repeating it)
      aCase({ name: 'logs in', result: 'fail' }),
      aCase({ name: 'lost', suite: 'Cart', result: 'fail' }),
    ];
    const places = new Map<TestCase, Placement>([
      [cases[0], { file: '/w/tests/checkout.spec.ts', line: 12 }],
      [cases[1], { file: '/w/tests/cart.spec.ts', line: 3 }],
      [cases[2], { file: '/w/tests/cart.spec.ts', line: 3 }],
      [cases[3], { file: '/w/tests/a.spec.ts', line: 1 }],
    ]);
    const tree = groupForTesting(cases, (c) => places.get(c));
    assert.deepEqual(tree.files.map((f) => f.file), ['/w/tests/a.spec.ts', '/w/tests/cart.spec.ts', '/w/tests/checkout.spec.ts']);
    const cart = tree.files[1].suites;
    assert.deepEqual(cart.map((s) => [s.id, s.label]), [['"Cart"', 'Cart']]);
    assert.deepEqual(cart[0].cases.map((c) => c.id), ['n:["Cart","adds"]', 'n:["Cart","adds"]#2']);
    assert.equal(tree.files[2].suites[0].cases[0].id, 'h:["h1"]', 'the hash is the identity when there is one');
    assert.deepEqual(tree.files[0].suites.map((s) => [s.id, s.label]), [['""', '(no suite)']]);
    // VS Code refuses ids with NUL: none, whatever the names.
    const hostile = groupForTesting([aCase({ name: 'a\u0000b', suite: 's\u0000', hash: undefined }), aCase({ name: 'x', hash: 'h\u0000' })], () => undefined);
    const ids = hostile.unplaced.flatMap((s) => [s.id, ...s.cases.map((c) => c.id)]);
    assert.ok(ids.every((id) => !id.includes('\u0000')), JSON.stringify(ids));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(tree.unplaced.map((s) => [s.label, s.cases.map((c) => c.testCase.name)]), [['Cart', ['lost']]]);
    // Another run of the same tests: the same ids (other objects, other order).
    const again = groupForTesting([{ ...cases[4], index: 0 }], () => undefined);
    assert.equal(again.unplaced[0].cases[0].id, tree.unplaced[0].cases[0].id);
  });
});

describe('testingOutcome / testingTags / importedRunName / outputText', () => {
  it('maps results: fail, really passed, skipped (Playwright "pass" + rawResult skipped, jest unknown)', () => {
    assert.equal(testingOutcome(aCase({ result: 'fail' })), 'failed');
    assert.equal(testingOutcome(aCase({ result: 'pass', rawResult: 'passed' })), 'passed');
    assert.equal(testingOutcome(aCase({ result: 'pass', rawResult: 'skipped' })), 'skipped');
    assert.equal(testingOutcome(aCase({ result: 'unknown' })), 'skipped');
  });

  it('tags new and continuing failures against the previous run, and flaky cases', () => {
    const previous = aRun(1, [aCase({ name: 'a', result: 'fail', hash: 'a' }), aCase({ name: 'b', result: 'pass', hash: 'b' })]);
    const current = aRun(2, [
      aCase({ name: 'a', result: 'fail', hash: 'a' }),
      aCase({ name: 'b', result: 'fail', hash: 'b' }),
      aCase({ name: 'c', result: 'pass', custom: { _Outcome: 'flaky' } }),
      aCase({ name: 'd', result: 'pass' }),
    ]);
    const tags = testingTags(current, previous);
    assert.deepEqual(current.cases.map((c) => tags.get(c) ?? []), [['still-failing'], ['new-failure'], ['flaky'], []]);
    const first = testingTags(current, undefined);
    assert.deepEqual(first.get(current.cases[0]), ['new-failure']);
  });

  it('names the run "<target> · <build> · <CI time>", one line', () => {
    const run = aRun(new Date(2026, 10, 28, 14, 5, 9).getTime(), [], { build: aCase({ name: 'build\n#812' }) });
    assert.equal(importedRunName('web (playwright)', run), 'web (playwright) · build #812 · 2026-11-28 14:05:09');
    assert.equal(importedRunName('t', aRun(new Date(2026, 0, 2, 3, 4, 5).getTime(), [])), 't · no build · 2026-01-02 03:04:05');
  });

  it('reads output fields: strings and arrays of chunks; nothing for other types', () => {
    assert.equal(outputText('a\nb\n'), 'a\nb\n');
    assert.equal(outputText(['a\n', { text: 'b\n' }, 5]), 'a\nb\n');
    assert.equal(outputText({ text: 'x' }), undefined);
    assert.equal(outputText(''), undefined);
  });
});

describe('locateMany', () => {
  const file = (path: string, text: string) => ({ path, read: () => Promise.resolve(text) });
  it('places many tests in one pass over the files, ranked as the single-test search does', async () => {
    const files = [
      file('/w/tests/cart.spec.ts', "describe('Cart', () => {\n  it('adds item', () => {});\n  // don't stop at a stray quote\n  it(\"removes item\", () => {});\n});\n"),
      file('/w/tests/checkout.spec.ts', "test.describe('Checkout', () => {\n  test('pays by card', async () => {});\n});\n"),
      file('/w/tests/other.spec.ts', "describe('Other', () => {\n  it('adds item', () => {});\n});\n"),
      file('/w/tests/test_login.py', 'class TestLogin:\n    def test_logs_in(self):\n        pass\n'),
    ];
    const reads: string[] = [];
    const counted = files.map((f) => ({ path: f.path, read: () => (reads.push(f.path), f.read()) }));
    const result = await locateMany(
      [
        { name: 'adds item', suite: 'Cart' },
        { name: 'removes item', suite: 'Cart' },
        { name: 'pays by card', suite: 'checkout - Checkout - checkout.spec.ts - chromium' },
        { name: 'logs in', suite: 'TestLogin' },
        { name: 'nowhere', suite: 'Cart' },
      ],
      counted,
      { maxFiles: 100, maxBytes: 1e6, concurrency: 2 },
    );
    assert.deepEqual(
      result.matches.map((m) => m && [m.path, m.line]),
      [['/w/tests/cart.spec.ts', 2], ['/w/tests/cart.spec.ts', 4], ['/w/tests/checkout.spec.ts', 2], ['/w/tests/test_login.py', 2], undefined],
    );
    assert.deepEqual(reads.sort(), files.map((f) => f.path).sort(), 'every file read once');
    assert.equal(result.truncated, false);
  });

  it('stops at its bounds and says so; rejects when aborted', async () => {
    const files = Array.from({ length: 10 }, (_, i) => file(`/w/${i}.spec.ts`, `it('t${i}', () => {})`));
    const bounded = await locateMany([{ name: 't9' }], files, { maxFiles: 3, maxBytes: 1e6, concurrency: 1 });
    assert.equal(bounded.filesRead, 3);
    assert.equal(bounded.truncated, true);
    assert.equal(bounded.matches[0], undefined);
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(locateMany([{ name: 't1' }], files, { maxFiles: 100, maxBytes: 1e6, signal: abort.signal }), /abort/i);
  });

  it('finds a literal that holds an escaped quote, and nothing else', () => {
    const index = new TestNameIndex([{ name: "it's here" }]);
    assert.deepEqual([...index.candidates("it('it\\'s here', () => {})", '/w/a.spec.ts')], [0]);
    assert.deepEqual([...index.candidates("it('other')", '/w/a.spec.ts')], []);
  });

  describe('the synchronous pass over bytes (the worker\'s)', () => {
    /** Files as the worker gives them: their UTF-8 bytes one character per byte, and the decoded text on demand. */
    const bytesOf = (files: Array<{ path: string; text: string | Buffer }>, decoded: string[] = []): ByteFile[] =>
      files.map(({ path, text }) => {
        const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
        return { path, read: () => ({ bytes: buffer.toString('latin1'), text: () => (decoded.push(path), buffer.toString('utf8')) }) };
      });
    const asText = (files: Array<{ path: string; text: string | Buffer }>) =>
      files.map(({ path, text }) => file(path, typeof text === 'string' ? text : text.toString('utf8')));
    const unbounded = { maxFiles: 100, maxBytes: 1e9 };
    const cases = [
      { name: 'zählt die Größe ✓ 🚀', suite: 'Größen' },
      { name: 'matches a+b (c)? [d] ${e} ^f$ \\g |h', suite: 'Regex' },
      { name: "it's quoted", suite: 'Quotes' },
      { name: 'says "hi"', suite: 'Quotes' },
      { name: 'logs in', suite: 'TestLogin' },
      { name: 'carries `ticks`' },
      { name: 'is nowhere' },
    ];
    const files = [
      { path: '/w/a.spec.ts', text: "\uFEFFdescribe('Größen', () => {\n  it('zählt die Größe ✓ 🚀', () => {});\n});\n" },
      { path: '/w/b.spec.ts', text: "describe('Regex', () => {\n  // a stray ' quote\n  it('matches a+b (c)? [d] ${e} ^f$ \\\\g |h', () => {});\n});\n" },
      { path: '/w/c.spec.ts', text: "describe('Quotes', () => {\n  it('it\\'s quoted', () => {});\n  it(\"says \\\"hi\\\"\", () => {});\n  it(`carries \\`ticks\\``, () => {});\n});\n" },
      { path: '/w/test_login.py', text: 'class TestLogin:\n    def test_logs_in(self):\n        pass\n' },
      { path: '/w/noise.spec.ts', text: Buffer.concat([Buffer.from("it('zählt die Gr"), Buffer.from([0xc3]), Buffer.from("ße ✓ 🚀', () => {});\n")]) },
      { path: '/w/binary.spec.ts', text: "\u0000\u0000it('logs in', () => {});\n" },
      { path: '/w/other.spec.ts', text: "it('something else', () => {});\n".repeat(50) },
    ];

    it('places each test where the text pass does: unicode, regex characters, escaped quotes, identifiers, a BOM', async () => {
      const decoded: string[] = [];
      const inBytes = locateManyInBytes(cases, bytesOf(files, decoded), unbounded);
      const inText = await locateMany(cases, asText(files), { ...unbounded, concurrency: 1 });
      assert.deepEqual(inBytes, inText);
      assert.deepEqual(
        inBytes.matches.map((m) => m && [m.path, m.line, m.column]),
        [['/w/a.spec.ts', 2, 6], ['/w/b.spec.ts', 3, 6], ['/w/c.spec.ts', 2, 6], ['/w/c.spec.ts', 3, 6], ['/w/test_login.py', 2, 9], ['/w/c.spec.ts', 4, 6], undefined],
      );
      assert.deepEqual(decoded.sort(), ['/w/a.spec.ts', '/w/b.spec.ts', '/w/binary.spec.ts', '/w/c.spec.ts', '/w/test_login.py'], 'only files that name a test are decoded');
    });

    it('finds in the bytes exactly the tests the decoded text names (invalid UTF-8 included)', () => {
      const index = new TestNameIndex(cases);
      for (const f of files) {
        const buffer = typeof f.text === 'string' ? Buffer.from(f.text, 'utf8') : f.text;
        assert.deepEqual([...(index.candidatesInBytes(buffer.toString('latin1'), f.path) ?? [])].sort(), [...index.candidates(buffer.toString('utf8'), f.path)].sort(), f.path);
      }
    });

    it('decodes every file when a name has no exact bytes (U+FFFD, a lone surrogate), and still finds it', async () => {
      for (const name of ['broken \uFFFD byte', 'lone \uD800 surrogate']) {
        assert.equal(new TestNameIndex([{ name }]).candidatesInBytes("it('x')", '/w/x.spec.ts'), undefined, name);
      }
      const broken = [{ path: '/w/d.spec.ts', text: Buffer.concat([Buffer.from("it('broken "), Buffer.from([0xff]), Buffer.from(" byte', () => {});\n")]) }];
      const decoded: string[] = [];
      const result = locateManyInBytes([{ name: 'broken \uFFFD byte' }], bytesOf(broken, decoded), unbounded);
      assert.deepEqual(result.matches.map((m) => m && m.line), [1]);
      assert.deepEqual(decoded, ['/w/d.spec.ts']);
    });

    it('counts bytes against its budget and files against maxFiles, and says when it stopped', () => {
      const many = Array.from({ length: 10 }, (_, i) => ({ path: `/w/${i}.spec.ts`, text: `it('t${i}', () => {})` }));
      const byCount = locateManyInBytes([{ name: 't9' }], bytesOf(many), { maxFiles: 3, maxBytes: 1e6 });
      assert.deepEqual([byCount.filesRead, byCount.truncated, byCount.matches[0]], [3, true, undefined]);
      const bySize = locateManyInBytes([{ name: 'ä' }], bytesOf([{ path: '/w/u.spec.ts', text: "it('ä')" }]), { maxFiles: 10, maxBytes: 7 });
      assert.deepEqual([bySize.truncated, bySize.matches[0]], [true, undefined], "it('ä') is 8 bytes");
      const unreadable: ByteFile = { path: '/w/gone.spec.ts', read: () => { throw new Error('ENOENT'); } };
      const skipped = locateManyInBytes([{ name: 't1' }], [unreadable, ...bytesOf([many[1]])], unbounded);
      assert.deepEqual([skipped.filesRead, skipped.matches[0]?.path], [2, '/w/1.spec.ts']);
    });
  });

  it('lists the paths a reported location may have in the workspace (never outside it), in the resolver order', () => {
    const c = locationCandidates('/home/runner/work/shop/shop/tests/cart.spec.ts', ['/w']);
    assert.ok(!c.includes('/home/runner/work/shop/shop/tests/cart.spec.ts') && c.every((p) => p.startsWith('/w/')), c.join(', '));
    assert.ok(c.includes('/w/tests/cart.spec.ts') && c.indexOf('/w/tests/cart.spec.ts') < c.indexOf('/w/cart.spec.ts'));
  });
});
