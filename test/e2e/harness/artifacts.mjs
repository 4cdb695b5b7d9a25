// What a run leaves behind: screenshots (and README pictures), the extension's log, and the
// diagnostics of a failed scenario, in test-results/e2e/<scenario>/.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_TIMEOUT, ROOT, log, options } from './processes.mjs';
import { runCommand } from './quick-input.mjs';
import { notifications } from './status-bar.mjs';
import { waitFor } from './wait.mjs';

export const RESULTS_DIR = path.join(ROOT, 'test-results', 'e2e');
export const PUBLISHED_SCREENSHOTS_DIR = path.join(ROOT, 'media', 'screenshots');

let scenario = 'e2e';
/** Sets the scenario whose folder (test-results/e2e/<scenario>/) screenshots and dumps go to. */
export function setScenario(name) { scenario = String(name).replace(/[^\w.-]+/g, '-'); }
export function scenarioDir() {
  const dir = path.join(RESULTS_DIR, scenario);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Saves test-results/e2e/<scenario>/<name>.png. publish: 'file.png' also writes a cropped copy
 * to media/screenshots/ when the runner runs with --screenshots (selector: crop to that element;
 * clip: {x,y,width,height}; default: the whole window).
 */
export async function screenshot(page, name, { publish, selector, clip, fullPage = false } = {}) {
  const file = path.join(scenarioDir(), `${name.replace(/\.png$/, '')}.png`);
  await page.screenshot({ path: file, fullPage });
  if (publish && options.publishScreenshots) {
    // No hover or tooltip from the last click in a picture meant for the README.
    const vp = page.viewportSize() ?? { width: 1400, height: 900 };
    await page.mouse.move(vp.width - 20, vp.height / 2);
    await waitFor(() => page.evaluate(() => ![...document.querySelectorAll('.workbench-hover, .monaco-hover')]
      .some((e) => e.getClientRects().length && !e.classList.contains('hidden'))), { timeout: 3000, message: 'hovers to close' }).catch(() => {});
    fs.mkdirSync(PUBLISHED_SCREENSHOTS_DIR, { recursive: true });
    const out = path.join(PUBLISHED_SCREENSHOTS_DIR, publish);
    if (selector) await page.locator(selector).first().screenshot({ path: out });
    else await page.screenshot({ path: out, ...(clip ? { clip } : {}) });
    log(`published ${path.relative(ROOT, out)}`);
  }
  return file;
}

/**
 * A clip for README screenshots: the activity bar and the side bar below the title bar, height
 * px tall (default: to the status bar), plus extraWidth px of the editor area.
 */
export async function sidebarClip(page, { height, extraWidth = 0 } = {}) {
  const box = await page.evaluate(() => {
    const r = (sel) => document.querySelector(sel)?.getBoundingClientRect();
    const bar = r('#workbench\\.parts\\.activitybar');
    const side = r('#workbench\\.parts\\.sidebar');
    const status = r('#workbench\\.parts\\.statusbar');
    if (!bar || !side) return null;
    return { x: Math.min(bar.x, side.x), y: side.y, right: Math.max(bar.right, side.right), bottom: status ? status.y : side.bottom };
  });
  if (!box) throw new Error('no activity bar / side bar to clip to');
  const vp = page.viewportSize() ?? { width: 1400, height: 900 };
  const width = Math.min(box.right - box.x + extraWidth, vp.width - box.x);
  return { x: box.x, y: box.y, width, height: Math.min(height ?? box.bottom - box.y, vp.height - box.y) };
}

/** Log files the extension host wrote for the extension's output channel "Tesults" (newest first). */
export function extensionLogFiles(userDataDir, channel = 'Tesults') {
  const found = [];
  const walk = (dir, depth) => {
    if (depth > 6) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.name === `${channel}.log` || e.name.endsWith(`-${channel}.log`)) found.push(p);
    }
  };
  const logs = path.join(userDataDir, 'logs');
  if (fs.existsSync(logs)) walk(logs, 0);
  return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
}

/** The text of the extension's output channel, read from the log files on disk. */
export function readExtensionLog(codeServer, channel = 'Tesults') {
  return extensionLogFiles(codeServer.userDataDir, channel)
    .map((f) => `==> ${path.relative(codeServer.userDataDir, f)} <==\n${fs.readFileSync(f, 'utf8')}`).join('\n');
}

/** Shows the output channel via "Tesults: Show Log" and returns the text the Output panel renders. */
export async function outputPanelText(page, { command = 'Tesults: Show Log', timeout = DEFAULT_TIMEOUT } = {}) {
  await runCommand(page, command, { timeout });
  const lines = page.locator('#workbench\\.parts\\.panel .output .view-lines, #workbench\\.parts\\.panel .monaco-editor .view-lines').first();
  await lines.waitFor({ state: 'visible', timeout });
  return lines.evaluate((el) => [...el.querySelectorAll('.view-line')]
    .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
    .map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n'));
}

/**
 * Writes what helps explain a failure to test-results/e2e/<scenario>/: failure.png, console.log
 * (page console), extension-log.txt (output channel "Tesults" from disk, then as the Output panel
 * shows it), exthost.log (the extension host's own log), code-server.log, tesults-server.log.
 */
export async function dumpDiagnostics({ page, consoleLines, codeServer, server, error } = {}) {
  const dir = scenarioDir();
  const write = (name, text) => { try { fs.writeFileSync(path.join(dir, name), text); } catch { /* best effort */ } };
  if (error) write('error.txt', `${error.stack ?? error}\n`);
  if (consoleLines) write('console.log', consoleLines.join('\n') + '\n');
  if (page && !page.isClosed()) {
    await page.screenshot({ path: path.join(dir, 'failure.png') }).catch(() => {});
    const html = await page.evaluate(() => document.querySelector('#workbench\\.parts\\.sidebar')?.outerHTML ?? '').catch(() => '');
    write('sidebar.html', html.replace(/<style[\s\S]*?<\/style>/g, ''));
    write('notifications.json', JSON.stringify(await notifications(page).catch(() => []), null, 2));
  }
  if (codeServer) {
    let text = readExtensionLog(codeServer);
    if (page && !page.isClosed()) {
      await page.keyboard.press('Escape').catch(() => {});
      const ui = await outputPanelText(page, { timeout: 8000 }).catch((e) => `(could not read the Output panel: ${e.message})`);
      text += `\n==> Output panel (rendered lines only) <==\n${ui}\n`;
      await page.screenshot({ path: path.join(dir, 'failure-output-panel.png') }).catch(() => {});
    }
    write('extension-log.txt', text || '(no log file for the output channel "Tesults")\n');
    const exthost = [];
    const logs = path.join(codeServer.userDataDir, 'logs');
    const walk = (d) => { for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (['remoteexthost.log', 'remoteagent.log', 'exthost.log'].includes(e.name)) exthost.push(p); } };
    walk(logs);
    write('exthost.log', exthost.map((f) => `==> ${path.relative(codeServer.userDataDir, f)} <==\n${fs.readFileSync(f, 'utf8')}`).join('\n'));
    write('code-server.log', codeServer.output.join('\n') + '\n');
  }
  if (server) write('tesults-server.log', server.output.join('\n') + '\n');
  return dir;
}
