// Go to source and the failure decorations in editors. Where a test is defined comes from the
// case's `_Location` (checked to exist), else from a bounded search of the workspace's test files
// for its name (src/model/sourceSearch.ts).
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { parseLocation, parseSuiteLocation, resolveLocationPath } from '../model/location';
import { DEFAULT_EXCLUDE_GLOB, DEFAULT_TEST_FILE_GLOB, findTestInText, searchFiles, type FileMatch } from '../model/sourceSearch';
import { failuresInTreeOrder, type SuiteGroup } from '../model/group';
import { singleLine } from '../model/format';
import type { Run, TestCase } from '../model/types';
import { SECTION } from './config';
import type { Log } from './log';
import type { ResultsStore } from '../store/store';
import { reasonText } from '../model/reason';
import { appendFencedText, clip } from './tree';

const SEARCH_MAX_FILES = 5000;
const SEARCH_MAX_BYTES = 64 * 1024 * 1024;
/** Failures looked up per visible editor: enough for any real file, bounded for a hostile run. */
const DECORATION_MAX_FAILURES = 500;

export function testFileGlob(): string {
  const value = vscode.workspace.getConfiguration(SECTION).get<string>('testFileGlob');
  return typeof value === 'string' && value.trim() ? value.trim() : DEFAULT_TEST_FILE_GLOB;
}

function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** The file and line a `_Location` (or `_Suite location`) names, when that file exists here. */
export function locationOf(c: TestCase, suiteLevel = false): vscode.Location | undefined {
  const loc = (suiteLevel ? parseSuiteLocation(c) : undefined) ?? parseLocation(c);
  if (!loc) return undefined;
  const file = resolveLocationPath(loc.file, workspaceRoots(), (p) => existsSync(p));
  if (!file) return undefined;
  const line = Math.max(0, (loc.line ?? 1) - 1);
  const column = Math.max(0, (loc.column ?? 1) - 1);
  return new vscode.Location(vscode.Uri.file(file), new vscode.Position(line, column));
}

async function searchWorkspace(name: string, suite: string | undefined, token: vscode.CancellationToken): Promise<{ matches: FileMatch[]; truncated: boolean }> {
  const uris = await vscode.workspace.findFiles(testFileGlob(), DEFAULT_EXCLUDE_GLOB, SEARCH_MAX_FILES, token);
  const abort = new AbortController();
  const sub = token.onCancellationRequested(() => abort.abort());
  try {
    const decoder = new TextDecoder();
    return await searchFiles(
      uris.map((uri) => ({ path: uri.toString(), read: async () => decoder.decode(await vscode.workspace.fs.readFile(uri)) })),
      name,
      suite,
      { maxFiles: SEARCH_MAX_FILES, maxBytes: SEARCH_MAX_BYTES, signal: abort.signal, maxMatches: 50 },
    );
  } finally {
    sub.dispose();
  }
}

export interface SourceTarget {
  testCase: TestCase;
  /** Set when the user asked for a suite: its cases' suite location is preferred. */
  suite?: SuiteGroup;
}

/** Finds and opens where a case (or suite) is defined; a quick pick when there are several places. */
export async function goToSource(target: SourceTarget, log: Log): Promise<void> {
  const c = target.testCase;
  const direct = locationOf(c, target.suite !== undefined);
  if (direct) {
    await openLocation(direct.uri, direct.range.start);
    return;
  }
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Open the folder of your tests to go to their source.');
    return;
  }
  const name = target.suite ? (target.suite.key || c.name) : c.name;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Looking for "${singleLine(name, 60)}" in test files…`, cancellable: true },
    async (_progress, token) => {
      try {
        return await searchWorkspace(target.suite ? name : c.name, target.suite ? undefined : c.suite, token);
      } catch (err) {
        if (token.isCancellationRequested) return undefined;
        throw err;
      }
    },
  );
  if (!result) return;
  if (result.matches.length === 0) {
    log.info(`Go to source: no match for "${singleLine(name, 200)}"${result.truncated ? ' (search bounded)' : ''}.`);
    void vscode.window.showInformationMessage(
      `Could not find "${singleLine(name, 80)}" in the workspace's test files${result.truncated ? ' (the search stopped at its size limit)' : ''}. The setting tesults.testFileGlob says which files are searched.`,
    );
    return;
  }
  const best = result.matches[0];
  const tied = result.matches.filter((m) => m.score === best.score);
  let chosen: FileMatch | undefined = best;
  if (tied.length > 1 || (result.matches.length > 1 && result.matches[1].score >= best.score * 0.9)) {
    const pick = await vscode.window.showQuickPick(
      result.matches.slice(0, 20).map((m) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(m.path)), description: `line ${m.line}`, match: m })),
      { title: `Where is "${singleLine(name, 60)}" defined?`, placeHolder: 'Several places match: pick one' },
    );
    chosen = pick?.match;
  }
  if (chosen) await openLocation(vscode.Uri.parse(chosen.path), new vscode.Position(chosen.line - 1, chosen.column - 1));
}

async function openLocation(uri: vscode.Uri, position: vscode.Position): Promise<void> {
  const editor = await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export interface FailureSource {
  /** The default target's latest run, if loaded. */
  latestRun(): { targetId: string; run: Run } | undefined;
  /** True where the Testing integration already marks the line (0-based) with a failure: not marked twice. */
  markedByTesting?(uri: vscode.Uri, line: number): boolean;
}

/**
 * Gutter icon, overview-ruler mark and hover on the lines of failing tests of the default
 * target's latest run, in visible editors.
 */
export class FailureEditorDecorations implements vscode.Disposable {
  private readonly type: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: ResultsStore,
    private readonly source: FailureSource,
  ) {
    this.type = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'failure.svg'),
      gutterIconSize: '80%',
      overviewRulerColor: new vscode.ThemeColor('testing.iconFailed'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      isWholeLine: true,
    });
    this.disposables.push(
      this.type,
      store.onDidChange(() => this.schedule()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.editorDecorations`) || e.affectsConfiguration(`${SECTION}.testFileGlob`)) this.schedule();
      }),
    );
    this.schedule();
  }

  private enabled(): boolean {
    return vscode.workspace.getConfiguration(SECTION).get<boolean>('editorDecorations.enabled', true);
  }

  /** Coalesces bursts of store and editor events into one update. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), 150);
  }

  update(): void {
    this.timer = undefined;
    const latest = this.enabled() ? this.source.latestRun() : undefined;
    const failures = latest ? failuresInTreeOrder(this.store.model(latest.run)).slice(0, DECORATION_MAX_FAILURES) : [];
    const glob = testFileGlob();
    for (const editor of vscode.window.visibleTextEditors) {
      if (!latest || failures.length === 0 || editor.document.uri.scheme !== 'file') {
        editor.setDecorations(this.type, []);
        continue;
      }
      editor.setDecorations(this.type, this.decorationsFor(editor.document, latest.targetId, latest.run, failures, glob));
    }
  }

  private decorationsFor(document: vscode.TextDocument, targetId: string, run: Run, failures: readonly TestCase[], glob: string): vscode.DecorationOptions[] {
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
      if (line === undefined || line >= document.lineCount || this.source.markedByTesting?.(document.uri, line)) continue;
      out.push({ range: document.lineAt(line).range, hoverMessage: failureHover(targetId, run, c) });
    }
    return out;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function failureHover(targetId: string, run: Run, c: TestCase): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['tesults.openCase'] };
  md.appendMarkdown('$(error) **Failed in Tesults:** ');
  md.appendText(singleLine(c.name, 200));
  if (c.reason) appendFencedText(md, clip(reasonText(c.reason), 1500));
  const args = encodeURIComponent(JSON.stringify([{ targetId, runId: run.id, caseIndex: c.index }]));
  md.appendMarkdown(`\n\n[Show details](command:tesults.openCase?${args})`);
  return md;
}
