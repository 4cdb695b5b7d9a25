// The Results tree's nodes and their ids. An id is stable across reloads (target id, run id, suite
// key, case key), so expansion, selection, `reveal` and restored panels all use one key.
import { createHash } from 'node:crypto';
import type * as vscode from 'vscode';
import type { SuiteGroup } from '../../model/group';
import type { Run, TestCase } from '../../model/types';

export interface TargetNode {
  readonly kind: 'target';
  readonly id: string;
  readonly targetId: string;
}
export interface RunNode {
  readonly kind: 'run';
  readonly id: string;
  readonly parent: TargetNode;
  readonly run: Run;
}
export interface SuiteNode {
  readonly kind: 'suite';
  readonly id: string;
  readonly parent: RunNode;
  readonly suite: SuiteGroup;
}
export interface CaseNode {
  readonly kind: 'case';
  readonly id: string;
  readonly parent: SuiteNode;
  readonly testCase: TestCase;
}
export interface LoadMoreNode {
  readonly kind: 'loadMore';
  readonly id: string;
  readonly parent: TargetNode;
}
export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly parent?: TreeNode;
  readonly text: string;
  readonly icon?: vscode.ThemeIcon;
  readonly tooltip?: string;
  readonly command?: vscode.Command;
}
/** "Show more…" at the end of a long list of suites or cases (huge runs are shown a page at a time). */
export interface ShowMoreNode {
  readonly kind: 'showMore';
  readonly id: string;
  readonly parent: RunNode | SuiteNode;
  readonly shown: number;
  readonly total: number;
}
export type ChangeGroupKind = 'new' | 'still' | 'fixed';
/** "New failures", "Still failing" or "Fixed" above a run's suites (tree/changeNodes.ts). */
export interface ChangeGroupNode {
  readonly kind: 'changeGroup';
  readonly id: string;
  readonly parent: RunNode;
  readonly group: ChangeGroupKind;
}
/** A case in a change group. */
export interface ChangeCaseNode {
  readonly kind: 'changeCase';
  readonly id: string;
  readonly parent: ChangeGroupNode;
  readonly testCase: TestCase;
}
export type TreeNode = TargetNode | RunNode | SuiteNode | CaseNode | LoadMoreNode | ShowMoreNode | MessageNode | ChangeGroupNode | ChangeCaseNode;

/**
 * One part of a node id. Ids travel to the workbench with every row and each row's id repeats
 * its parents', so a long part (a 100 KB suite name, say) is replaced by its digest.
 */
export function idPart(text: string): string {
  return text.length <= 120 ? encodeURIComponent(text) : `~${createHash('sha1').update(text).digest('base64url')}`;
}

export function targetNodeId(targetId: string): string {
  return `t/${idPart(targetId)}`;
}
export function runNodeId(parent: TargetNode, run: Run): string {
  return `${parent.id}/r/${idPart(run.id)}`;
}
export function suiteNodeId(parent: RunNode, suite: SuiteGroup): string {
  return `${parent.id}/s/${idPart(suite.key)}`;
}
/** `caseKey` is the case's key in its run (model/group.ts `caseKey`). */
export function caseNodeId(parent: SuiteNode, caseKey: string): string {
  return `${parent.id}/c/${idPart(caseKey)}`;
}

