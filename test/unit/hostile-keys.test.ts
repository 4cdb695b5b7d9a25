// Server ids are not object keys: target ids, suite names, case names and hashes such as
// `__proto__` or `constructor` behave like any other string in the store, the cache round trip,
// grouping, comparison and tree ids.
import { strict as assert } from 'node:assert';
import { registerVscodeStub } from '../support/vscode-stub';
import type { Run, RunsPage, Target } from '../../src/model/types';
import { caseIndex, caseKey, failuresInTreeOrder } from '../../src/model/group';
import { compareRuns, findSameCase } from '../../src/model/compare';
import { ResultsStore } from '../../src/store/store';
import { cachedRuns, parseSnapshot, serializeSnapshot } from '../../src/store/cacheSnapshot';
import type { TreeNode } from '../../src/vscode/tree/nodes';
import { aCase, aRun, aTarget } from './helpers/builders';

registerVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ResultsTreeProvider } = require('../../src/vscode/tree/provider') as typeof import('../../src/vscode/tree/provider');

const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** Each hostile word as target id, suite, case name and hash; runs with the words as run ids. */
function hostileRuns(word: string): Run[] {
  const cases = [
    aCase({ name: word, suite: word, hash: word, result: 'fail', reason: word }),
    aCase({ name: word, suite: word, result: 'pass' }),
    aCase({ name: 'plain', suite: word, hash: `${word}2`, result: 'fail' }),
    aCase({ name: word, result: 'fail' }),
  ];
  return [aRun(2, cases, { id: word }), aRun(1, cases.map((c) => ({ ...c, result: 'pass' as const })), { id: `${word}-old` })];
}

function storeOf(targets: Target[], runs: Map<string, Run[]>): ResultsStore {
  return new ResultsStore({
    api: {
      listTargets: async () => targets,
      fetchRuns: async (id, opts): Promise<RunsPage> => ({ runs: (runs.get(id) ?? []).slice(0, opts.limit ?? 1) }),
    },
    runsPerPage: () => 5,
  });
}

describe('hostile server ids (__proto__, constructor, toString, hasOwnProperty)', () => {
  const targets = [...HOSTILE.map((w) => aTarget(w, `name ${w}`)), aTarget('plain')];
  const runs = new Map<string, Run[]>([...HOSTILE.map((w) => [w, hostileRuns(w)] as const), ['plain', hostileRuns('plain')]]);

  it('the store loads, finds and merges runs of every target', async () => {
    const store = storeOf(targets, runs);
    await store.loadTargets();
    assert.deepEqual(store.targets.map((e) => e.target.id), targets.map((t) => t.id));
    for (const t of targets) {
      await store.ensureRuns(t.id);
      const entry = store.target(t.id);
      assert.equal(entry?.runs.length, 2, t.id);
      assert.equal(store.findRun(t.id, entry.runs[0].id), entry.runs[0]);
      await store.pollLatest(t.id);
      assert.equal(store.target(t.id)?.runs.length, 2, `${t.id} after a poll`);
    }
    assert.equal(store.target('valueOf-missing'), undefined);
  });

  it('the cache snapshot survives a save/restore round trip with every id', async () => {
    const store = storeOf(targets, runs);
    await store.loadTargets();
    for (const t of targets) await store.ensureRuns(t.id);
    const text = serializeSnapshot(store.snapshot('https://api'));
    const parsed = parseSnapshot(text);
    assert.ok(parsed, 'the saved text parses back');
    for (const t of targets) assert.equal(cachedRuns(parsed, t.id)?.[0].id, t.id === 'plain' ? 'plain' : t.id, `${t.id} is saved`);
    assert.equal(cachedRuns(parsed, 'nowhere'), undefined);

    const fresh = storeOf(targets, runs);
    assert.equal(fresh.restore(parsed, 'https://api'), true);
    for (const t of targets) {
      const entry = fresh.target(t.id);
      assert.equal(entry?.fromCache, true, `${t.id} restored from the cache`);
      assert.equal(entry.runs[0].cases.length, 4);
    }
  });

  it('a restored cache without a target\'s runs leaves that target to load (no inherited "runs")', () => {
    const snapshot = parseSnapshot(JSON.stringify({ version: 1, apiUrl: 'a', savedAt: 0, targets: HOSTILE.map((w) => aTarget(w)), runs: {} }));
    assert.ok(snapshot);
    const store = storeOf([], new Map());
    assert.equal(store.restore(snapshot, 'a'), true);
    for (const w of HOSTILE) assert.equal(store.target(w)?.runsState, 'idle', w);
  });

  it('groups, keys and compares cases named like Object.prototype members', () => {
    for (const w of HOSTILE) {
      const [now, before] = hostileRuns(w);
      const store = storeOf([], new Map());
      const model = store.model(now);
      assert.deepEqual(model.suites.map((s) => s.key), [w, ''], w);
      assert.equal(model.counts.fail, 3);
      assert.equal(failuresInTreeOrder(model).length, 3);
      const keys = now.cases.map((c) => caseKey(model, c));
      assert.equal(new Set(keys).size, 4, `${w}: unique case keys`);
      assert.equal(caseIndex(model).byKey.get(keys[0]), now.cases[0]);
      assert.equal(findSameCase(before, now.cases[0])?.index, 0);
      assert.equal(compareRuns(now, before).newFailures.length, 3);
    }
  });

  it('tree ids stay distinct and findable', async () => {
    const store = storeOf(targets, runs);
    await store.loadTargets();
    const tree = new ResultsTreeProvider(store, { isDefaultTarget: () => false, onlyFailures: () => false, loadRuns: () => undefined });
    const ids = new Set<string>();
    const walk = (node?: TreeNode): void => {
      for (const child of tree.getChildren(node)) {
        assert.equal(ids.has(child.id), false, `duplicate id ${child.id}`);
        ids.add(child.id);
        if (child.kind !== 'message' && child.kind !== 'loadMore' && child.kind !== 'showMore') walk(child);
      }
    };
    for (const t of targets) await store.ensureRuns(t.id);
    walk();
    for (const t of targets) assert.equal(tree.targetNode(t.id)?.targetId, t.id);
    assert.ok(ids.size > targets.length * 8, String(ids.size));
  });
});
