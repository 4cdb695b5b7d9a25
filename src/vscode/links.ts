// Links from untrusted data (run URLs, links in a case's details) open only when they are safe.
import * as vscode from 'vscode';
import { checkWebUrl } from '../util/url';

/** Opens an https (or loopback http) URL in the browser; anything else is refused. */
export async function openExternalChecked(url: string): Promise<boolean> {
  const check = checkWebUrl(url);
  if (!check.ok) {
    void vscode.window.showWarningMessage('Not opening this link: only https:// links (and http:// on this computer) are opened.');
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(check.url.href, true));
}
