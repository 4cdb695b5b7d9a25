// The gutter marks' work, in the source-finding bundle (loadSourceFinding.ts): where a run's
// failures are (their `_Location`s resolved through locator.ts, asynchronously), and the marks of
// one document (located failures at their line, the others found by name in one pass over a test
// file's text, findTestsInText). gutterDecorations.ts keeps the wiring and the caches.
import * as vscode from 'vscode';
import { findTestsInText } from '../../model/sourceSearch';
import { singleLine } from '../../model/format';
import type { Run, TestCase } from '../../model/types';
import { reasonText } from '../../model/reason';
import { appendFencedText, clip, commandUri, serverMarkdown } from '../markdown';
import { placeCases } from './locator';

/** Where the failures of one run are. */
export interface FailurePlaces {
  /** By `Uri.fsPath`: the failures located in that file (line undefined: find it by name there). */
  readonly byFile: ReadonlyMap<string, ReadonlyArray<{ readonly testCase: TestCase; readonly line?: number }>>;
  /** Failures without a location in the workspace: looked for by name in test files. */
  readonly unlocated: readonly TestCase[];
}

/** Resolves where `failures` are (each distinct `_Location` once); does not reject. */
export async function placeFailures(failures: readonly TestCase[], signal: AbortSignal): Promise<FailurePlaces> {
  const byFile = new Map<string, Array<{ testCase: TestCase; line?: number }>>();
  const unlocated: TestCase[] = [];
  for (const p of await placeCases(failures, signal)) {
    if (p.file === undefined) unlocated.push(p.testCase);
    else {
      let list = byFile.get(p.file);
      if (list === undefined) byFile.set(p.file, (list = []));
      list.push({ testCase: p.testCase, line: p.line });
    }
  }
  return { byFile, unlocated };
}

/** The marks of `document`: its failures' lines, except those the Testing integration marks (`markedByTesting`, 0-based). */
export function failureMarks(
  document: vscode.TextDocument,
  run: { readonly targetId: string; readonly run: Run },
  places: FailurePlaces,
  glob: string,
  markedByTesting: (uri: vscode.Uri, line: number) => boolean,
): vscode.DecorationOptions[] {
  const out: vscode.DecorationOptions[] = [];
  const mark = (c: TestCase, line: number): void => {
    if (line >= 0 && line < document.lineCount && !markedByTesting(document.uri, line)) out.push({ range: document.lineAt(line).range, hoverMessage: failureHover(run.targetId, run.run, c) });
  };
  const toFind: TestCase[] = [];
  for (const { testCase, line } of places.byFile.get(document.uri.fsPath) ?? []) {
    if (line !== undefined) mark(testCase, line);
    else toFind.push(testCase);
  }
  if (places.unlocated.length > 0 && vscode.languages.match({ pattern: glob }, document) > 0) toFind.push(...places.unlocated);
  if (toFind.length > 0) {
    const found = findTestsInText(document.getText(), toFind.map((c) => ({ name: c.name, suite: c.suite })));
    toFind.forEach((c, i) => {
      const match = found[i];
      if (match) mark(c, match.line - 1);
    });
  }
  return out;
}

function failureHover(targetId: string, run: Run, c: TestCase): vscode.MarkdownString {
  const md = serverMarkdown(['tesults.openCase']);
  md.appendMarkdown('$(error) **Failed in Tesults:** ');
  md.appendText(singleLine(c.name, 200));
  if (c.reason) appendFencedText(md, clip(reasonText(c.reason), 1500));
  md.appendMarkdown(`\n\n[Show details](${commandUri('tesults.openCase', [{ targetId, runId: run.id, caseIndex: c.index }])})`);
  return md;
}
