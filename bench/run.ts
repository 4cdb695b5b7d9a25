// npm run bench [-- --quick] [-- --json FILE] [-- --only pipeline,tree,paging,memory,startup,polling,rules,testing,decorations] [-- --package]
//
// Plain Node against the local Tesults server (test/server) on loopback, in a child process.
// Prints min / median / max of the measured runs (after warm-up runs) and ratios against a
// floor measured in the same run. There are no timing assertions: "goal missed" is printed,
// and the exit code is non-zero only when the bench cannot run. See BENCHMARKS.md.
//
// This file reads the arguments and runs the sections, one file each in bench/sections/.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Args, type BenchSection, line, type Section, SECTIONS } from './common';
import { benchDecorations } from './sections/decorations';
import { benchCodeLens } from './sections/codelens';
import { benchMemory } from './sections/memory';
import { benchPaging } from './sections/paging';
import { benchPipeline } from './sections/pipeline';
import { benchPolling } from './sections/polling';
import { benchStartup } from './sections/startup';
import { benchRules } from './sections/rules';
import { benchTestingLocate } from './sections/testing';
import { benchTree } from './sections/tree';
import { TARGETS_PAGE_SIZE } from './server';
import { startBenchServer } from './server-process';
import { hasGc, round } from './stats';

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: new Set(SECTIONS), packageVsix: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--package') args.packageVsix = true;
    else if (a === '--json') {
      const f = argv[++i];
      if (!f) throw new Error('--json needs a file name');
      args.json = f;
    } else if (a === '--only') {
      const list = (argv[++i] ?? '').split(',').filter(Boolean);
      for (const s of list) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(', ')})`);
      args.only = new Set(list as Section[]);
    } else throw new Error(`unknown argument ${a}\nusage: npm run bench -- [--quick] [--json FILE] [--only ${SECTIONS.join(',')}] [--package]`);
  }
  return args;
}

// ---- main -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const cpus = os.cpus();
  const machine = {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGB: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
  const date = new Date().toISOString();
  line(`Tesults for VS Code — benchmark ${args.quick ? '(quick) ' : ''}${date}`);
  line(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGB} GB, node ${machine.node}, ${machine.platform}`);
  if (!hasGc()) line('warning: run with node --expose-gc (npm run bench) for stable figures; memory is skipped');
  const t0 = performance.now();
  const server = await startBenchServer();
  line(`server: ${server.url} (child process), ${server.targets.total} targets`);
  line();
  const out: Record<string, unknown> = { date, machine, quick: args.quick, server: { targets: server.targets.total, targetsPageSize: TARGETS_PAGE_SIZE } };
  const benches: Record<Section, BenchSection> = {
    pipeline: benchPipeline,
    tree: benchTree,
    paging: benchPaging,
    memory: benchMemory,
    startup: benchStartup,
    polling: benchPolling,
    rules: benchRules,
    testing: (_server, a, o) => benchTestingLocate(a.quick, o),
    decorations: benchDecorations,
    codelens: benchCodeLens,
  };
  try {
    for (const s of SECTIONS) if (args.only.has(s)) await benches[s](server, args, out);
  } finally {
    server.close();
  }
  const total = (performance.now() - t0) / 1000;
  out.durationSeconds = round(total, 1);
  line(`done in ${total.toFixed(1)} s`);
  if (args.json) {
    fs.mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
    fs.writeFileSync(args.json, JSON.stringify(out, null, 2) + '\n');
    line(`figures written to ${args.json}`);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench could not run: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
