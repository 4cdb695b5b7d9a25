import { strict as assert } from 'node:assert';
import { caseHistory, compareRuns, findSameCase, flipCount, isFlaky, isFlakyAcrossRuns, shouldNotify } from '../../src/model/compare';
import type { Run } from '../../src/model/types';
import { aCase, aRun, manyCases } from './helpers/builders';

const names = (cases: { name: string }[]) => cases.map((c) => c.name).sort();

describe('compareRuns', () => {
  const previous = aRun(1000, [
    aCase({ name: 'still fails', suite: 'S', result: 'fail' }),
    aCase({ name: 'now fails', suite: 'S', result: 'pass' }),
    aCase({ name: 'now passes', suite: 'S', result: 'fail' }),
    aCase({ name: 'now skipped', suite: 'S', result: 'fail' }),
    aCase({ name: 'renamed suite', suite: 'Old', result: 'fail' }),
    aCase({ name: 'by hash', suite: 'S', hash: 'h1', result: 'fail' }),
    aCase({ name: 'dup', suite: 'D', result: 'pass' }),
    aCase({ name: 'dup', suite: 'D', result: 'fail' }),
  ]);
  const current = aRun(2000, [
    aCase({ name: 'now passes', suite: 'S', result: 'pass' }),
    aCase({ name: 'now fails', suite: 'S', result: 'fail' }),
    aCase({ name: 'brand new', suite: 'S', result: 'fail' }),
    aCase({ name: 'still fails', suite: 'S', result: 'fail' }),
    aCase({ name: 'now skipped', suite: 'S', result: 'pass', rawResult: 'skipped' }),
    aCase({ name: 'renamed suite', suite: 'New', result: 'fail' }),
    aCase({ name: 'by hash (renamed)', suite: 'S2', hash: 'h1', result: 'fail' }),
    aCase({ name: 'dup', suite: 'D', result: 'fail' }),
    aCase({ name: 'dup', suite: 'D', result: 'pass' }),
  ]);

  it('sorts failures into new and continuing, and finds new passes', () => {
    const r = compareRuns(current, previous);
    assert.deepEqual(names(r.newFailures), ['brand new', 'now fails', 'renamed suite']);
    assert.deepEqual(names(r.continuingFailures), ['by hash (renamed)', 'dup', 'still fails']);
    assert.deepEqual(names(r.newPasses), ['now passes'], 'skipped is not a pass; a dup still failing is not a pass');
  });

  it('treats every failure as new without a previous run', () => {
    const r = compareRuns(current, undefined);
    assert.equal(r.newFailures.length, 6);
    assert.equal(r.continuingFailures.length, 0);
    assert.equal(r.newPasses.length, 0);
  });

  it('falls back to suite + name when a hash is unknown to the other run', () => {
    const a = aRun(1, [aCase({ name: 'x', suite: 'S', hash: 'run1-x', result: 'fail' })]);
    const b = aRun(2, [aCase({ name: 'x', suite: 'S', hash: 'run2-x', result: 'fail' })]);
    assert.equal(compareRuns(b, a).continuingFailures.length, 1);
    assert.equal(findSameCase(a, b.cases[0]), a.cases[0]);
  });

  it('compares big runs (its speed is measured in the bench)', () => {
    const prev = aRun(1, manyCases(100_000, 500, 7));
    const cur = aRun(2, manyCases(100_000, 500, 5));
    const r = compareRuns(cur, prev);
    assert.equal(r.newFailures.length + r.continuingFailures.length, 20_000);
  });
});

describe('isFlaky', () => {
  it('knows the Playwright outcome and retries', () => {
    assert.equal(isFlaky(aCase({ custom: { _Outcome: 'flaky' } })), true);
    assert.equal(isFlaky(aCase({ result: 'pass', custom: { _Retries: [{ name: 'x', result: 'fail' }] } })), true);
    assert.equal(isFlaky(aCase({ result: 'pass', custom: { _Retries: [{ rawResult: 'failed' }] } })), true);
    assert.equal(isFlaky(aCase({ result: 'pass', custom: { _Retries: JSON.stringify([{ result: 'failed' }]) } })), true);
    assert.equal(isFlaky(aCase({ result: 'fail', custom: { _Retries: [{ result: 'fail' }] } })), false, 'failed every attempt');
    assert.equal(isFlaky(aCase({ result: 'pass', custom: { _Retries: [{ result: 'pass' }] } })), false);
  });

  it('tolerates junk', () => {
    for (const junk of [null, 3, 'nope', '[broken', {}, [null, 1, 'fail', []], { result: 'fail' }]) {
      assert.equal(isFlaky(aCase({ result: 'pass', custom: { _Retries: junk, _Outcome: junk } })), false);
    }
    assert.equal(isFlaky(aCase({ result: 'pass' })), false);
    for (const custom of [null, 'x', 5, [{ _Outcome: 'flaky' }]]) assert.equal(isFlaky(aCase({ result: 'pass', custom: custom as never })), false);
    const inherited = Object.create({ _Outcome: 'flaky' }) as Record<string, unknown>;
    assert.equal(isFlaky(aCase({ result: 'pass', custom: inherited })), false, 'only own fields count');
  });
});

describe('caseHistory and flips', () => {
  const runs: Run[] = [];
  for (let i = 0; i < 6; i++) {
    const cases = [aCase({ name: 'other', suite: 'S', result: 'pass' })];
    if (i !== 2) cases.push(aCase({ name: 'target', suite: 'S', result: i % 2 === 0 ? 'fail' : 'pass' }));
    runs.push(aRun(10_000 - i, cases));
  }

  it('finds the test in every run, newest first, absent runs included', () => {
    const h = caseHistory(runs, runs[0].cases[1]);
    assert.equal(h.length, 6);
    assert.deepEqual(h.map((e) => e.run), runs);
    assert.deepEqual(h.map((e) => e.testCase?.result), ['fail', 'pass', undefined, 'pass', 'fail', 'pass']);
    // fail pass (absent) pass fail pass -> 3 flips
    assert.equal(flipCount(h), 3);
    assert.equal(isFlakyAcrossRuns(h), true);
    assert.equal(isFlakyAcrossRuns(caseHistory(runs, runs[0].cases[0])), false);
  });

  it('skipped and unknown results are not flips', () => {
    const h = caseHistory(
      [aRun(3, [aCase({ name: 'a', result: 'pass' })]), aRun(2, [aCase({ name: 'a', result: 'pass', rawResult: 'skipped' })]), aRun(1, [aCase({ name: 'a', result: 'unknown' })])],
      aCase({ name: 'a' }),
    );
    assert.equal(flipCount(h), 0);
  });

  it('finds a case in each of 20 runs of 2,000 cases (the bench times 20,000)', () => {
    const big = Array.from({ length: 20 }, (_, i) => aRun(1e6 - i, manyCases(2_000, 100, i + 2)));
    for (let i = 0; i < 280; i += 97) assert.equal(caseHistory(big, big[0].cases[i * 7]).length, 20);
  });
});

describe('shouldNotify', () => {
  const prev = aRun(1, [aCase({ name: 'a', result: 'fail' }), aCase({ name: 'b', result: 'pass' })]);
  const sameFailures = aRun(2, [aCase({ name: 'a', result: 'fail' }), aCase({ name: 'b', result: 'pass' })]);
  const newFailure = aRun(3, [aCase({ name: 'a', result: 'fail' }), aCase({ name: 'b', result: 'fail' })]);
  const green = aRun(4, [aCase({ name: 'a', result: 'pass' }), aCase({ name: 'b', result: 'pass' })]);
  const none = new Set<string>();

  it('newFailures: only when a failure is new', () => {
    assert.equal(shouldNotify('newFailures', sameFailures, prev, none).notify, false);
    const d = shouldNotify('newFailures', newFailure, prev, none);
    assert.equal(d.notify, true);
    assert.deepEqual(names(d.newFailures), ['b']);
    assert.equal(d.failures, 2);
    assert.equal(shouldNotify('newFailures', green, prev, none).notify, false);
    assert.equal(shouldNotify('newFailures', prev, undefined, none).notify, true, 'no previous run: every failure is new');
  });

  it('always: every new run with failures; off: never', () => {
    assert.equal(shouldNotify('always', sameFailures, prev, none).notify, true);
    assert.equal(shouldNotify('always', green, prev, none).notify, false);
    assert.equal(shouldNotify('off', newFailure, prev, none).notify, false);
  });

  it('never twice for the same run id, nor for a run compared with itself', () => {
    const notified = new Set<string>();
    const first = shouldNotify('always', newFailure, prev, notified);
    assert.equal(first.notify, true);
    notified.add(newFailure.id);
    assert.equal(shouldNotify('always', newFailure, prev, notified).notify, false);
    assert.equal(shouldNotify('newFailures', newFailure, prev, notified).notify, false);
    assert.equal(shouldNotify('always', prev, prev, none).notify, false);
  });
});
