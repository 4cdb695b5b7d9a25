// Placing many tests by name among the workspace's test files (issue 14, item 8), off the
// extension host thread: worker threads (dist/locateWorker.js; one by default) each read their
// share of the files synchronously and run locateMany's one pass over the bytes
// (locateManyInBytes); only the places come back. If no worker can start (or one fails), the same
// pass runs on the host with asynchronous reads over the decoded text (locateMany).
// No `vscode` import, so the bench runs exactly this.
import { Worker } from 'node:worker_threads';
import { betterMatch, locateMany, type LocateCase, type LocateResult } from '../../model/locateMany';
import type { FileMatch } from '../../model/sourceSearch';
import { readTextFile } from '../../util/readText';

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
}

const MAX_FILE_BYTES = 16 * 1024 * 1024;

function abortError(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('The search was cancelled'), { name: 'AbortError' });
}

/**
 * Where each case is defined among `files` (absolute paths; match paths are those paths). The
 * files may still be being listed: the workers start, and index the tests, meanwhile.
 */
export async function locateInFiles(cases: readonly LocateCase[], files: readonly string[] | PromiseLike<readonly string[]>, opts: LocateFilesOptions): Promise<LocateResult> {
  const { signal } = opts;
  if (signal?.aborted) throw abortError(signal);
  const nothingToRead = cases.length === 0 || (Array.isArray(files) && files.length === 0);
  if (opts.workerFile !== undefined && !nothingToRead) {
    try {
      return await inWorkers(cases, Promise.resolve(files), opts.workerFile, opts);
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      if (err instanceof ListingError) throw err.reason;
      opts.onWorkerFailure?.((err as Error).message);
    }
  }
  const listed = await files;
  const bounded = listed.slice(0, opts.maxFiles);
  const result = await locateMany(
    cases,
    bounded.map((path) => ({ path, read: () => readTextFile(path, MAX_FILE_BYTES) })),
    { maxFiles: opts.maxFiles, maxBytes: opts.maxBytes, ...(signal ? { signal } : {}) },
  );
  return bounded.length < listed.length ? { ...result, truncated: true } : result;
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
