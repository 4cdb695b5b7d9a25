// The failures of the default target's latest run, marked in editors: gutter icon, overview-ruler
// mark and a hover with the reason.
import * as vscode from 'vscode';
import { findTestInText } from '../../model/sourceSearch';
import { failuresInTreeOrder } from '../../model/group';
import { singleLine } from '../../model/format';
import type { Run, TestCase } from '../../model/types';
import type { ResultsStore } from '../../store/store';
import { reasonText } from '../../model/reason';
import { appendFencedText, clip, commandUri, serverMarkdown } from '../markdown';
import type { DefaultTarget } from '../defaultTarget';
import type { Settings } from '../settings';
import { locationOf } from './goToSource';

/** Failures looked up per visible editor: enough for any real file, bounded for a hostile run. */
const DECORATION_MAX_FAILURES = 500;

/**
 * Gutter icon, overview-ruler mark and hover on the lines of failing tests of the default
 * target's latest run, in visible editors.
 */
export class FailureEditorDecorations implements vscode.Disposable {
  readonly #type: vscode.TextEditorDecorationType;
  readonly #disposables: vscode.Disposable[] = [];
  #timer?: ReturnType<typeof setTimeout>;

  readonly #store: ResultsStore;
  readonly #settings: Settings;
  readonly #defaultTarget: DefaultTarget;

  constructor(
    extensionUri: vscode.Uri,
    store: ResultsStore,
    settings: Settings,
    defaultTarget: DefaultTarget,
  ) {
    this.#store = store;
    this.#settings = settings;
    this.#defaultTarget = defaultTarget;
    this.#type = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'failure.svg'),
      gutterIconSize: '80%',
      overviewRulerColor: new vscode.ThemeColor('testing.iconFailed'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      isWholeLine: true,
    });
    this.#disposables.push(
      this.#type,
      store.onDidChange(() => this.schedule()),
      defaultTarget.onDidChange(() => this.schedule()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      settings.onDidChange((names) => {
        if (names.has('editorDecorationsEnabled') || names.has('testFileGlob')) this.schedule();
      }),
    );
    this.schedule();
  }

  /** Coalesces bursts of store and editor events into one update. */
  schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.update(), 150);
  }

  update(): void {
    this.#timer = undefined;
    const latest = this.#settings.get('editorDecorationsEnabled') ? this.#defaultTarget.latestRun() : undefined;
    const failures = latest ? failuresInTreeOrder(this.#store.model(latest.run)).slice(0, DECORATION_MAX_FAILURES) : [];
    const glob = this.#settings.get('testFileGlob');
    for (const editor of vscode.window.visibleTextEditors) {
      if (!latest || failures.length === 0 || editor.document.uri.scheme !== 'file') {
        editor.setDecorations(this.#type, []);
        continue;
      }
      editor.setDecorations(this.#type, this.#decorationsFor(editor.document, latest.targetId, latest.run, failures, glob));
    }
  }

  #decorationsFor(document: vscode.TextDocument, targetId: string, run: Run, failures: readonly TestCase[], glob: string): vscode.DecorationOptions[] {
    const out: vscode.DecorationOptions[] = [];
    const path = document.uri.fsPath;
    const isTestFile = vscode.languages.match({ pattern: glob }, document) > 0;
    let text: string | undefined;
    for (const c of failures) {
      let line: number | undefined;
      const loc = locationOf(c);
      if (loc) {
        if (loc.uri.fsPath === path) line = loc.range.start.line;
        else continue; // located elsewhere: not this file
      } else if (isTestFile) {
        text ??= document.getText();
        const match = findTestInText(text, c.name, c.suite)[0];
        if (match) line = match.line - 1;
      }
      if (line === undefined || line >= document.lineCount) continue;
      out.push({ range: document.lineAt(line).range, hoverMessage: failureHover(targetId, run, c) });
    }
    return out;
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    for (const d of this.#disposables) d.dispose();
  }
}

function failureHover(targetId: string, run: Run, c: TestCase): vscode.MarkdownString {
  const md = serverMarkdown(['tesults.openCase']);
  md.appendMarkdown('$(error) **Failed in Tesults:** ');
  md.appendText(singleLine(c.name, 200));
  if (c.reason) appendFencedText(md, clip(reasonText(c.reason), 1500));
  md.appendMarkdown(`\n\n[Show details](${commandUri('tesults.openCase', [{ targetId, runId: run.id, caseIndex: c.index }])})`);
  return md;
}
