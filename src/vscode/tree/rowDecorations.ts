// Failure decorations for tree rows: a `tesults:` URI carries the failure count, and the
// provider turns it into the failed colour and a badge. Stateless: a changed count is a new URI.
import * as vscode from 'vscode';

export const DECORATION_SCHEME = 'tesults';

export function failureUri(level: 'target' | 'run' | 'suite', nodeId: string, failures: number): vscode.Uri {
  return vscode.Uri.from({ scheme: DECORATION_SCHEME, authority: level, path: `/${encodeURIComponent(nodeId)}`, query: `failures=${failures}` });
}

/** Badges hold at most two characters. */
export function failureBadge(failures: number): string {
  return failures > 99 ? '99' : String(failures);
}

export class FailureDecorationProvider implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== DECORATION_SCHEME) return undefined;
    const match = /(?:^|&)failures=(\d+)/.exec(uri.query);
    const failures = match ? Number(match[1]) : 0;
    if (!failures) return undefined;
    const decoration = new vscode.FileDecoration(
      failureBadge(failures),
      `${failures.toLocaleString('en-US')} failed`,
      new vscode.ThemeColor('testing.iconFailed'),
    );
    decoration.propagate = false;
    return decoration;
  }
}
