// The tree provider's logic (ordering, filtering, paging of huge lists, context values) over the
// store, with the benchmark's stand-in `vscode` module. The wiring itself is proven in the real
// host (test/e2e).
import { strict as assert } from 'node:assert';
import { registerVscodeStub } from '../support/vscode-stub';
import type { Run, RunsPage, Target } from '../../src/model/types';
import { suiteCases } from '../../src/model/group';
import { ResultsStore } from '../../src/store/store';
import type { TreeNode } from '../../src/vscode/tree/nodes';
import type { ResultsTreeProvider as Provider } from '../../src/vscode/tree/provider';
import { aCase, aRun, aTarget, manyCases } from './helpers/builders';

registerVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ResultsTreeProvider, ROWS_PER_PAGE } = require('../../src/vscode/tree/provider') as typeof import('../../src/vscode/tree/provider');

function storeWith(targets: Target[], runs: Record<string, Run[]>): ResultsStore {
  return new ResultsStore({
    api: {
      listTargets: async () => targets,
      fetchRuns: async (id, opts): Promise<RunsPage> => {
        const all = runs[id] ?? [];
        const start = opts.cursor ? Number(opts.cursor) : 0;
        const end = start + (opts.limit ?? 1);
        return { runs: all.slice(start, end), cursor: end < all.length ? String(end) : undefined };
      },
    },
    runsPerPage: () => 2,
  });
}

describe('ResultsTreeProvider', () => {
  let onlyFailures = false;
  let store: ResultsStore;
  let tree: Provider;
  const labels = (nodes: TreeNode[]): string[] => nodes.map((n) => String(tree.getTreeItem(n).label));

  beforeEach(async () => {
    onlyFailures = false;
    const failing = aRun(3000, [
      aCase({ name: 'ok', suite: 'Alpha', result: 'pass' }),
      aCase({ name: 'broken', suite: 'Beta', result: 'fail', reason: 'boom' }),
      aCase({ name: 'loose', result: 'pass' }),
    ]);
    const green = aRun(2000, [aCase({ name: 'ok', suite: 'Alpha', result: 'pass' })]);
    const huge = aRun(1000, manyCases(2 * ROWS_PER_PAGE + 500, 1, 10));
    store = storeWith([aTarget('a', 'first'), aTarget('b', 'second')], { a: [failing, green, huge], b: [green] });
    tree = new ResultsTreeProvider(store, { isDefaultTarget: (e) => e.target.id === 'b', onlyFailures: () => onlyFailures, loadRuns: () => undefined });
    await store.loadTargets();
    await store.ensureRuns('a');
  });

  it('lists the default target first, then the API order', () => {
    assert.deepEqual(labels(tree.getChildren()), ['second', 'first']);
    const item = tree.getTreeItem(tree.getChildren()[0]);
    assert.match(String(item.contextValue), /^target pinned/);
  });

  it('lists runs newest first with "Load more runs…", failing suites first, and marks failures', async () => {
    const target = tree.targetNode('a');
    let runs = tree.getChildren(target);
    assert.deepEqual(runs.map((n) => n.kind), ['run', 'run', 'loadMore']);
    await store.loadMoreRuns('a');
    runs = tree.getChildren(target);
    assert.deepEqual(runs.map((n) => n.kind), ['run', 'run', 'run']);
    const runItem = tree.getTreeItem(runs[0]);
    assert.equal(runItem.description, '2 passed · 1 failed · 1 new', 'what changed against the run before');
    assert.equal(tree.getTreeItem(runs[1]).description, '1 passed', 'nothing new against the huge run');
    assert.match(String(runItem.contextValue), /hasFailures/);
    assert.equal(String(runItem.resourceUri?.query), 'failures=1');
    assert.deepEqual(labels(tree.getChildren(runs[0])), ['New failures', 'Beta', 'Alpha', '(no suite)']);
    const [group, beta] = tree.getChildren(runs[0]);
    assert.equal(tree.getTreeItem(group).description, '1');
    assert.deepEqual(labels(tree.getChildren(group)), ['broken']);
    assert.equal(tree.getParent(tree.getChildren(group)[0]), group);
    const [broken] = tree.getChildren(beta);
    assert.equal(tree.getTreeItem(broken).contextValue, 'case failed hasReason');
    assert.equal(tree.getParent(broken), beta);
    assert.equal(tree.getParent(beta), runs[0]);
  });

  it('shows only failures at every level, and says so where there are none', async () => {
    await store.loadMoreRuns('a');
    onlyFailures = true;
    const target = tree.targetNode('a');
    const runs = tree.getChildren(target);
    assert.deepEqual(runs.map((n) => n.kind), ['run', 'run'], 'the green run is hidden');
    assert.deepEqual(labels(tree.getChildren(runs[0])), ['New failures', 'Beta']);
    await store.ensureRuns('b');
    assert.deepEqual(labels(tree.getChildren(tree.targetNode('b'))), ['No failures in the 1 loaded run']);
  });

  it('marks flaky cases with the word, an icon and the reason, and filters them', async () => {
    let filter: 'all' | 'only' | 'hide' = 'all';
    store = storeWith([aTarget('t')], {
      t: [aRun(1, [aCase({ name: 'retried', suite: 'S', result: 'pass', duration: 1500, custom: { _Outcome: 'flaky', _Retry: 2 } }), aCase({ name: 'steady', suite: 'S', result: 'pass' })])],
    });
    tree = new ResultsTreeProvider(store, { isDefaultTarget: () => false, onlyFailures: () => false, flakyFilter: () => filter, loadRuns: () => undefined });
    await store.loadTargets();
    await store.ensureRuns('t');
    const [run] = tree.getChildren(tree.targetNode('t'));
    const [suite] = tree.getChildren(run);
    const [retried, steady] = tree.getChildren(suite);
    const item = tree.getTreeItem(retried);
    assert.equal(item.description, 'flaky · 1.5 s');
    assert.equal((item.iconPath as { id: string }).id, 'flame');
    assert.match(String((tree.resolveTreeItem(item, retried).tooltip as { value: string }).value), /\$\(flame\) Flaky:&nbsp;passed&nbsp;on&nbsp;retry&nbsp;2/);
    assert.equal(tree.getTreeItem(steady).description, '');
    filter = 'only';
    assert.deepEqual(labels(tree.getChildren(suite)), ['retried']);
    filter = 'hide';
    assert.deepEqual(labels(tree.getChildren(suite)), ['steady']);
  });

  it('keeps node ids short whatever the names', async () => {
    const long = 'x'.repeat(100_000);
    store = storeWith([aTarget('t')], { t: [aRun(1, [aCase({ name: long, suite: long, result: 'fail' }), aCase({ name: 'y', suite: long, result: 'fail' })])] });
    tree = new ResultsTreeProvider(store, { isDefaultTarget: () => false, onlyFailures: () => false, loadRuns: () => undefined });
    await store.loadTargets();
    await store.ensureRuns('t');
    const [run] = tree.getChildren(tree.targetNode('t'));
    const [suite] = tree.getChildren(run);
    const cases = tree.getChildren(suite);
    assert.ok(suite.id.length < 200 && cases.every((c) => c.id.length < 300), 'short ids');
    assert.equal(new Set(cases.map((c) => c.id)).size, 2, 'still unique');
  });

  it('shows a huge suite a page at a time and opens the page a revealed case is on', async () => {
    await store.loadMoreRuns('a');
    const hugeRun = tree.getChildren(tree.targetNode('a'))[2];
    const [suite] = tree.getChildren(hugeRun);
    let rows = tree.getChildren(suite);
    assert.equal(rows.length, ROWS_PER_PAGE + 1);
    const more = rows.at(-1)!;
    assert.equal(more.kind, 'showMore');
    assert.equal(tree.getTreeItem(more).label, `Show more cases… (1,000 of 2,500 shown)`);
    tree.showMore(more as Extract<TreeNode, { kind: 'showMore' }>);
    rows = tree.getChildren(suite);
    assert.equal(rows.length, 2 * ROWS_PER_PAGE + 1);
    // The last case: revealing it opens the last page, and the list then ends without "Show more".
    const run = store.target('a')!.runs[2];
    const lastCase = suiteCases(store.model(run).suites[0]).at(-1)!;
    const node = tree.nodeForCase('a', run, lastCase);
    assert.ok(node);
    rows = tree.getChildren(suite);
    assert.equal(rows.length, 2500);
    assert.ok(rows.every((n) => n.kind === 'case'));
  });

  it('after a cancelled first load shows "Loading cancelled" with a way to load, and does not load again by itself', async () => {
    const asked: string[] = [];
    const cancellable = new ResultsStore({
      api: {
        listTargets: async () => [aTarget('c', 'third')],
        fetchRuns: async (_id, opts): Promise<RunsPage> => {
          if (opts.signal?.aborted) throw Object.assign(new Error('cancelled'), { kind: 'cancelled' });
          return { runs: [aRun(5, [aCase({ result: 'pass' })])] };
        },
      },
      runsPerPage: () => 2,
    });
    const own = new ResultsTreeProvider(cancellable, { isDefaultTarget: () => false, onlyFailures: () => false, loadRuns: (id) => asked.push(id) });
    await cancellable.loadTargets();
    // never loaded: expanding it asks for its runs
    own.getChildren(own.targetNode('c'));
    assert.deepEqual(asked, ['c']);
    const abort = new AbortController();
    abort.abort();
    await cancellable.ensureRuns('c', abort.signal);
    const children = own.getChildren(own.targetNode('c'));
    assert.deepEqual(children.map((n) => String(own.getTreeItem(n).label)), ['Loading cancelled — Load runs']);
    assert.equal(own.getTreeItem(children[0]).command?.command, 'tesults.retryTarget');
    assert.deepEqual(asked, ['c'], 'after the cancel, expanding it again asks for nothing');
    await cancellable.reloadRuns('c');
    assert.deepEqual(own.getChildren(own.targetNode('c')).map((n) => n.kind), ['run'], 'loaded when asked again (Load runs)');
    own.dispose();
  });
});
