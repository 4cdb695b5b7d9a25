// The extension's page (what the Extensions view shows): the manifest's gallery fields and the
// README copy that goes into the .vsix. e2e scenario 23-extension-page checks it in the real host.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_README_BYTES, readmeForVsix } from '../../scripts/vsix-readme';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const REPO = 'https://github.com/tesults-community/tesults-vscode.git';

describe('extension page: manifest', () => {
  it('has a 128 × 128 PNG icon', () => {
    const png = readFileSync(join(root, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('has a gallery banner, repository, bugs and homepage, and packages without --allow-missing-repository', () => {
    assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
    assert.match(pkg.repository.url, /^https:\/\//);
    assert.match(pkg.bugs.url, /^https:\/\//);
    assert.match(pkg.homepage, /^https:\/\//);
    assert.doesNotMatch(pkg.scripts.package, /allow-missing-repository/);
    assert.match(pkg.scripts.package, /--readme-path dist\/README\.md/);
  });

  it('keeps the commands newcomers and CI rely on in the README', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    assert.match(readme, /npm ci\nnpm run demo/);
    assert.match(readme, /npm ci\nnpm test/);
    assert.match(readme, /\(SECURITY\.md\)/);
  });
});

describe('extension page: README for the .vsix', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vsix-readme-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('inlines relative pictures as data: URIs and points relative links at the repository', () => {
    writeFileSync(join(dir, 'shot.png'), Buffer.from([1, 2, 3]));
    const out = readmeForVsix('![A shot](./shot.png) [Security](SECURITY.md) [web](https://x.test/a.md) [top](#top)', { root: dir, repositoryUrl: REPO });
    assert.equal(out, '![A shot](data:image/png;base64,AQID) '
      + '[Security](https://github.com/tesults-community/tesults-vscode/blob/HEAD/SECURITY.md) [web](https://x.test/a.md) [top](#top)');
  });

  it('refuses what VS Code would not show: SVG pictures, relative <img>, too many bytes', () => {
    writeFileSync(join(dir, 'logo.svg'), '<svg/>');
    assert.throws(() => readmeForVsix('![logo](logo.svg)', { root: dir, repositoryUrl: REPO }), /only PNG/);
    assert.throws(() => readmeForVsix('<img src="shot.png">', { root: dir, repositoryUrl: REPO }), /<img>/);
    writeFileSync(join(dir, 'big.png'), Buffer.alloc(MAX_README_BYTES));
    assert.throws(() => readmeForVsix('![big](big.png)', { root: dir, repositoryUrl: REPO }), /limit/);
  });

  it('turns the real README into one whose pictures are all inlined, within the size limit', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const out = readmeForVsix(readme, { root, repositoryUrl: pkg.repository.url });
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\(/g)].length;
    assert.ok(pictures >= 3, 'the README shows the features with pictures');
    assert.equal([...out.matchAll(/!\[[^\]]*\]\(data:image\/png;base64,/g)].length, pictures);
  });
});
