// Process bookkeeping: everything the harness starts runs in its own process group, is
// registered here and is torn down (group-wide) on stop(), on process exit and on
// SIGINT/SIGTERM/SIGHUP; temp dirs go with it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEFAULT_TIMEOUT = 15_000;

/**
 * Options the runner sets: publishScreenshots copies screenshots marked `publish` to
 * media/screenshots; speaker / speakerName: how messages of the process bookkeeping name the
 * program using the harness ("[e2e] …", "[demo] …").
 */
export const options = { publishScreenshots: false, verbose: !!process.env.E2E_VERBOSE, speaker: 'e2e', speakerName: 'the e2e run' };

export const log = (...args) => console.log('   ', ...args);
export const debug = (...args) => { if (options.verbose) console.log('    [debug]', ...args); };

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

/** Temp dirs to remove even when the process exits abruptly. */
export const tmpDirs = new Set();
export function removeDir(dir) {
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
    console.error(`\n[${options.speaker}] ${signal}: stopping everything ${options.speakerName} started`);
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
export function childEnv(extra = {}) {
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

/** Lines of a stream, with a promise for the first line matching re. */
export function watchLines(stream, onLine) {
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

export function httpGetStatus(url, timeoutMs = 2000) {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), timeoutMs);
  return globalThis.fetch(url, { redirect: 'manual', signal: ac.signal })
    .then((r) => r.status)
    .finally(() => clearTimeout(t));
}
