// The change groups of a run ("New failures", "Still failing", "Fixed") under the flaky filter:
// the same filter as the suites, counts that say what is shown, stable ids. Through the tree
// provider with the stand-in `vscode` module; the wiring is proven in the real host (e2e 29).
import { strict as assert } from 'node:assert';
import { registerVscodeStub } from '../support/vscode-stub';
import type { Run, RunsPage, TestCase } from '../../src/model/types';
import { ResultsStore } from '../../src/store/store';
import type { TreeNode } from '../../src/vscode/tree/nodes';
import type { CaseFilters, FlakyFilter } from '../../src/vscode/tree/changeNodes';
import { aCase, aRun, aTarget } from './helpers/builders';

registerVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ResultsTreeProvider } = require('../../src/vscode/tree/provider') as typeof import('../../src/vscode/tree/provider');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { filtersShowing } = require('../../src/vscode/tree/changeNodes') as typeof import('../../src/vscode/tree/changeNodes');

const RUNS = 6;

/**
 * Newest first. In the newest run: "flips" (failed and passed in turn: flaky across runs) and
 * "new" fail for the first time; "broken" still fails; "retried" (passed on retry 2: flaky) and
 * "fixed" pass after failing in every run before.
 */
function history(): Run[] {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const fail = (yes: boolean): TestCase['result'] => (yes ? 'fail' : 'pass');
    runs.push(
      aRun(10_000 - i, [
        aCase({ name: 'flips', suite: 'S', result: fail(i % 2 === 0) }),
        aCase({ name: 'new', suite: 'S', result: fail(i === 0) }),
        aCase({ name: 'broken', suite: 'S', result: 'fail' }),
        aCase({ name: 'retried', suite: 'S', result: fail(i > 0), custom: i === 0 ? { _Outcome: 'flaky', _Retry: 2 } : undefined }),
        aCase({ name: 'fixed', suite: 'S', result: fail(i > 0) }),
        aCase({ name: 'steady', suite: 'S', result: 'pass' }),
        aCase({ name: 'steady 2', suite: 'S', result: 'pass' }),
      ]),
    );
  }
  return runs;
}

describe('change groups under the flaky filter', () => {
  let filter: FlakyFilter = 'all';
  let onlyFailures = false;
  let tree: InstanceType<typeof ResultsTreeProvider>;
  let run: TreeNode;
  let store: ResultsStore;

  const label = (n: TreeNode): string => String(tree.getTreeItem(n).label);
  const groups = (): Record<string, { description: string; tooltip: string; children: string[]; ids: string[] }> => {
    const out: Record<string, { description: string; tooltip: string; children: string[]; ids: string[] }> = {};
    for (const g of tree.getChildren(run).filter((n) => n.kind === 'changeGroup')) {
      const item = tree.getTreeItem(g);
      const children = tree.getChildren(g);
      out[label(g)] = { description: String(item.description), tooltip: String(item.tooltip), children: children.map(label), ids: children.map((c) => c.id) };
    }
    return out;
  };

  beforeEach(async () => {
    filter = 'all';
    onlyFailures = false;
    const runs = history();
    store = new ResultsStore({
      api: {
        listTargets: async () => [aTarget('t', 'web')],
        fetchRuns: async (_id, opts): Promise<RunsPage> => {
          const start = opts.cursor ? Number(opts.cursor) : 0;
          const end = start + (opts.limit ?? 1);
          return { runs: runs.slice(start, end), cursor: end < runs.length ? String(end) : undefined };
        },
      },
      runsPerPage: () => 2,
    });
    tree = new ResultsTreeProvider(store, { isDefaultTarget: () => true, onlyFailures: () => onlyFailures, flakyFilter: () => filter, loadRuns: () => undefined });
    await store.loadTargets();
    await store.ensureRuns('t');
    await store.loadHistory('t', 20);
    assert.equal(store.history('t').length, RUNS, 'the whole history to judge "flips" by');
    [run] = tree.getChildren(tree.targetNode('t'));
  });

  afterEach(() => tree.dispose());

  it('shows every case of each group with its count when the filter is off', () => {
    const all = groups();
    assert.deepEqual(Object.keys(all), ['New failures', 'Still failing', 'Fixed']);
    assert.deepEqual(
      Object.fromEntries(Object.entries(all).map(([k, g]) => [k, [g.description, g.children.sort()]])),
      { 'New failures': ['2', ['flips', 'new']], 'Still failing': ['1', ['broken']], Fixed: ['2', ['fixed', 'retried']] },
    );
    assert.match(all['New failures'].tooltip, /^2 new failures vs run of [^(]*$/);
  });

  it('"hide flaky" leaves the flaky cases out of the groups and says "1 of 2"', () => {
    const before = groups();
    filter = 'hide';
    const hidden = groups();
    assert.deepEqual(hidden['New failures'].children, ['new']);
    assert.equal(hidden['New failures'].description, '1 of 2');
    assert.match(hidden['New failures'].tooltip, /^1 of 2 new failures vs run of .* \(flaky tests hidden\)$/);
    assert.deepEqual([hidden['Still failing'].description, hidden['Still failing'].children], ['1', ['broken']], 'nothing left out: the plain count');
    assert.deepEqual([hidden.Fixed.description, hidden.Fixed.children], ['1 of 2', ['fixed']]);
    const idOf = (g: { children: string[]; ids: string[] }, name: string): string | undefined => g.ids[g.children.indexOf(name)];
    assert.equal(idOf(hidden['New failures'], 'new'), idOf(before['New failures'], 'new'), 'a row keeps its id whatever the filter');
  });

  it('a test asked for by name (notification, status bar, Find Case) gets the filters that show its row', () => {
    const suite = tree.getChildren(run).find((n) => n.kind === 'suite');
    assert.ok(suite && suite.kind === 'suite');
    const caseNamed = (name: string) => {
      const node = tree.nodeForCase('t', store.target('t')!.runs[0], store.model(store.target('t')!.runs[0]).suites[0].cases.find((c) => c.name === name)!);
      assert.ok(node, name);
      return node;
    };
    const shownUnder = (filters: CaseFilters, name: string): boolean => {
      filter = filters.flakyFilter;
      onlyFailures = filters.onlyFailures;
      return tree.getChildren(suite).some((n) => n.kind === 'case' && n.testCase.name === name);
    };
    for (const current of [
      { onlyFailures: false, flakyFilter: 'hide' },
      { onlyFailures: true, flakyFilter: 'hide' },
      { onlyFailures: true, flakyFilter: 'only' },
      { onlyFailures: false, flakyFilter: 'all' },
    ] as CaseFilters[]) {
      for (const name of ['flips', 'new', 'retried', 'steady']) {
        const node = caseNamed(name);
        const shown = filtersShowing(node.testCase, current, () => tree.changes.verdict('t', node.testCase));
        assert.equal(shown === undefined, shownUnder(current, name), `${name} under ${JSON.stringify(current)}: undefined exactly when it has a row`);
        if (shown) {
          assert.ok(shownUnder(shown, name), `${name} has a row under ${JSON.stringify(shown)}`);
          // Only what hides it is lifted.
          if (current.flakyFilter !== shown.flakyFilter) assert.equal(shown.flakyFilter, 'all');
          if (current.onlyFailures !== shown.onlyFailures) assert.equal(node.testCase.result === 'fail', false);
        }
      }
    }
  });

  it('"only flaky" keeps the flaky cases, says "0 of 1" and a message where none is flaky', () => {
    filter = 'only';
    const only = groups();
    assert.deepEqual([only['New failures'].description, only['New failures'].children], ['1 of 2', ['flips']]);
    assert.deepEqual([only.Fixed.description, only.Fixed.children], ['1 of 2', ['retried']]);
    assert.deepEqual([only['Still failing'].description, only['Still failing'].children], ['0 of 1', ['No flaky tests here']]);
    assert.match(only['Still failing'].tooltip, /\(only flaky tests shown\)$/);
  });

  it('"Compare with…": the groups and the run row compare with the picked run, and say which', () => {
    assert.ok(run.kind === 'run');
    // The run two before the newest (loaded in the background): "flips" failed there too (still failing, not new).
    const picked = store.history('t')[2];
    tree.changes.compareWith(run, picked);
    const all = groups();
    assert.deepEqual(
      Object.fromEntries(Object.entries(all).map(([k, g]) => [k, g.children.sort()])),
      { 'New failures': ['new'], 'Still failing': ['broken', 'flips'], Fixed: ['fixed', 'retried'] },
    );
    assert.match(all['New failures'].description, /^1 · vs run of /);
    assert.match(String(tree.getTreeItem(run).description), /· 1 new · 2 fixed$/);
    filter = 'only';
    assert.match(groups()['Still failing'].description, /^1 of 2 · vs run of /, 'the filter and the picked run together');
  });

  it('the run row keeps saying what changed (the numbers of the status bar and the notification), whatever the filter', () => {
    const described = (): string => String(tree.getTreeItem(run).description);
    const all = described();
    assert.match(all, /· 2 new · 2 fixed$/);
    filter = 'hide';
    assert.equal(described(), all);
    filter = 'only';
    assert.equal(described(), all);
  });
});
