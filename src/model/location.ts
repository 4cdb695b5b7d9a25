// Where a test lives in source, from what reporters send (Playwright's `_Location` and
// `_Suite location`), and mapping that path onto the open workspace. Pure path logic with
// node:path; the file system is reached only through the `exists` callback. No `vscode` import.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Json, TestCase } from './types';

export interface SourceLocation {
  /** As sent (any separator style); resolve it with `resolveLocationPath`. */
  readonly file: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
}

const MAX_PATH_LENGTH = 4096;
const MAX_LINE = 10_000_000;
const MAX_COLUMN = 100_000;

/** The test's own location (`_Location`). */
export function parseLocation(c: TestCase): SourceLocation | undefined {
  return parseLocationValue(c.custom?.['_Location']);
}

/** The location of the test's suite (`_Suite location`). */
export function parseSuiteLocation(c: TestCase): SourceLocation | undefined {
  return parseLocationValue(c.custom?.['_Suite location']);
}

/**
 * Reads a location from an object `{file, line, column}`, a JSON string of one, or a string
 * `path`, `path:line` or `path:line:column` (Windows drive letters allowed). Line and column are
 * kept only when they are sane positive integers (numbers or numeric strings).
 */
export function parseLocationValue(value: Json, depth = 0): SourceLocation | undefined {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.length === 0 || text.length > MAX_PATH_LENGTH + 64) return undefined;
    if (text.startsWith('{') || (text.startsWith('"') && text.endsWith('"') && text.length > 1)) {
      // JSON, possibly encoded twice.
      if (depth > 1) return undefined;
      try {
        return parseLocationValue(JSON.parse(text) as Json, depth + 1);
      } catch {
        return undefined;
      }
    }
    const m = /^(.+?):(\d+)(?::(\d+))?$/.exec(text);
    if (m) return make(m[1], m[2], m[3]);
    return make(text, undefined, undefined);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const file = typeof v.file === 'string' ? v.file : typeof v.path === 'string' ? v.path : undefined;
    if (file === undefined) return undefined;
    return make(file.trim(), v.line, v.column ?? v.col);
  }
  return undefined;
}

function make(file: string, line: unknown, column: unknown): SourceLocation | undefined {
  let f = file;
  if (/^file:\/\//i.test(f)) {
    try {
      f = fileURLToPath(f);
    } catch {
      return undefined;
    }
  }
  // Control characters (newlines, NUL) never belong in a path: this is not a location.
  // eslint-disable-next-line no-control-regex
  if (f.length === 0 || f.length > MAX_PATH_LENGTH || /[\u0000-\u001f\u007f]/.test(f) || /^["{[]/.test(f)) return undefined;
  const l = positiveInt(line, MAX_LINE);
  const col = l === undefined ? undefined : positiveInt(column, MAX_COLUMN);
  return { file: f, ...(l !== undefined ? { line: l } : {}), ...(col !== undefined ? { column: col } : {}) };
}

function positiveInt(value: unknown, max: number): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
}

const WIN_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|\\\\|\/\/)/;

/** The path module matching the workspace folders' style (win32 when they have drive letters). */
function pathFor(workspaceFolders: readonly string[]): path.PlatformPath {
  if (workspaceFolders.length > 0) return WIN_ABSOLUTE.test(workspaceFolders[0]) ? path.win32 : path.posix;
  return path;
}

/** At most this many trailing segments are tried when mapping a foreign absolute path. */
const MAX_SEGMENTS = 64;

/**
 * Finds the file a location names in the workspace:
 * 1. an absolute path that exists, as it is;
 * 2. a relative path against each workspace folder;
 * 3. a path from elsewhere (CI: `/home/runner/work/repo/repo/tests/x.spec.ts`, `D:\a\repo\tests\x.spec.ts`)
 *    by its trailing segments against each workspace folder, longest first.
 * Every candidate is checked with `exists`; undefined when none exists.
 */
export function resolveLocationPath(file: string, workspaceFolders: readonly string[], exists: (absPath: string) => boolean): string | undefined {
  if (typeof file !== 'string' || file.length === 0 || file.length > MAX_PATH_LENGTH) return undefined;
  const p = pathFor(workspaceFolders);
  const check = (candidate: string): boolean => {
    try {
      return exists(candidate);
    } catch {
      return false;
    }
  };
  const absolute = file.startsWith('/') || WIN_ABSOLUTE.test(file);
  const isOwnStyleAbsolute = p.isAbsolute(file) && (p === path.win32 ? WIN_ABSOLUTE.test(file) || file.startsWith('\\') : file.startsWith('/'));
  if (isOwnStyleAbsolute) {
    const own = p.normalize(file);
    if (check(own)) return own;
  }
  let segments = file.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (absolute && /^[A-Za-z]:$/.test(segments[0] ?? '')) segments = segments.slice(1);
  if (segments.length === 0 || (absolute && segments.includes('..'))) return undefined;
  if (!absolute) {
    for (const folder of workspaceFolders) {
      const candidate = p.resolve(folder, ...segments);
      // A relative path climbing out of the folder is not in the workspace.
      if (!isInside(p, folder, candidate)) continue;
      if (check(candidate)) return candidate;
    }
  }
  if (segments.includes('..')) return undefined;
  // Ever shorter tails under each folder, down to the file name alone.
  const first = Math.max(absolute ? 0 : 1, segments.length - MAX_SEGMENTS);
  for (let start = first; start < segments.length; start++) {
    const tail = segments.slice(start);
    for (const folder of workspaceFolders) {
      const candidate = p.join(folder, ...tail);
      if (check(candidate)) return candidate;
    }
  }
  return undefined;
}

function isInside(p: path.PlatformPath, folder: string, candidate: string): boolean {
  const rel = p.relative(folder, candidate);
  return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
}
