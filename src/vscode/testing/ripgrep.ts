// Which test files contain any of many fixed strings, by one ripgrep walk per workspace folder:
// the prefilter of the one-pass search (locateFiles.ts), so that only the files that can name a
// test are read by Node. The binary is the one VS Code ships (found by the importer), the globs are
// passed as VS Code's own file search passes them (`-g` anchored to the folder, `--no-ignore`,
// `--hidden`, `--follow`), and the patterns go through stdin, never a shell or a temporary file.
// No `vscode` import, so the bench runs exactly this.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { singleLine } from '../../model/format';
import { abortError } from '../../util/abort';

export interface RipgrepSearch {
  /** The ripgrep executable. */
  readonly rgPath: string;
  /** Absolute folders searched, each as its own walk (paths come back joined to their folder). */
  readonly roots: readonly string[];
  /** VS Code glob of the files searched, relative to each folder (the `tesults.testFileGlob`). */
  readonly include: string;
  /** VS Code glob of what is never searched. */
  readonly exclude: string;
  /** Fixed strings (case-sensitive, no line ends); a file is listed when it contains one. */
  readonly patterns: readonly string[];
  /** File extensions left out (case-insensitive). */
  readonly skipExtensions?: readonly string[];
  /** Files larger than this are not searched (as the pass skips them). */
  readonly maxFileBytes: number;
  readonly signal?: AbortSignal;
}

/** Where VS Code keeps its ripgrep, under its application root (packed builds unpack it beside the archive). */
const RIPGREP_PLACES = ['node_modules/@vscode/ripgrep/bin', 'node_modules.asar.unpacked/@vscode/ripgrep/bin', 'node_modules/vscode-ripgrep/bin', 'node_modules.asar.unpacked/vscode-ripgrep/bin'];

const found = new Map<string, Promise<string | undefined>>();

/**
 * The ripgrep executable VS Code ships under `appRoot` (`vscode.env.appRoot`), or undefined; looked
 * up once per root. Only VS Code's own copy is used: never one from PATH or the workspace.
 */
export function findRipgrep(appRoot: string): Promise<string | undefined> {
  let lookup = found.get(appRoot);
  if (lookup === undefined) {
    const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
    lookup = (async () => {
      if (!appRoot) return undefined;
      for (const place of RIPGREP_PLACES) {
        const candidate = path.join(appRoot, place, exe);
        try {
          await fs.promises.access(candidate, fs.constants.X_OK);
          return candidate;
        } catch {
          // not here
        }
      }
      return undefined;
    })();
    found.set(appRoot, lookup);
  }
  return lookup;
}

/** As VS Code's file search anchors a glob to the folder searched. */
function anchorGlob(glob: string): string {
  return glob.startsWith('**') || glob.startsWith('/') ? glob : `/${glob}`;
}

type WalkOptions = Pick<RipgrepSearch, 'include' | 'exclude' | 'skipExtensions' | 'maxFileBytes'>;

/** The files walked: as VS Code's file search lists them for `findFiles(include, exclude)`. */
function walkArgs(search: WalkOptions): string[] {
  const args = [
    '--no-ignore',
    '--hidden',
    '--follow',
    '--no-config',
    '--max-filesize',
    String(search.maxFileBytes),
    '-g',
    anchorGlob(search.include),
    '-g',
    `!${anchorGlob(search.exclude)}`,
  ];
  // A later glob wins over an earlier one, so this leaves the extensions out of the include.
  if (search.skipExtensions?.length) args.push('--iglob', `!*.{${search.skipExtensions.join(',')}}`);
  return args;
}

/** The arguments of `filesContainingAny` (the patterns come on stdin). */
export function ripgrepArgs(search: WalkOptions): string[] {
  // Every byte, as the pass reads them: no binary-file skipping.
  return ['--files-with-matches', '--null', '--fixed-strings', '--case-sensitive', '--text', ...walkArgs(search), '--file', '-'];
}

/**
 * True when some file under the roots matches the globs (ripgrep stops at the first one); one
 * thread, as it runs beside a search.
 */
export async function anyFile(search: Omit<RipgrepSearch, 'patterns'>): Promise<boolean> {
  const args = ['--files', '--null', '--threads', '1', ...walkArgs(search)];
  for (const root of search.roots) {
    const stop = new AbortController();
    let found = false;
    try {
      await runRipgrep(search.rgPath, args, root, '', search.signal ? AbortSignal.any([search.signal, stop.signal]) : stop.signal, () => {
        found = true;
        stop.abort();
      });
    } catch (err) {
      if (!found) throw err;
    }
    if (found) return true;
  }
  return false;
}

/**
 * The absolute paths of the files (under `roots`, matching `include`, not `exclude`) that contain
 * one of `patterns`. Rejects when ripgrep cannot run, is killed, or fails before it lists anything
 * (exit code 2 and nothing found: a bad glob), so the caller can fall back to reading every file;
 * rejects with the abort reason, and stops ripgrep, when `signal` aborts. A file or folder ripgrep
 * could not read (exit code 2 after some files were found) is one Node could not read either.
 */
export async function filesContainingAny(search: RipgrepSearch, onFile?: (file: string) => void): Promise<Set<string>> {
  const found = new Set<string>();
  if (search.patterns.length === 0) return found;
  const args = ripgrepArgs(search);
  const input = `${search.patterns.join('\n')}\n`;
  for (const root of search.roots) {
    await runRipgrep(search.rgPath, args, root, input, search.signal, (relative) => {
      const file = path.join(root, relative);
      if (found.has(file)) return;
      found.add(file);
      onFile?.(file);
    });
  }
  return found;
}

const MAX_STDERR = 2000;
/** What ripgrep says, with exit code 2, when no file matched the globs: an empty answer, not a failure. */
const NOTHING_SEARCHED_RE = /No files were searched/;

/** Runs ripgrep in `cwd`; each path it prints goes to `onPath` as soon as it is complete (ripgrep prints them as it finds them). */
function runRipgrep(rgPath: string, args: readonly string[], cwd: string, input: string, signal: AbortSignal | undefined, onPath: (relative: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const child = spawn(rgPath, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    // Split on the NUL byte before decoding, so a name's UTF-8 is never cut between chunks.
    let partial: Buffer = Buffer.alloc(0);
    let printed = 0;
    let err = '';
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      child.kill();
      settle(() => reject(abortError(signal as AbortSignal)));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      let data = partial.length > 0 ? Buffer.concat([partial, chunk]) : chunk;
      for (let end = data.indexOf(0); end !== -1; end = data.indexOf(0)) {
        if (end > 0 && !settled) {
          printed++;
          onPath(data.toString('utf8', 0, end));
        }
        data = data.subarray(end + 1);
      }
      partial = Buffer.from(data);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < MAX_STDERR) err += chunk.toString('utf8');
    });
    child.on('error', (e) => settle(() => reject(new Error(`ripgrep could not run: ${e.message}`))));
    child.on('close', (code) =>
      settle(() => {
        // 0: some files match, 1: none, 2: an error, or no file matched the globs.
        if (code === 0 || code === 1 || (code === 2 && (printed > 0 || NOTHING_SEARCHED_RE.test(err)))) return resolve();
        reject(new Error(`ripgrep failed (${code === null ? 'stopped' : `exit code ${code}`})${err ? `: ${singleLine(err, 500)}` : ''}`));
      }),
    );
    // ripgrep may exit before it has read every pattern (a bad glob): that is its exit code's news.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
