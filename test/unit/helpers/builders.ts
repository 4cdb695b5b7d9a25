// Typed fixture builders for model objects (not API JSON: the API's raw shapes live in test/server).
import type { ResultKind, Run, Target, TestCase } from '../../../src/model/types';

let counter = 0;

export function aCase(overrides: Partial<TestCase> & { result?: ResultKind } = {}): TestCase {
  const index = overrides.index ?? counter++;
  return { index, name: `case ${index}`, result: 'pass', ...overrides };
}

export function aRun(createdTime: number, cases: TestCase[], overrides: Partial<Run> = {}): Run {
  return { createdTime, id: String(createdTime), cases: cases.map((c, index) => ({ ...c, index })), ...overrides };
}

export function aTarget(id: string, name = `target ${id}`): Target {
  return { id, name };
}

/** `n` cases spread over `suites` suites, every `failEvery`-th failing. */
export function manyCases(n: number, suites: number, failEvery = 0): TestCase[] {
  const out: TestCase[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ index: i, name: `test ${i}`, suite: `suite ${i % suites}`, result: failEvery && i % failEvery === 0 ? 'fail' : 'pass' });
  }
  return out;
}
