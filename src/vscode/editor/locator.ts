// Where a case's file is in this workspace: the one place the host resolves uploaded paths
// (`_Location`, `_Suite location`). Asynchronous (fs.promises.realpath, never a synchronous call
// on the extension host), inside an open workspace folder only (src/model/location.ts decides).
// Go to Source, the editor decorations and anything else placing cases in files use it.
import { realpath } from 'node:fs/promises';
import * as vscode from 'vscode';
import { parseLocation, parseSuiteLocation, resolveLocationPath, type SourceLocation } from '../../model/location';
import type { TestCase } from '../../model/types';

/** Local workspace folders, as file-system paths. */
export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** Changes whenever the set of workspace folders does: part of every cache key of resolved paths. */
export function workspaceKey(): string {
  return workspaceRoots().join('\u0000');
}

const fileSystem = { realpath: (p: string) => realpath(p) };

/** The file a location names, inside the workspace; undefined when it is not there (or not allowed). */
export function resolveInWorkspace(file: string, roots: readonly string[] = workspaceRoots()): Promise<string | undefined> {
  return resolveLocationPath(file, roots, fileSystem);
}

/** The case's own location (or its suite's, when asked and sent). */
export function caseLocation(c: TestCase, suiteLevel = false): SourceLocation | undefined {
  return (suiteLevel ? parseSuiteLocation(c) : undefined) ?? parseLocation(c);
}

/** The file and line a case's `_Location` (or `_Suite location`) names, when that file is in the workspace. */
export async function locateCase(c: TestCase, suiteLevel = false): Promise<vscode.Location | undefined> {
  const loc = caseLocation(c, suiteLevel);
  if (!loc) return undefined;
  const file = await resolveInWorkspace(loc.file);
  return file === undefined ? undefined : toLocation(file, loc);
}

export function toLocation(file: string, loc: SourceLocation): vscode.Location {
  const line = Math.max(0, (loc.line ?? 1) - 1);
  const column = Math.max(0, (loc.column ?? 1) - 1);
  return new vscode.Location(vscode.Uri.file(file), new vscode.Position(line, column));
}

/** Where each case is, for many cases at once: each distinct file is resolved once. */
export interface PlacedCase {
  readonly testCase: TestCase;
  /** The file (`Uri.fsPath`); undefined when the case has no location in the workspace. */
  readonly file?: string;
  /** 0-based, when the location gives a line. */
  readonly line?: number;
}

/**
 * Places cases in workspace files by their `_Location`, resolving each distinct path once (in
 * parallel, a few at a time). Cancellable: an aborted signal stops the work early.
 */
export async function placeCases(cases: readonly TestCase[], signal?: AbortSignal, roots: readonly string[] = workspaceRoots()): Promise<PlacedCase[]> {
  const locations = cases.map((c) => parseLocation(c));
  const files = new Map<string, string | undefined>();
  const pending = [...new Set(locations.filter((l): l is SourceLocation => l !== undefined).map((l) => l.file))];
  const worker = async (): Promise<void> => {
    for (let file = pending.pop(); file !== undefined && !signal?.aborted; file = pending.pop()) {
      const resolved = await resolveInWorkspace(file, roots);
      files.set(file, resolved === undefined ? undefined : vscode.Uri.file(resolved).fsPath);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return cases.map((testCase, i) => {
    const loc = locations[i];
    const file = loc ? files.get(loc.file) : undefined;
    if (file === undefined || !loc) return { testCase };
    return { testCase, file, ...(loc.line !== undefined ? { line: loc.line - 1 } : {}) };
  });
}
