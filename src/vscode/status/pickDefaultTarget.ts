// "Select Default Target": the status bar's click when no default target is set or found.
import * as vscode from 'vscode';
import { pickText } from '../../model/format';
import type { ResultsStore } from '../../store/store';
import type { TokenSession } from '../auth/tokenSession';
import type { DefaultTarget } from '../defaultTarget';

/** Lets the user choose the default target among the loaded ones (loading them when needed). */
export async function pickDefaultTarget(deps: { store: ResultsStore; tokens: TokenSession; defaultTarget: DefaultTarget }): Promise<void> {
  if (!deps.tokens.hasToken) {
    const choice = await vscode.window.showInformationMessage('Set your Tesults API token first.', 'Set API Token');
    if (choice) void vscode.commands.executeCommand('tesults.setToken');
    return;
  }
  const picker = vscode.window.createQuickPick<vscode.QuickPickItem & { targetId: string }>();
  picker.title = 'Default Tesults Target';
  picker.placeholder = 'The target whose latest run the status bar shows';
  const fill = (): void => {
    const current = deps.defaultTarget.id();
    picker.items = deps.store.targets.map((e) => ({
      label: `${e.target.id === current ? '$(pinned) ' : ''}${pickText(e.target.name, 120)}`,
      description: pickText(e.target.id, 60),
      targetId: e.target.id,
    }));
  };
  fill();
  if (deps.store.targets.length === 0) {
    picker.busy = true;
    void deps.store.loadTargets().then(() => {
      picker.busy = false;
      fill();
      if (deps.store.targetsError) picker.placeholder = deps.store.targetsError.message;
    });
  }
  const chosen = await new Promise<string | undefined>((resolve) => {
    picker.onDidAccept(() => resolve(picker.selectedItems[0]?.targetId));
    picker.onDidHide(() => resolve(undefined));
    picker.show();
  });
  picker.dispose();
  if (!chosen) return;
  await deps.defaultTarget.set(chosen);
}
