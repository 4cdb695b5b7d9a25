import { strict as assert } from 'node:assert';
import { TesultsApiError } from '../../src/api/errors';
import { parseStep, UNNAMED_CASE } from '../../src/api/parse';
import { caseDurationMs } from '../../src/model/duration';
import { MAX_STEP_DEPTH } from '../../src/model/types';
import { parseCase, parseRun } from '../../src/api/parsedRun';
import { parseRunsResponse, parseTarget, parseTargetsResponse } from '../../src/api/responses';
import { hostileCases } from '../server/data';
import { presetData } from '../server/presets';

function roundTrip(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
}

describe('parse', () => {
  it('reads every documented case field (the vendor sample)', () => {
    const raw = roundTrip({
      name: 'Sign in successfully',
      desc: 'Signs in to site',
      suite: 'Authentication',
      result: 'pass',
      reason: 'none',
      duration: 11122000,
      start: 1631398600000,
      end: 1631398688540,
      rawResult: 'passed',
      num: 0,
      hash: '7c95f9b7-51ad-53ca-8010-578d92c19fdd',
      _CustomField: 'Custom value',
      params: { terrain: 'land', climate: 'warm', temperature: '25C' },
      files: ['screenshot1.png', 'test.log'],
      files_base_path: 'https://www.tesults.com/files/x/',
      steps: [{ name: 's1', desc: 'd', result: 'fail', reason: 'r' }],
    });
    const c = parseCase(raw, 3);
    assert.deepEqual(roundTrip(c), {
      index: 3,
      name: 'Sign in successfully',
      desc: 'Signs in to site',
      suite: 'Authentication',
      result: 'pass',
      reason: 'none',
      duration: 11122000,
      start: 1631398600000,
      end: 1631398688540,
      rawResult: 'passed',
      num: 0,
      hash: '7c95f9b7-51ad-53ca-8010-578d92c19fdd',
      custom: { _CustomField: 'Custom value' },
      params: { terrain: 'land', climate: 'warm', temperature: '25C' },
      files: ['screenshot1.png', 'test.log'],
      filesBasePath: 'https://www.tesults.com/files/x/',
      steps: [{ name: 's1', desc: 'd', result: 'fail', reason: 'r' }],
    });
    assert.equal(c.extra, undefined);
  });

  it('reuses the sent strings and objects (no copies)', () => {
    const raw = roundTrip({ name: 'n', params: { a: 1 }, files: ['f'] }) as { params: object; files: string[] };
    const c = parseCase(raw, 0);
    assert.equal(c.params, raw.params);
    assert.equal(c.files, raw.files);
  });

  it('keeps unknown fields in extra and custom fields in custom', () => {
    const c = parseCase(roundTrip({ name: 'x', result: 'fail', surprise: { a: [1] }, _A: null, '_Standard output': 'o', _Location: { file: 'a.ts', line: 3 } }), 0);
    assert.deepEqual(c.extra, { surprise: { a: [1] } });
    assert.deepEqual(c.custom, { _A: null, '_Standard output': 'o', _Location: { file: 'a.ts', line: 3 } });
    const plain = parseCase({ name: 'x', result: 'pass' }, 0);
    assert.deepEqual(roundTrip(plain), { index: 0, name: 'x', result: 'pass' });
    // every case has the same shape (absent fields are undefined), and no empty objects are made
    assert.deepEqual(Object.keys(plain), Object.keys(parseCase(roundTrip({ name: 'y', result: 'fail', reason: 'r', _a: 1 }), 1)));
    assert.ok(plain.extra === undefined && plain.custom === undefined && plain.params === undefined && plain.files === undefined && plain.steps === undefined);
  });

  it('results: pass/fail/unknown, case-insensitive with the raw value kept, anything else unknown', () => {
    const r = (v: unknown): [string, string | undefined] => {
      const c = parseCase({ name: 'x', result: v }, 0);
      return [c.result, c.unrecognisedResult];
    };
    assert.deepEqual(r('pass'), ['pass', undefined]);
    assert.deepEqual(r('fail'), ['fail', undefined]);
    assert.deepEqual(r('unknown'), ['unknown', undefined]);
    assert.deepEqual(r(undefined), ['unknown', undefined]);
    assert.deepEqual(r(null), ['unknown', undefined]);
    assert.deepEqual(r('PASS'), ['pass', 'PASS']);
    assert.deepEqual(r('Fail'), ['fail', 'Fail']);
    assert.deepEqual(r('PASSED'), ['unknown', 'PASSED']);
    assert.deepEqual(r('skipped'), ['unknown', 'skipped']);
    assert.deepEqual(r(3), ['unknown', '3']);
    assert.deepEqual(r(true), ['unknown', 'true']);
  });

  it('never throws on wrongly typed fields', () => {
    const cases = (hostileCases('http://127.0.0.1:9/__beacon') as unknown[]).map((c, i) => parseCase(roundTrip(c), i));
    const byHash = new Map(cases.map((c) => [c.hash, c]));
    const num = byHash.get('h-num-name');
    assert.equal(num?.name, '42');
    assert.equal(num?.suite, undefined);
    const noName = byHash.get('h-noname');
    assert.equal(noName?.name, UNNAMED_CASE);
    const p = byHash.get('h-params-str');
    assert.equal(p?.params, undefined);
    assert.equal(p?.files, undefined);
    assert.deepEqual(p?.extra, { params: 'x', files: {} });
    assert.equal(byHash.get('h-passed')?.unrecognisedResult, 'PASSED');
    assert.equal(byHash.get('h-result-3')?.unrecognisedResult, '3');
    const ds = byHash.get('h-dur-str');
    assert.equal(ds?.duration, 12);
    assert.equal(ds?.start, 1760000000000);
    assert.equal(ds?.end, undefined);
    assert.deepEqual(ds?.extra, { end: 'soon' });
    const neg = byHash.get('h-dur-neg');
    assert.equal(neg?.duration, undefined);
    assert.deepEqual(neg?.extra, { duration: -5 });
    const arr = byHash.get('h-arrays');
    assert.equal(arr?.name, '["array","name"]');
    assert.equal(arr?.suite, '{"nested":"object"}');
    assert.equal(arr?.desc, '7');
    assert.equal(arr?.reason, 'false');
    assert.equal(arr?.result, 'unknown');
    const unk = cases.find((c) => c.name === 'unknown fields');
    assert.equal(unk?.hash, '99');
    assert.equal(unk?.num, undefined);
    assert.deepEqual(unk?.extra, { surprise: { deep: [1, 2, 3] }, another: 'x', num: 'not a number', num2: null, num3: 1 });
    // non-object cases
    const tail = cases.slice(-3);
    for (const c of tail) {
      assert.equal(c.name, UNNAMED_CASE);
      assert.equal(c.result, 'unknown');
    }
    assert.deepEqual(tail.map((c) => c.extra?.value), [null, 'a string where a case should be', 7]);
    // suite "" → undefined; NaN, Infinity-like strings
    const c = parseCase({ name: '', suite: '', duration: 'NaN', start: NaN, end: '1e400', num: '4' }, 0);
    assert.equal(c.name, UNNAMED_CASE);
    assert.equal(c.suite, undefined);
    assert.equal(c.duration, undefined);
    assert.equal(c.start, undefined);
    assert.equal(c.end, undefined);
    assert.equal(c.num, 4);
  });

  it('files: non-strings stringified, nulls dropped, empty → undefined', () => {
    assert.deepEqual(parseCase({ files: ['a', 1, null, ''] }, 0).files, ['a', '1']);
    assert.equal(parseCase({ files: [] }, 0).files, undefined);
    assert.equal(parseCase({ files: null }, 0).files, undefined);
    assert.equal(parseCase({ params: {} }, 0).params, undefined);
    assert.deepEqual(parseCase({ params: [1] }, 0).extra, { params: [1] });
  });

  it('prototype keys do not pollute', () => {
    const raw = JSON.parse(
      '{"name":"p","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"params":{"__proto__":{"polluted":true}},"steps":[{"name":"s","__proto__":{"polluted":1}}]}',
    );
    const c = parseCase(raw, 0);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(c.custom), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(c.custom, '__proto__'));
    assert.deepEqual(Object.getOwnPropertyDescriptor(c.custom, '__proto__')?.value, { polluted: true });
    assert.equal((c.custom as Record<string, unknown>).polluted, undefined);
    assert.ok(Object.prototype.hasOwnProperty.call(c.extra, 'constructor'));
    assert.equal((c.steps?.[0].extra as Record<string, unknown>).polluted, undefined);
    assert.ok(Object.prototype.hasOwnProperty.call(c.steps?.[0].extra, '__proto__'));
    const t = parseTarget(JSON.parse('{"id":1,"name":"n","__proto__":{"polluted":true}}'));
    assert.equal((t?.extra as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('steps: nested (Playwright), odd entries, bounded depth', () => {
    const s = parseStep({ name: 'a', result: 'pass', start: 1, end: 3, duration: 2, rawResult: 'passed', steps: [{ name: 'b', result: 'FAIL', reason: 'r', steps: [{ name: 'c' }] }], _x: 1 });
    assert.equal(s.steps?.[0].result, 'fail');
    assert.equal(s.steps?.[0].unrecognisedResult, 'FAIL');
    assert.equal(s.steps?.[0].steps?.[0].name, 'c');
    assert.deepEqual(s.extra, { _x: 1 });
    const odd = parseCase({ steps: [null, 5, 'str', { steps: 'no' }] }, 0).steps ?? [];
    assert.deepEqual(odd.map((x) => x.name), ['(unnamed step)', '5', 'str', '(unnamed step)']);
    assert.deepEqual(odd[3].extra, { steps: 'no' });
    let deep: Record<string, unknown> = { name: 'leaf' };
    for (let i = 0; i < 5000; i++) deep = { name: `s${i}`, steps: [deep] };
    const c = parseCase({ name: 'deep', steps: [deep] }, 0);
    let depth = 0;
    let cur = c.steps?.[0];
    while (cur?.steps) {
      depth++;
      cur = cur.steps[0];
    }
    assert.equal(depth, MAX_STEP_DEPTH);
    assert.ok(Array.isArray(cur?.extra?.steps));
  });

  it('extracts the [build] case from a run', () => {
    const run = parseRun(
      roundTrip({ created_time: 1700000000000, run_url: 'https://www.tesults.com/x', pass: 1, total: 2, cases: [{ name: 't1', result: 'pass' }, { name: '1.2.3', suite: '[build]', result: 'fail' }, { name: 't2', result: 'fail' }] }),
      0,
    );
    assert.equal(run.build?.name, '1.2.3');
    assert.equal(run.build?.index, 1);
    assert.deepEqual(run.cases.map((c) => [c.name, c.index]), [['t1', 0], ['t2', 2]]);
    assert.equal(run.id, '1700000000000');
    assert.equal(run.runUrl, 'https://www.tesults.com/x');
    assert.deepEqual(run.extra, { pass: 1, total: 2 });
  });

  it('run ids are unique within a page; odd run fields tolerated', () => {
    const page = parseRunsResponse({
      data: {
        results: {
          runs: [
            { created_time: 5, cases: [] },
            { created_time: 5, cases: [] },
            { cases: [] },
            { created_time: '7', run_url: 12, cases: 'nope' },
            null,
          ],
        },
        cursor: 'next',
      },
    });
    assert.deepEqual(page.runs.map((r) => r.id), ['5', 'idx-1', 'idx-2', '7', 'idx-4']);
    assert.equal(page.runs[3].createdTime, 7);
    assert.equal(page.runs[3].runUrl, undefined);
    assert.deepEqual(page.runs[3].extra, { run_url: 12, cases: 'nope' });
    assert.equal(page.runs[2].createdTime, 0);
    assert.equal(page.cursor, 'next');
    assert.deepEqual(roundTrip(parseRunsResponse({ data: { code: 200 } })), { runs: [] });
  });

  it('targets: ids always strings, name falls back to id, unusable targets skipped', () => {
    const res = parseTargetsResponse({
      data: { targets: [{ id: 12, name: 'a', created: 1 }, { id: 'u-1' }, { name: 'no id' }, null, { id: '', name: 'x' }, { id: 3, name: 42 }], cursor: 17 },
    });
    assert.deepEqual(roundTrip(res.targets), [{ id: '12', name: 'a', extra: { created: 1 } }, { id: 'u-1', name: 'u-1' }, { id: '3', name: '42' }]);
    assert.equal(res.cursor, '17');
    assert.equal(parseTargetsResponse({ data: { targets: [], cursor: '' } }).cursor, undefined);
  });

  it('responses without data are invalidResponse', () => {
    for (const j of [null, [], 'x', {}, { error: {} }, { data: [] }, { data: { targets: {} } }]) {
      assert.throws(() => parseTargetsResponse(j), (e: unknown) => e instanceof TesultsApiError && e.kind === 'invalidResponse');
    }
    for (const j of [{}, { data: { results: 'x' } }, { data: { results: { runs: {} } } }]) {
      assert.throws(() => parseRunsResponse(j), (e: unknown) => e instanceof TesultsApiError && e.kind === 'invalidResponse');
    }
  });

  it('caseDurationMs', () => {
    assert.equal(caseDurationMs({ duration: 5 }), 5);
    assert.equal(caseDurationMs({ start: 10, end: 25 }), 15);
    assert.equal(caseDurationMs({ duration: 0, start: 10, end: 25 }), 0);
    assert.equal(caseDurationMs({ start: 30, end: 25 }), undefined);
    assert.equal(caseDurationMs({ start: 30 }), undefined);
    assert.equal(caseDurationMs({}), undefined);
  });

  it('parses every preset without throwing, reporter shapes intact', () => {
    for (const name of ['demo', 'hostile'] as const) {
      const d = presetData(name);
      for (const t of d.targets) {
        const page = parseRunsResponse(roundTrip({ data: { results: { runs: d.runsByTarget[t.id] } } }));
        for (const r of page.runs) {
          assert.ok(r.build, `${t.name}: build case`);
          for (const c of r.cases) assert.ok(c.name.length > 0);
        }
      }
    }
    const demo = presetData('demo');
    const pw = demo.targets.find((t) => t.name.includes('playwright'));
    const run = parseRun(roundTrip(demo.runsByTarget[pw!.id][0]), 0);
    const failed = run.cases.find((c) => c.result === 'fail');
    assert.ok(failed?.reason && JSON.parse(failed.reason).message.includes('\u001b['));
    assert.match(String((failed?.custom?._Location as { file: string }).file), /^demo\/workspace\/tests\/\w+\.spec\.ts$/);
    assert.ok(failed?.steps?.[0].steps?.length);
    const mocha = demo.targets.find((t) => t.name.includes('mocha'));
    const mrun = parseRun(roundTrip(demo.runsByTarget[mocha!.id][0]), 0);
    const withTimes = mrun.cases.find((c) => c.start !== undefined);
    assert.equal(withTimes?.duration, undefined);
    assert.ok(caseDurationMs(withTimes!)! >= 0);
  });
});
