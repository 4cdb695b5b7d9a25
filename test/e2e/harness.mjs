// End-to-end harness: the packaged extension (.vsix) installed into a real VS Code (code-server
// 4.100.3, see /work/shared/real-vscode-host.md and scripts/setup-host.sh), driven through
// Debian's Chromium with playwright-core, against the fake Tesults server (test/server/cli.ts).
//
// Plain ESM JavaScript so it runs without a build step. Every wait is bounded and polls a
// condition; nothing sleeps for a fixed time. Every process started here is spawned in its own
// process group and killed (group-wide) on stop(), on process exit and on SIGINT/SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = path.join(ROOT, 'test-results', 'e2e');
export const PUBLISHED_SCREENSHOTS_DIR = path.join(ROOT, 'media', 'screenshots');
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const DEFAULT_TIMEOUT = 15_000;

/** Options the runner sets: publishScreenshots copies screenshots marked `publish` to media/screenshots. */
export const options = { publishScreenshots: false, verbose: !!process.env.E2E_VERBOSE };

const log = (...args) => console.log('   ', ...args);
const debug = (...args) => { if (options.verbose) console.log('    [debug]', ...args); };

// ------------------------------------------------------------------------------------------------
// Process bookkeeping: everything we start is registered here and torn down on any exit path.

const cleanups = new Map(); // id -> async () => void
const groups = new Set(); // pids of process-group leaders we spawned
let nextCleanupId = 1;

export function onCleanup(fn) {
  const id = nextCleanupId++;
  cleanups.set(id, fn);
  return () => cleanups.delete(id);
}

/** Runs every registered cleanup (newest first). Safe to call more than once. */
export async function cleanupAll() {
  const fns = [...cleanups.entries()].reverse();
  cleanups.clear();
  for (const [, fn] of fns) {
    try { await fn(); } catch (e) { debug('cleanup failed:', e); }
  }
}

function killGroup(pid, signal) {
  try { process.kill(-pid, signal); return true; } catch { return false; }
}

const tmpDirs = new Set(); // temp dirs to remove even when the process exits abruptly
function removeDir(dir) {
  try { fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }); } catch (e) { debug(`could not remove ${dir}: ${e.message}`); }
  tmpDirs.delete(dir);
}

process.on('exit', () => {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
  for (const dir of tmpDirs) removeDir(dir);
});
let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (signalled) process.exit(130);
    signalled = true;
    console.error(`\n[e2e] ${signal}: stopping everything started by the harness`);
    const hard = setTimeout(() => process.exit(130), 10_000);
    hard.unref();
    cleanupAll().finally(() => process.exit(130));
  });
}

/**
 * Spawns a command in its own process group. Returns { child, exited, stop() }.
 * stop(): SIGTERM to the group, SIGKILL after graceMs; resolves when the leader has exited.
 */
export function spawnGroup(command, args, { cwd = ROOT, env = process.env, name = command, graceMs = 5000 } = {}) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  groups.add(child.pid);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => {
    // The leader is gone; take any stragglers of its group with it.
    killGroup(child.pid, 'SIGKILL');
    groups.delete(child.pid);
  });
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      debug(`stopping ${name} (pgid ${child.pid})`);
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  const unregister = onCleanup(stop);
  exited.then(unregister);
  return { child, exited, stop };
}

/** Environment for children: without VS Code's own variables (a VS Code terminal would redirect the CLI). */
function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ------------------------------------------------------------------------------------------------
// Waiting

/**
 * Polls fn until it returns a truthy value (returned) or the timeout passes (throws with the
 * message and the last value/error seen).
 */
let generation = 0;
/**
 * Makes every waitFor started before now fail at its next poll. The runner calls it when a
 * scenario times out, so the abandoned scenario stops pressing keys into the next one.
 */
export function cancelPendingWaits() { generation++; }

export async function waitFor(fn, { timeout = DEFAULT_TIMEOUT, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  const gen = generation;
  let last;
  let lastError;
  for (;;) {
    if (gen !== generation) throw Object.assign(new Error(`cancelled while waiting for ${message}`), { fatal: true });
    try {
      last = await fn();
      if (last) return last;
      lastError = undefined;
    } catch (e) {
      if (e?.fatal) throw e;
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? `; last error: ${lastError.message ?? lastError}` : last === undefined ? '' : `; last value: ${JSON.stringify(last)}`;
      throw new Error(`Timed out after ${timeout} ms waiting for ${message}${detail}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Lines of a stream, with a promise for the first line matching re. */
function watchLines(stream, onLine) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buf += chunk;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i).replace(/\r$/, ''));
      buf = buf.slice(i + 1);
    }
  });
}

function httpGetStatus(url, timeoutMs = 2000) {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), timeoutMs);
  return globalThis.fetch(url, { redirect: 'manual', signal: ac.signal })
    .then((r) => r.status)
    .finally(() => clearTimeout(t));
}

// ------------------------------------------------------------------------------------------------
// Host setup, packaging

/** Runs scripts/setup-host.sh (idempotent) and returns { codeServerBin }. */
export function setupHost() {
  const started = Date.now();
  const res = spawnSync('bash', [path.join(ROOT, 'scripts/setup-host.sh')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: childEnv() });
  const out = res.stdout ?? '';
  for (const line of out.split('\n')) if (line.startsWith('[setup-host]')) log(line);
  if (res.status !== 0) throw new Error(`scripts/setup-host.sh failed (exit ${res.status})`);
  const bin = /^CODE_SERVER_BIN=(.+)$/m.exec(out)?.[1];
  if (!bin || !fs.existsSync(bin)) throw new Error('scripts/setup-host.sh did not report CODE_SERVER_BIN');
  debug(`setup-host: ${Date.now() - started} ms`);
  return { codeServerBin: bin };
}

let packaged;
/** Runs `npm run package` once per process; returns the absolute .vsix path. */
export function packageExtension({ force = false } = {}) {
  if (packaged && !force) return packaged;
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(ROOT, `${manifest.name}-${manifest.version}.vsix`);
  fs.rmSync(vsix, { force: true });
  const res = spawnSync('npm', ['run', 'package'], { cwd: ROOT, encoding: 'utf8', env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  if (res.status !== 0 || !fs.existsSync(vsix)) {
    process.stdout.write(res.stdout ?? '');
    process.stderr.write(res.stderr ?? '');
    throw new Error(`npm run package failed (exit ${res.status}); expected ${vsix}`);
  }
  packaged = vsix;
  return vsix;
}

// ------------------------------------------------------------------------------------------------
// Fake Tesults server

/**
 * Starts the fake Tesults API (test/server/cli.ts; presets demo|e2e|hostile|large). Resolves once
 * it prints TESULTS_SERVER_URL=...
 * Returns { url (…/api), baseUrl, token, preset, control(path, body?), api(path), output, stop() }.
 */
export async function startTesultsServer({ preset = 'e2e', token = 'e2e-token', extraArgs = [], timeout = 60_000 } = {}) {
  const args = ['--import', 'tsx', path.join(ROOT, 'test/server/cli.ts'),
    '--port', '0', '--token', token, ...(preset ? ['--preset', preset] : []), ...extraArgs];
  const proc = spawnGroup(process.execPath, args, { name: 'tesults server', env: childEnv() });
  const output = [];
  let resolveUrl;
  const urlSeen = new Promise((r) => { resolveUrl = r; });
  const onLine = (line) => {
    output.push(line);
    if (output.length > 2000) output.shift();
    const m = /^TESULTS_SERVER_URL=(\S+)/.exec(line);
    if (m) resolveUrl(m[1]);
  };
  watchLines(proc.child.stdout, onLine);
  watchLines(proc.child.stderr, onLine);
  let timer;
  const url = await Promise.race([
    urlSeen,
    proc.exited.then(({ code, signal }) => {
      throw new Error(`Tesults server exited early (code ${code}, signal ${signal}):\n${output.join('\n')}`);
    }),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`Tesults server printed no TESULTS_SERVER_URL within ${timeout} ms:\n${output.join('\n')}`)), timeout); }),
  ]).finally(() => clearTimeout(timer)).catch(async (e) => { await proc.stop(); throw e; });
  const baseUrl = url.replace(/\/api\/?$/, '');

  /** GET (no body) or POST (JSON body) to ${baseUrl}/__control/<path>; returns parsed JSON (or text). */
  async function control(controlPath, body) {
    const p = String(controlPath).replace(/^\/+/, '').replace(/^__control\//, '');
    const init = body === undefined
      ? { method: 'GET', headers: { authorization: `Bearer ${token}` } }
      : { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const res = await globalThis.fetch(`${baseUrl}/__control/${p}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`control ${p}: HTTP ${res.status}: ${text}`);
    try { return JSON.parse(text); } catch { return text; }
  }
  /** GET ${url}/<path> with the token, as the extension would; returns the parsed JSON. */
  async function api(apiPath) {
    const res = await globalThis.fetch(`${url}/${String(apiPath).replace(/^\/+/, '')}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    if (!res.ok) throw new Error(`GET ${apiPath}: HTTP ${res.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text);
  }
  return { url, baseUrl, token, preset, control, api, output, stop: proc.stop };
}

// ------------------------------------------------------------------------------------------------
// What the Tesults server serves (to compute what the UI should show)

/** Every target of the server (following the cursor across pages). */
export async function apiTargets(server) {
  const out = [];
  let cursor;
  for (let page = 0; page < 100; page++) {
    const body = await server.api(`targets?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...(body.data?.targets ?? []));
    cursor = body.data?.cursor;
    if (!cursor) break;
  }
  return out;
}

/** The newest `limit` raw runs of a target (by its id or exact name). */
export async function apiRuns(server, target, { limit = 1 } = {}) {
  let id = target;
  const targets = await apiTargets(server);
  const t = targets.find((x) => String(x.id) === String(target)) ?? targets.find((x) => x.name === target);
  if (t) id = String(t.id);
  const body = await server.api(`results?target=${encodeURIComponent(id)}&limit=${limit}`);
  return body.data?.results?.runs ?? [];
}

/** The test cases of a raw run (objects only, without the `[build]` pseudo-case). */
export function runCases(run) {
  return (run?.cases ?? []).filter((c) => c && typeof c === 'object' && c.suite !== '[build]');
}

/** { pass, fail, total } of a raw run as the extension counts them (result "pass"/"fail", [build] left out). */
export function runCounts(run) {
  const cases = runCases(run);
  const of = (r) => cases.filter((c) => c.result === r).length;
  return { pass: of('pass'), fail: of('fail'), total: cases.length };
}

// ------------------------------------------------------------------------------------------------
// code-server

export const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

/**
 * Fresh user-data and extensions dirs, settings.json, `--install-extension vsix`, then serves
 * code-server on a free 127.0.0.1 port and waits until it answers HTTP. The folder opened is
 * workspaceFolder, else a copy of workspaceTemplate, else an empty temp folder.
 * Returns { url, port, userDataDir, extensionsDir, workspaceFolder, tmpDir, codeServerBin, output, stop({ keepFiles }) }.
 */
export async function startCodeServer({ vsix, settings = {}, workspaceFolder, workspaceTemplate, codeServerBin, timeout = 60_000, keepFiles = false } = {}) {
  codeServerBin ??= setupHost().codeServerBin;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tesults-e2e-'));
  const userDataDir = path.join(tmpDir, 'user-data');
  const extensionsDir = path.join(tmpDir, 'extensions');
  const configFile = path.join(tmpDir, 'config.yaml');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (!workspaceFolder) {
    workspaceFolder = path.join(tmpDir, 'workspace');
    // A copy of the template, so nothing the workbench writes (.vscode/settings.json) lands in the repository.
    if (workspaceTemplate) fs.cpSync(workspaceTemplate, workspaceFolder, { recursive: true });
    else fs.mkdirSync(workspaceFolder);
  }
  fs.writeFileSync(configFile, 'auth: none\n');
  writeSettings(userDataDir, settings);
  const env = childEnv({ XDG_CONFIG_HOME: path.join(tmpDir, 'xdg-config'), XDG_DATA_HOME: path.join(tmpDir, 'xdg-data') });
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile];

  if (!keepFiles) tmpDirs.add(tmpDir);
  let removeTmp = () => { if (!keepFiles) removeDir(tmpDir); };
  const unregisterTmp = onCleanup(() => removeTmp());

  if (vsix) {
    const res = spawnSync(process.execPath, [codeServerBin, ...common, '--install-extension', vsix, '--force'],
      { encoding: 'utf8', env, timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = `${res.stdout ?? ''}${res.stderr ?? ''}`;
    if (res.status !== 0 || !/successfully installed/i.test(out)) {
      removeTmp();
      unregisterTmp();
      throw new Error(`code-server --install-extension ${vsix} failed (exit ${res.status}):\n${out}`);
    }
    debug(out.trim());
  }

  const output = [];
  let proc;
  let port;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    proc = spawnGroup(process.execPath, [codeServerBin, ...common,
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', workspaceFolder],
    { name: 'code-server', env });
    const onLine = (line) => { output.push(line); if (output.length > 5000) output.shift(); debug(`[code-server] ${line}`); };
    watchLines(proc.child.stdout, onLine);
    watchLines(proc.child.stderr, onLine);
    const url = `http://127.0.0.1:${port}`;
    try {
      let exited = false;
      proc.exited.then(() => { exited = true; });
      await waitFor(async () => {
        if (exited) throw Object.assign(new Error('code-server exited'), { fatal: true });
        const status = await httpGetStatus(`${url}/healthz`).catch(() => 0);
        return status === 200;
      }, { timeout, interval: 200, message: `code-server on ${url}` });
      if (exited) throw new Error('code-server exited');
      break;
    } catch (e) {
      await proc.stop();
      const inUse = output.some((l) => /EADDRINUSE/.test(l));
      if (inUse && attempt < 3) continue; // the free port was taken in between: pick another
      removeTmp();
      unregisterTmp();
      throw new Error(`${e.message}\n--- code-server output ---\n${output.join('\n')}`);
    }
  }
  const url = `http://127.0.0.1:${port}`;
  let stopped;
  const stop = ({ keepFiles: keep = keepFiles } = {}) => {
    stopped ??= (async () => {
      await proc.stop();
      if (keep) tmpDirs.delete(tmpDir);
      else removeTmp();
      removeTmp = () => {};
      unregisterTmp();
    })();
    return stopped;
  };
  return { url, port, userDataDir, extensionsDir, workspaceFolder, tmpDir, codeServerBin, output, stop };
}

/** (Re)writes User/settings.json: BASE_SETTINGS + settings. code-server picks up changes live. */
export function writeSettings(userDataDir, settings = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  return file;
}

/** `code-server --list-extensions --show-versions` for that instance's dirs. */
export function listInstalledExtensions(codeServer, codeServerBin = codeServer.codeServerBin) {
  codeServerBin ??= setupHost().codeServerBin;
  const res = spawnSync(process.execPath, [codeServerBin, '--user-data-dir', codeServer.userDataDir, '--extensions-dir', codeServer.extensionsDir,
    '--config', path.join(codeServer.tmpDir, 'config.yaml'), '--list-extensions', '--show-versions'],
  { encoding: 'utf8', env: childEnv({ XDG_CONFIG_HOME: path.join(codeServer.tmpDir, 'xdg-config') }), timeout: 60_000 });
  return (res.stdout ?? '').split('\n').map((l) => l.trim()).filter((l) => /^[\w-]+\.[\w-]+@/.test(l));
}

// ------------------------------------------------------------------------------------------------
// Browser

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

// ------------------------------------------------------------------------------------------------
// Matching

/**
 * string: equals (trimmed) any of the candidate texts; RegExp: matches any; function: predicate
 * on the whole object.
 */
export function matches(matcher, obj, texts) {
  if (typeof matcher === 'function') return !!matcher(obj);
  const values = texts.filter((t) => typeof t === 'string').map((t) => t.trim());
  if (matcher instanceof RegExp) return values.some((t) => matcher.test(t));
  return values.includes(String(matcher).trim());
}
const describe = (m) => (typeof m === 'function' ? `predicate ${m.name || ''}`.trim() : String(m));

// ------------------------------------------------------------------------------------------------
// Quick input, command palette

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = '.quick-input-widget .quick-input-box input';
const PALETTE_PLACEHOLDER = 'Type the name of a command to run.';

async function quickInputVisible(page) {
  return page.locator(QUICK_INPUT).first().isVisible().catch(() => false);
}

/** Closes an open quick input (palette, input box) with Escape. */
export async function closeQuickInput(page, { timeout = 5000 } = {}) {
  if (!(await quickInputVisible(page))) return;
  await waitFor(async () => {
    if (!(await quickInputVisible(page))) return true;
    await page.keyboard.press('Escape');
    return false;
  }, { timeout, interval: 200, message: 'the quick input to close' });
}

/**
 * Runs a command from the palette by its full title, e.g. 'Tesults: Set API Token': F1, types
 * the title, waits for the entry whose label is exactly that title, picks it with Enter.
 */
export async function runCommand(page, title, { timeout = DEFAULT_TIMEOUT } = {}) {
  const input = page.locator(QUICK_INPUT_BOX).first();
  const findEntry = () => page.evaluate(({ title: t }) => {
    const rows = [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')];
    const row = rows.find((r) => (r.querySelector('.label-name')?.textContent ?? '').trim() === t);
    return row ? { index: Number(row.dataset.index), focused: row.classList.contains('focused') } : null;
  }, { title });
  // The palette lists the commands known when it opens: right after start-up the extension's
  // contributions may still be arriving, so reopen it until the entry shows.
  const entry = await waitFor(async () => {
    await closeQuickInput(page);
    await waitFor(async () => {
      if (!(await input.isVisible().catch(() => false))) await page.keyboard.press('F1');
      const placeholder = await input.getAttribute('placeholder', { timeout: 1000 }).catch(() => null);
      return placeholder === PALETTE_PLACEHOLDER;
    }, { timeout: 5000, interval: 300, message: 'the command palette' });
    // Short: if the palette closed meanwhile (focus taken by a notification, say), reopen it.
    await input.fill(`>${title}`, { timeout: 2000 });
    return waitFor(findEntry, { timeout: 3000, message: 'entry' }).catch(() => null);
  }, { timeout, interval: 0, message: `command palette entry "${title}"` });
  if (!entry.focused) {
    // Move the focus onto the exact entry (it may not be the first match).
    await waitFor(async () => {
      const focused = await page.evaluate(({ title: t }) => {
        const row = document.querySelector('.quick-input-widget .quick-input-list .monaco-list-row.focused');
        return (row?.querySelector('.label-name')?.textContent ?? '').trim() === t;
      }, { title });
      if (!focused) await page.keyboard.press('ArrowDown');
      return focused;
    }, { timeout, interval: 50, message: `focus on palette entry "${title}"` });
  }
  await page.keyboard.press('Enter');
  // The palette closes, or turns into the command's own input (another placeholder).
  await waitFor(async () => {
    if (!(await input.isVisible().catch(() => false))) return true;
    const placeholder = await input.getAttribute('placeholder', { timeout: 1000 }).catch(() => null);
    const value = await input.inputValue({ timeout: 1000 }).catch(() => '');
    return placeholder !== PALETTE_PLACEHOLDER || !value.startsWith('>');
  }, { timeout, message: `the palette to run "${title}"` });
}

/**
 * Types into the input box a command opened (showInputBox / QuickPick filter) and presses
 * Enter (unless submit: false). password: true waits for a masked input. prompt: matcher for
 * the message under the box. Returns the prompt text.
 */
export async function typeIntoInputBox(page, text, { password = false, submit = true, prompt, timeout = DEFAULT_TIMEOUT } = {}) {
  const input = page.locator(QUICK_INPUT_BOX).first();
  const info = await waitFor(async () => {
    if (!(await input.isVisible().catch(() => false))) return null;
    const i = await input.evaluate((el) => ({
      type: el.type, placeholder: el.placeholder, value: el.value,
      prompt: (document.querySelector('.quick-input-widget .quick-input-message')?.textContent ?? '').trim(),
    }));
    if (i.placeholder === PALETTE_PLACEHOLDER && i.value.startsWith('>')) return null;
    if (password && i.type !== 'password') return null;
    if (prompt !== undefined && !matches(prompt, i, [i.prompt, i.placeholder])) return null;
    return i;
  }, { timeout, message: `an input box${password ? ' (password)' : ''}${prompt ? ` with prompt ${describe(prompt)}` : ''}` });
  await input.fill(text);
  if (submit) {
    await page.keyboard.press('Enter');
    await waitFor(async () => {
      if (!(await input.isVisible().catch(() => false))) return true;
      const value = await input.inputValue({ timeout: 1000 }).catch(() => '');
      return value !== text; // replaced by the next step's input
    }, { timeout, message: 'the input box to accept' });
  }
  return info.prompt;
}

/** Rows of the open quick pick: [{ label, description, detail, ariaLabel, focused }]. */
export async function quickPickItems(page) {
  return page.evaluate(() => [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')].map((r) => ({
    label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
    description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
    detail: (r.querySelector('.quick-input-list-label-meta')?.textContent ?? '').trim(),
    ariaLabel: r.getAttribute('aria-label') ?? '',
    focused: r.classList.contains('focused'),
  })));
}

// ------------------------------------------------------------------------------------------------
// Views

const cssString = (s) => JSON.stringify(String(s));

/** Clicks the activity bar entry (e.g. 'Tesults') unless its container is already showing. */
export async function openView(page, title, { timeout = DEFAULT_TIMEOUT } = {}) {
  const tab = page.locator(`.activitybar li[role=tab]:has(> a.action-label[aria-label^=${cssString(title)}])`).first();
  await tab.waitFor({ state: 'visible', timeout });
  await waitFor(async () => {
    const selected = (await tab.getAttribute('aria-selected')) === 'true';
    const sidebarVisible = await page.locator('#workbench\\.parts\\.sidebar').isVisible();
    if (selected && sidebarVisible) return true;
    await tab.click();
    return false;
  }, { timeout, interval: 500, message: `activity bar view "${title}" to open` });
}

/** Whether the activity bar has an entry titled title. */
export async function activityBarHas(page, title) {
  return (await page.locator(`.activitybar li[role=tab] > a.action-label[aria-label^=${cssString(title)}]`).count()) > 0;
}

let manifestViews;
/** Accepts a view id (tesults.results) or name (Results); returns the view's name. */
function viewName(view = 'tesults.results') {
  if (!view.includes('.')) return view;
  manifestViews ??= Object.values(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes?.views ?? {}).flat();
  return manifestViews.find((v) => v.id === view)?.name ?? view;
}

function paneSelector(view) {
  return `.part.sidebar .pane:has(> .pane-header[aria-label=${cssString(`${viewName(view)} Section`)}])`;
}

/** Welcome view of a view (viewsWelcome): { visible, text, buttons: [label] }. */
export async function welcomeView(page, view = 'tesults.results') {
  return page.evaluate((sel) => {
    const pane = document.querySelector(sel);
    const content = pane?.querySelector('.pane-body.welcome .welcome-view-content');
    if (!content || !content.getClientRects().length) return { visible: false, text: '', buttons: [] };
    return {
      visible: true,
      text: content.innerText.trim(),
      buttons: [...content.querySelectorAll('.monaco-button')].map((b) => b.textContent.trim()),
    };
  }, paneSelector(view));
}

/** Clicks a welcome-view button by its label. */
export async function clickWelcomeButton(page, label, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT } = {}) {
  const button = page.locator(`${paneSelector(view)} .welcome-view-content .monaco-button`).filter({ hasText: label }).first();
  await button.waitFor({ state: 'visible', timeout });
  await button.click();
}

/**
 * Rows of the tree view currently rendered (only the rows in view exist in the DOM):
 * [{ index, id, ariaLabel, label, description, level, expanded (true/false/undefined), selected,
 * focused, icon (codicon name or '') }], in display order.
 */
export async function treeRows(page, view = 'tesults.results') {
  return page.evaluate((sel) => {
    const pane = document.querySelector(sel);
    const tree = pane?.querySelector('.monaco-list[role=tree]');
    if (!tree || !tree.getClientRects().length) return [];
    return [...tree.querySelectorAll('.monaco-list-row[role=treeitem]')].map((r) => {
      const iconEl = r.querySelector('.custom-view-tree-node-item-icon');
      const codicon = iconEl ? [...iconEl.classList].find((c) => c.startsWith('codicon-')) : undefined;
      const expanded = r.getAttribute('aria-expanded');
      return {
        index: Number(r.dataset.index),
        id: r.id,
        ariaLabel: r.getAttribute('aria-label') ?? '',
        label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
        level: Number(r.getAttribute('aria-level') ?? 1),
        expanded: expanded === null ? undefined : expanded === 'true',
        selected: r.getAttribute('aria-selected') === 'true',
        focused: r.classList.contains('focused'),
        icon: codicon ? codicon.slice('codicon-'.length) : iconEl?.style.backgroundImage ? 'uri' : '',
      };
    }).sort((a, b) => a.index - b.index);
  }, paneSelector(view));
}

const rowMatches = (matcher, row) => matches(matcher, row, [row.label, row.ariaLabel, `${row.label} ${row.description}`.trim()]);

async function treeScrollInfo(page, view) {
  return page.evaluate((sel) => {
    const tree = document.querySelector(sel)?.querySelector('.monaco-list[role=tree]');
    const rows = tree?.querySelector('.monaco-list-rows');
    if (!tree || !rows) return null;
    const box = tree.getBoundingClientRect();
    return { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 40), viewHeight: box.height, contentHeight: rows.offsetHeight, top: -parseFloat(rows.style.top || '0') };
  }, paneSelector(view));
}

/**
 * Waits until a row matching matcher is rendered (string: exact label or aria-label; RegExp;
 * or predicate on the row object) and returns it. Scrolls long trees with the mouse wheel.
 */
export async function waitForTreeRow(page, matcher, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT, scroll = true } = {}) {
  let direction = 1;
  return waitFor(async () => {
    const rows = await treeRows(page, view);
    const row = rows.find((r) => rowMatches(matcher, r));
    if (row || !scroll) return row;
    const info = await treeScrollInfo(page, view);
    if (info && info.contentHeight > info.viewHeight + 1) {
      const atEnd = direction > 0 ? info.top + info.viewHeight >= info.contentHeight - 1 : info.top <= 0;
      if (atEnd) direction = -direction;
      await page.mouse.move(info.x, info.y);
      await page.mouse.wheel(0, direction * Math.max(info.viewHeight - 44, 22));
    }
    return undefined;
  }, { timeout, interval: 150, message: `tree row ${describe(matcher)} in ${viewName(view)}` });
}

/** Waits until no rendered row matches (e.g. after a refresh). */
export async function waitForNoTreeRow(page, matcher, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT } = {}) {
  await waitFor(async () => !(await treeRows(page, view)).some((r) => rowMatches(matcher, r)),
    { timeout, message: `no tree row ${describe(matcher)}` });
}

/** Clicks a tree row (waits for it first); { double: true } double-clicks. Returns the row. */
export async function clickTreeRow(page, matcher, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT, double = false, button = 'left' } = {}) {
  return waitFor(async () => {
    const row = await waitForTreeRow(page, matcher, { view, timeout });
    const el = page.locator(`${paneSelector(view)} .monaco-list-row[role=treeitem]#${row.id}`);
    // Re-check the element is still this row (rows are recycled as the tree re-renders).
    const label = await el.getAttribute('aria-label', { timeout: 1000 }).catch(() => null);
    if (label !== row.ariaLabel) return undefined;
    if (double) await el.dblclick({ button, timeout: 5000 });
    else await el.click({ button, timeout: 5000 });
    return row;
  }, { timeout, message: `clicking tree row ${describe(matcher)}` });
}

/** Expands a collapsed tree row (clicks its twistie) and waits for aria-expanded=true. */
export async function expandTreeRow(page, matcher, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT } = {}) {
  return waitFor(async () => {
    const row = await waitForTreeRow(page, matcher, { view, timeout });
    if (row.expanded === true) return row;
    if (row.expanded === undefined) throw new Error(`tree row ${describe(matcher)} is not expandable`);
    const el = page.locator(`${paneSelector(view)} .monaco-list-row[role=treeitem]#${row.id}`);
    if ((await el.getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) !== row.ariaLabel) return undefined;
    await el.locator('.monaco-tl-twistie').click({ timeout: 5000 });
    const after = await waitForTreeRow(page, matcher, { view, timeout: 3000 }).catch(() => undefined);
    return after?.expanded === true ? after : undefined;
  }, { timeout, interval: 300, message: `expanding tree row ${describe(matcher)}` });
}

/** Clicks a title-bar action of the view by its label (e.g. 'Refresh'). */
export async function clickViewAction(page, label, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT } = {}) {
  // The single view of a container shows its actions in the container title; try both.
  const inPane = page.locator(`${paneSelector(view)} .pane-header .actions a.action-label[aria-label^=${cssString(label)}]`).first();
  const inTitle = page.locator(`.part.sidebar .composite.title .title-actions a.action-label[aria-label^=${cssString(label)}]`).first();
  await waitFor(async () => {
    for (const l of [inPane, inTitle]) {
      if (await l.isVisible().catch(() => false)) { await l.click({ timeout: 5000 }); return true; }
    }
    return false;
  }, { timeout, message: `view action "${label}"` });
}

/** The view's message (TreeView.message, shown above its rows), or '' when none shows. */
export async function viewMessage(page, view = 'tesults.results') {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel)?.querySelector('.pane-body .message');
    return el && el.getClientRects().length ? (el.textContent ?? '').trim() : '';
  }, paneSelector(view));
}

/**
 * The rows under parent in a treeRows() list (those after it, until one at its level or above);
 * depth 1 (default): its children only; Infinity: all its descendants that are rendered.
 */
export function childRows(rows, parent, { depth = 1 } = {}) {
  const start = rows.findIndex((r) => r.index === parent.index);
  if (start < 0) return [];
  const out = [];
  for (const r of rows.slice(start + 1)) {
    if (r.level <= parent.level) break;
    if (r.level - parent.level <= depth) out.push(r);
  }
  return out;
}

/** The parent row of row in a treeRows() list (the nearest row above it one level up), if rendered. */
export function parentRow(rows, row) {
  const i = rows.findIndex((r) => r.index === row.index);
  for (let j = i - 1; j >= 0; j--) if (rows[j].level === row.level - 1) return rows[j];
  return undefined;
}

const MENU_ITEM = '.monaco-menu .action-item a.action-menu-item';

/** Labels of the open context menu's entries (separators left out). */
export async function contextMenuItems(page) {
  const labels = await page.locator(`${MENU_ITEM} .action-label`).allTextContents().catch(() => []);
  return labels.map((l) => l.trim()).filter(Boolean);
}

/** Right-clicks a tree row and picks the context menu entry labelled label. */
export async function treeRowContextMenu(page, matcher, label, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT } = {}) {
  const entry = page.locator(MENU_ITEM).filter({ has: page.locator('.action-label', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) }).first();
  await waitFor(async () => {
    if (!(await entry.isVisible().catch(() => false))) {
      await page.keyboard.press('Escape');
      await clickTreeRow(page, matcher, { view, timeout, button: 'right' });
      await entry.waitFor({ state: 'visible', timeout: 2000 }).catch(() => {});
    }
    if (!(await entry.isVisible().catch(() => false))) return false;
    // A menu ignores a click that comes right after it opened: click until it closes.
    await entry.click({ timeout: 5000 });
    return entry.waitFor({ state: 'hidden', timeout: 1000 }).then(() => true, () => false);
  }, { timeout, interval: 200, message: `context menu entry "${label}" of tree row ${describe(matcher)}` });
}

/**
 * Makes sure a token is stored: opens the Tesults view and, if the welcome view offers "Set API
 * Token", sets server.token through it and waits for the first tree rows. Lets a scenario run on
 * its own (--grep) as well as after 02-set-token.
 */
export async function ensureToken(page, server, { timeout = 30_000 } = {}) {
  await openView(page, 'Tesults');
  const state = await waitFor(async () => {
    const w = await welcomeView(page);
    if (w.visible && w.buttons.includes('Set API Token')) return 'missing';
    if ((await treeRows(page)).length > 0) return 'present';
    return undefined;
  }, { timeout, message: 'the welcome view or the tree' });
  if (state === 'missing') {
    await clickWelcomeButton(page, 'Set API Token');
    await typeIntoInputBox(page, server.token, { password: true });
    await waitFor(async () => (await treeRows(page)).length > 0, { timeout, message: 'tree rows after setting the token' });
  }
  return state;
}

// ------------------------------------------------------------------------------------------------
// Editors

/**
 * The active editor: { title (its tab's label, without ", preview"), preview, line, column }
 * (line and column from the status bar's "Ln N, Col M"; undefined without a text editor).
 */
export async function activeEditor(page) {
  return page.evaluate(() => {
    const tab = document.querySelector('#workbench\\.parts\\.editor .tabs-container .tab.active');
    const label = tab?.getAttribute('aria-label') ?? '';
    const sel = document.querySelector('#workbench\\.parts\\.statusbar [id="status.editor.selection"]');
    const m = /Ln (\d+), Col (\d+)/.exec(sel && sel.getClientRects().length ? sel.textContent ?? '' : '');
    return {
      title: label.replace(/, preview$/, ''),
      preview: /, preview$/.test(label),
      line: m ? Number(m[1]) : undefined,
      column: m ? Number(m[2]) : undefined,
    };
  });
}

/**
 * Gutter (glyph margin) decorations of the active text editor's rendered lines:
 * [{ line, className, backgroundImage }], line 1-based.
 */
export async function editorGlyphs(page) {
  return page.evaluate(() => {
    const group = document.querySelector('#workbench\\.parts\\.editor .editor-group-container.active') ?? document;
    const editor = [...group.querySelectorAll('.editor-instance .monaco-editor')].find((e) => e.getClientRects().length);
    if (!editor) return [];
    const lineAt = new Map([...editor.querySelectorAll('.margin-view-overlays > div')]
      .map((d) => [d.style.top, Number(d.querySelector('.line-numbers')?.textContent?.trim())]));
    return [...editor.querySelectorAll('.glyph-margin-widgets .cgmr, .margin-view-overlays .cgmr')].map((g) => ({
      line: lineAt.get(g.style.top) ?? (g.parentElement ? lineAt.get(g.parentElement.style.top) : undefined),
      className: g.className,
      backgroundImage: window.getComputedStyle(g).backgroundImage,
    }));
  });
}

// ------------------------------------------------------------------------------------------------
// Status bar, notifications

/**
 * All status bar items: [{ id, text, ariaLabel, tooltip, className, kind, background, icons }].
 * kind: 'error' | 'warning' | ... from VS Code's `<kind>-kind` class (an item whose backgroundColor
 * is statusBarItem.errorBackground gets 'error'); background: the computed background colour;
 * icons: the codicon names in its label.
 */
export async function statusBarItems(page) {
  return page.evaluate(() => [...document.querySelectorAll('#workbench\\.parts\\.statusbar .statusbar-item')]
    .filter((e) => e.getClientRects().length)
    .map((e) => ({
      id: e.id,
      text: (e.querySelector('.statusbar-item-label')?.textContent ?? '').trim(),
      ariaLabel: e.getAttribute('aria-label') ?? e.querySelector('.statusbar-item-label')?.getAttribute('aria-label') ?? '',
      tooltip: e.getAttribute('title') ?? '',
      className: e.className,
      kind: ([...e.classList].find((c) => c.endsWith('-kind')) ?? '').replace(/-kind$/, ''),
      background: window.getComputedStyle(e).backgroundColor,
      icons: [...e.querySelectorAll('.codicon')].map((i) => ([...i.classList].find((c) => c.startsWith('codicon-')) ?? '').slice('codicon-'.length)),
    })));
}

/** Clicks a status bar item (matcher as for statusBarItem); waits for it first. */
export async function clickStatusBarItem(page, matcher, { timeout = DEFAULT_TIMEOUT } = {}) {
  const item = await statusBarItem(page, matcher, { wait: true, timeout });
  await page.locator(`#workbench\\.parts\\.statusbar .statusbar-item[id=${cssString(item.id)}] .statusbar-item-label`).first().click({ timeout: 5000 });
  return item;
}

/** A clip of the status bar's left part (for README pictures): from x=0 to width px, plus margin px above. */
export async function statusBarClip(page, { width = 520, margin = 0 } = {}) {
  const box = await page.evaluate(() => document.querySelector('#workbench\\.parts\\.statusbar')?.getBoundingClientRect()?.toJSON());
  if (!box) throw new Error('no status bar to clip to');
  const vp = page.viewportSize() ?? { width: 1400, height: 900 };
  return { x: 0, y: Math.max(0, box.y - margin), width: Math.min(width, vp.width), height: box.height + Math.min(margin, box.y) };
}

/**
 * The first visible status bar item matching matcher (string: substring of its text or
 * aria-label, or its exact id; RegExp; predicate), or null. { wait: true } waits for it.
 */
export async function statusBarItem(page, matcher, { wait = false, timeout = DEFAULT_TIMEOUT } = {}) {
  const find = async () => (await statusBarItems(page)).find((i) => {
    if (typeof matcher === 'string') return i.id === matcher || i.text.includes(matcher) || i.ariaLabel.includes(matcher);
    return matches(matcher, i, [i.text, i.ariaLabel, i.id]);
  }) ?? null;
  if (!wait) return find();
  return waitFor(find, { timeout, message: `status bar item ${describe(matcher)}` });
}

/**
 * Notifications on screen (toasts, plus the notification center if open):
 * [{ message, severity: 'error'|'warning'|'info', source, buttons }].
 */
export async function notifications(page) {
  return page.evaluate(() => [...document.querySelectorAll('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item')]
    .filter((e) => e.getClientRects().length)
    .map((e) => {
      const icon = e.querySelector('.notification-list-item-icon');
      const cls = icon ? [...icon.classList].join(' ') : '';
      return {
        message: (e.querySelector('.notification-list-item-message')?.textContent ?? '').trim(),
        severity: /error/.test(cls) ? 'error' : /warning/.test(cls) ? 'warning' : 'info',
        source: (e.querySelector('.notification-list-item-source')?.textContent ?? '').trim(),
        buttons: [...e.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => b.textContent.trim()),
      };
    }));
}

/** Waits for a notification whose message matches (substring for strings). */
/**
 * Waits for a notification whose message matches (substring for strings).
 * center: true also accepts one that went to the notification center without a toast: VS Code
 * shows no toast for a notification that comes within 800 ms of 3 others (spam protection), which
 * a test typing fast can run into. The center is looked at after 3 s without the toast.
 */
export async function waitForNotification(page, matcher, { timeout = DEFAULT_TIMEOUT, center = false } = {}) {
  const hit = (n) => (typeof matcher === 'string' ? n.message.includes(matcher) : matches(matcher, n, [n.message]));
  const started = Date.now();
  let lastCenterLook = 0;
  return waitFor(async () => {
    const toast = (await notifications(page)).find(hit);
    if (toast || !center || Date.now() - started < 3000 || Date.now() - lastCenterLook < 2000) return toast;
    lastCenterLook = Date.now();
    const found = (await allNotifications(page)).find(hit);
    if (found) log(`notification ${describe(matcher)} found in the notification center (no toast: VS Code's toast spam protection)`);
    return found;
  }, { timeout, message: `notification ${describe(matcher)}` });
}

/** Clicks a button (by its label) of the notification whose message matches (substring for strings). */
export async function clickNotificationButton(page, matcher, label, { timeout = DEFAULT_TIMEOUT } = {}) {
  await waitForNotification(page, matcher, { timeout });
  await waitFor(async () => {
    const items = page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item');
    for (let i = 0; i < await items.count(); i++) {
      const item = items.nth(i);
      const message = ((await item.locator('.notification-list-item-message').textContent({ timeout: 1000 }).catch(() => '')) ?? '').trim();
      const hit = typeof matcher === 'string' ? message.includes(matcher) : matches(matcher, { message }, [message]);
      if (!hit) continue;
      const button = item.locator('.notification-list-item-buttons-container .monaco-button').filter({ hasText: label }).first();
      if (await button.isVisible().catch(() => false)) { await button.click({ timeout: 5000 }); return true; }
    }
    return false;
  }, { timeout, message: `button "${label}" of notification ${describe(matcher)}` });
}

/** Every notification of this window, including those whose toast was hidden: opens the center. */
export async function allNotifications(page) {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible().catch(() => false))) {
    await runCommand(page, 'Notifications: Show Notifications');
    await center.waitFor({ state: 'visible', timeout: 5000 });
  }
  const list = await notifications(page);
  await page.keyboard.press('Escape');
  return list;
}

// ------------------------------------------------------------------------------------------------
// Webviews

/**
 * The content frame of a webview (panel or view) whose title matches titleMatcher (string: exact
 * or substring; RegExp; predicate on { title, documentTitle, visible, src }). Webviews are two
 * nested iframes: iframe.webview (VS Code's host page) > iframe#active-frame, whose title
 * attribute is the panel/view title, holding the extension's document. Waits until it exists
 * and its body has content; prefers visible webviews (hidden ones are torn down anyway).
 */
export async function webviewFrame(page, titleMatcher, { timeout = DEFAULT_TIMEOUT, extensionId } = {}) {
  return waitFor(async () => {
    const candidates = [];
    for (const handle of await page.$$('iframe.webview')) {
      const src = (await handle.getAttribute('src').catch(() => '')) ?? '';
      if (extensionId && !src.includes(`extensionId=${extensionId}`)) continue;
      const visible = await handle.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const style = window.getComputedStyle(el.parentElement ?? el);
        return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
      }).catch(() => false);
      const outer = await handle.contentFrame();
      for (const inner of outer?.childFrames() ?? []) {
        const el = await inner.frameElement().catch(() => null);
        const attrs = await el?.evaluate((e) => ({ id: e.id, title: e.getAttribute('title') ?? '' })).catch(() => null);
        if (!attrs || attrs.id !== 'active-frame') continue;
        const documentTitle = await inner.title().catch(() => '');
        const hasBody = await inner.evaluate(() => !!document.body && document.body.childElementCount > 0).catch(() => false);
        if (hasBody) candidates.push({ frame: inner, title: attrs.title, documentTitle, visible, src });
      }
    }
    candidates.sort((x, y) => Number(y.visible) - Number(x.visible));
    const hit = candidates.find((c) => matches(titleMatcher, c, [c.title, c.documentTitle])
      || (typeof titleMatcher === 'string' && (c.title.includes(titleMatcher) || c.documentTitle.includes(titleMatcher))));
    return hit?.frame;
  }, { timeout, interval: 250, message: `webview ${describe(titleMatcher)}` });
}

/**
 * Evaluates fn(arg) in the document of a webview (see webviewFrame) until until(result) is
 * truthy, and returns that result. The frame is looked up again on every try: a webview whose
 * html is replaced (a new case shown) gets a new document and the old frame detaches.
 */
export async function webviewEvaluate(page, titleMatcher, fn, arg, { until = (v) => v, timeout = DEFAULT_TIMEOUT, message } = {}) {
  let last;
  return waitFor(async () => {
    const frame = await webviewFrame(page, titleMatcher, { timeout: Math.min(timeout, 3000) });
    last = await frame.evaluate(fn, arg);
    return until(last) ? last : undefined;
  }, { timeout, interval: 200, message: message ?? `webview ${describe(titleMatcher)} content` }).catch((e) => {
    throw new Error(`${e.message}${last !== undefined ? `; last result: ${JSON.stringify(last).slice(0, 500)}` : ''}`);
  });
}

// ------------------------------------------------------------------------------------------------
// Output channel, screenshots, diagnostics

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
