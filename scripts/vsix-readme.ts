// `npm run package` step: writes dist/README.md, the README that goes into the .vsix.
// VS Code shows an installed extension's README in a webview with no base URL and the CSP
// `img-src https: data:`, so relative image paths never load there (verified by e2e scenario
// 23-extension-page). This copy inlines the repository's pictures as data: URIs and points
// relative links at the repository (package.json `repository`); README.md itself stays plain
// markdown with relative paths for GitHub and editors.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, extname, posix } from 'node:path';

/** Keeps the .vsix under its 400 KB goal: the bundle and the rest take about 70 KB. */
export const MAX_README_BYTES = 300 * 1024;

const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };
const MARKDOWN_LINK = /(!?)\[([^\]]*)\]\(([^)\s]+)\)/g;
const isRelative = (link: string) => !/^[a-z][\w+.-]*:/i.test(link) && !link.startsWith('#') && !link.startsWith('/');

export function readmeForVsix(markdown: string, { root, repositoryUrl }: { root: string; repositoryUrl: string }): string {
  const blobBase = `${repositoryUrl.replace(/\.git$/, '').replace(/\/$/, '')}/blob/HEAD/`;
  const out = markdown.replace(MARKDOWN_LINK, (all, bang: string, text: string, link: string) => {
    if (!isRelative(link)) return all;
    const file = posix.normalize(link.split('#')[0]);
    if (bang) {
      const type = IMAGE_TYPES[extname(file).toLowerCase()];
      if (!type) throw new Error(`README image ${link}: only PNG, JPEG and GIF can be inlined (VS Code refuses SVG data: URIs)`);
      return `![${text}](data:${type};base64,${readFileSync(join(root, file)).toString('base64')})`;
    }
    return `[${text}](${blobBase}${link})`;
  });
  if (/<img\b[^>]*\bsrc=["'](?![a-z][\w+.-]*:)/i.test(out)) throw new Error('README: an <img> with a relative src would not load in VS Code; use ![alt](path)');
  const bytes = Buffer.byteLength(out);
  if (bytes > MAX_README_BYTES) {
    throw new Error(`README with inlined pictures is ${Math.round(bytes / 1024)} KB (limit ${MAX_README_BYTES / 1024} KB): compress or crop media/screenshots`);
  }
  return out;
}

function repositoryOf(pkg: { repository?: string | { url?: string } }): string {
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (!url) throw new Error('package.json has no repository URL to point the README links at');
  return url;
}

if (process.argv[1] && /vsix-readme\.ts$/.test(process.argv[1])) {
  const root = join(__dirname, '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = join(root, 'dist', 'README.md');
  const text = readmeForVsix(readFileSync(join(root, 'README.md'), 'utf8'), { root, repositoryUrl: repositoryOf(pkg) });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`dist/README.md: ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB (pictures inlined)`);
}
