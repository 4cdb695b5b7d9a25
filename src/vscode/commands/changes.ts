// Commands about what changed and what is flaky: the flaky filter and "Compare with…" on a run.
import * as vscode from 'vscode';
import { compareRuns, formatChanges } from '../../model/compare';
import { formatAbsoluteTime, formatRunTime, singleLine } from '../../model/format';
import { formatCounts } from '../../model/group';
import type { Run } from '../../model/types';
import { isNode } from '../caseRef';
import type { Deps } from '../deps';

export function registerChangeCommands(deps: Deps): vscode.Disposable[] {
  const { store, view } = deps;
  return [
    vscode.commands.registerCommand('tesults.showOnlyFlaky', () => view.setFlakyFilter('only')),
    vscode.commands.registerCommand('tesults.hideFlaky', () => view.setFlakyFilter('hide')),
    vscode.commands.registerCommand('tesults.showFlakyAndStable', () => view.setFlakyFilter('all')),
    vscode.commands.registerCommand('tesults.compareWith', async (arg: unknown) => {
      const node = isNode(arg, 'run') ? arg : view.selected();
      if (node === undefined || node.kind !== 'run') {
        void vscode.window.showInformationMessage('Choose a run in the Tesults view to compare.');
        return;
      }
      const others = (store.target(node.parent.targetId)?.runs ?? []).filter((r) => r !== node.run);
      if (others.length === 0) {
        void vscode.window.showInformationMessage('No other loaded run of this target to compare with. Load more runs first.');
        return;
      }
      const now = Date.now();
      const items = others.map((run): vscode.QuickPickItem & { run: Run } => ({
        run,
        label: formatRunTime(run.createdTime, now),
        description: [run.build ? singleLine(run.build.name, 80) : '', formatCounts(store.model(run).counts)].filter(Boolean).join(' · '),
        detail: formatChanges(compareRuns(node.run, run)) || 'no new failures or fixes',
      }));
      const pick = await vscode.window.showQuickPick(items, { title: `Compare the run of ${formatAbsoluteTime(node.run.createdTime)} with…`, matchOnDescription: true });
      if (!pick) return;
      view.tree.changes.compareWith(node, pick.run);
      view.tree.refresh();
      await view.reveal(node, { select: true, focus: true, expand: true });
    }),
  ];
}
