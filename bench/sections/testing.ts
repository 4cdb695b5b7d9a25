// Placing a run's failing cases in the workspace for the Testing view (issue 14, item 8): 500
// failing cases against 20,000 generated test files, in one pass, by the function the importer
// uses (src/vscode/testing/locateFiles.ts: list the files while one ripgrep walk keeps those that
// contain a test's needle, then a worker thread built as dist/locateWorker.js reads each kept file
// once and scans it once), compared in the same run with one ripgrep pass over the same files for
// the same names (`rg -n -F -f names`), the floor. Goal: at most 1.5 × the floor. The same pass
// without the ripgrep prefilter (the worker reads every file: what runs when VS Code's ripgrep
// cannot be found or fails) is printed beside it.
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { DEFAULT_EXCLUDE_GLOB, DEFAULT_TEST_FILE_GLOB } from '../../src/model/sourceSearch';
import { locateInFiles } from '../../src/vscode/testing/locateFiles';
import { fmtStat, gc, goal, measure, round, stat } from '../stats';

const DIRS = 200;
const FILES_PER_DIR = 100;
const TESTS_PER_FILE = 8;
const FAILING = 500;
const VERBS = ['adds', 'removes', 'updates', 'shows', 'hides', 'validates', 'rejects', 'accepts'];
const OBJECTS = ['the item', 'a coupon', 'the address', 'a payment', 'the basket', 'an order'];

function testName(d: number, f: number, t: number): string {
  return `${VERBS[(d + t) % VERBS.length]} ${OBJECTS[(f + t) % OBJECTS.length]} ${d}-${f}-${t}`;
}

function fileText(d: number, f: number): string {
  const lines = [`import { describe, it, expect } from 'vitest';`, `import { Cart } from '../src/cart';`, '', `describe('Module ${d}-${f}', () => {`];
  for (let t = 0; t < TESTS_PER_FILE; t++) {
    lines.push(`  it('${testName(d, f, t)}', async () => {`, `    const cart = new Cart({ currency: "EUR", region: 'eu-${t}' });`, `    cart.add({ sku: 'sku-${d}-${f}-${t}', quantity: ${t + 1} });`, `    expect(cart.total()).toBe(${t * 3 + 1});`, '  });', '');
  }
  lines.push('});', '');
  return lines.join('\n');
}

function writeWorkspace(root: string): void {
  for (let d = 0; d < DIRS; d++) {
    const dir = path.join(root, `pkg${d}`);
    fs.mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES_PER_DIR; f++) fs.writeFileSync(path.join(dir, `mod${f}.test.ts`), fileText(d, f));
  }
}

/** 500 cases spread over the workspace, deterministic. */
function failingCases(): Array<{ name: string; suite: string; file: string; line: number }> {
  const out: Array<{ name: string; suite: string; file: string; line: number }> = [];
  for (let i = 0; i < FAILING; i++) {
    // Distinct tests: i, i + 200 and i + 400 share a file, not a test.
    const d = i % DIRS;
    const f = (i * 37) % FILES_PER_DIR;
    const t = (i + Math.floor(i / DIRS)) % TESTS_PER_FILE;
    out.push({ name: testName(d, f, t), suite: `Module ${d}-${f}`, file: `pkg${d}/mod${f}.test.ts`, line: 5 + t * 6 });
  }
  return out;
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await fs.promises.readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.test.ts')).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

/** One ripgrep pass; its CPU time from bash's `times` (children's user and system time). */
function ripgrep(root: string, namesFile: string): Promise<{ lines: number; cpuMs: number }> {
  const script = 'rg -n -F -f "$1" --glob "*.test.ts" "$2" | wc -l; times';
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', script, 'bench', namesFile, root], (err, stdout) => {
      if (err) return reject(err);
      const [count, , children] = stdout.trim().split('\n');
      const seconds = [...(children ?? '').matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
      resolve({ lines: Number(count), cpuMs: seconds * 1000 });
    });
  });
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function benchTestingLocate(quick: boolean, out: Record<string, unknown>): Promise<void> {
  const line = (s = ''): void => void process.stdout.write(`${s}\n`);
  line(`T. Testing view: placing ${FAILING} failing cases among ${DIRS * FILES_PER_DIR} test files (one ripgrep walk, then the files it keeps) vs one ripgrep pass`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tesults-bench-testing-'));
  try {
    writeWorkspace(root);
    const cases = failingCases();
    const namesFile = path.join(root, 'names.txt');
    fs.writeFileSync(namesFile, cases.map((c) => c.name).join('\n') + '\n');

    // The worker bundle as esbuild.mjs builds it (outside the workspace searched).
    const workerFile = path.join(root, '..', `${path.basename(root)}-locateWorker.js`);
    await esbuild.build({ entryPoints: [path.join(__dirname, '../../src/vscode/testing/locateWorker.ts')], bundle: true, outfile: workerFile, format: 'cjs', platform: 'node', target: 'node18', minify: true, logLevel: 'silent' });
    // The same binary as the floor's (the importer takes the one VS Code ships).
    const rgPath = execFileSync('bash', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
    const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);
    let kept = 0;
    let workerFailure: string | undefined;
    let ripgrepFailure: string | undefined;
    /** One pass as the importer makes it, with testFileGlob `include` (none: no ripgrep, the worker reads every listed file); how many it placed right. */
    const pass = async (include: string | undefined): Promise<number> => {
      const result = await locateInFiles(cases, () => listFiles(root), {
        maxFiles: 50_000,
        maxBytes: 1024 * 1024 * 1024,
        workerFile,
        onWorkerFailure: (reason) => (workerFailure = reason),
        ...(include !== undefined
          ? {
              ripgrep: { rgPath, roots: [root], include, exclude: DEFAULT_EXCLUDE_GLOB },
              onRipgrepFailure: (reason: string) => (ripgrepFailure = reason),
              onNarrowed: (n: number) => (kept = n),
            }
          : {}),
      });
      return result.matches.filter((m, i) => m !== undefined && m.path === path.join(root, cases[i].file) && m.line === cases[i].line).length;
    };
    let rgLines = 0;
    let rgCpu = 0;
    const floor = async (): Promise<void> => {
      const r = await ripgrep(root, namesFile);
      rgLines = r.lines;
      rgCpu = r.cpuMs;
    };
    /** This process's CPU time and its finished children's (the ripgrep walks), in ms. */
    const cpuWithChildren = (): number => {
      const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
      return cpuMs() + (Number(fields[13]) + Number(fields[14])) * tick; // cutime, cstime
    };
    const warmup = quick ? 1 : 2;
    const runs = quick ? 3 : 7;
    // Alternate, so all see the same page cache and the same neighbours on the CPU. CPU time too:
    // on a shared machine the wall time is mostly the wait for a core.
    const variants = [
      { label: 'testFileGlob **/*.test.ts (the floor\'s files)', include: '**/*.test.ts' },
      { label: 'the default testFileGlob (any language: identifiers probed for)', include: DEFAULT_TEST_FILE_GLOB },
      { label: 'no ripgrep (the worker reads every listed file)', include: undefined },
    ].map((v) => ({ ...v, times: [] as number[], cpu: [] as number[], placed: 0, kept: 0 }));
    const rgTimes: number[] = [];
    const rgCpus: number[] = [];
    for (let i = 0; i < warmup + runs; i++) {
      for (const v of variants) {
        gc(); // before the CPU count starts
        const before = cpuWithChildren();
        const [t] = await measure(0, 1, async () => void (v.placed = await pass(v.include)));
        const used = cpuWithChildren() - before;
        v.kept = kept;
        if (i >= warmup) {
          v.times.push(t);
          v.cpu.push(used);
        }
      }
      const [r] = await measure(0, 1, floor, gc);
      if (i >= warmup) {
        rgTimes.push(r);
        rgCpus.push(rgCpu);
      }
    }
    const sr = stat(rgTimes);
    const srCpu = stat(rgCpus);
    if (workerFailure) line(`   the workers failed (${workerFailure}): measured the host fallback`);
    if (ripgrepFailure) line(`   ripgrep could not narrow the files (${ripgrepFailure}): measured the worker reading every file`);
    line(`   floor: ripgrep -n -F (same names, files): ${fmtStat(sr)}   ${rgLines} lines;   CPU ${fmtStat(srCpu)}`);
    for (const v of variants) {
      const st = stat(v.times);
      const cpu = stat(v.cpu);
      const read = v.include === undefined ? `reads all ${DIRS * FILES_PER_DIR}` : `reads the ${v.kept} ripgrep keeps`;
      line(`   ours, ${v.label}, ${read}: ${fmtStat(st)}   placed ${v.placed}/${FAILING};   ratio ${(st.median / sr.median).toFixed(2)} ×;   CPU (with ripgrep's) ${fmtStat(cpu)}, ratio ${(cpu.median / srCpu.median).toFixed(2)} ×`);
    }
    const main = variants[0];
    const so = stat(main.times);
    const ratio = so.median / sr.median;
    const cpuRatio = stat(main.cpu).median / srCpu.median;
    line(`   ratio ${ratio.toFixed(2)} ×   goal ≤ 1.5 ×: ${goal(ratio <= 1.5)}   (${runs} runs after ${warmup} warm-up each)`);
    out.testingLocate = {
      files: DIRS * FILES_PER_DIR,
      cases: FAILING,
      placed: main.placed,
      kept: main.kept,
      workers: workerFailure === undefined,
      prefiltered: ripgrepFailure === undefined,
      ours: so,
      ripgrep: sr,
      ratio: round(ratio),
      cpuRatio: round(cpuRatio),
      defaultGlob: { ours: stat(variants[1].times), ratio: round(stat(variants[1].times).median / sr.median) },
      withoutRipgrep: { ours: stat(variants[2].times), ratio: round(stat(variants[2].times).median / sr.median) },
      goal: 1.5,
      met: ratio <= 1.5,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(`${root}-locateWorker.js`, { force: true });
  }
  line();
}

if (require.main === module) {
  void benchTestingLocate(process.argv.includes('--quick'), {});
}
