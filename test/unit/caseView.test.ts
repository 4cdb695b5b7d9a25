import { strict as assert } from 'node:assert';
import { caseView, retryAttempts, stepView } from '../../src/model/caseView';
import { parseResult } from '../../src/model/result';
import type { TestCase } from '../../src/model/types';

function view(c: Partial<TestCase> & Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return caseView({ case: { index: 0, name: 'c', result: 'fail', ...c } as TestCase, run: { createdTime: 1_700_000_000_000 }, ...extra });
}

describe('case view (model/caseView)', () => {
  it('reads a result of any type with the parser rule', () => {
    assert.deepEqual(parseResult('pass'), { result: 'pass' });
    assert.deepEqual(parseResult(' FAIL '), { result: 'fail', unrecognised: ' FAIL ' });
    assert.deepEqual(parseResult('failed'), { result: 'unknown', unrecognised: 'failed' });
    assert.deepEqual(parseResult(3), { result: 'unknown', unrecognised: '3' });
    assert.deepEqual(parseResult(null), { result: 'unknown' });
    assert.equal(view({ result: 'Pass' as never }).kind, 'pass');
    assert.equal(view({ result: { x: 1 } as never }).kind, 'unknown');
  });

  it('shows the framework status only when it says more than the result', () => {
    assert.equal(view({ result: 'pass', rawResult: 'passed' }).status, undefined);
    assert.equal(view({ result: 'fail', rawResult: 'FAILED' }).status, undefined);
    assert.equal(view({ result: 'pass', rawResult: 'skipped' }).status, 'skipped');
    assert.equal(view({ result: 'unknown', unrecognisedResult: 'x', rawResult: 'x' }).status, undefined, 'not twice');
  });

  it('decides durations, times, the failure reason and the location', () => {
    const v = view({ start: 1_700_000_000_000, end: 1_700_000_185_000, reason: 'R', custom: { _Location: '{"file":"a.ts","line":3}' } });
    assert.deepEqual(v.duration, { text: '3 min 5 s', derived: true });
    assert.match(v.start ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.ok(v.hasReason && v.failed);
    assert.equal(v.location, 'a.ts:3');
    assert.deepEqual(view({ duration: 850, start: 0, end: 5 }).duration, { text: '850 ms', derived: false });
    assert.equal(view({ duration: 'x' as never }).duration, undefined);
    assert.equal(view({ reason: '' }).hasReason, false);
  });

  it('the run time: relative within a week when `now` is given', () => {
    assert.equal(view({}, { now: 1_700_000_000_000 + 2 * 3_600_000 }).runAgo, '2 h ago');
    assert.equal(view({}, { now: 1_700_000_000_000 + 30 * 86_400_000 }).runAgo, undefined);
    assert.equal(view({}).runAgo, undefined);
  });

  it('history newest first (ties keep the order given), capped, labelled', () => {
    const history = [
      { runId: 'a', createdTime: 1, result: 'pass' as const, current: false },
      { runId: 'b', createdTime: 2, result: 'missing' as const, current: true },
      { runId: 'c', createdTime: 1, result: 'fail' as const, current: false },
      { runId: 'd', createdTime: NaN, result: 'nonsense' as never, current: false },
    ];
    const marks = view({}, { history }).history;
    assert.deepEqual(marks.map((m) => [m.runId, m.result, m.current]), [['b', 'missing', true], ['a', 'pass', false], ['c', 'fail', false], ['d', 'unknown', false]]);
    assert.match(marks[0].label, /^Not in this run — run of .* \(shown\)$/);
    const many = Array.from({ length: 150 }, (_, i) => ({ runId: String(i), createdTime: i, result: 'pass' as const, current: false }));
    assert.equal(view({}, { history: many }).history.length, 100);
    assert.deepEqual(view({}, { history: 'x' }).history, []);
  });

  it('failure position: "2 of 7", "7 failures" when the case is not one, "No failures" for junk', () => {
    assert.deepEqual(view({}, { failurePosition: { index: 2, total: 7 } }).failurePosition, { total: 7, text: '2 of 7' });
    assert.deepEqual(view({}, { failurePosition: { index: 0, total: 7 } }).failurePosition, { total: 7, text: '7 failures' });
    assert.deepEqual(view({}, { failurePosition: { index: 9, total: 1 } }).failurePosition, { total: 1, text: '1 failure' });
    assert.deepEqual(view({}, { failurePosition: { index: 1, total: '3' } }).failurePosition, { total: 0, text: 'No failures' });
  });

  it('retries as attempts from a list or a JSON-encoded list, numbered by _Retry', () => {
    const attempts = retryAttempts(JSON.stringify([{ result: 'fail', _Retry: 1, duration: 1500, reason: '' }, 'x']));
    assert.equal(attempts?.length, 2);
    assert.deepEqual([attempts![0].number, attempts![0].kind, attempts![0].duration?.text, attempts![0].reason], [2, 'fail', '1.5 s', undefined]);
    assert.deepEqual([attempts![1].number, attempts![1].kind], [2, 'unknown']);
    assert.deepEqual(retryAttempts([{ result: 'failed' }])?.map((a) => [a.kind, a.unrecognisedResult]), [['unknown', 'failed']]);
    assert.equal(retryAttempts('not json'), undefined);
    assert.equal(retryAttempts({ result: 'fail' }), undefined);
  });

  it('steps: kind, duration and times', () => {
    const s = stepView({ result: 'fail', start: 1000, end: 1850, rawResult: 'timedOut' });
    assert.deepEqual([s.kind, s.duration?.text, s.status], ['fail', '850 ms', 'timedOut']);
    assert.match(s.times ?? '', /^start .*, end .*$/);
    assert.equal(stepView({}).times, undefined);
  });
});
