// Entry of dist/locateWorker.js: the one pass of locateMany over a share of the test files, in a
// worker thread. Reading synchronously is right here (it blocks this worker, never the extension
// host thread) and costs a third of the CPU of thousands of asynchronous reads. Each file is read
// into one reused buffer and its bytes are scanned there (locateManyInBytes): only files that name
// a test are decoded. Only the places go back to the host. No `vscode` import: the worker has no
// extension API.
import * as fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { locateManyInBytes, TestNameIndex, type ByteFile, type LocateCase, type LocateResult } from '../../model/locateMany';
import type { LocateWorkerReply, LocateWorkerRequest } from './locateFiles';

/** The read buffer, grown to the largest file read (up to the per-file bound). */
let buffer = Buffer.allocUnsafe(256 * 1024);

/**
 * Reads the file into the shared buffer and returns its length; throws when it cannot be
 * read or is larger than `maxBytes`. A short read is the end of the file (as util/readText.ts): no
 * stat and no extra read per file.
 */
function readBytesSync(file: string, maxBytes: number): number {
  const fd = fs.openSync(file, fs.constants.O_RDONLY);
  try {
    let length = 0;
    for (;;) {
      const wanted = buffer.length - length;
      const n = fs.readSync(fd, buffer, length, wanted, length);
      length += n;
      if (length > maxBytes) throw new Error(`${file} is larger than ${maxBytes} bytes`);
      if (n < wanted) return length;
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The tests and their index, built from the first message while the host still lists the files. */
let prepared: { readonly cases: readonly LocateCase[]; readonly index: TestNameIndex; readonly maxBytes: number; readonly maxFileBytes: number } | undefined;

function handle(files: readonly string[]): LocateResult {
  if (prepared === undefined) throw new Error('the tests were not sent first');
  const { cases, index, maxBytes, maxFileBytes } = prepared;
  const byteFiles: ByteFile[] = files.map((path) => ({
    path,
    read: () => {
      const length = readBytesSync(path, maxFileBytes);
      // A one-byte string is a copy of the bytes; UTF-8 decoding only for a file that names a test.
      return { bytes: buffer.toString('latin1', 0, length), text: () => buffer.toString('utf8', 0, length) };
    },
  }));
  return locateManyInBytes(cases, byteFiles, { maxFiles: files.length, maxBytes }, index);
}

parentPort?.on('message', (request: LocateWorkerRequest) => {
  let reply: LocateWorkerReply;
  try {
    if ('cases' in request) {
      prepared = { cases: request.cases, index: new TestNameIndex(request.cases), maxBytes: request.maxBytes, maxFileBytes: request.maxFileBytes };
      return;
    }
    reply = { result: handle(request.files) };
  } catch (err) {
    reply = { error: err instanceof Error ? err.message : String(err) };
  }
  parentPort?.postMessage(reply);
});
