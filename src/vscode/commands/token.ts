import * as vscode from 'vscode';
import { isTesultsApiError } from '../../api/errors';
import type { Deps } from '../deps';

/** Set API Token / Clear API Token. The token goes only to SecretStorage and the Authorization header. */
export function registerTokenCommands(deps: Deps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('tesults.setToken', () => setToken(deps)),
    vscode.commands.registerCommand('tesults.clearToken', async () => {
      await deps.tokens.clear();
      void vscode.window.showInformationMessage('Tesults API token removed.');
    }),
  ];
}

async function setToken(deps: Deps): Promise<void> {
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
  deps.log.setSecrets([token, await deps.tokens.get()]);
  let problem = '';
  const verdict = await vscode.window.withProgress<'accepted' | 'rejected' | 'unchecked' | 'cancelled'>(
    { location: vscode.ProgressLocation.Notification, title: 'Checking the Tesults token…', cancellable: true },
    async (_progress, cancel) => {
      const abort = new AbortController();
      cancel.onCancellationRequested(() => abort.abort());
      try {
        await deps.client().checkToken(token, abort.signal);
        return 'accepted';
      } catch (err) {
        const kind = isTesultsApiError(err) ? err.kind : 'unknown';
        problem = err instanceof Error ? err.message : String(err);
        if (kind === 'cancelled') return 'cancelled';
        return kind === 'unauthorized' || kind === 'forbidden' ? 'rejected' : 'unchecked';
      }
    },
  );
  if (verdict === 'cancelled') {
    void vscode.window.showInformationMessage('Check cancelled: the token was not saved.');
    return;
  }
  if (verdict === 'rejected') {
    deps.log.warn('The token was rejected by Tesults and was not saved.');
    const again = await vscode.window.showErrorMessage('Tesults rejected this token, so it was not saved. Check that it is an API token (not a target token).', 'Try Again');
    if (again) void vscode.commands.executeCommand('tesults.setToken');
    return;
  }
  await deps.tokens.set(token);
  if (verdict === 'accepted') {
    deps.log.info('Token saved and accepted by Tesults.');
    void vscode.window.showInformationMessage('Tesults accepted the token.');
  } else {
    deps.log.warn(`Token saved without a check: ${problem}`);
    const choice = await vscode.window.showWarningMessage(`Token saved, but it could not be checked: ${deps.log.redact(problem)}`, 'Retry', 'Show Log');
    if (choice === 'Retry') void vscode.commands.executeCommand('tesults.refresh');
    if (choice === 'Show Log') deps.log.show();
  }
}
