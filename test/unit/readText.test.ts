import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTextFile } from '../../src/util/readText';

describe('readTextFile', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tesults-readtext-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads small and multi-chunk files as UTF-8, again and again (reused buffers hold no old bytes)', async () => {
    const big = 'é'.repeat(70_000) + 'end'; // 140 KB: three reads, a character split between two
    fs.writeFileSync(path.join(dir, 'big.txt'), big);
    fs.writeFileSync(path.join(dir, 'small.txt'), 'it("adds") ✓');
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    for (let i = 0; i < 3; i++) {
      assert.equal(await readTextFile(path.join(dir, 'big.txt')), big);
      assert.equal(await readTextFile(path.join(dir, 'small.txt')), 'it("adds") ✓');
      assert.equal(await readTextFile(path.join(dir, 'empty.txt')), '');
    }
  });

  it('rejects missing and too large files', async () => {
    await assert.rejects(readTextFile(path.join(dir, 'missing.txt')), /ENOENT/);
    fs.writeFileSync(path.join(dir, 'large.txt'), 'x'.repeat(100_000));
    await assert.rejects(readTextFile(path.join(dir, 'large.txt'), 70_000), /larger than 70000 bytes/);
  });
});
