import { strict as assert } from 'node:assert';
import { groupForTesting, importedRunName, outputText, testingOutcome, testingTags, type Placement } from '../../src/model/testingRun';
import { globMatchesOnlyLiteralOnlyFiles, isLiteralOnlyFile, locateMany, locateManyInBytes, TestNameIndex, type ByteFile } from '../../src/model/locateMany';
import { DEFAULT_TEST_FILE_GLOB } from '../../src/model/sourceSearch';
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
  /** Files given as text or bytes, read as the host pass reads them (decoded UTF-8). */
  const asText = (files: Array<{ path: string; text: string | Buffer }>) =>
    files.map(({ path, text }) => file(path, typeof text === 'string' ? text : text.toString('utf8')));
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

  describe('the ripgrep prefilter (prefilterPatterns)', () => {
    /** What ripgrep keeps: files whose UTF-8 bytes hold a literal pattern, or (outside JS/TS) an identifier pattern. */
    const narrow = <F extends { path: string; text: string | Buffer }>(files: F[], patterns: { literals: readonly string[]; identifiers: readonly string[] }): F[] =>
      files.filter(({ path, text }) => {
        const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
        const has = (p: string): boolean => bytes.includes(Buffer.from(p, 'utf8'));
        return patterns.literals.some(has) || (!isLiteralOnlyFile(path) && patterns.identifiers.some(has));
      });
    const unbounded = { maxFiles: 1000, maxBytes: 1e9, concurrency: 1 };

    it('keeps every file the pass places a test in, across languages, and drops the rest', async () => {
      const cases = [
        { name: 'zählt die Größe ✓ 🚀', suite: 'Größen' },
        { name: 'matches a+b (c)? [d] ${e} ^f$ \\g |h', suite: 'Regex' },
        { name: "it's quoted", suite: 'Quotes' },
        { name: 'Cart adds an item', suite: 'Cart' },
        { name: 'logs in', suite: 'TestLogin' },
        { name: 'TestCart/adds_item' },
        { name: 'com.example.CartTest.removesItem' },
        { name: 'test_login[admin]' },
        { name: 'is nowhere' },
      ];
      const files = [
        { path: '/w/a.spec.ts', text: "describe('Größen', () => {\n  it('zählt die Größe ✓ 🚀', () => {});\n});\n" },
        { path: '/w/b.spec.ts', text: "describe('Regex', () => {\n  it('matches a+b (c)? [d] ${e} ^f$ \\\\g |h', () => {});\n});\n" },
        { path: '/w/c.spec.ts', text: "describe('Quotes', () => {\n  it('it\\'s quoted', () => {});\n});\n" },
        { path: '/w/d.spec.ts', text: "describe('Cart', () => {\n  describe('adds', () => {\n    it('an item', () => {});\n  });\n});\n" },
        { path: '/w/test_login.py', text: 'class TestLogin:\n    def test_logs_in(self):\n        pass\n\n@pytest.mark.parametrize("user", ["admin"])\ndef test_login(user):\n    pass\n' },
        { path: '/w/cart_test.go', text: 'func TestCart(t *testing.T) {\n\tt.Run("adds_item", func(t *testing.T) {})\n}\n' },
        { path: '/w/CartTest.java', text: 'class CartTest {\n  @Test\n  void removesItem() {}\n}\n' },
        { path: '/w/mentions.spec.ts', text: '// logs_in and removesItem are identifiers here, which JavaScript files never name tests by\nconst test_logs_in = 1;\n' },
        { path: '/w/other.spec.ts', text: "it('something else', () => {});\n".repeat(20) },
      ];
      const patterns = new TestNameIndex(cases).prefilterPatterns();
      assert.ok(patterns);
      const kept = narrow(files, patterns);
      const all = await locateMany(cases, asText(files), unbounded);
      const narrowed = await locateMany(cases, asText(kept), unbounded);
      assert.deepEqual(narrowed.matches, all.matches);
      assert.deepEqual(all.matches.map((m) => m && m.path.slice(3)), ['a.spec.ts', 'b.spec.ts', 'c.spec.ts', 'd.spec.ts', 'test_login.py', 'cart_test.go', 'CartTest.java', 'test_login.py', undefined]);
      assert.deepEqual(files.filter((f) => !kept.includes(f)).map((f) => f.path), ['/w/mentions.spec.ts', '/w/other.spec.ts']);
    });

    it('keeps the places of random hostile names (quotes, backslashes, ${, line breaks, NUL, unicode, lone surrogates)', async () => {
      // A small deterministic generator (no timing, no Math.random: a failure can be replayed).
      let seed = 7;
      const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), Math.floor(seed / 65536) % n);
      const atoms = ['a', 'b', ' ', "'", '"', '`', '\\', '${', '}', '\n', '\t', '\u0000', 'ü', '🚀', '\uFFFD', '\uD800', '-', '1', 'x y'];
      // Each ends in a word of its own, so every name has a piece to look for; a file each, so a
      // pattern that misses its name loses that file (no other name keeps it).
      // Half have no space: the whole name is then one word, escapes inside it.
      const words = atoms.filter((a) => !a.includes(' '));
      const names = Array.from({ length: 60 }, (_, i) => Array.from({ length: 1 + next(8) }, () => (i % 2 ? words[next(words.length)] : atoms[next(atoms.length)])).join('') + `z${i}q`);
      /** A JavaScript string literal of `text` in `quote`, written independently of the search's own quoting. */
      const literal = (text: string, quote: string): string =>
        quote + [...text].map((ch) => (ch === '\\' || ch === quote ? `\\${ch}` : ch === '\n' ? '\\n' : ch === '\t' ? '\\t' : ch === '$' && quote === '`' ? '\\$' : ch)).join('') + quote;
      const files = names.map((n, i) => ({ path: `/w/f${i}.spec.ts`, text: `describe('S${i}', () => {\n  it(${literal(n, ["'", '"', '`'][i % 3])}, () => {});\n});\n` }));
      const cases = names.map((name) => ({ name }));
      const patterns = new TestNameIndex(cases).prefilterPatterns();
      assert.ok(patterns, 'the generated names all have a piece to look for');
      for (const p of [...patterns.literals, ...patterns.identifiers]) assert.ok(p !== '' && !/[\r\n\0\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(p), JSON.stringify(p));
      const all = await locateMany(cases, asText(files), unbounded);
      const narrowed = await locateMany(cases, asText(narrow(files, patterns)), unbounded);
      assert.deepEqual(narrowed.matches, all.matches);
      // Not all: a NUL makes a file look binary, and a lone surrogate cannot be written as UTF-8.
      const placed = all.matches.filter((m, i) => m?.path === `/w/f${i}.spec.ts`).length;
      assert.ok(placed >= 40, `most names are placed in their files (${placed} of 60)`);
    });

    it('collapses the describe-path suffixes of a name, and gives up on a name with nothing a fixed string can find', () => {
      const patterns = new TestNameIndex([{ name: 'adds the item 1-2', suite: 'Cart' }]).prefilterPatterns();
      assert.ok(patterns?.literals.includes("1-2'") && patterns.literals.includes('1-2"') && patterns.literals.includes('1-2`'));
      assert.ok(!patterns?.literals.some((p) => p.includes('adds')), JSON.stringify(patterns?.literals));
      assert.deepEqual([...(patterns?.identifiers ?? [])].sort(), ['AddsTheItem12', 'adds_the_item_1_2', 'addsTheItem12'].sort());
      for (const name of ['\uFFFD', 'b\u0000c']) assert.equal(new TestNameIndex([{ name }, { name: 'fine' }]).prefilterPatterns(), undefined, JSON.stringify(name));
      assert.deepEqual(new TestNameIndex([{ name: 'a\u0000longer piece' }]).prefilterPatterns()?.literals.slice().sort(), ["piece'", 'piece"', 'piece`'].sort());
      // A short last word keeps its opening quote (`A'` is in too many files), so "case A" is not collapsed into it.
      assert.deepEqual(new TestNameIndex([{ name: 'handles case A' }]).prefilterPatterns()?.literals.filter((p) => p.endsWith("'")).sort(), ["'A'", "case A'"].sort());
    });

    it('tells from a glob whether only JavaScript/TypeScript files can match (then no identifier search)', () => {
      for (const glob of ['**/*.test.ts', '**/*.{js,tsx}', '{src/**/*.spec.ts,**/*.test.mjs}', 'tests/*.CTS']) assert.equal(globMatchesOnlyLiteralOnlyFiles(glob), true, glob);
      for (const glob of [DEFAULT_TEST_FILE_GLOB, '**/*.test.*', '**/*.{js,py}', '{**/*.ts,**/test_*.py}', '**/*.[jt]s', '**/*.ts/**', '**', '{a,b}/*.{js,ts}']) assert.equal(globMatchesOnlyLiteralOnlyFiles(glob), false, glob);
    });
  });

  it('lists the paths a reported location may have in the workspace (never outside it), in the resolver order', () => {
    const c = locationCandidates('/home/runner/work/shop/shop/tests/cart.spec.ts', ['/w']);
    assert.ok(!c.includes('/home/runner/work/shop/shop/tests/cart.spec.ts') && c.every((p) => p.startsWith('/w/')), c.join(', '));
    assert.ok(c.includes('/w/tests/cart.spec.ts') && c.indexOf('/w/tests/cart.spec.ts') < c.indexOf('/w/cart.spec.ts'));
  });
});
