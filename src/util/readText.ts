// Reading many small files fast without blocking: open + read(s) + close through callbacks.
// fs.promises.readFile reads in chunks and fs.readFile first stats the file; for thousands of
// small test files each extra round trip through the thread pool costs more than the read.
import * as fs from 'node:fs';

const CHUNK = 64 * 1024;
/** Read buffers are reused: the text is copied out of them, and a fresh 64 KB per file is mostly garbage. */
const spare: Buffer[] = [];
const MAX_SPARE = 256;

/** The file's text (UTF-8); rejects when it cannot be read or is larger than `maxBytes`. */
export function readTextFile(path: string, maxBytes = 16 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    fs.open(path, 'r', (openError, fd) => {
      if (openError) {
        reject(openError);
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      const finish = (error: Error | undefined, text?: string): void => {
        fs.close(fd, () => undefined);
        for (const b of chunks) if (b.length === CHUNK && spare.length < MAX_SPARE) spare.push(b);
        if (error) reject(error);
        else resolve(text as string);
      };
      const readNext = (): void => {
        const buffer = spare.pop() ?? Buffer.allocUnsafe(CHUNK);
        chunks.push(buffer);
        fs.read(fd, buffer, 0, CHUNK, total, (readError, n) => {
          if (readError) return finish(readError);
          total += n;
          if (total > maxBytes) return finish(new Error(`${path} is larger than ${maxBytes} bytes`));
          if (n === CHUNK) return readNext();
          const last = chunks.length - 1;
          const text = last === 0 ? buffer.toString('utf8', 0, n) : Buffer.concat([...chunks.slice(0, last), buffer.subarray(0, n)]).toString('utf8');
          finish(undefined, text);
        });
      };
      readNext();
    });
  });
}
