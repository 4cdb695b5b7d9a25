// LazyCase reads some fields straight from the JSON and normalises the rest on demand: both
// routes must give the same values for every case shape the API can send.
import { strict as assert } from 'node:assert';
import { LazyCase, parseCase } from '../../src/api/parsedRun';
import type { TestCase } from '../../src/model/types';
import { presetData } from '../../test/server/presets';

const FIELDS: (keyof TestCase)[] = ['name', 'result', 'unrecognisedResult', 'rawResult', 'suite', 'hash', 'reason', 'desc', 'start', 'end', 'duration', 'num', 'filesBasePath'];

function rawCases(): unknown[] {
  const out: unknown[] = [];
  for (const preset of ['hostile', 'demo'] as const) {
    const data = presetData(preset);
    for (const runs of Object.values(data.runsByTarget)) for (const run of runs) out.push(...((run.cases as unknown[]) ?? []));
  }
  out.push({}, { name: 42, result: 3, suite: null, hash: 7, reason: { a: 1 }, rawResult: '' }, { name: '', result: ' PASS ', suite: '', hash: '' });
  return out;
}

describe('LazyCase', () => {
  it('gives the same value through its fast getters as through the full normalisation', () => {
    const cases = rawCases();
    assert.ok(cases.length > 100);
    for (const [i, raw] of cases.entries()) {
      const c = parseCase(raw, i);
      if (!(c instanceof LazyCase)) continue;
      const fast = FIELDS.map((f) => c[f]);
      const full = c.toJSON();
      assert.deepEqual(fast, FIELDS.map((f) => full[f]), `case ${i}`);
      // and reading the fast fields again after normalising changes nothing
      assert.deepEqual(FIELDS.map((f) => c[f]), fast);
    }
  });

  it('writes the normalised case to JSON (the cache), never the raw object', () => {
    const c = parseCase({ name: 'n', result: 'FAILED', _Location: { file: 'a.ts' }, surprise: 1, duration: '12' }, 3);
    const json = JSON.parse(JSON.stringify(c));
    assert.deepEqual(json, { index: 3, name: 'n', result: 'unknown', unrecognisedResult: 'FAILED', duration: 12, custom: { _Location: { file: 'a.ts' } }, extra: { surprise: 1 } });
  });
});
