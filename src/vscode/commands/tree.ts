// Commands of the Results view: refresh, load, filter, copy, open in Tesults, find.
import * as vscode from 'vscode';
import { stripAnsi } from '../../util/text';
import { reasonText } from '../../model/reason';
import { isNode, resolveCaseRef, targetIdArgument } from '../caseRef';
import type { Deps } from '../deps';
import { openTesultsLink } from '../links';
import { findCase } from '../tree/findCase';

export function registerTreeCommands(deps: Deps): vscode.Disposable[] {
  const { loader, store, view } = deps;
  const selection = () => view.selected();
  return [
    vscode.commands.registerCommand('tesults.refresh', () => {
      loader.refresh();
      deps.projects.refresh();
    }),
    vscode.commands.registerCommand('tesults.showLog', () => deps.log.show()),
    vscode.commands.registerCommand('tesults.retryTarget', (arg: unknown) => {
      const targetId = targetIdArgument(arg, selection());
      if (targetId) loader.loadRuns(targetId, true);
    }),
    vscode.commands.registerCommand('tesults.loadMoreRuns', (arg: unknown) => {
      const targetId = targetIdArgument(arg, selection()) ?? (isNode(arg, 'loadMore') ? arg.parent.targetId : undefined);
      return targetId ? loader.loadMoreRuns(targetId) : undefined;
    }),
    vscode.commands.registerCommand('tesults.showMore', (arg: unknown) => {
      if (isNode(arg, 'showMore')) view.tree.showMore(arg);
    }),
    vscode.commands.registerCommand('tesults.showOnlyFailures', () => view.setOnlyFailures(true)),
    vscode.commands.registerCommand('tesults.showAll', () => view.setOnlyFailures(false)),
    vscode.commands.registerCommand('tesults.setDefaultTarget', async (arg: unknown) => {
      const targetId = targetIdArgument(arg, selection());
      if (!targetId) return;
      await deps.defaultTarget.set(targetId);
      deps.log.info(`Default target set to ${store.target(targetId)?.target.name ?? targetId} (${targetId}).`);
    }),
    vscode.commands.registerCommand('tesults.copyName', async (arg: unknown) => {
      const ref = resolveCaseRef(store, arg, selection());
      if (ref) await vscode.env.clipboard.writeText(stripAnsi(ref.testCase.name));
    }),
    vscode.commands.registerCommand('tesults.copyReason', async (arg: unknown) => {
      const ref = resolveCaseRef(store, arg, selection());
      if (!ref) return;
      if (!ref.testCase.reason) {
        void vscode.window.showInformationMessage('This case has no failure reason.');
        return;
      }
      await vscode.env.clipboard.writeText(reasonText(ref.testCase.reason));
    }),
    vscode.commands.registerCommand('tesults.openRunInTesults', async (arg: unknown) => {
      const run = isNode(arg, 'run') ? arg.run : undefined;
      if (run?.runUrl) await openTesultsLink(run.runUrl, deps.settings.get('apiUrl'));
      else void vscode.window.showInformationMessage('Tesults sent no link for this run.');
    }),
    vscode.commands.registerCommand('tesults.findCase', () => findCase(deps)),
  ];
}
