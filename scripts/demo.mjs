#!/usr/bin/env node
// npm run demo: the extension on a realistic built-in data set, in one command.
//   1. starts the project's local Tesults server with the demo data (recent runs, new failures,
//      a flaky case, params, files, steps, custom fields, `_Location`s into demo/workspace/);
//   2. opens demo/workspace in VS Code (`code --extensionDevelopmentPath`) when `code` is on PATH,
//      otherwise in code-server with the packaged extension installed, and prints the URL.
// (node --import tsx test/server/cli.ts ... --recent yes makes the newest runs a few minutes old.)
// Flags: --code-server (use code-server even when `code` exists). Ctrl+C stops everything.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as harness from '../test/e2e/harness.mjs';

const TOKEN = 'demo-token';
// A second Tesults project on the same server (its own token and data set), to show several projects side by side.
const SECOND_PROJECT = { name: 'backend-team', token: 'demo-token-backend' };
const DEFAULT_TARGET = 'web-e2e (playwright)';
const workspace = path.join(harness.ROOT, 'demo', 'workspace');
const useCodeServer = process.argv.includes('--code-server') || spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).status !== 0;

// The harness's messages (Ctrl+C, cleanup) speak as the demo.
harness.options.speaker = 'demo';
harness.options.speakerName = 'the demo';
const say = (line) => console.log(`[demo] ${line}`);
const steps = useCodeServer ? 4 : 3;
let step = 0;
const next = (what) => say(`step ${++step}/${steps}: ${what}`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

say(useCodeServer
  ? 'starting the Tesults demo in code-server (VS Code in the browser). The first run installs code-server\n' +
    '       (about 310 MB, native modules compiled: several minutes, progress below); later runs take under a minute.'
  : 'starting the Tesults demo in your VS Code (`code` is on PATH; --code-server uses code-server instead).');

let codeServerBin;
if (useCodeServer) {
  next('the host: Chromium and code-server (scripts/setup-host.sh)');
  const t = Date.now();
  ({ codeServerBin } = await harness.setupHost());
  say(`  host ready (${seconds(t)})`);
}

next('the local Tesults server with the demo data');
let t = Date.now();
const server = await harness.startTesultsServer({ preset: 'demo', token: TOKEN, extraArgs: ['--recent', 'yes', '--project', `${SECOND_PROJECT.name}:${SECOND_PROJECT.token}:e2e`] });
harness.onCleanup(() => server.stop());
say(`  ${server.url} (${seconds(t)})`);
const extensionSettings = {
  'tesults.apiUrl': server.url,
  'tesults.defaultTarget': DEFAULT_TARGET,
  'tesults.refreshIntervalSeconds': 30,
};
const settings = {
  ...extensionSettings,
  // demo/workspace sits inside this repository: without these VS Code asks on every start
  // whether to open the repository it found in a parent folder.
  'git.openRepositoryInParentFolders': 'never',
  'git.autoRepositoryDetection': false,
};

let openAt;
if (useCodeServer) {
  next('packaging the extension (npm run package)');
  t = Date.now();
  const vsix = harness.packageExtension();
  say(`  ${path.relative(harness.ROOT, vsix)} (${seconds(t)})`);
  next('installing it into code-server and starting code-server');
  t = Date.now();
  const codeServer = await harness.startCodeServer({ vsix, settings, workspaceFolder: workspace, codeServerBin });
  harness.onCleanup(() => codeServer.stop());
  say(`  ${codeServer.url} (${seconds(t)})`);
  openAt = `${codeServer.url}/?folder=${encodeURIComponent(workspace)}`;
} else {
  next('building the extension (npm run build)');
  const build = spawnSync('npm', ['run', 'build'], { cwd: harness.ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  next('opening VS Code');
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'tesults-demo-'));
  harness.writeSettings(userData, settings);
  const code = spawn('code', ['--new-window', `--user-data-dir=${userData}`, `--extensionDevelopmentPath=${harness.ROOT}`, workspace], { stdio: 'inherit' });
  code.on('exit', () => fs.rmSync(userData, { recursive: true, force: true }));
  openAt = 'the VS Code window that just opened';
}

console.log(`
Tesults demo is running.
  Open:        ${openAt}
  API token:   ${TOKEN}   (Tesults view > "Set API Token", or F1 > "Tesults: Set API Token")
  2nd project: ${SECOND_PROJECT.token}   (F1 > "Tesults: Add Project…", or Accounts menu > Sign in with Tesults;
               with two projects the tree shows one row per project above its targets)
  Settings:    ${JSON.stringify(extensionSettings)}
  Local API:   ${server.url} (the project's Tesults-compatible server, demo data set)
Try: expand "${DEFAULT_TARGET}", click a failing case, press F8 for the next failure,
"Go to Source" on a case, and the status bar on the left.
Ctrl+C stops the demo.`);
await new Promise(() => {});
