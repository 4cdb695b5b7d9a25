// Each test's CI history above it in the editor: "CI: ✗ 3 of last 10 · flaky · 2 h ago", from the
// default target's loaded runs (model/ciHistory.ts). No request and no file access: the document's
// own text and path, and what the store holds. Clicking opens the case's details.
import * as vscode from 'vscode';
import { sourceFinding } from './loadSourceFinding';
import type { ResultsStore } from '../../store/store';
import type { DefaultTarget } from '../defaultTarget';
import type { Settings } from '../settings';

export class CiHistoryCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  readonly #changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.#changed.event;
  readonly #disposables: vscode.Disposable[];

  readonly #store: ResultsStore;
  readonly #settings: Settings;
  readonly #defaultTarget: DefaultTarget;

  constructor(store: ResultsStore, settings: Settings, defaultTarget: DefaultTarget) {
    this.#store = store;
    this.#settings = settings;
    this.#defaultTarget = defaultTarget;
    this.#disposables = [
      this.#changed,
      vscode.languages.registerCodeLensProvider({ scheme: 'file' }, this),
      store.onDidChange((e) => {
        if (e.targetId === undefined || e.targetId === defaultTarget.id()) this.#changed.fire();
      }),
      defaultTarget.onDidChange(() => this.#changed.fire()),
      settings.onDidChange((names) => {
        if (names.has('codeLensEnabled') || names.has('testFileGlob')) this.#changed.fire();
      }),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.#settings.get('codeLensEnabled')) return [];
    const latest = this.#defaultTarget.latestRun();
    if (!latest) return [];
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const doc = {
      path: document.uri.fsPath,
      text: () => document.getText(),
      isTestFile: vscode.languages.match({ pattern: this.#settings.get('testFileGlob') }, document) > 0,
    };
    const lenses = sourceFinding().ciLenses(this.#store.history(latest.targetId), doc, roots, Date.now());
    return lenses
      .filter((lens) => lens.line < document.lineCount)
      .map((lens) => {
        const ref = { targetId: latest.targetId, runId: latest.run.id, caseIndex: lens.testCase.index };
        return new vscode.CodeLens(document.lineAt(lens.line).range, { title: lens.text, tooltip: lens.tooltip, command: 'tesults.openCase', arguments: [ref] });
      });
  }

  dispose(): void {
    for (const d of this.#disposables) d.dispose();
  }
}
