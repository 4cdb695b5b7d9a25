// Each test's CI history above it in the editor (the CodeLens): which cases of a run are defined
// in a document, on which line, and what their recent history says. Pure: no file access (the
// document's path is compared, never checked on disk) and no network; the vscode layer shows it.
import { caseHistory, flakyVerdict } from './compare';
import { formatRelativeTime, formatRunTime } from './format';
import { parseLocation, locationCandidates } from './location';
import { findTestInText } from './sourceSearch';
import type { Run, TestCase } from './types';

/** Runs counted in "✗ 3 of last 10". */
export const CI_HISTORY_RUNS = 10;
/** Cases without `_Location` looked for by name in one document (a name search reads the text each time). */
export const CI_MAX_NAME_SEARCHES = 100;

/** An open document, as the locating needs it. */
export interface DocumentToSearch {
  /** Its file system path. */
  readonly path: string;
  /** Its text (read only when a case has no `_Location`). */
  text(): string;
  /** Whether it matches the test file glob (only then are cases looked for by name). */
  readonly isTestFile: boolean;
}

/** One test located in the document. */
export interface CiLens {
  /** 0-based line of the test. */
  readonly line: number;
  readonly testCase: TestCase;
  /** "CI: ✗ 3 of last 10 · flaky · 2 h ago". */
  readonly text: string;
  /** The tooltip: the flaky reason, the run it comes from. */
  readonly tooltip: string;
}

const fileOfLocation = new WeakMap<Run, Map<string, TestCase[]>>();

/** The run's cases by the file their `_Location` names (as sent), built once per run. */
function casesByLocationFile(run: Run): Map<string, TestCase[]> {
  let byFile = fileOfLocation.get(run);
  if (byFile === undefined) {
    byFile = new Map();
    for (const c of run.cases) {
      const file = parseLocation(c)?.file ?? '';
      const list = byFile.get(file);
      if (list === undefined) byFile.set(file, [c]);
      else list.push(c);
    }
    fileOfLocation.set(run, byFile);
  }
  return byFile;
}

/**
 * THE way the editor features locate a run's tests in a document: by `_Location` when the case has
 * one (its path resolved against the workspace folders like Go to Source, matched against the
 * document's path — no disk access), else by name in a test file. Returns [0-based line, case].
 */
export function locateCasesInDocument(run: Run, doc: DocumentToSearch, workspaceFolders: readonly string[]): [number, TestCase][] {
  const out: [number, TestCase][] = [];
  for (const [file, cases] of casesByLocationFile(run)) {
    if (file === '' || !locationCandidates(file, workspaceFolders).includes(doc.path)) continue;
    for (const c of cases) out.push([Math.max(0, (parseLocation(c)?.line ?? 1) - 1), c]);
  }
  const unlocated = casesByLocationFile(run).get('');
  if (doc.isTestFile && unlocated !== undefined) {
    const text = doc.text();
    for (const c of unlocated.slice(0, CI_MAX_NAME_SEARCHES)) {
      if (c.name === '' || !text.includes(c.name.slice(0, 40))) continue;
      const match = findTestInText(text, c.name, c.suite)[0];
      if (match) out.push([match.line - 1, c]);
    }
  }
  return out;
}

/** "CI: ✗ 3 of last 10 · flaky · 2 h ago" for a case of `history[0]` (the target's runs, newest first). */
export function ciLensText(c: TestCase, history: readonly Run[], now: number): { text: string; tooltip: string } {
  const recent = caseHistory(history.slice(0, CI_HISTORY_RUNS), c);
  let failed = 0;
  let passed = 0;
  for (const { testCase } of recent) {
    if (testCase?.result === 'fail') failed++;
    else if (testCase?.result === 'pass') passed++;
  }
  const verdict = flakyVerdict(c, history);
  const newest = history[0];
  const when = newest === undefined ? undefined : formatRelativeTime(newest.createdTime, now) ?? formatRunTime(newest.createdTime, now);
  const parts = [failed > 0 ? `CI: ✗ ${failed} of last ${recent.length}` : `CI: ✓ ${passed} of last ${recent.length}`];
  if (verdict.flaky) parts.push('flaky');
  if (when !== undefined) parts.push(when);
  const tooltip = [verdict.flaky ? `Flaky: ${verdict.text}` : '', `Failed in ${failed}, passed in ${passed} of the last ${recent.length} loaded runs. Click for details.`].filter(Boolean).join('\n');
  return { text: parts.join(' · '), tooltip };
}

/** The lenses of a document: every test of the newest run located in it, with its history. */
export function ciLenses(history: readonly Run[], doc: DocumentToSearch, workspaceFolders: readonly string[], now: number): CiLens[] {
  const newest = history[0];
  if (newest === undefined) return [];
  return locateCasesInDocument(newest, doc, workspaceFolders).map(([line, testCase]) => ({ line, testCase, ...ciLensText(testCase, history, now) }));
}
