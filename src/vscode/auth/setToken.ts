// "Set API Token" and "Sign in" (Accounts menu, Add Project): ask for the token (masked), check it
// with Tesults, and save it only if it is not rejected, bound to the origin it was checked against.
// The check's verdict is shown in the input box itself (a rejected token keeps the box open with
// the reason), so no "rejected" notification can outlive the token that fixed it.
import * as vscode from 'vscode';
import { singleLine } from '../../model/format';
import type { Log } from '../log';
import { type Account, type AccountStore, cleanLabel, defaultAccountLabel } from './accounts';
import type { TokenCheck, TokenSession } from './tokenSession';

const PROMPT = "Paste the API token created in Tesults (configuration menu > API Token). It is kept in VS Code's secret storage.";
const REJECTED = 'Tesults rejected this token, so it was not saved. Check that it is an API token (not a target token), or press Escape to cancel.';
const NO_ORIGIN = 'The tesults.apiUrl setting (user settings) is not a valid API URL, so no token can be checked or saved. Fix it first.';

interface TokenDeps {
  readonly tokens: TokenSession;
  readonly log: Log;
}

interface CheckedToken {
  readonly token: string;
  readonly check: TokenCheck;
  /** Where it was checked: the origin it is bound to. */
  readonly origin: string;
}

/** Set API Token: replaces the default project's token (makes the first account when there is none). */
export async function promptForToken(deps: TokenDeps): Promise<void> {
  const outcome = await askAndCheck(deps, 'Tesults API Token');
  if (!outcome) return;
  await deps.tokens.set(outcome.token, outcome.origin);
  await reportSaved(deps, outcome.check);
}

/** Sign in (Accounts menu, Add Project): a new account for another project; undefined when cancelled. */
export async function signIn(deps: TokenDeps & { readonly accounts: AccountStore }): Promise<Account | undefined> {
  const outcome = await askAndCheck(deps, 'Sign in to Tesults: API Token');
  if (!outcome) return undefined;
  const label = await askProjectName(defaultAccountLabel(outcome.origin), 'Sign in to Tesults: Project Name');
  if (label === undefined) return undefined;
  const account = await deps.accounts.add(outcome.token, outcome.origin, label);
  await reportSaved(deps, outcome.check);
  return account;
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

async function reportSaved(deps: TokenDeps, check: TokenCheck): Promise<void> {
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
function askAndCheck(deps: TokenDeps, title: string): Promise<CheckedToken | undefined> {
  if (!deps.tokens.currentOrigin()) {
    void vscode.window.showErrorMessage(NO_ORIGIN, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'tesults.apiUrl');
    });
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = title;
    box.prompt = PROMPT;
    box.placeholder = 'API token';
    box.password = true;
    box.ignoreFocusOut = true;
    let checking: AbortController | undefined;
    let done = false;
    const finish = (result: CheckedToken | undefined): void => {
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
      // The token is bound to the origin it is checked against.
      const origin = deps.tokens.currentOrigin();
      if (!origin) {
        box.validationMessage = { message: NO_ORIGIN, severity: vscode.InputBoxValidationSeverity.Error };
        return;
      }
      checking = new AbortController();
      box.busy = true;
      box.enabled = false;
      box.validationMessage = undefined;
      box.prompt = 'Checking the token with Tesults…';
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
