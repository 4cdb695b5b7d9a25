// Set API Token / Clear API Token / Add Project / Rename Project / Set as Default Project. The
// token goes only to SecretStorage and the Authorization header.
import * as vscode from 'vscode';
import type { Account } from '../auth/accounts';
import { setToken } from '../auth/loadSetToken';
import type { Deps } from '../deps';
import type { ProjectNode } from '../tree/projects';

async function pickAccount(deps: Deps, title: string): Promise<Account | undefined> {
  const accounts = deps.accounts.list();
  if (accounts.length <= 1) return accounts[0];
  const picked = await vscode.window.showQuickPick(
    accounts.map((account) => ({ label: account.label, description: account.origin, account })),
    { title, placeHolder: 'Tesults project' },
  );
  return picked?.account;
}

export function registerTokenCommands(deps: Deps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('tesults.setToken', () => setToken().promptForToken(deps)),
    vscode.commands.registerCommand('tesults.clearToken', async () => {
      await deps.tokens.clear();
      void vscode.window.showInformationMessage('Tesults API token removed.');
    }),
    vscode.commands.registerCommand('tesults.addProject', () => setToken().signIn(deps)),
    vscode.commands.registerCommand('tesults.renameProject', async () => {
      const account = await pickAccount(deps, 'Rename Tesults Project');
      if (!account) {
        void vscode.window.showInformationMessage('Sign in to Tesults first: there is no project to rename.');
        return;
      }
      const label = await setToken().askProjectName(account.label, 'Rename Tesults Project');
      if (label !== undefined) await deps.accounts.rename(account.id, label);
    }),
    vscode.commands.registerCommand('tesults.setDefaultProject', async (node?: ProjectNode) => {
      const account = node?.kind === 'project' ? deps.accounts.find(node.accountId) : await pickAccount(deps, 'Default Tesults Project');
      if (account) await deps.settings.writeDefaultProject(account.label);
    }),
  ];
}
