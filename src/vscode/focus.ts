// Waiting for the window's focus: a window opened (or restored) in the background sends no
// request until the user looks at it. Several windows then never load at once.
import * as vscode from 'vscode';

/** The part of `vscode.window` this needs (tests pass their own). */
export interface FocusSource {
  readonly state: { readonly focused: boolean };
  onDidChangeWindowState(listener: (state: { readonly focused: boolean }) => unknown): { dispose(): unknown };
}

/** Runs `action` now if this window has focus, else once it gains focus. Disposing cancels a wait. */
export function whenFocused(action: () => void, window: FocusSource = vscode.window): { dispose(): void } {
  if (window.state.focused) {
    action();
    return { dispose: () => undefined };
  }
  let done = false;
  const subscription = window.onDidChangeWindowState((state) => {
    if (done || !state.focused) return;
    done = true;
    subscription.dispose();
    action();
  });
  return {
    dispose: () => {
      done = true;
      subscription.dispose();
    },
  };
}
