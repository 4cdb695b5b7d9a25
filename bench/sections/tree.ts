import { parseRunsResponse } from '../../src/api/responses';
import { registerVscodeStub } from '../../test/support/vscode-stub';
import { type Args, floorLoad, line, makeClient, makeStore, resultsUrl, statJson } from '../common';
import type { BenchServer } from '../server-process';
import { fmtStat, gc, goal, measure, sink, stat } from '../stats';

// ---- 2. tree expansion ------------------------------------------------------------------------

export async function benchTree(server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
  line('2. Tree expansion: ResultsTreeProvider.getChildren + getTreeItem of every child (stand-in `vscode` module)');
  registerVscodeStub();
  // Loaded only now, after `vscode` resolves to the stand-in.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ResultsTreeProvider } = require('../../src/vscode/tree/provider') as typeof import('../../src/vscode/tree/provider');
  const client = makeClient(server.url);
  const t20 = { id: server.targets.run20k, name: '20k' };
  const t5 = { id: server.targets.suite5k, name: 'suite 5k' };
  const store = makeStore(client, [t20, t5]);
  await store.loadTargets();
  await store.ensureRuns(t20.id);
  await store.ensureRuns(t5.id);
  const tree = new ResultsTreeProvider(store, { isDefaultTarget: () => false, onlyFailures: () => false, loadRuns: () => undefined });
  const warmup = a.quick ? 2 : 5;
  const runs = a.quick ? 9 : 25;
  const expand = (node: Parameters<typeof tree.getChildren>[0]): number => {
    const children = tree.getChildren(node);
    for (const c of children) sink.push(tree.getTreeItem(c));
    const n = children.length;
    sink.length = 0;
    return n;
  };

  // Run → its suites. The run's model is what the store built at load time (as in the extension).
  const run20 = store.target(t20.id)!.runs[0];
  const runNode = tree.runNode(t20.id, run20);
  let suites = 0;
  const runTimes = await measure(warmup, runs, () => {
    suites = expand(runNode);
  }, gc);

  // Suite → its cases, first expansion: a run freshly parsed and grouped (untimed) each time, as
  // at load time, so the timed part is what the first expansion does: make the suite's case
  // objects, sort them, build the run's case keys, make the nodes and their items.
  const json5 = (await floorLoad(resultsUrl(server.url, t5.id, 1))).json;
  let cases = 0;
  let suiteNode: ReturnType<typeof tree.nodeForSuite> | undefined;
  const suiteTimes = await measure(
    warmup,
    runs,
    () => {
      cases = expand(suiteNode);
    },
    () => {
      const fresh = parseRunsResponse(json5).runs[0];
      const model = store.model(fresh);
      suiteNode = tree.nodeForSuite(t5.id, fresh, model.suites[0]);
      gc();
    },
  );
  // Again, sorted already (a later expansion).
  const againTimes = await measure(warmup, runs, () => {
    cases = expand(suiteNode);
  }, gc);
  tree.dispose();
  const sr = stat(runTimes);
  const ss = stat(suiteTimes);
  const sa = stat(againTimes);
  line(`   20,000-case run → ${suites} suites:           ${fmtStat(sr)}   goal < 20 ms: ${goal(sr.median < 20)}`);
  line(`   5,000-case suite → ${cases} cases (first):    ${fmtStat(ss)}   goal < 20 ms: ${goal(ss.median < 20)}`);
  line(`   5,000-case suite again (sorted already):   ${fmtStat(sa)}`);
  line(`   (${runs} runs after ${warmup} warm-up each)`);
  out.tree = {
    runSuites: { suites, ...statJson(sr), goalMs: 20, met: sr.median < 20 },
    suiteCasesFirst: { cases, ...statJson(ss), goalMs: 20, met: ss.median < 20 },
    suiteCasesAgain: { cases, ...statJson(sa) },
  };
  line();
}
