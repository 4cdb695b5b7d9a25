// "Set API Token": asks for the token, checks it with Tesults, and saves it only if it is not
// rejected. The check's verdict is shown in the input box itself (a rejected token keeps the box
// open with the reason), so no "rejected" notification can outlive the token that fixed it.
import * as vscode from 'vscode';
import { singleLine } from '../../model/format';
import type { Log } from '../log';
import type { TokenCheck, TokenSession } from './tokenSession';

const PROMPT = "Paste the API token created in Tesults (configuration menu > API Token). It is kept in VS Code's secret storage.";
const REJECTED = 'Tesults rejected this token, so it was not saved. Check that it is an API token (not a target token), or press Escape to cancel.';

export async function promptForToken(deps: { tokens: TokenSession; log: Log }): Promise<void> {
  const outcome = await askAndCheck(deps);
  if (!outcome) return;
  const { token, check, origin } = outcome;
  await deps.tokens.set(token, origin);
  if (check.verdict === 'accepted') {
    deps.log.info('Token saved and accepted by Tesults.');
    void vscode.window.showInformationMessage('Tesults accepted the token.');
  } else if (check.verdict === 'unchecked') {
    deps.log.warn(`Token saved without a check: ${check.problem}`);
    const choice = await vscode.window.showWarningMessage(`Token saved, but it could not be checked: ${singleLine(deps.log.redact(check.problem), 300)}`, 'Retry', 'Show Log');
    if (choice === 'Retry') void vscode.commands.executeCommand('tesults.refresh');
    if (choice === 'Show Log') deps.log.show();
  }
}

/** The input box: resolves with a token Tesults did not reject, or undefined when the user gave up. */
function askAndCheck(deps: { tokens: TokenSession; log: Log }): Promise<{ token: string; check: TokenCheck; origin: string | undefined } | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = 'Tesults API Token';
    box.prompt = PROMPT;
    box.placeholder = 'API token';
    box.password = true;
    box.ignoreFocusOut = true;
    let checking: AbortController | undefined;
    let done = false;
    const finish = (result: { token: string; check: TokenCheck; origin: string | undefined } | undefined): void => {
      if (done) return;
      done = true;
      checking?.abort();
      resolve(result);
      box.dispose();
    };
    box.onDidChangeValue(() => {
      if (!checking) box.validationMessage = undefined;
    });
    box.onDidAccept(async () => {
      const token = box.value.trim();
      if (checking) return;
      if (!token) {
        box.validationMessage = 'Enter a token, or press Escape to cancel.';
        return;
      }
      checking = new AbortController();
      box.busy = true;
      box.enabled = false;
      box.validationMessage = undefined;
      box.prompt = 'Checking the token with Tesults…';
      // The token is bound to the origin it is checked against.
      const origin = deps.tokens.currentOrigin();
      const check = await deps.tokens.check(token, checking.signal);
      checking = undefined;
      if (done) return;
      box.busy = false;
      box.enabled = true;
      box.prompt = PROMPT;
      if (check.verdict === 'rejected') {
        deps.log.warn('The token was rejected by Tesults and was not saved.');
        box.validationMessage = { message: REJECTED, severity: vscode.InputBoxValidationSeverity.Error };
        return;
      }
      if (check.verdict === 'cancelled') return;
      finish({ token, check, origin });
    });
    // Escape (or focus elsewhere with ignoreFocusOut off) cancels a running check too: nothing is saved.
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}
