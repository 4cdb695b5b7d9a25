// The model's rules and the details renderer on hostile sizes, each as a ratio to the least work
// any implementation must do on the same input (measured in the same run). These were timed unit
// tests once; speed goals live here, where noise is reported instead of failing a build.
import { caseHistory, compareRuns } from '../../src/model/compare';
import { findTestInText } from '../../src/model/sourceSearch';
import type { Run, TestCase } from '../../src/model/types';
import { renderCaseDetails } from '../../src/webview/render';
import { type Args, line, statJson } from '../common';
import type { BenchServer } from '../server-process';
import { fmtStat, gc, goal, measure, round, sink, stat } from '../stats';

function manyCases(n: number, suites: number, failEvery: number): TestCase[] {
  const out: TestCase[] = [];
  for (let i = 0; i < n; i++) out.push({ index: i, name: `test ${i}`, suite: `suite ${i % suites}`, result: i % failEvery === 0 ? 'fail' : 'pass' });
  return out;
}

function aRun(createdTime: number, cases: TestCase[]): Run {
  return { createdTime, id: String(createdTime), cases };
}

/** Prints one rule's figures against its floor and returns them for --json. */
function report(label: string, times: number[], floor: number[], maxRatio: number): Record<string, unknown> {
  const s = stat(times);
  const f = stat(floor);
  const ratio = s.median / f.median;
  line(`   ${label}: ${fmtStat(s)}`);
  line(`     floor ${fmtStat(f)}; ratio ${round(ratio)} (goal ≤ ${maxRatio}: ${goal(ratio <= maxRatio)})`);
  return { time: statJson(s), floor: statJson(f), ratio: round(ratio, 3), goal: maxRatio };
}

export async function benchRules(_server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
  line('7. Rules and rendering on large inputs (ratio to the least work on the same input)');
  const result: Record<string, unknown> = {};
  out.rules = result;
  const warmup = a.quick ? 1 : 3;
  const runs = a.quick ? 3 : 9;

  // compareRuns: two 100,000-case runs; floor = keying both runs' cases by suite + name.
  const prev = aRun(1, manyCases(100_000, 500, 7));
  const cur = aRun(2, manyCases(100_000, 500, 5));
  gc();
  const compareFloor = await measure(warmup, runs, () => {
    const m = new Map<string, TestCase>();
    for (const c of prev.cases) m.set(`${c.suite}\u0000${c.name}`, c);
    let hits = 0;
    for (const c of cur.cases) if (m.has(`${c.suite}\u0000${c.name}`)) hits++;
    sink.push(hits);
  });
  const compareTimes = await measure(warmup, runs, () => sink.push(compareRuns(cur, prev)));
  result.compare100k = report('compareRuns, 2 × 100,000 cases', compareTimes, compareFloor, 4);

  // caseHistory: 1,000 look-ups across 20 runs of 20,000 cases; floor = the same look-ups by key
  // in maps built beforehand (caseHistory keeps its own index per run).
  const history = Array.from({ length: 20 }, (_, i) => aRun(1e6 - i, manyCases(20_000, 100, i + 2)));
  const wanted = Array.from({ length: 1000 }, (_, i) => history[0].cases[(i * 7) % 20_000]);
  gc();
  const historyTimes = await measure(warmup, runs, () => {
    for (const c of wanted) sink.push(caseHistory(history, c));
  });
  const maps = history.map((r) => new Map(r.cases.map((c) => [`${c.suite}\u0000${c.name}`, c])));
  const historyFloor = await measure(warmup, runs, () => {
    for (const c of wanted) sink.push(maps.map((m) => m.get(`${c.suite}\u0000${c.name}`)));
  });
  result.history = report('caseHistory, 1,000 cases × 20 runs of 20,000', historyTimes, historyFloor, 4);

  // findTestInText: a 5 MB file of near misses; floor = one pass over every character (finding a
  // test's block needs the file's structure: strings, comments, braces).
  const block = "describe('S', () => {\n  it('adds item 2', () => { call({ a: '}' }); });\n  const x = `${y}`; // don't\n});\n";
  const text = block.repeat(Math.ceil(5_000_000 / block.length)) + "describe('Cart', () => { it('adds item', () => {}); });\n";
  gc();
  const searchFloor = await measure(warmup, runs, () => {
    let braces = 0;
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 123) braces++;
    sink.push(braces);
  });
  const searchTimes = await measure(warmup, runs, () => sink.push(findTestInText(text, 'adds item', 'Cart')));
  result.search5mb = report('findTestInText, a 5 MB file of near misses', searchTimes, searchFloor, 20);

  // renderCaseDetails: a 1 MB ANSI reason and 10,000 params; floor = JSON.stringify of the same case.
  const ESC = '\u001b';
  const reason = `${ESC}[31mline of a long failure reason${ESC}[0m\n`.repeat(30_000);
  const params: Record<string, string> = {};
  for (let i = 0; i < 10_000; i++) params[`param${i}`] = `value ${i}`;
  const testCase = { index: 0, name: 'a case', result: 'fail', reason, params } as TestCase;
  const input = {
    cspSource: 'vscode-webview://bench',
    nonce: 'N0nCe',
    styleUri: 'vscode-webview://bench/details.css',
    scriptUri: 'vscode-webview://bench/details.js',
    case: testCase,
    target: { id: 't', name: 'target' },
    run: { id: '1', createdTime: 1_700_000_000_000 },
    history: [],
  };
  gc();
  const renderFloor = await measure(warmup, runs, () => sink.push(JSON.stringify(testCase)));
  const renderTimes = await measure(warmup, runs, () => sink.push(renderCaseDetails(input)));
  result.render1mb = report('renderCaseDetails, 1 MB ANSI reason + 10,000 params', renderTimes, renderFloor, 20);
  sink.length = 0;
  line();
}
