// "Set API Token": asks for the token, checks it with Tesults, and saves it only if it is not rejected.
import * as vscode from 'vscode';
import { singleLine } from '../../model/format';
import type { Log } from '../log';
import type { TokenSession } from './tokenSession';

export async function promptForToken(deps: { tokens: TokenSession; log: Log }): Promise<void> {
  const input = await vscode.window.showInputBox({
    title: 'Tesults API Token',
    prompt: 'Paste the API token created in Tesults (configuration menu > API Token). It is kept in VS Code\'s secret storage.',
    placeHolder: 'API token',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() ? undefined : 'Enter a token, or press Escape to cancel.'),
  });
  const token = input?.trim();
  if (!token) return;
  // The token is bound to the origin it is checked against.
  const origin = deps.tokens.currentOrigin();
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
    return;
  }
  if (check.verdict === 'rejected') {
    deps.log.warn('The token was rejected by Tesults and was not saved.');
    const again = await vscode.window.showErrorMessage('Tesults rejected this token, so it was not saved. Check that it is an API token (not a target token).', 'Try Again');
    if (again) void vscode.commands.executeCommand('tesults.setToken');
    return;
  }
  await deps.tokens.set(token, origin);
  if (check.verdict === 'accepted') {
    deps.log.info('Token saved and accepted by Tesults.');
    void vscode.window.showInformationMessage('Tesults accepted the token.');
  } else {
    deps.log.warn(`Token saved without a check: ${check.problem}`);
    const choice = await vscode.window.showWarningMessage(`Token saved, but it could not be checked: ${singleLine(deps.log.redact(check.problem), 300)}`, 'Retry', 'Show Log');
    if (choice === 'Retry') void vscode.commands.executeCommand('tesults.refresh');
    if (choice === 'Show Log') deps.log.show();
  }
}
