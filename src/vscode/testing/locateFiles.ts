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

/** What the host sends a worker: its share of the files (absolute paths) and its bounds. */
export interface LocateWorkerRequest {
  readonly cases: readonly LocateCase[];
  readonly files: readonly string[];
  readonly maxFiles: number;
  readonly maxBytes: number;
  readonly maxFileBytes: number;
}

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

/** Where each case is defined among `files` (absolute paths); match paths are those paths. */
export async function locateInFiles(cases: readonly LocateCase[], files: readonly string[], opts: LocateFilesOptions): Promise<LocateResult> {
  const { signal } = opts;
  if (signal?.aborted) throw abortError(signal);
  const bounded = files.slice(0, opts.maxFiles);
  const truncatedByCount = bounded.length < files.length;
  if (opts.workerFile !== undefined && bounded.length > 0) {
    try {
      const result = await inWorkers(cases, bounded, opts.workerFile, opts);
      return truncatedByCount ? { ...result, truncated: true } : result;
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      opts.onWorkerFailure?.((err as Error).message);
    }
  }
  const result = await locateMany(
    cases,
    bounded.map((path) => ({ path, read: () => readTextFile(path, MAX_FILE_BYTES) })),
    { maxFiles: opts.maxFiles, maxBytes: opts.maxBytes, ...(signal ? { signal } : {}) },
  );
  return truncatedByCount ? { ...result, truncated: true } : result;
}

async function inWorkers(cases: readonly LocateCase[], files: readonly string[], workerFile: string, opts: LocateFilesOptions): Promise<LocateResult> {
  const count = Math.max(1, Math.min(opts.workers ?? 1, files.length));
  const share = Math.ceil(files.length / count);
  const shares = Array.from({ length: count }, (_, i) => files.slice(i * share, (i + 1) * share));
  const results = await Promise.all(
    shares.map((part) =>
      runWorker(workerFile, { cases, files: part, maxFiles: part.length, maxBytes: Math.ceil(opts.maxBytes / count), maxFileBytes: MAX_FILE_BYTES }, opts.signal),
    ),
  );
  const matches: Array<FileMatch | undefined> = new Array(cases.length).fill(undefined);
  for (const r of results) r.matches.forEach((m, i) => {
    if (m && betterMatch(m, matches[i])) matches[i] = m;
  });
  return { matches, filesRead: results.reduce((n, r) => n + r.filesRead, 0), truncated: results.some((r) => r.truncated) };
}

/** One worker for one share; it is terminated when done, failed or aborted. */
function runWorker(workerFile: string, request: LocateWorkerRequest, signal: AbortSignal | undefined): Promise<LocateResult> {
  return new Promise((resolve, reject) => {
    // execArgv: [] keeps the host's flags and loaders (an inspector, tsx in the bench) out of the worker.
    const worker = new Worker(workerFile, { execArgv: [] });
    const finish = (outcome: () => void): void => {
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
    worker.postMessage(request);
  });
}
