// Commands on one test case: its details panel and its source.
import * as vscode from 'vscode';
import { resolveCaseRef } from '../caseRef';
import type { Deps } from '../deps';
import { sourceFinding } from '../editor/loadSourceFinding';

export function registerCaseCommands(deps: Deps): vscode.Disposable[] {
  const { store, view, details } = deps;
  const openCase = (arg: unknown, options: { pinned?: boolean; preserveFocus?: boolean }): void => {
    const ref = resolveCaseRef(store, arg, view.selected());
    if (ref) details.show(ref.targetId, ref.run, ref.testCase, options);
  };
  return [
    vscode.commands.registerCommand('tesults.goToSource', async (arg: unknown) => {
      const ref = resolveCaseRef(store, arg, view.selected());
      if (ref) await sourceFinding().goToSource({ testCase: ref.testCase, suite: ref.suite }, deps);
      else void vscode.window.showInformationMessage('Select a test case or suite in the Tesults view first.');
    }),
    vscode.commands.registerCommand('tesults.openCase', (arg: unknown, options?: { preserveFocus?: boolean }) => openCase(arg, { preserveFocus: options?.preserveFocus ?? true })),
    vscode.commands.registerCommand('tesults.openCaseInNewPanel', (arg: unknown) => openCase(arg, { pinned: true })),
  ];
}
