// Where a test lives in source, from what reporters send (Playwright's `_Location` and
// `_Suite location`), and mapping that path onto the open workspace. The path is uploaded text:
// it is only ever resolved to a file inside an open workspace folder (after `..` and links), and
// forms that reach another machine or a device (UNC, `//host`, `\\?\`, `\\.\`, `file://host/`) are
// refused before any file-system call. Pure path logic with node:path (`path.win32` or
// `path.posix`, from the folders' style); the file system is reached only through the injected
// `realpath`. No `vscode` import.
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
    // `file://host/share/x` names another machine (Windows would open an SMB connection).
    if (!/^file:\/\/(?:localhost)?\//i.test(f)) return undefined;
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

/**
 * Paths that reach another machine or a device, refused before any file-system call: UNC
 * (`\\host\share`, `//host/share`, and the mixed `/\` `\/` forms Windows accepts too), the
 * Win32 device and long-path namespaces (`\\?\`, `\\.\`, `\??\`) and `file:` URLs (already
 * turned into paths when parsed; one still here is not a path).
 */
export function isRemoteOrDevicePath(file: string): boolean {
  return /^[\\/]{2}/.test(file) || /^\\\?\?\\/.test(file) || /^file:/i.test(file);
}

/** The path module matching the workspace folders' style (win32 when they have drive letters). */
export function pathFor(workspaceFolders: readonly string[]): path.PlatformPath {
  if (workspaceFolders.length > 0) return WIN_ABSOLUTE.test(workspaceFolders[0]) ? path.win32 : path.posix;
  return path;
}

/** At most this many trailing segments are tried when mapping a foreign absolute path. */
const MAX_SEGMENTS = 64;

/** Windows device names: `<folder>\CON` or `nul.txt` is a device, not a file. */
const WIN_DEVICE = /^(?:con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)(?:\..*)?$/i;

/**
 * The paths a location may name in the workspace, best first, every one inside a folder (by
 * its text, after `..`): none for UNC and device forms.
 * 1. an absolute path inside a folder, as it is;
 * 2. a relative path against each workspace folder;
 * 3. a path from elsewhere (CI: `/home/runner/work/repo/repo/tests/x.spec.ts`, `D:\a\repo\tests\x.spec.ts`)
 *    by its trailing segments against each workspace folder, longest first.
 * At most 1 + 64 × folders candidates.
 */
export function locationCandidates(file: string, workspaceFolders: readonly string[], p: path.PlatformPath = pathFor(workspaceFolders)): string[] {
  if (typeof file !== 'string' || file.length === 0 || file.length > MAX_PATH_LENGTH || isRemoteOrDevicePath(file)) return [];
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(file)) return [];
  const folders = workspaceFolders.filter((f) => typeof f === 'string' && p.isAbsolute(f)).map((f) => p.normalize(f));
  if (folders.length === 0) return [];
  const out: string[] = [];
  const add = (candidate: string): void => {
    // Inside a folder by its text; links are followed by `resolveLocationPath`.
    if (folders.some((folder) => isInside(p, folder, candidate)) && !out.includes(candidate)) out.push(candidate);
  };
  const absolute = file.startsWith('/') || file.startsWith('\\') || WIN_ABSOLUTE.test(file);
  let segments = file.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (absolute && /^[A-Za-z]:$/.test(segments[0] ?? '')) segments = segments.slice(1);
  if (segments.length === 0) return [];
  // On Windows a `:` inside a segment is a drive-relative path or an alternate data stream.
  if (p === path.win32 && segments.some((s) => s.includes(':') || WIN_DEVICE.test(s))) return [];
  const isOwnStyleAbsolute = p === path.win32 ? /^[A-Za-z]:[\\/]/.test(file) : file.startsWith('/');
  if (isOwnStyleAbsolute) add(p.normalize(file));
  if (!absolute) for (const folder of folders) add(p.resolve(folder, ...segments));
  // A path that climbs is either inside a folder (handled above) or not a workspace file.
  if (segments.includes('..')) return out;
  // Ever shorter tails under each folder, down to the file name alone.
  const first = Math.max(absolute ? 0 : 1, segments.length - MAX_SEGMENTS);
  for (let start = first; start < segments.length; start++) {
    const tail = segments.slice(start);
    for (const folder of folders) add(p.join(folder, ...tail));
  }
  return out;
}

/** The file system `resolveLocationPath` needs: the host passes `fs.promises`. */
export interface RealPathFs {
  /** The canonical path (links followed); rejects when the path does not exist. */
  realpath(p: string): Promise<string>;
}

/**
 * The first candidate of `locationCandidates` that exists and whose real path (links followed)
 * is inside the real path of a workspace folder; undefined when none is.
 */
export async function resolveLocationPath(file: string, workspaceFolders: readonly string[], fs: RealPathFs, p: path.PlatformPath = pathFor(workspaceFolders)): Promise<string | undefined> {
  const candidates = locationCandidates(file, workspaceFolders, p);
  if (candidates.length === 0) return undefined;
  const real = async (x: string): Promise<string | undefined> => {
    try {
      const r = await fs.realpath(x);
      return typeof r === 'string' ? r : undefined;
    } catch {
      return undefined;
    }
  };
  const realFolders = (await Promise.all(workspaceFolders.map(real))).filter((f): f is string => f !== undefined);
  for (const candidate of candidates) {
    const target = await real(candidate);
    if (target !== undefined && realFolders.some((folder) => isInside(p, folder, target))) return candidate;
  }
  return undefined;
}

function isInside(p: path.PlatformPath, folder: string, candidate: string): boolean {
  const rel = p.relative(folder, candidate);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + p.sep) && !p.isAbsolute(rel));
}
