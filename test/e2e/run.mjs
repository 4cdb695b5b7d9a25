#!/usr/bin/env node
// End-to-end runner: the packaged extension in a real VS Code (code-server) driven by Chromium.
//
//   node test/e2e/run.mjs [--grep TEXT] [--screenshots] [--keep-open] [--vsix FILE | --stub]
//                         [--timeout MS] [--verbose]
//
//   --grep TEXT     only scenarios whose name or file name contains TEXT (case-insensitive)
//   --screenshots   also write the screenshots scenarios mark for publishing to media/screenshots/
//   --keep-open     leave code-server and the fake server running at the end (Ctrl+C stops them)
//   --vsix FILE     install this .vsix instead of running `npm run package`
//   --stub          install the harness's stub extension (test/e2e/fixtures/stub-extension)
//   --scenarios DIR run the scenarios in DIR instead (e.g. test/e2e/fixtures/selftest with --stub)
//   --timeout MS    per-scenario timeout (default 120000; a scenario may export its own `timeout`)
//
// Scenarios: test/e2e/scenarios/*.mjs in file-name order, each exporting
//   { name, run(ctx), timeout?, fresh?, settings?, server?, workspace?, skip? (the reason it is not run) }
// ctx = { page, server, harness, codeServer, workbench, extensionId, shot(name, opts), log }.
// One code-server + browser is shared by consecutive scenarios; a scenario with `fresh: true` or
// with different `settings`, `server` or `workspace` gets a new one (new user data: no stored
// token). `server: { preset, token?, extraArgs? }`: a Tesults server of its own (started once per preset and
// token, shared by the scenarios asking for the same), which `tesults.apiUrl` points at and
// ctx.server is. `workspace: 'test/e2e/fixtures/workspace'`: a copy of that folder is opened.
// After a failure the page is reloaded so the next scenario starts from a settled workbench.
// Artifacts: test-results/e2e/<scenario>/ (screenshots; on failure console.log,
// extension-log.txt, exthost.log, failure.png, ...).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as harness from './harness.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const value = (name) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  if (i + 1 >= argv.length) throw new Error(`--${name} needs a value`);
  return argv[i + 1];
};
const grep = value('grep');
const keepOpen = flag('keep-open');
const defaultTimeout = Number(value('timeout') ?? 120_000);
harness.options.publishScreenshots = flag('screenshots');
harness.options.verbose ||= flag('verbose');

const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
const scenariosDir = path.resolve(harness.ROOT, value('scenarios') ?? 'test/e2e/scenarios');
const manifest = JSON.parse(fs.readFileSync(path.join(harness.ROOT, 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;

async function loadScenarios() {
  const files = fs.readdirSync(scenariosDir).filter((f) => f.endsWith('.mjs')).sort();
  const list = [];
  for (const file of files) {
    const mod = await import(pathToFileURL(path.join(scenariosDir, file)).href);
    const s = mod.default ?? mod;
    if (typeof s.run !== 'function') throw new Error(`${file}: exports no run()`);
    list.push({
      file, name: s.name ?? file.replace(/\.mjs$/, ''), run: s.run, timeout: s.timeout, fresh: !!s.fresh, settings: s.settings ?? {},
      server: s.server, workspace: s.workspace ? path.resolve(harness.ROOT, s.workspace) : undefined,
      skip: typeof s.skip === 'string' ? s.skip : undefined,
    });
  }
  if (!grep) return list;
  const g = grep.toLowerCase();
  return list.filter((s) => s.name.toLowerCase().includes(g) || s.file.toLowerCase().includes(g));
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${seconds(ms)}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

async function main() {
  const t0 = Date.now();
  let scenarios = [];
  let passed = 0;
  let skipped = 0;
  let failed = 0;
  let env; // { codeServer, workbench, settingsKey }
  let server;
  const servers = new Map(); // `${preset} ${token}` -> extra Tesults servers scenarios asked for
  try {
    scenarios = await loadScenarios();
    console.log(`e2e: ${scenarios.length} scenario(s)${grep ? ` matching "${grep}"` : ''}`);

    let t = Date.now();
    const { codeServerBin } = await harness.setupHost();
    console.log(`  host ready (${seconds(Date.now() - t)})`);

    t = Date.now();
    let vsix;
    if (value('vsix')) vsix = path.resolve(value('vsix'));
    else if (flag('stub')) {
      vsix = (await import('./fixtures/stub-extension/build.mjs')).buildStubVsix();
      harness.onCleanup(() => fs.rmSync(path.dirname(vsix), { recursive: true, force: true }));
    }
    else vsix = harness.packageExtension();
    console.log(`  packaged ${path.relative(harness.ROOT, vsix) || vsix} (${seconds(Date.now() - t)})`);

    t = Date.now();
    server = await harness.startTesultsServer({ preset: 'e2e', token: 'e2e-token-0123456789abcdef' });
    console.log(`  Tesults server ${server.url} (${seconds(Date.now() - t)})`);

    const serverFor = async (s) => {
      if (!s.server) return server;
      const preset = s.server.preset ?? 'e2e';
      const token = s.server.token ?? server.token;
      const extraArgs = s.server.extraArgs ?? [];
      const key = [preset, token, ...extraArgs].join(' ');
      if (!servers.has(key)) {
        const t1 = Date.now();
        servers.set(key, await harness.startTesultsServer({ preset, token, extraArgs }));
        console.log(`  Tesults server (${preset}) ${servers.get(key).url} (${seconds(Date.now() - t1)})`);
      }
      return servers.get(key);
    };
    const envKey = (s, srv) => JSON.stringify({ settings: s.settings, apiUrl: srv.url, workspace: s.workspace ?? null });
    const startEnv = async (s, srv) => {
      if (env) await stopEnv();
      const t1 = Date.now();
      const codeServer = await harness.startCodeServer({
        vsix, codeServerBin, workspaceTemplate: s.workspace, settings: { 'tesults.apiUrl': srv.url, ...s.settings },
      });
      const t2 = Date.now();
      const workbench = await harness.openWorkbench(codeServer.url, codeServer.workspaceFolder);
      console.log(`  code-server ${codeServer.url} (install + start ${seconds(t2 - t1)}, workbench ${seconds(Date.now() - t2)})`);
      env = { codeServer, workbench, settingsKey: envKey(s, srv) };
    };
    const stopEnv = async () => {
      if (!env) return;
      const e = env;
      env = undefined;
      await e.workbench?.close();
      await e.codeServer.stop();
    };

    for (const s of scenarios) {
      // A scenario that exports `skip` (the reason) is listed, not run: the summary counts it.
      if (s.skip) {
        skipped++;
        console.log(`  - ${s.name} (skipped: ${s.skip})`);
        continue;
      }
      harness.setScenario(s.file.replace(/\.mjs$/, ''));
      fs.rmSync(harness.scenarioDir(), { recursive: true, force: true });
      const started = Date.now();
      let error;
      try {
        const srv = await serverFor(s);
        if (!env || s.fresh || env.settingsKey !== envKey(s, srv)) await startEnv(s, srv);
        const { page } = env.workbench;
        const ctx = {
          page, server: srv, harness, extensionId,
          codeServer: env.codeServer, workbench: env.workbench,
          shot: (name, opts) => harness.screenshot(page, name, opts),
          log: (...a) => console.log('    ', ...a),
        };
        await withTimeout(Promise.resolve().then(() => s.run(ctx)), s.timeout ?? defaultTimeout, `scenario "${s.name}"`);
      } catch (e) {
        error = e;
      }
      const took = seconds(Date.now() - started);
      if (!error) {
        passed++;
        console.log(`  ✓ ${s.name} (${took})`);
        continue;
      }
      failed++;
      harness.cancelPendingWaits();
      console.log(`  ✗ ${s.name} (${took})`);
      console.log(String(error.stack ?? error).split('\n').slice(0, 12).map((l) => `      ${l}`).join('\n'));
      if (env) {
        const dir = await withTimeout(harness.dumpDiagnostics({
          page: env.workbench.page, consoleLines: env.workbench.console, codeServer: env.codeServer, server: await serverFor(s).catch(() => server), error,
        }), 45_000, 'collecting diagnostics').catch((e) => `(diagnostics incomplete: ${e.message})`);
        console.log(`      artifacts: ${typeof dir === 'string' && dir.startsWith('/') ? path.relative(harness.ROOT, dir) : dir}`);
        // Settle the workbench for the next scenario; a page that will not reload is replaced.
        try {
          await harness.closeQuickInput(env.workbench.page).catch(() => {});
          await env.workbench.reload();
        } catch {
          await stopEnv().catch(() => {});
        }
      }
    }

    if (keepOpen && env) {
      console.log(`\n  --keep-open: code-server ${env.codeServer.url}/?folder=${encodeURIComponent(env.codeServer.workspaceFolder)}`);
      console.log(`               Tesults server ${server.url} (token ${server.token}); user data ${env.codeServer.userDataDir}`);
      for (const [key, extra] of servers) console.log(`               Tesults server ${extra.url} (preset and token: ${key})`);
      console.log('               Ctrl+C stops everything.');
      await new Promise(() => {}); // the SIGINT handler in harness.mjs cleans up and exits
    }
  } catch (e) {
    console.log(`  ✗ setup: ${e.stack ?? e}`);
    failed = Math.max(1, scenarios.length - skipped - passed);
  } finally {
    await withTimeout(harness.cleanupAll(), 30_000, 'cleanup').catch((e) => console.error(e.message));
  }
  console.log(`  (${seconds(Date.now() - t0)} in all)`);
  console.log(`e2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  console.error(e);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
