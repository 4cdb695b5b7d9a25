import * as vscode from 'vscode';
import { formatRunTime, pickText } from '../../model/format';
import type { Run, TestCase } from '../../model/types';
import type { ResultsStore } from '../../store/store';
import type { ResultsView } from './view';

interface CasePick extends vscode.QuickPickItem {
  targetId: string;
  run: Run;
  testCase: TestCase;
}

/** Quick pick items are capped so a huge account does not freeze the picker. */
const FIND_CASE_MAX_ITEMS = 50_000;

/** "Find Test Case": a quick pick over every case of the loaded runs; the chosen one is revealed in the tree. */
export async function findCase(deps: { store: ResultsStore; view: ResultsView }): Promise<void> {
  const items: CasePick[] = [];
  const now = Date.now();
  outer: for (const entry of deps.store.targets) {
    for (const run of entry.runs) {
      const when = formatRunTime(run.createdTime, now);
      for (const testCase of run.cases) {
        if (items.length >= FIND_CASE_MAX_ITEMS) break outer;
        items.push({
          label: `$(${testCase.result === 'fail' ? 'error' : testCase.result === 'pass' ? 'pass' : 'question'}) ${pickText(testCase.name)}`,
          description: pickText(testCase.suite ?? '', 80),
          detail: `${testCase.result} · ${pickText(entry.target.name, 60)} · ${when}`,
          targetId: entry.target.id,
          run,
          testCase,
        });
      }
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No runs are loaded yet: expand a target in the Tesults view first.');
    return;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Find Test Case',
    placeHolder: 'Type part of a case name, suite or result',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!pick) return;
  const node = deps.view.tree.nodeForCase(pick.targetId, pick.run, pick.testCase);
  if (node) await deps.view.reveal(node, { select: true, focus: true, expand: true });
}

