// Reading many small files fast without blocking: open + read(s) + close through callbacks.
// fs.promises.readFile reads in chunks and fs.readFile first stats the file; for thousands of
// small test files each extra round trip through the thread pool costs more than the read.
import * as fs from 'node:fs';

const CHUNK = 64 * 1024;

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
        if (error) reject(error);
        else resolve(text as string);
      };
      const readNext = (): void => {
        const buffer = Buffer.allocUnsafe(CHUNK);
        fs.read(fd, buffer, 0, CHUNK, total, (readError, n) => {
          if (readError) return finish(readError);
          total += n;
          if (total > maxBytes) return finish(new Error(`${path} is larger than ${maxBytes} bytes`));
          chunks.push(n === CHUNK ? buffer : buffer.subarray(0, n));
          if (n === CHUNK) readNext();
          else finish(undefined, (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8'));
        });
      };
      readNext();
    });
  });
}
