// The browser: Debian's Chromium driven by playwright-core, on the workbench page.
import fs from 'node:fs';
import { DEFAULT_TIMEOUT, onCleanup } from './processes.mjs';
import { waitFor } from './wait.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];


/**
 * Launches Debian's Chromium (playwright-core), opens the workbench for folder and waits for
 * .monaco-workbench. Returns { browser, context, page, console (array of lines), dialogs (alerts seen,
 * dismissed), reload(), close() }.
 */
export async function openWorkbench(url, folder, { timeout = 60_000, viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  if (!executablePath) throw new Error('Chromium not found: run scripts/setup-host.sh');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  const unregister = onCleanup(() => browser.close().catch(() => {}));
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const consoleLines = [];
  const push = (line) => { consoleLines.push(`${new Date().toISOString()} ${line}`); if (consoleLines.length > 5000) consoleLines.shift(); };
  page.on('console', (m) => push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => push(`[pageerror] ${e.stack ?? e.message}`));
  page.on('crash', () => push('[crash] page crashed'));
  // alert/confirm/prompt from any frame (a webview included): recorded and dismissed.
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push({ type: d.type(), message: d.message(), at: new Date().toISOString() });
    push(`[dialog] ${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.setDefaultTimeout(DEFAULT_TIMEOUT);
  const target = folder ? `${url}/?folder=${encodeURIComponent(folder)}` : url;
  const ready = async () => {
    await page.locator('.monaco-workbench').first().waitFor({ state: 'visible', timeout });
    // The activity bar and status bar are drawn once the layout is done.
    await page.locator('#workbench\\.parts\\.statusbar').waitFor({ state: 'visible', timeout });
  };
  try {
    await page.goto(target, { timeout });
    await ready();
  } catch (e) {
    await browser.close().catch(() => {});
    unregister();
    throw e;
  }
  return {
    browser, context, page, console: consoleLines, dialogs,
    async reload() { await page.reload({ timeout }); await ready(); },
    async close() { unregister(); await browser.close().catch(() => {}); },
  };
}

/**
 * Drags the sash at the side bar's right edge so the side bar is `width` px wide (README pictures
 * show whole names). Returns the new width.
 */
export async function widenSideBar(page, width = 480) {
  const box = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
  if (!box || box.width >= width) return box?.width ?? 0;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + (width - box.width) / 2, y, { steps: 4 });
  await page.mouse.move(box.x + width, y, { steps: 4 });
  await page.mouse.up();
  return waitFor(async () => {
    const b = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
    return b && b.width > box.width + 20 ? b.width : undefined;
  }, { timeout: 5000, message: 'the side bar to widen' });
}
