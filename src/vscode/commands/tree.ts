import * as vscode from 'vscode';
import { formatRunTime, pickText } from '../../model/format';
import type { Run, TestCase } from '../../model/types';
import { writeDefaultTarget } from '../config';
import { resolveCaseRef } from '../caseRef';
import { stripAnsi } from '../../webview/ansi';
import { reasonText } from '../../model/reason';
import type { Deps } from '../deps';
import { openExternalChecked } from '../links';
import type { TreeNode } from '../tree/nodes';

function isNode<K extends TreeNode['kind']>(value: unknown, kind: K): value is Extract<TreeNode, { kind: K }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === kind;
}

function targetIdArgument(deps: Deps, arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (isNode(arg, 'target')) return arg.targetId;
  const selected = deps.treeView.selection[0];
  return isNode(selected, 'target') ? selected.targetId : undefined;
}

export function registerTreeCommands(deps: Deps): vscode.Disposable[] {
  const { controller, store } = deps;
  return [
    vscode.commands.registerCommand('tesults.refresh', () => controller.refresh()),
    vscode.commands.registerCommand('tesults.showLog', () => deps.log.show()),
    vscode.commands.registerCommand('tesults.retryTarget', (arg: unknown) => {
      const targetId = targetIdArgument(deps, arg);
      if (targetId) controller.loadRuns(targetId, true);
    }),
    vscode.commands.registerCommand('tesults.loadMoreRuns', (arg: unknown) => {
      const targetId = targetIdArgument(deps, arg) ?? (isNode(arg, 'loadMore') ? arg.parent.targetId : undefined);
      return targetId ? controller.loadMoreRuns(targetId) : undefined;
    }),
    vscode.commands.registerCommand('tesults.showMore', (arg: unknown) => {
      if (isNode(arg, 'showMore')) deps.tree.showMore(arg);
    }),
    vscode.commands.registerCommand('tesults.showOnlyFailures', () => deps.setOnlyFailures(true)),
    vscode.commands.registerCommand('tesults.showAll', () => deps.setOnlyFailures(false)),
    vscode.commands.registerCommand('tesults.setDefaultTarget', async (arg: unknown) => {
      const targetId = targetIdArgument(deps, arg);
      if (targetId) await setDefaultTarget(targetId);
    }),
    vscode.commands.registerCommand('tesults.copyName', async (arg: unknown) => {
      const ref = resolveCaseRef(deps.store, arg, deps.treeView.selection[0]);
      if (ref) await vscode.env.clipboard.writeText(stripAnsi(ref.testCase.name));
    }),
    vscode.commands.registerCommand('tesults.copyReason', async (arg: unknown) => {
      const ref = resolveCaseRef(deps.store, arg, deps.treeView.selection[0]);
      if (!ref) return;
      if (!ref.testCase.reason) {
        void vscode.window.showInformationMessage('This case has no failure reason.');
        return;
      }
      await vscode.env.clipboard.writeText(reasonText(ref.testCase.reason));
    }),
    vscode.commands.registerCommand('tesults.openRunInTesults', async (arg: unknown) => {
      const run = isNode(arg, 'run') ? arg.run : undefined;
      if (run?.runUrl) await openExternalChecked(run.runUrl);
      else void vscode.window.showInformationMessage('Tesults sent no link for this run.');
    }),
    vscode.commands.registerCommand('tesults.findCase', () => findCase(deps)),
  ];

  async function setDefaultTarget(targetId: string): Promise<void> {
    await writeDefaultTarget(targetId);
    deps.log.info(`Default target set to ${store.target(targetId)?.target.name ?? targetId} (${targetId}).`);
  }
}

interface CasePick extends vscode.QuickPickItem {
  targetId: string;
  run: Run;
  testCase: TestCase;
}

/** Quick pick items are capped so a huge account does not freeze the picker. */
const FIND_CASE_MAX_ITEMS = 50_000;

async function findCase(deps: Deps): Promise<void> {
  const items: CasePick[] = [];
  const now = Date.now();
  outer: for (const entry of deps.store.targets) {
    for (const run of entry.runs) {
      const when = formatRunTime(run.createdTime, now);
      for (const testCase of run.cases) {
        if (items.length >= FIND_CASE_MAX_ITEMS) break outer;
        items.push({
          label: `$(${testCase.result === 'fail' ? 'error' : testCase.result === 'pass' ? 'pass' : 'question'}) ${pickText(testCase.name)}`,
          description: pickText(testCase.suite ?? '', 80),
          detail: `${testCase.result} · ${pickText(entry.target.name, 60)} · ${when}`,
          targetId: entry.target.id,
          run,
          testCase,
        });
      }
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No runs are loaded yet: expand a target in the Tesults view first.');
    return;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Find Test Case',
    placeHolder: 'Type part of a case name, suite or result',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!pick) return;
  // A passing case is not in the tree while only failures are shown.
  if (deps.onlyFailures() && pick.testCase.result !== 'fail') await deps.setOnlyFailures(false);
  const node = deps.tree.nodeForCase(pick.targetId, pick.run, pick.testCase);
  if (node) await deps.treeView.reveal(node, { select: true, focus: true, expand: true });
}

