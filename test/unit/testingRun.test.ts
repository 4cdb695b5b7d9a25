import { strict as assert } from 'node:assert';
import { groupForTesting, importedRunName, outputText, testingOutcome, testingTags, type Placement } from '../../src/model/testingRun';
import { locateMany, TestNameIndex } from '../../src/model/locateMany';
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

  it('lists the paths a reported location may have in the workspace (never outside it), in the resolver order', () => {
    const c = locationCandidates('/home/runner/work/shop/shop/tests/cart.spec.ts', ['/w']);
    assert.ok(!c.includes('/home/runner/work/shop/shop/tests/cart.spec.ts') && c.every((p) => p.startsWith('/w/')), c.join(', '));
    assert.ok(c.includes('/w/tests/cart.spec.ts') && c.indexOf('/w/tests/cart.spec.ts') < c.indexOf('/w/cart.spec.ts'));
  });
});
