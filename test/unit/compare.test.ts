import { strict as assert } from 'node:assert';
import { parseRun } from '../../src/api/parsedRun';
import { caseHistory, compareRuns, countFlaky, findSameCase, flakyVerdict, formatChanges, formatNewFailures, isFlaky, isInfrastructureRun, previousRun, shouldNotify } from '../../src/model/compare';
import type { Run, TestCase } from '../../src/model/types';
import { historyData, HISTORY_INFRA_RUNS } from '../server/data';
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

describe('caseHistory', () => {
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
  });

  it('finds a case in each of 20 runs of 2,000 cases (the bench times 20,000)', () => {
    const big = Array.from({ length: 20 }, (_, i) => aRun(1e6 - i, manyCases(2_000, 100, i + 2)));
    for (let i = 0; i < 280; i += 97) assert.equal(caseHistory(big, big[0].cases[i * 7]).length, 20);
  });
});

/** A run of one test plus `others` passing tests (so a failure is not an infrastructure run). */
function historyOf(pattern: string, make: (r: 'pass' | 'fail' | 'skip', i: number) => TestCase = (r) => aCase({ name: 't', suite: 'S', result: r === 'skip' ? 'pass' : r, rawResult: r === 'skip' ? 'skipped' : undefined }), others = 4): Run[] {
  return [...pattern].map((p, i) => {
    const cases = [make(p === 'F' ? 'fail' : p === 'S' ? 'skip' : 'pass', i)];
    for (let k = 0; k < others; k++) cases.push(aCase({ name: `other ${k}`, suite: 'S', result: 'pass' }));
    return aRun(1e6 - i, cases);
  });
}

describe('flakyVerdict: unstable across runs', () => {
  it('counts flips in the last 20 runs and gives the reason', () => {
    const runs = historyOf('PFPFPPPPPPPPPPPPPPPP' + 'FPFPFPFP');
    const v = flakyVerdict(runs[0].cases[0], runs);
    assert.deepEqual(v, { flaky: true, kind: 'unstable', text: '4 flips in the last 20 runs', flips: 4, runs: 20 }, 'runs past the 20th are not counted');
  });

  it('needs 2 flips and a flip rate of 0.2', () => {
    const one = historyOf('PPPPPFFFFF');
    assert.equal(flakyVerdict(one[0].cases[0], one).flaky, false, 'one flip');
    const twoInTwenty = historyOf('PPPPPPPPPFPPPPPPPPPP');
    // 2 flips over 19 changes: rate 0.105 < 0.2
    assert.deepEqual(flakyVerdict(twoInTwenty[0].cases[0], twoInTwenty), { flaky: false, text: '', flips: 2, runs: 20 });
    const twoInFive = historyOf('PPFPP');
    assert.equal(flakyVerdict(twoInFive[0].cases[0], twoInFive).text, '2 flips in the last 5 runs', 'rate 0.5');
  });

  it('leaves out infrastructure runs (more than 80 % of the cases failed)', () => {
    // The test fails in runs 2 and 5, where every other case failed too.
    const runs = historyOf('PPFPPFPP', (r) => aCase({ name: 't', suite: 'S', result: r === 'skip' ? 'pass' : r }));
    for (const i of [2, 5]) for (const c of runs[i].cases) (c as { result: string }).result = 'fail';
    assert.equal(isInfrastructureRun(runs[2]), true);
    assert.equal(isInfrastructureRun(runs[0]), false);
    assert.deepEqual(flakyVerdict(runs[0].cases[0], runs), { flaky: false, text: '', flips: 0, runs: 8 });
    // Exactly 80 % failing is not infrastructure.
    const four = aRun(1, [aCase({ result: 'fail' }), aCase({ result: 'fail' }), aCase({ result: 'fail' }), aCase({ result: 'fail' }), aCase({ result: 'pass' })]);
    assert.equal(isInfrastructureRun(four), false);
  });

  it('is broken, not flaky, while the newest runs fail in a row', () => {
    const broken = historyOf('FFPFPFPP');
    assert.equal(flakyVerdict(broken[0].cases[0], broken).flaky, false);
    const failingOnce = historyOf('FPFPFPPP');
    assert.equal(flakyVerdict(failingOnce[0].cases[0], failingOnce).text, '5 flips in the last 8 runs', 'one failure at the top is a flake');
  });

  it('skips runs without the test and skipped results', () => {
    const runs = historyOf('PSFSP');
    runs.splice(1, 0, aRun(999_999, [aCase({ name: 'unrelated', result: 'fail' })]));
    assert.deepEqual(flakyVerdict(runs[0].cases[0], runs), { flaky: true, kind: 'unstable', text: '2 flips in the last 6 runs', flips: 2, runs: 6 });
  });

  it('matches the test across runs by hash and by suite + name (renamed, moved, duplicated)', () => {
    const runs = historyOf('PFPF', (r, i) =>
      // Renamed in run 1 (same hash); moved to another suite in run 2 with a new hash (name
      // differs too, so this run does not have it); duplicated in run 3 (one copy fails).
      i === 1 ? aCase({ name: 't renamed', suite: 'S', hash: 'h', result: r as 'fail' }) : aCase({ name: 't', suite: 'S', hash: i === 2 ? 'other' : 'h', result: r as 'pass' }),
    );
    (runs[3].cases as TestCase[]).push(aCase({ name: 't', suite: 'S', result: 'pass' }));
    // Run 2's case has hash "other", unknown to run 0: found by suite + name. Run 3 has the name twice: it fails.
    assert.deepEqual(flakyVerdict(runs[0].cases[0], runs), { flaky: true, kind: 'unstable', text: '3 flips in the last 4 runs', flips: 3, runs: 4 });
    const moved = historyOf('PFPF', (r, i) => aCase({ name: 't', suite: i % 2 ? 'Old place' : 'S', hash: 'h', result: r === 'fail' ? 'fail' : 'pass' }));
    assert.equal(flakyVerdict(moved[0].cases[0], moved).flips, 3, 'moved to another suite, same hash');
  });
});

describe('flakyVerdict with real reporters (the e2e-history target)', () => {
  const data = historyData({ seed: 15, targetName: 'e2e-history (playwright)' });
  const runs = Object.values(data.runsByTarget)[0].map((raw, i) => parseRun(raw, i));
  const byName = (name: string): TestCase => {
    const c = runs[0].cases.find((x) => x.name.startsWith(name));
    assert.ok(c, name);
    return c;
  };

  it('marks passes on retry: whole attempts with _Outcome, and JSON-encoded _Retries', () => {
    assert.deepEqual(flakyVerdict(byName('checkout:')), { flaky: true, kind: 'retry', text: 'passed on retry 2' });
    assert.deepEqual(flakyVerdict(byName('orders:')), { flaky: true, kind: 'retry', text: 'passed on retry 1' });
    assert.equal(flakyVerdict(byName('checkout:'), runs).kind, 'retry', 'the retry is the reason even with a history');
  });

  it('finds the unstable test and leaves out broken, infrastructure-only and stable ones', () => {
    for (const i of HISTORY_INFRA_RUNS) assert.equal(isInfrastructureRun(runs[i]), true, `run ${i}`);
    assert.equal(isInfrastructureRun(runs[0]), false);
    assert.deepEqual(flakyVerdict(byName('search:'), runs), { flaky: true, kind: 'unstable', text: '8 flips in the last 20 runs', flips: 8, runs: 20 });
    assert.equal(flakyVerdict(byName('login:'), runs).flaky, false, 'broken');
    assert.equal(flakyVerdict(byName('catalog:'), runs).flaky, false, 'fails only in infrastructure runs');
    assert.equal(flakyVerdict(byName('profile:'), runs).flaky, false, 'one new failure');
    assert.equal(flakyVerdict(byName('home:'), runs).flaky, false);
    assert.equal(flakyVerdict(byName('reports:'), runs).flaky, false, 'skipped throughout');
  });

  it('says what changed in the newest run', () => {
    const r = compareRuns(runs[0], previousRun(runs, runs[0]));
    assert.deepEqual(names(r.newFailures), ['profile: updates the shipping address']);
    assert.deepEqual(names(r.newPasses), ['cart: removes an item from the cart']);
    assert.deepEqual(names(r.continuingFailures), ['login: signs in with SSO']);
    assert.equal(formatChanges(r), '1 new · 1 fixed');
    assert.equal(previousRun(runs, runs[runs.length - 1]), undefined);
    assert.equal(formatChanges(compareRuns(runs[0], runs[0])), '');
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

  it('counts the new failures that are known flaky', () => {
    const history = historyOf('FPFPFPPP');
    const d = shouldNotify('newFailures', history[0], history[1], none, history);
    assert.equal(d.notify, true);
    assert.equal(d.newFailures.length, 1);
    assert.equal(d.knownFlaky, 1);
    assert.equal(shouldNotify('newFailures', history[0], history[1], none).knownFlaky, 0, 'no history: none known');
    assert.equal(countFlaky(d.newFailures, history), d.knownFlaky, 'the same count as countFlaky');
  });

  it('says the new failures and the known flaky among them in one form (notification and status bar)', () => {
    assert.equal(formatNewFailures(3, 1), '3 new failures, 1 of them known flaky');
    assert.equal(formatNewFailures(1, 1), '1 new failure (known flaky)');
    assert.equal(formatNewFailures(2, 0), '2 new failures');
    assert.equal(formatNewFailures(0, 0), '0 new failures');
  });
});
