// The host: scripts/setup-host.sh (Debian packages, code-server; see test/e2e/README.md) and
// the packaged extension (.vsix).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, childEnv, debug, log, watchLines } from './processes.mjs';

/**
 * Runs scripts/setup-host.sh (idempotent) and resolves to { codeServerBin }. Its progress lines
 * ([setup-host] …) are printed as they come: the first run installs code-server and takes
 * several minutes.
 */
export async function setupHost() {
  const started = Date.now();
  const child = spawn('bash', [path.join(ROOT, 'scripts/setup-host.sh')], { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  let bin;
  watchLines(child.stdout, (line) => {
    if (line.startsWith('[setup-host]')) log(line);
    const m = /^CODE_SERVER_BIN=(.+)$/.exec(line);
    if (m) bin = m[1];
  });
  const status = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  if (status !== 0) throw new Error(`scripts/setup-host.sh failed (exit ${status})`);
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
