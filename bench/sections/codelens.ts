import { ciLenses } from '../../src/model/ciHistory';
import type { Run, TestCase } from '../../src/model/types';
import { type Args, line, statJson } from '../common';
import type { BenchServer } from '../server-process';
import { fmtStat, gc, goal, measure, sink, stat } from '../stats';

// ---- 7. CodeLens ------------------------------------------------------------------------------

const TESTS_IN_FILE = 250;
const LINES_PER_TEST = 8;
const OTHER_CASES = 4750;
const HISTORY = 20;

/** 20 runs of a 5,000-case target; 250 of its tests live in one 2,000-line file (by `_Location`). */
function history(): Run[] {
  const runs: Run[] = [];
  for (let r = 0; r < HISTORY; r++) {
    const cases: TestCase[] = [];
    for (let i = 0; i < TESTS_IN_FILE; i++) {
      const fail = (i + r) % 7 === 0;
      cases.push({ index: cases.length, name: `test ${i}`, suite: 'file', hash: `h${i}`, result: fail ? 'fail' : 'pass', custom: { _Location: { file: 'tests/big.spec.ts', line: 2 + i * LINES_PER_TEST, column: 3 } } });
    }
    for (let i = 0; i < OTHER_CASES; i++) {
      cases.push({ index: cases.length, name: `other ${i}`, suite: `s${i % 50}`, hash: `o${i}`, result: 'pass', custom: { _Location: { file: `tests/other${i % 50}.spec.ts`, line: 1 + i } } });
    }
    runs.push({ id: String(r), createdTime: 1_760_000_000_000 - r * 3_600_000, cases });
  }
  return runs;
}

export async function benchCodeLens(_server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
  line(`7. CodeLens: the lenses of a ${TESTS_IN_FILE * LINES_PER_TEST}-line test file (${TESTS_IN_FILE} tests located), ${HISTORY} runs of ${TESTS_IN_FILE + OTHER_CASES} cases`);
  const warmup = a.quick ? 2 : 5;
  const runs = a.quick ? 9 : 25;
  const text = Array.from({ length: TESTS_IN_FILE * LINES_PER_TEST }, (_, i) => (i % LINES_PER_TEST === 1 ? `  test('test ${i / LINES_PER_TEST}', async () => {` : '    await step();')).join('\n');
  const doc = { path: '/work/repo/tests/big.spec.ts', isTestFile: true, text: () => text };
  const now = 1_760_000_000_000 + 7_200_000;
  let lenses = 0;
  let fresh: Run[] = [];
  // First lenses after the runs arrived (nothing cached per run yet), then again (a keystroke, a redraw).
  const firstTimes = await measure(warmup, runs, () => {
    lenses = ciLenses(fresh, doc, ['/work/repo'], now).length;
  }, () => {
    fresh = history();
    gc();
  });
  const againTimes = await measure(warmup, runs, () => {
    sink.push(ciLenses(fresh, doc, ['/work/repo'], now));
    sink.length = 0;
  }, gc);
  const sf = stat(firstTimes);
  const sa = stat(againTimes);
  if (lenses !== TESTS_IN_FILE) throw new Error(`codelens: ${lenses} lenses, expected ${TESTS_IN_FILE}`);
  // Informational: 20 runs never seen before (each run's case index is built once, when it arrives).
  line(`   20 fresh runs (indexes built): ${fmtStat(sf)}`);
  line(`   again (cached per run):  ${fmtStat(sa)}   goal < 5 ms: ${goal(sa.median < 5)}`);
  out.codeLens = { lenses, first: statJson(sf), again: { ...statJson(sa), goalMs: 5, met: sa.median < 5 } };
}
