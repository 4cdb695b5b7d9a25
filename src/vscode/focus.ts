// Waiting for the window's focus: a window opened (or restored) in the background sends no
// request until the user looks at it. Several windows then never load at once.
import * as vscode from 'vscode';

/** Runs `action` now if this window has focus, else once it gains focus. Disposing cancels a wait. */
export function whenFocused(action: () => void): vscode.Disposable {
  if (vscode.window.state.focused) {
    action();
    return new vscode.Disposable(() => undefined);
  }
  const subscription = vscode.window.onDidChangeWindowState((state) => {
    if (!state.focused) return;
    subscription.dispose();
    action();
  });
  return subscription;
}
