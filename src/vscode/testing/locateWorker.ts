// Entry of dist/locateWorker.js: the one pass of locateMany over a share of the test files, in a
// worker thread. Reading synchronously is right here (it blocks this worker, never the extension
// host thread) and costs a third of the CPU of thousands of asynchronous reads. Only the places
// go back to the host. No `vscode` import: the worker has no extension API.
import * as fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { locateMany, type LocateResult } from '../../model/locateMany';
import type { LocateWorkerReply, LocateWorkerRequest } from './locateFiles';

/** The file's text (UTF-8); throws when it cannot be read or is larger than `maxBytes`. */
function readTextFileSync(file: string, maxBytes: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) throw new Error(`${file} is larger than ${maxBytes} bytes`);
    const buffer = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.toString('utf8', 0, read);
  } finally {
    fs.closeSync(fd);
  }
}

async function handle(request: LocateWorkerRequest): Promise<LocateResult> {
  const files = request.files.map((file) => ({
    path: file,
    read: (): Promise<string> => {
      try {
        return Promise.resolve(readTextFileSync(file, request.maxFileBytes));
      } catch (err) {
        return Promise.reject(err);
      }
    },
  }));
  return locateMany(request.cases, files, { maxFiles: request.maxFiles, maxBytes: request.maxBytes, concurrency: 1 });
}

parentPort?.once('message', (request: LocateWorkerRequest) => {
  handle(request).then(
    (result) => parentPort?.postMessage({ result } satisfies LocateWorkerReply),
    (err: unknown) => parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies LocateWorkerReply),
  );
});
