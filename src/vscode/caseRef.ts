// Commands receive a case in several shapes: a tree node (clicks, menus), an object reference
// (details panel, failure navigation) or plain ids (command links in hovers, which are JSON);
// a target as a node, its id, or the tree's selection.
import type { SuiteGroup } from '../model/group';
import type { Run, TestCase } from '../model/types';
import type { ResultsStore } from '../store/store';
import type { TreeNode } from './tree/nodes';

/** A case of a loaded run of a target. */
export interface CaseInRun {
  targetId: string;
  run: Run;
  testCase: TestCase;
}

export interface CaseRef extends CaseInRun {
  /** Set when the argument was a suite. */
  suite?: SuiteGroup;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isNode<K extends TreeNode['kind']>(value: unknown, kind: K): value is Extract<TreeNode, { kind: K }> {
  return isObject(value) && value.kind === kind;
}

/** The target a command is about: its id, its node, else the selected target. */
export function targetIdArgument(arg: unknown, selection: TreeNode | undefined): string | undefined {
  if (typeof arg === 'string') return arg;
  if (isNode(arg, 'target')) return arg.targetId;
  return isNode(selection, 'target') ? selection.targetId : undefined;
}

export function resolveCaseRef(store: ResultsStore, arg: unknown, selection?: TreeNode): CaseRef | undefined {
  const value = arg ?? selection;
  if (!isObject(value)) return undefined;
  const node = value as Partial<TreeNode>;
  if (node.kind === 'case') {
    const c = value as unknown as Extract<TreeNode, { kind: 'case' }>;
    return { targetId: c.parent.parent.parent.targetId, run: c.parent.parent.run, testCase: c.testCase };
  }
  if (node.kind === 'suite') {
    const s = value as unknown as Extract<TreeNode, { kind: 'suite' }>;
    const first = s.suite.cases.find((c) => c.result === 'fail') ?? s.suite.cases[0];
    return first ? { targetId: s.parent.parent.targetId, run: s.parent.run, testCase: first, suite: s.suite } : undefined;
  }
  if (typeof value.targetId !== 'string') return undefined;
  if (isObject(value.run) && isObject(value.testCase)) {
    return { targetId: value.targetId, run: value.run as unknown as Run, testCase: value.testCase as unknown as TestCase };
  }
  if (typeof value.runId === 'string' && typeof value.caseIndex === 'number') {
    const run = store.findRun(value.targetId, value.runId);
    const testCase = run?.cases.find((c) => c.index === value.caseIndex);
    return run && testCase ? { targetId: value.targetId, run, testCase } : undefined;
  }
  return undefined;
}
