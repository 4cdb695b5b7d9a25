import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import * as path from 'node:path';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { makeContext, registerVscodeStub, stubState } from '../../test/support/vscode-stub';
import { type Args, line, ROOT, statJson } from '../common';
import type { BenchServer } from '../server-process';
import { bytes, fmtStat, gc, goal, stat } from '../stats';

// ---- 5. start-up ------------------------------------------------------------------------------

interface NetCounter {
  count: number;
  counting: boolean;
  restore(): void;
}

/** Counts http/https requests, net/tls connections and fetch calls while `counting` is set. */
function countNetwork(): NetCounter {
  const counter: NetCounter = { count: 0, counting: false, restore: () => undefined };
  const undo: Array<() => void> = [];
  const wrap = <T extends object>(obj: T, key: string): void => {
    const o = obj as Record<string, unknown>;
    const original = o[key] as (...args: unknown[]) => unknown;
    if (typeof original !== 'function') return;
    o[key] = function (this: unknown, ...args: unknown[]) {
      if (counter.counting) counter.count++;
      return original.apply(this, args);
    };
    undo.push(() => {
      o[key] = original;
    });
  };
  wrap(http, 'request');
  wrap(http, 'get');
  wrap(https, 'request');
  wrap(https, 'get');
  wrap(net, 'connect');
  wrap(net, 'createConnection');
  wrap(tls, 'connect');
  wrap(globalThis, 'fetch');
  counter.restore = () => undo.forEach((f) => f());
  return counter;
}

export async function benchStartup(_server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
  line('5. Start-up: bundle size, .vsix size, require + activate() with a stand-in `vscode`');
  const result: Record<string, unknown> = {};
  out.startup = result;
  try {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
  } catch (e) {
    const msg = (e as { stderr?: Buffer }).stderr?.toString().trim() || String(e);
    line(`   the build failed (node esbuild.mjs); start-up not measured:\n${msg.split('\n').slice(0, 10).map((l) => `     ${l}`).join('\n')}`);
    result.error = 'build failed';
    line();
    return;
  }
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  const bundleBytes = fs.statSync(bundle).size;
  result.bundleBytes = bundleBytes;
  line(`   dist/extension.js: ${bytes(bundleBytes)} (${bundleBytes} bytes, minified)`);

  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const vsixName = `${String(pkg.name)}-${String(pkg.version)}.vsix`;
  const vsix = path.join(ROOT, vsixName);
  if (a.packageVsix) {
    try {
      // the same command as a release (one place for vsce's flags)
      execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'pipe' });
    } catch (e) {
      const err = e as { stderr?: Buffer; stdout?: Buffer };
      const why = `${String(err.stderr ?? '')}\n${String(err.stdout ?? '')}`.split('\n').find((l) => /error/i.test(l)) ?? String(e);
      line(`   npm run package failed: ${why.trim()}`);
    }
  }
  if (fs.existsSync(vsix)) {
    const st = fs.statSync(vsix);
    result.vsixBytes = st.size;
    const stale = st.mtimeMs < fs.statSync(bundle).mtimeMs - 60_000;
    line(`   ${vsixName}: ${bytes(st.size)} (${st.size} bytes; built ${st.mtime.toISOString()}${stale ? ', older than the bundle: rebuild with --package' : ''})`);
  } else {
    result.vsixBytes = null;
    line(`   ${vsixName}: not built (npm run package, or npm run bench -- --package)`);
  }

  registerVscodeStub();
  // tsx turns Node's source-map support on for the bench, which would make every require read and
  // parse dist/extension.js.map (~0.6 MB); VS Code's extension host loads the bundle without it.
  const sourceMaps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  const counter = countNetwork();
  const warmup = a.quick ? 2 : 5;
  const runs = a.quick ? 9 : 25;
  const requireTimes: number[] = [];
  const activateTimes: number[] = [];
  const totalTimes: number[] = [];
  let network = 0;
  let commands = 0;
  try {
    for (let i = 0; i < warmup + runs; i++) {
      delete require.cache[bundle];
      stubState.commands.clear();
      const context = makeContext(pkg);
      gc();
      counter.count = 0;
      counter.counting = true;
      const t0 = performance.now();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ext = require(bundle) as { activate(c: unknown): unknown; deactivate?(): unknown };
      const t1 = performance.now();
      await ext.activate(context);
      const t2 = performance.now();
      // Whatever activate started asynchronously (token lookup, cache restore) gets 100 ms to show.
      await new Promise((r) => setTimeout(r, a.quick ? 20 : 100));
      counter.counting = false;
      network = Math.max(network, counter.count);
      commands = stubState.commands.size;
      for (const d of context.subscriptions.splice(0)) {
        try {
          d.dispose();
        } catch {
          // a stand-in object may not dispose cleanly; not measured
        }
      }
      await ext.deactivate?.();
      if (i >= warmup) {
        requireTimes.push(t1 - t0);
        activateTimes.push(t2 - t1);
        totalTimes.push(t2 - t0);
      }
    }
  } catch (e) {
    line(`   activate failed with the stand-in vscode module: ${e instanceof Error ? e.stack : String(e)}`);
    result.error = 'activate failed';
    counter.restore();
    process.setSourceMapsEnabled(sourceMaps);
    line();
    return;
  }
  counter.restore();
  process.setSourceMapsEnabled(sourceMaps);
  const sq = stat(requireTimes);
  const sa = stat(activateTimes);
  const stt = stat(totalTimes);
  line(`   require(bundle):      ${fmtStat(sq)}`);
  line(`   activate():           ${fmtStat(sa)}`);
  line(`   require + activate:   ${fmtStat(stt)}   goal < 15 ms: ${goal(stt.median < 15)}`);
  line(`   network calls during activate (+ the next ${a.quick ? 20 : 100} ms): ${network} (must be 0) ${network === 0 ? 'ok' : 'NETWORK AT START-UP'}; ${commands} commands registered`);
  line(`   (${runs} runs after ${warmup} warm-up; fresh require each run)`);
  Object.assign(result, {
    require: statJson(sq),
    activate: statJson(sa),
    total: { ...statJson(stt), goalMs: 15, met: stt.median < 15 },
    networkCalls: network,
    commandsRegistered: commands,
  });
  line();
}
