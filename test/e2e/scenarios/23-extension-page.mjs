// The extension's own page, as a user meets it: Extensions view > the installed Tesults
// extension. Its icon loads, the README (dist/README.md in the .vsix) renders, every picture in
// it loads (VS Code shows the README in a webview that allows only https: and data: images and
// has no base URL, so a relative path would be a broken image), and its links are absolute.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export const timeout = 240_000;
export const name = 'extension page: icon, README, every README picture loaded';

const README = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '../../../README.md'), 'utf8');
const HEADING = README.match(/^# (.+)$/m)[1];
const PICTURES = [...README.matchAll(/!\[([^\]]*)\]\(/g)].map((m) => m.at(1));

/** The frame showing the README: a webview nested in the extension editor (iframe.webview > iframe). */
async function readmeFrame(page) {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const heading = await frame.evaluate(() => document.querySelector('h1')?.textContent ?? null).catch(() => null);
    if (heading === HEADING) return frame;
  }
  return undefined;
}

export async function run({ page, harness, shot }) {
  await harness.openView(page, 'Extensions', { timeout: 60_000 });
  const row = page.locator('.extensions-viewlet .monaco-list-row').filter({ has: page.locator('.name', { hasText: /^Tesults$/ }) }).first();
  // The first listing of a new instance scans every installed extension: slow under load.
  await row.waitFor({ state: 'visible', timeout: 60_000 });
  await row.click();

  const icon = await harness.waitFor(() => page.evaluate(() => {
    const editor = document.querySelector('.extension-editor');
    const name = editor?.querySelector('.header .name')?.textContent;
    const img = editor?.querySelector('.header img.icon');
    return name === 'Tesults' && img?.complete && img.getAttribute('src') ? { src: img.getAttribute('src'), width: img.naturalWidth, height: img.naturalHeight } : undefined;
  }), { message: 'the Tesults extension editor with its icon' });
  assert.match(decodeURIComponent(icon.src), /tesults-vscode[^/]*\/media\/icon\.png/, `the header shows the extension's own icon, not the default one: ${icon.src}`);
  assert.deepEqual([icon.width, icon.height], [128, 128], 'the icon loaded (128 × 128)');

  const frame = await harness.waitFor(() => readmeFrame(page), { message: `the README ("${HEADING}") in the extension editor` });
  const images = await harness.waitFor(() => frame.evaluate(() => {
    const all = [...document.images].map((img) => ({ alt: img.alt, complete: img.complete, width: img.naturalWidth, src: (img.getAttribute('src') ?? '').slice(0, 60) }));
    return all.every((i) => i.complete) ? all : undefined;
  }), { message: 'every README picture finished loading' });
  assert.deepEqual(images.map((i) => i.alt), PICTURES, 'every picture of README.md is in the page');
  for (const img of images) assert.ok(img.width > 0, `README picture "${img.alt}" is broken (src ${img.src})`);

  const links = await frame.evaluate(() => [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')));
  for (const href of links) assert.match(href ?? '', /^(https:|mailto:|#)/, `a link a click can open: ${href}`);
  assert.ok(links.some((href) => /\/SECURITY\.md$/.test(href)), 'the page links SECURITY.md');

  await shot('extension-page');
  await frame.evaluate((alt) => [...document.images].find((i) => i.alt === alt)?.scrollIntoView(), PICTURES[PICTURES.length - 1]);
  await shot('extension-page-pictures');
}
