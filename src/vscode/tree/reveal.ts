// Revealing a row of the Results view. VS Code's reveal opens a hidden view and then expands the
// row's ancestors through the tree items its widget loads. A view shown for the first time in a
// window (e.g. a freshly opened multi-root workspace, whose side bar starts on the Explorer) starts
// its loads as it shows (cached targets are refreshed then): each reload refreshes the tree, which
// drops the extension host's tree items while the widget is still asking for a target's children
// ("No tree item with id … found"), and the reveal resolves having selected nothing. So a reveal
// into a hidden view is made again once the view shows and those loads are done; a load can start
// from the tree itself as it redraws (a target's runs), so while the row is still not selected the
// reveal is made again after the next settling, a bounded number of times (a repeated reveal of the
// same row changes nothing).
import type * as vscode from 'vscode';

export type RevealOptions = { select?: boolean; focus?: boolean; expand?: boolean | number };
export type RevealableView<T> = Pick<vscode.TreeView<T>, 'reveal' | 'visible' | 'onDidChangeVisibility' | 'selection'>;

/** How long to wait for a view the first reveal opened to report itself visible. */
const SHOW_TIMEOUT_MS = 5000;
/** Reveals after the view showed, at most: each waits for the loads to settle first. */
const MAX_REVEALS_AFTER_SHOWING = 3;

/** settled: resolves once the loads the view started by showing are done. */
export async function revealInView<T>(view: RevealableView<T>, node: T, options: RevealOptions, settled: () => Promise<void>, showTimeoutMs = SHOW_TIMEOUT_MS): Promise<void> {
  const wasVisible = view.visible;
  await view.reveal(node, options);
  if (wasVisible) return;
  if (!view.visible && !(await becomesVisible(view, showTimeoutMs))) return;
  for (let i = 0; i < MAX_REVEALS_AFTER_SHOWING; i++) {
    await settled();
    await view.reveal(node, options);
    if (!options.select || isSelected(view, node)) return;
  }
}

/** Whether the view's selection holds the node (the same object, or a row with the same id). */
function isSelected<T>(view: RevealableView<T>, node: T): boolean {
  const idOf = (x: unknown): unknown => (typeof x === 'object' && x !== null && 'id' in x ? (x as { id: unknown }).id : x);
  return view.selection.some((s) => s === node || idOf(s) === idOf(node));
}

function becomesVisible<T>(view: RevealableView<T>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (visible: boolean): void => {
      clearTimeout(timer);
      listener.dispose();
      resolve(visible);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    const listener = view.onDidChangeVisibility((e) => {
      if (e.visible) done(true);
    });
  });
}
