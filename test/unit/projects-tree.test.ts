// The Results view's project level: one project → exactly the default project's tree; two or more
// → a row per project above its targets, the default project's rows unchanged (ids, commands),
// another project's rows from its own store, with ids of their own and no commands.
import { strict as assert } from 'node:assert';
import { EventEmitter, registerVscodeStub } from '../support/vscode-stub';
import type { Run, RunsPage, Target } from '../../src/model/types';
import { ResultsStore } from '../../src/store/store';
import type { Account } from '../../src/vscode/auth/accounts';
import type { OtherProjects, Project } from '../../src/vscode/projects';
import type { TreeNode } from '../../src/vscode/tree/nodes';
import type { ViewNode } from '../../src/vscode/tree/projects';
import { aCase, aRun, aTarget } from './helpers/builders';

registerVscodeStub();
/* eslint-disable @typescript-eslint/no-require-imports */
const { ResultsTreeProvider } = require('../../src/vscode/tree/provider') as typeof import('../../src/vscode/tree/provider');
const { ProjectsTreeProvider } = require('../../src/vscode/tree/projects') as typeof import('../../src/vscode/tree/projects');
/* eslint-enable @typescript-eslint/no-require-imports */

function storeWith(targets: Target[], runs: Record<string, Run[]> = {}): ResultsStore {
  return new ResultsStore({
    api: {
      listTargets: async () => targets,
      fetchRuns: async (id): Promise<RunsPage> => ({ runs: runs[id] ?? [] }),
    },
    runsPerPage: () => 10,
  });
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));
const ORIGIN = 'https://www.tesults.com';
const web: Account = { id: 'a1', label: 'Web', origin: ORIGIN };
const mobile: Account = { id: 'a2', label: 'Mobile', origin: ORIGIN };

function setup(accounts: Account[]) {
  const main = storeWith([aTarget('w1', 'web-e2e'), aTarget('w2', 'web-unit')], { w1: [aRun(1000, [aCase({ name: 'logs in', result: 'fail' })])] });
  const other = storeWith([aTarget('m1', 'ios'), aTarget('w1', 'same id as a web target')]);
  const changed = new EventEmitter<void>();
  const others = new Map<string, Project>(accounts.slice(1).map((a) => [a.id, { accountId: a.id, store: other }]));
  const projects = { accounts: () => accounts, defaultAccount: () => accounts[0], get: (id: string) => others.get(id), onDidChange: changed.event } as unknown as OtherProjects;
  const mainTree = new ResultsTreeProvider(main, { isDefaultTarget: () => false, onlyFailures: () => false, loadRuns: (id) => void main.ensureRuns(id) });
  const tree = new ProjectsTreeProvider(mainTree, projects, { onlyFailures: () => false });
  const label = (n: ViewNode): string => String(tree.getTreeItem(n).label);
  return { main, other, mainTree, tree, label };
}

describe('Results view: projects', () => {
  it('with one project, the tree is the default project\'s tree (no project row)', async () => {
    const { main, mainTree, tree, label } = setup([web]);
    await main.loadTargets();
    const roots = tree.getChildren();
    assert.deepEqual(roots.map(label), ['web-e2e', 'web-unit']);
    assert.deepEqual(roots.map((n) => tree.getTreeItem(n).id), mainTree.getChildren().map((n) => mainTree.getTreeItem(n).id));
    assert.equal(tree.getParent(roots[0]), undefined);
    assert.ok(tree.isMainRow(roots[0]));
  });

  it('with two projects, a row per project above its own targets; the default one first, expanded', async () => {
    const { main, other, tree, label } = setup([web, mobile]);
    await main.loadTargets();
    const roots = tree.getChildren();
    assert.deepEqual(roots.map(label), ['Web', 'Mobile']);
    assert.equal(tree.getTreeItem(roots[0]).description, 'default project');
    assert.equal(tree.getTreeItem(roots[0]).collapsibleState, 2, 'the default project is expanded');
    assert.equal(tree.getTreeItem(roots[1]).collapsibleState, 1);

    const webTargets = tree.getChildren(roots[0]);
    assert.deepEqual(webTargets.map(label), ['web-e2e', 'web-unit']);
    assert.equal(tree.getParent(webTargets[0]), roots[0], 'reveal climbs to the project row');
    assert.ok(tree.isMainRow(webTargets[0]));

    // The other project loads its targets when its row is expanded.
    assert.deepEqual(tree.getChildren(roots[1]).map(label), ['Loading targets…']);
    await settle();
    assert.equal(other.targetsState, 'loaded');
    const mobileTargets = tree.getChildren(roots[1]);
    assert.deepEqual(mobileTargets.map(label), ['ios', 'same id as a web target']);
    assert.equal(tree.getParent(mobileTargets[0]), roots[1]);
    assert.equal(tree.isMainRow(mobileTargets[0]), false, 'commands do not take another project\'s rows for the default project\'s');

    // Ids stay unique across projects (a target id may repeat), and another project's rows carry no commands.
    const ids = [...webTargets, ...mobileTargets].map((n) => tree.getTreeItem(n).id);
    assert.equal(new Set(ids).size, ids.length, ids.join(' '));
    const runRow = tree.getChildren(mobileTargets[1] as TreeNode);
    await settle();
    for (const n of [mobileTargets[0], ...runRow]) {
      const item = tree.getTreeItem(n);
      assert.equal(item.command, undefined);
      assert.equal(item.contextValue, undefined);
    }
  });

  it('says why another project has no targets', async () => {
    const failing = new ResultsStore({ api: { listTargets: async () => Promise.reject(new Error('Tesults rejected the API token')), fetchRuns: async () => ({ runs: [] }) }, runsPerPage: () => 10 });
    const projects = { accounts: () => [web, mobile], defaultAccount: () => web, get: () => ({ accountId: 'a2', store: failing }), onDidChange: new EventEmitter<void>().event } as unknown as OtherProjects;
    const wrapped = new ProjectsTreeProvider(new ResultsTreeProvider(storeWith([]), { isDefaultTarget: () => false, onlyFailures: () => false, loadRuns: () => undefined }), projects, { onlyFailures: () => false });
    const mobileRow = wrapped.getChildren()[1];
    wrapped.getChildren(mobileRow);
    await settle();
    assert.match(String(wrapped.getTreeItem(wrapped.getChildren(mobileRow)[0]).label), /^Could not load the targets: .*Tesults rejected the API token/);
  });
});
