import { strict as assert } from 'node:assert';
import { caseIndex, caseKey, compareCases, failuresInTreeOrder, formatCounts, groupRun, NO_SUITE_LABEL, stepFailure, suiteCases } from '../../src/model/group';
import { parseRun } from '../../src/api/parsedRun';
import { aCase, aRun, manyCases } from './helpers/builders';

describe('groupRun', () => {
  const run = aRun(1000, [
    aCase({ name: 'b passes', suite: 'Zeta', result: 'pass' }),
    aCase({ name: 'a fails', suite: 'Zeta', result: 'fail', reason: 'boom' }),
    aCase({ name: 'alpha', suite: 'Alpha', result: 'pass' }),
    aCase({ name: 'no suite', result: 'unknown' }),
    aCase({ name: 'z fails', suite: 'Beta', result: 'fail' }),
    aCase({ name: 'a fails too', suite: 'Beta', result: 'fail' }),
    aCase({ name: 'skipped', suite: 'Beta', result: 'unknown' }),
  ]);
  const model = groupRun(run);

  it('counts every level', () => {
    assert.deepEqual(model.counts, { pass: 2, fail: 3, unknown: 2, total: 7 });
    assert.deepEqual(model.suiteByKey.get('Beta')!.counts, { pass: 0, fail: 2, unknown: 1, total: 3 });
    assert.deepEqual(model.suiteByKey.get('')!.counts, { pass: 0, fail: 0, unknown: 1, total: 1 });
  });

  it('puts failing suites first, then by name, "(no suite)" last of its kind', () => {
    assert.deepEqual(model.suites.map((s) => s.label), ['Beta', 'Zeta', 'Alpha', NO_SUITE_LABEL]);
  });

  it('orders cases failures first, then by name', () => {
    assert.deepEqual(suiteCases(model.suiteByKey.get('Beta')!).map((c) => c.name), ['a fails too', 'z fails', 'skipped']);
  });

  it('sorts a suite exactly like compareCases (result, case-insensitive name, name, index)', () => {
    const names = ['B', 'b', 'a', 'A', 'ä', 'Ä', 'a', '', 'z 10', 'z 9', 'Z 9', '\u00e9', 'E'];
    const results = ['pass', 'fail', 'unknown'] as const;
    const cases = [];
    for (let i = 0; i < 120; i++) cases.push(aCase({ name: names[(i * 7) % names.length], suite: 'S', result: results[(i * 5) % 3] }));
    const suite = groupRun(aRun(2000, cases)).suiteByKey.get('S')!;
    assert.deepEqual(suiteCases(suite), suite.cases.slice().sort(compareCases));
  });

  it('lists failures in tree order and steps through them with wrap-around', () => {
    const failures = failuresInTreeOrder(model);
    assert.deepEqual(failures.map((c) => c.name), ['a fails too', 'z fails', 'a fails']);
    assert.equal(stepFailure(failures, undefined, 1)?.name, 'a fails too');
    assert.equal(stepFailure(failures, undefined, -1)?.name, 'a fails');
    assert.equal(stepFailure(failures, failures[2], 1)?.name, 'a fails too');
    assert.equal(stepFailure(failures, failures[0], -1)?.name, 'a fails');
    assert.equal(stepFailure([], undefined, 1), undefined);
  });

  it('gives every case a unique stable key: hash first, else suite + name', () => {
    const dup = aRun(2, [aCase({ name: 'same', suite: 'S' }), aCase({ name: 'same', suite: 'S' }), aCase({ name: 'x', hash: 'h1' }), aCase({ name: 'y', hash: 'h1' })]);
    const m = groupRun(dup);
    const keys = dup.cases.map((c) => caseKey(m, c));
    assert.equal(new Set(keys).size, 4);
    assert.equal(keys[2], 'h:h1');
    assert.equal(caseIndex(m).byKey.get(keys[1]), dup.cases[1]);
    // The same test in another run gets the same key.
    const next = aRun(3, [aCase({ name: 'x', hash: 'h1' })]);
    assert.equal(caseKey(groupRun(next), next.cases[0]), 'h:h1');
  });

  it('formats counts', () => {
    assert.equal(formatCounts(model.counts), '2 passed · 3 failed · 2 unknown');
    assert.equal(formatCounts({ pass: 5, fail: 0, unknown: 0, total: 5 }), '5 passed');
  });

  it('groups a large run in one pass', () => {
    const big = groupRun(aRun(4, manyCases(20_000, 50, 7)));
    assert.equal(big.suites.length, 50);
    assert.equal(big.counts.total, 20_000);
    assert.equal(big.counts.fail, Math.ceil(20_000 / 7));
    assert.equal(big.index, undefined, 'case keys are built only on demand');
  });

  it('gives the same model for a parsed run (grouped while parsing) as for a run grouped afresh', () => {
    const raw = { created_time: 9, cases: [
      { name: 'a', suite: 'S2', result: 'pass' }, { name: 'b', suite: 'S1', result: 'fail' }, { name: '[build]', suite: '[build]', result: 'pass' },
      { name: 'c', suite: 'S2', result: 'FAILED' }, { name: 'd', result: 'fail' }, 7, { name: 'e', suite: 'S1', result: 'pass' },
    ] };
    const parsed = parseRun(JSON.parse(JSON.stringify(raw)), 0);
    const viaParser = groupRun(parsed); // grouped while parsing, before any case object exists
    const fresh = groupRun({ createdTime: parsed.createdTime, id: parsed.id, cases: parsed.cases });
    const shape = (m: ReturnType<typeof groupRun>): unknown => ({ counts: m.counts, suites: m.suites.map((s) => ({ key: s.key, counts: s.counts, cases: s.cases.map((c) => `${c.index}:${c.name}`) })) });
    assert.deepEqual(shape(viaParser), shape(fresh));
    assert.deepEqual(viaParser.counts, { pass: 2, fail: 2, unknown: 2, total: 6 });
    assert.equal(viaParser.run, parsed);
    // positions after the [build] item map to the right JSON items, and a case is one object wherever it is reached
    assert.deepEqual(parsed.cases.map((c) => `${c.index}:${c.name}`), ['0:a', '1:b', '3:c', '4:d', '5:(unnamed case)', '6:e']);
    assert.equal(parsed.build?.name, '[build]');
    for (const s of viaParser.suites) for (const c of s.cases) assert.ok(parsed.cases.includes(c), `${c.name} is the same object in its suite and in run.cases`);
    // the other way round: suite cases first, then the whole list
    const again = parseRun(JSON.parse(JSON.stringify(raw)), 0);
    const firstSuite = groupRun(again).suites[0].cases;
    assert.ok(firstSuite.every((c) => again.cases.includes(c)));
    // the cache writes a plain run with normalised cases
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(again))), ['createdTime', 'id', 'cases', 'build']);
    // a second grouping of the same run (the store keeps the first) is built afresh and equal
    assert.deepEqual(shape(groupRun(parsed)), shape(fresh));
  });
});
