// Set API Token / Clear API Token. The token goes only to SecretStorage and the Authorization header.
import * as vscode from 'vscode';
import { promptForToken } from '../auth/setToken';
import type { Deps } from '../deps';

export function registerTokenCommands(deps: Deps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('tesults.setToken', () => promptForToken(deps)),
    vscode.commands.registerCommand('tesults.clearToken', async () => {
      await deps.tokens.clear();
      void vscode.window.showInformationMessage('Tesults API token removed.');
    }),
  ];
}
