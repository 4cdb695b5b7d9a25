// Placing many tests by name among the workspace's test files (issue 14, item 8), in one pass for
// all of them. With VS Code's ripgrep at hand (ripgrep.ts), one ripgrep walk of the test files
// keeps only those that hold one of the tests' needles (`TestNameIndex.prefilterPatterns`), and
// the host reads and ranks each as ripgrep prints it (locateMany): a few hundred files, not the
// whole workspace. Without ripgrep, or when it fails, the files are listed and worker threads
// (dist/locateWorker.js; one by default) each read their share synchronously and run locateMany's
// one pass over the bytes (locateManyInBytes), off the extension host thread; if no worker can
// start (or one fails), the same pass runs on the host with asynchronous reads.
// No `vscode` import, so the bench runs exactly this.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { betterMatch, globMatchesOnlyLiteralOnlyFiles, LITERAL_ONLY_EXTENSIONS, locateMany, TestNameIndex, type LocateCase, type LocateResult } from '../../model/locateMany';
import type { FileMatch, SearchFile } from '../../model/sourceSearch';
import { abortError } from '../../util/abort';
import { AsyncQueue } from '../../util/asyncQueue';
import { readTextFile } from '../../util/readText';
import { anyFile, filesContainingAny } from './ripgrep';

/**
 * What the host sends a worker: first the tests and its bounds (it builds their index while the
 * files are still being listed), then its share of the files (absolute paths).
 */
export type LocateWorkerRequest =
  | { readonly cases: readonly LocateCase[]; readonly maxBytes: number; readonly maxFileBytes: number }
  | { readonly files: readonly string[] };

export type LocateWorkerReply = { readonly result: LocateResult } | { readonly error: string };

export interface LocateFilesOptions {
  /** At most this many files are read. */
  readonly maxFiles: number;
  /** At most this many characters are scanned in total. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
  /** The built worker entry (dist/locateWorker.js); without it the pass runs on the host. */
  readonly workerFile?: string;
  /** Worker threads, each reading its share of the files (default 1: on 2 loaded cores a second one cost more CPU than it saved). */
  readonly workers?: number;
  /** Told why the workers were not used, before the host pass runs instead. */
  readonly onWorkerFailure?: (reason: string) => void;
  /** Let ripgrep find the files that can name a test (then `files` is listed only if ripgrep fails). */
  readonly ripgrep?: RipgrepPrefilter;
  /** Told why ripgrep could not narrow the files (then every listed file is read). */
  readonly onRipgrepFailure?: (reason: string) => void;
  /** Told how many files ripgrep found that contain one of the tests' needles (all of them read, unless a bound stops the pass). */
  readonly onNarrowed?: (kept: number) => void;
}

/** Where ripgrep searches: the binary, the workspace folders and the globs that list the test files (as `findFiles` is given them). */
export interface RipgrepPrefilter {
  readonly rgPath: string;
  readonly roots: readonly string[];
  readonly include: string;
  readonly exclude: string;
}

const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Where each case is defined among the test files (absolute paths; match paths are those paths):
 * `files`, or what `files()` lists. With `ripgrep`, its walk stands in for the listing, which is
 * asked for only when ripgrep cannot tell; without it, the workers start, and index the tests,
 * while the files are listed.
 */
export async function locateInFiles(cases: readonly LocateCase[], files: readonly string[] | (() => PromiseLike<readonly string[]>), opts: LocateFilesOptions): Promise<LocateResult> {
  const { signal } = opts;
  if (signal?.aborted) throw abortError(signal);
  const nothingToRead = cases.length === 0 || (Array.isArray(files) && files.length === 0);
  if (opts.ripgrep !== undefined && !nothingToRead) {
    try {
      return await rankWhileRipgrepFinds(cases, opts.ripgrep, opts);
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      if (!(err instanceof RipgrepError)) throw err;
      opts.onRipgrepFailure?.(err.message);
    }
  }
  const toRead = Promise.resolve(typeof files === 'function' ? files() : files);
  if (opts.workerFile !== undefined && !nothingToRead) {
    try {
      return await inWorkers(cases, toRead, opts.workerFile, opts);
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      if (err instanceof ListingError) throw err.reason;
      opts.onWorkerFailure?.((err as Error).message);
    }
  }
  const listed = await toRead;
  const bounded = listed.slice(0, opts.maxFiles);
  const result = await locateMany(cases, bounded.map(searchFile), { maxFiles: opts.maxFiles, maxBytes: opts.maxBytes, ...(signal ? { signal } : {}) });
  return bounded.length < listed.length ? { ...result, truncated: true } : result;
}

function searchFile(path: string): SearchFile {
  return { path, read: () => readTextFile(path, MAX_FILE_BYTES) };
}

/** Ripgrep could not say which files to read (the caller reads them all instead). */
class RipgrepError extends Error {}

/**
 * The pass on the host over the files a ripgrep walk finds, each read (asynchronously) and
 * ranked as soon as ripgrep prints it: the walk and the reading overlap, and only files that
 * contain one of the tests' needles (`TestNameIndex.prefilterPatterns`) are read. The index is
 * built first, a slice at a time, for the patterns and the ranking. Rejects with a `RipgrepError`
 * when ripgrep cannot tell.
 */
async function rankWhileRipgrepFinds(cases: readonly LocateCase[], rg: RipgrepPrefilter, opts: LocateFilesOptions): Promise<LocateResult> {
  const { signal } = opts;
  // Stops every ripgrep of this pass: when the caller aborts, or when the pass ends first.
  const stop = new AbortController();
  const stopped = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const search = { rgPath: rg.rgPath, roots: rg.roots, include: rg.include, exclude: rg.exclude, maxFileBytes: MAX_FILE_BYTES, signal: stopped };
  // Identifiers name tests only outside JavaScript and TypeScript, and cost ripgrep more than
  // quoted literals (3,000 patterns take it 0.1 s to compile): they join the walk only when such
  // files can be there. The glob says, or else a one-thread probe while the index is built.
  const probe = globMatchesOnlyLiteralOnlyFiles(rg.include) ? Promise.resolve(false) : anyFile({ ...search, skipExtensions: LITERAL_ONLY_EXTENSIONS });
  let probed: boolean | undefined;
  probe.then((any) => (probed = any), () => undefined);
  const found = new AsyncQueue<SearchFile>();
  const seen = new Set<string>();
  const walkFor = (patterns: readonly string[], until: AbortSignal): Promise<unknown> =>
    filesContainingAny({ ...search, patterns, signal: until }, (file) => {
      if (seen.has(file)) return; // a file is read once
      seen.add(file);
      found.push(searchFile(file));
    });
  let walk: Promise<void> = Promise.resolve();
  try {
    const index = await TestNameIndex.build(cases, async () => {
      await nextTurn();
      if (signal?.aborted) throw abortError(signal);
    });
    const patterns = index.prefilterPatterns();
    if (patterns === undefined) throw new RipgrepError('a test name has no text a fixed-string search can find');
    const everyNeedle = [...patterns.literals, ...patterns.identifiers];
    let walking: Promise<unknown>;
    if (patterns.identifiers.length === 0 || probed === false) walking = walkFor(patterns.literals, stopped);
    else if (probed === true) walking = walkFor(everyNeedle, stopped);
    else {
      // The probe has not found such a file yet: the walk for the literals starts now, and if the
      // probe finds one, a walk for every needle replaces it (files already read are not read again).
      const first = new AbortController();
      const literalWalk = walkFor(patterns.literals, AbortSignal.any([stopped, first.signal]));
      literalWalk.catch(() => undefined); // awaited below
      walking = probe.then(async (any) => {
        if (!any) return literalWalk;
        first.abort();
        await literalWalk.catch(() => undefined);
        return walkFor(everyNeedle, stopped);
      });
    }
    walk = walking.then(
      () => {
        opts.onNarrowed?.(seen.size);
        found.end();
      },
      (err: unknown) => found.fail(signal?.aborted ? abortError(signal) : new RipgrepError((err as Error).message)),
    );
    return await locateMany(cases, found, { maxFiles: opts.maxFiles, maxBytes: opts.maxBytes, index, ...(signal ? { signal } : {}) });
  } finally {
    stop.abort(); // the pass may stop at a bound, or fail, before ripgrep is done
    await walk;
  }
}

/** The listing of the files failed: not the workers' fault, so no fallback. */
class ListingError extends Error {
  constructor(readonly reason: unknown) {
    super('the files could not be listed');
  }
}

async function inWorkers(cases: readonly LocateCase[], files: Promise<readonly string[]>, workerFile: string, opts: LocateFilesOptions): Promise<LocateResult> {
  const count = Math.max(1, opts.workers ?? 1);
  const shares = files.then(
    (listed) => {
      const bounded = listed.slice(0, opts.maxFiles);
      const share = Math.ceil(bounded.length / count);
      return { parts: Array.from({ length: count }, (_, i) => bounded.slice(i * share, (i + 1) * share)), truncated: bounded.length < listed.length };
    },
    (err: unknown) => {
      throw new ListingError(err);
    },
  );
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      runWorker(workerFile, { cases, maxBytes: Math.ceil(opts.maxBytes / count), maxFileBytes: MAX_FILE_BYTES }, shares.then((s) => s.parts[i]), opts.signal),
    ),
  );
  const matches: Array<FileMatch | undefined> = new Array(cases.length).fill(undefined);
  for (const r of results) r.matches.forEach((m, i) => {
    if (m && betterMatch(m, matches[i])) matches[i] = m;
  });
  const truncated = (await shares).truncated || results.some((r) => r.truncated);
  return { matches, filesRead: results.reduce((n, r) => n + r.filesRead, 0), truncated };
}

/** One worker for one share: started at once with the tests, given its files when they are listed; terminated when done, failed or aborted. */
function runWorker(workerFile: string, tests: LocateWorkerRequest, share: Promise<readonly string[]>, signal: AbortSignal | undefined): Promise<LocateResult> {
  return new Promise((resolve, reject) => {
    // execArgv: [] keeps the host's flags and loaders (an inspector, tsx in the bench) out of the worker.
    const worker = new Worker(workerFile, { execArgv: [] });
    let finished = false;
    const finish = (outcome: () => void): void => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      worker.removeAllListeners();
      worker.on('error', () => undefined);
      void worker.terminate();
      outcome();
    };
    const onAbort = (): void => finish(() => reject(abortError(signal as AbortSignal)));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (reply: LocateWorkerReply) => finish(() => ('result' in reply ? resolve(reply.result) : reject(new Error(reply.error)))));
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`the locate worker exited (${code}) without an answer`))));
    worker.postMessage(tests);
    share.then(
      (part) => {
        if (!finished) worker.postMessage({ files: part } satisfies LocateWorkerRequest);
      },
      (err: unknown) => finish(() => reject(err)),
    );
  });
}
