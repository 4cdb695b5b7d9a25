// "Set API Token" and "Sign in" (Accounts menu, Add Project): ask for the token (masked), check it
// with Tesults, and save it only if it is not rejected.
import * as vscode from 'vscode';
import type { Log } from '../log';
import { type Account, type AccountStore, cleanLabel, defaultAccountLabel } from './accounts';
import type { TokenCheck, TokenSession } from './tokenSession';

interface TokenDeps {
  readonly tokens: TokenSession;
  readonly log: Log;
}

/** A token the user entered and Tesults did not reject, with the check's verdict; undefined when cancelled or rejected. */
async function askForCheckedToken(deps: TokenDeps, title: string): Promise<{ token: string; check: TokenCheck } | undefined> {
  const input = await vscode.window.showInputBox({
    title,
    prompt: 'Paste the API token created in Tesults (configuration menu > API Token). It is kept in VS Code\'s secret storage.',
    placeHolder: 'API token',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter a token, or press Escape to cancel.'),
  });
  const token = input?.trim();
  if (!token) return undefined;
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Checking the Tesults token…', cancellable: true },
    (_progress, cancel) => {
      const abort = new AbortController();
      cancel.onCancellationRequested(() => abort.abort());
      return deps.tokens.check(token, abort.signal);
    },
  );
  if (check.verdict === 'cancelled') {
    void vscode.window.showInformationMessage('Check cancelled: the token was not saved.');
    return undefined;
  }
  if (check.verdict === 'rejected') {
    deps.log.warn('The token was rejected by Tesults and was not saved.');
    const again = await vscode.window.showErrorMessage('Tesults rejected this token, so it was not saved. Check that it is an API token (not a target token).', 'Try Again');
    if (again) void vscode.commands.executeCommand('tesults.setToken');
    return undefined;
  }
  return { token, check };
}

async function reportSaved(deps: TokenDeps, check: TokenCheck): Promise<void> {
  if (check.verdict === 'accepted') {
    deps.log.info('Token saved and accepted by Tesults.');
    void vscode.window.showInformationMessage('Tesults accepted the token.');
  } else if (check.verdict === 'unchecked') {
    deps.log.warn(`Token saved without a check: ${check.problem}`);
    const choice = await vscode.window.showWarningMessage(`Token saved, but it could not be checked: ${deps.log.redact(check.problem)}`, 'Retry', 'Show Log');
    if (choice === 'Retry') void vscode.commands.executeCommand('tesults.refresh');
    if (choice === 'Show Log') deps.log.show();
  }
}

/** Set API Token: replaces the token of the project the view shows (the first account when there is none). */
export async function promptForToken(deps: TokenDeps): Promise<void> {
  const entered = await askForCheckedToken(deps, 'Tesults API Token');
  if (!entered) return;
  await deps.tokens.set(entered.token);
  await reportSaved(deps, entered.check);
}

/** Asks for a project's name; undefined when cancelled. */
export async function askProjectName(current: string, title: string): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title,
    prompt: 'The name of this Tesults project, as the Accounts menu and the Results view show it.',
    value: current,
    ignoreFocusOut: true,
    validateInput: (value) => (cleanLabel(value) ? undefined : 'Enter a name, or press Escape to cancel.'),
  });
  return name === undefined ? undefined : cleanLabel(name);
}

/** Sign in (Accounts menu, Add Project): a new account for another project; undefined when cancelled. */
export async function signIn(deps: TokenDeps & { readonly accounts: AccountStore }): Promise<Account | undefined> {
  const origin = deps.tokens.origin;
  if (!origin) {
    void vscode.window.showErrorMessage('The tesults.apiUrl setting is not a valid URL.');
    return undefined;
  }
  const entered = await askForCheckedToken(deps, 'Sign in to Tesults: API Token');
  if (!entered) return undefined;
  const label = await askProjectName(defaultAccountLabel(origin), 'Sign in to Tesults: Project Name');
  if (label === undefined) return undefined;
  const account = await deps.accounts.add(entered.token, origin, label);
  await reportSaved(deps, entered.check);
  return account;
}
