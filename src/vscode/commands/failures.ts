// Jumping to failures, and choosing the default target.
import * as vscode from 'vscode';
import type { Deps } from '../deps';
import { pickDefaultTarget } from '../status/pickDefaultTarget';

export function registerFailureCommands(deps: Deps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('tesults.nextFailure', () => deps.failures.step(1)),
    vscode.commands.registerCommand('tesults.previousFailure', () => deps.failures.step(-1)),
    vscode.commands.registerCommand('tesults.firstFailingSuite', (arg?: unknown) => deps.failures.firstFailingSuite(arg)),
    vscode.commands.registerCommand('tesults.selectDefaultTarget', () => pickDefaultTarget(deps)),
  ];
}
