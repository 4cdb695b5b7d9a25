// code-server (VS Code served to a browser) with the packaged extension installed, on fresh
// user-data and extensions dirs. Why each step: test/e2e/README.md, "The host".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setupHost } from './host.mjs';
import { childEnv, debug, freePort, httpGetStatus, onCleanup, removeDir, spawnGroup, tmpDirs, watchLines } from './processes.mjs';
import { waitFor } from './wait.mjs';

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
  codeServerBin ??= (await setupHost()).codeServerBin;
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

/** (Re)writes User/settings.json: BASE_SETTINGS + settings, for the next start or reload (code-server does not apply
 * edits to this file while it runs: change a setting live with `setUserSetting`). */
export function writeSettings(userDataDir, settings = {}) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  return file;
}

/** `code-server --list-extensions --show-versions` for that instance's dirs. */
export function listInstalledExtensions(codeServer, codeServerBin = codeServer.codeServerBin) {
  const res = spawnSync(process.execPath, [codeServerBin, '--user-data-dir', codeServer.userDataDir, '--extensions-dir', codeServer.extensionsDir,
    '--config', path.join(codeServer.tmpDir, 'config.yaml'), '--list-extensions', '--show-versions'],
  { encoding: 'utf8', env: childEnv({ XDG_CONFIG_HOME: path.join(codeServer.tmpDir, 'xdg-config') }), timeout: 60_000 });
  return (res.stdout ?? '').split('\n').map((l) => l.trim()).filter((l) => /^[\w-]+\.[\w-]+@/.test(l));
}
