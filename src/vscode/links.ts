// Links from untrusted data (a run's run_url, a case's files) open only on the Tesults web origin
// of the API URL in the user's settings (util/url.ts `tesultsWebLink`); anything else is refused
// with a message that shows the link, clipped and on one line.
import * as vscode from 'vscode';
import { tesultsWebLink } from '../util/url';

/** Opens `candidate` in the browser when it is a Tesults link for `apiUrl`; otherwise says why not. */
export async function openTesultsLink(candidate: unknown, apiUrl: string): Promise<boolean> {
  const check = tesultsWebLink(candidate, apiUrl);
  if (!check.ok) {
    void vscode.window.showWarningMessage(check.reason);
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(check.url.href, true));
}
