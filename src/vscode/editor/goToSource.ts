// Go to source. Where a test is defined comes from the case's `_Location` (a file inside the
// workspace, see locator.ts), else
// from a bounded search of the workspace's test files for its name (src/model/sourceSearch.ts).
import * as vscode from 'vscode';
import { DEFAULT_EXCLUDE_GLOB, searchFiles, type FileMatch } from '../../model/sourceSearch';
import type { SuiteGroup } from '../../model/group';
import { singleLine } from '../../model/format';
import type { TestCase } from '../../model/types';
import type { Log } from '../log';
import type { Settings } from '../settings';
import { locateCase } from './locator';

const SEARCH_MAX_FILES = 5000;
const SEARCH_MAX_BYTES = 64 * 1024 * 1024;

async function searchWorkspace(glob: string, name: string, suite: string | undefined, token: vscode.CancellationToken): Promise<{ matches: FileMatch[]; truncated: boolean }> {
  const uris = await vscode.workspace.findFiles(glob, DEFAULT_EXCLUDE_GLOB, SEARCH_MAX_FILES, token);
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

/** What to find the source of (not a Tesults target). */
export interface SourceLookup {
  testCase: TestCase;
  /** Set when the user asked for a suite: its cases' suite location is preferred. */
  suite?: SuiteGroup;
}

/** Finds and opens where a case (or suite) is defined; a quick pick when there are several places. */
export async function goToSource(lookup: SourceLookup, services: { log: Log; settings: Settings }): Promise<void> {
  const c = lookup.testCase;
  const direct = await locateCase(c, lookup.suite !== undefined);
  if (direct) {
    await openLocation(direct.uri, direct.range.start);
    return;
  }
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Open the folder of your tests to go to their source.');
    return;
  }
  const name = lookup.suite ? (lookup.suite.key || c.name) : c.name;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Looking for "${singleLine(name, 60)}" in test files…`, cancellable: true },
    async (_progress, token) => {
      try {
        return await searchWorkspace(services.settings.get('testFileGlob'), lookup.suite ? name : c.name, lookup.suite ? undefined : c.suite, token);
      } catch (err) {
        if (token.isCancellationRequested) return undefined;
        throw err;
      }
    },
  );
  if (!result) return;
  if (result.matches.length === 0) {
    services.log.info(`Go to source: no match for "${singleLine(name, 200)}"${result.truncated ? ' (search bounded)' : ''}.`);
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
