import { strict as assert } from 'node:assert';
import { parseRun } from '../../src/api/parsedRun';
import { ciLenses, ciLensText, locateCasesInDocument } from '../../src/model/ciHistory';
import { historyData } from '../server/data';
import { aCase, aRun } from './helpers/builders';

describe('CI history lenses (model/ciHistory)', () => {
  const data = historyData({ seed: 15, targetName: 'e2e-history (playwright)' });
  const runs = Object.values(data.runsByTarget)[0].map((raw, i) => parseRun(raw, i));
  const root = '/work/repo';
  const doc = (path: string, text = '', isTestFile = true) => {
    let reads = 0;
    return { path, isTestFile, text: () => (reads++, text), reads: () => reads };
  };

  it('locates tests by _Location against the document path, without reading the text', () => {
    const d = doc(`${root}/tests/stability.spec.ts`);
    const found = locateCasesInDocument(runs[0], d, [root]);
    assert.equal(found.length, runs[0].cases.length);
    assert.deepEqual(found.map(([line]) => line).slice(0, 2), [9, 17], '1-based _Location lines, 0-based here');
    assert.equal(d.reads(), 0);
    assert.deepEqual(locateCasesInDocument(runs[0], doc(`${root}/tests/other.spec.ts`), [root]), []);
  });

  it('says how the test did in the last 10 runs, whether it is flaky, and when', () => {
    const now = runs[0].createdTime + 2 * 3_600_000;
    const byName = (n: string) => runs[0].cases.find((c) => c.name.startsWith(n))!;
    assert.equal(ciLensText(byName('search:'), runs, now).text, 'CI: ✗ 5 of last 10 · flaky · 2 h ago', 'infrastructure runs count here: it did fail');
    assert.equal(ciLensText(byName('checkout:'), runs, now).text, 'CI: ✗ 1 of last 10 · flaky · 2 h ago');
    assert.match(ciLensText(byName('checkout:'), runs, now).tooltip, /^Flaky: passed on retry 2\n/);
    assert.equal(ciLensText(byName('home:'), runs, now).text, 'CI: ✓ 10 of last 10 · 2 h ago');
    const lenses = ciLenses(runs, doc(`${root}/tests/stability.spec.ts`), [root], now);
    assert.equal(lenses.length, 12);
  });

  it('finds cases without _Location by name in test files only', () => {
    const run = aRun(1, [aCase({ name: 'adds two numbers', suite: 'math', result: 'fail' })]);
    const text = "describe('math', () => {\n  it('adds two numbers', () => {});\n});\n";
    assert.deepEqual(locateCasesInDocument(run, doc('/x/math.test.ts', text), ['/x']).map(([line]) => line), [1]);
    assert.deepEqual(locateCasesInDocument(run, doc('/x/math.ts', text, false), ['/x']), []);
  });
});
