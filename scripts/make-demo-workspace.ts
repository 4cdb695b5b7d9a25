// Writes demo/workspace/: the test files that the demo data set's results come from, so that
// "Go to Source" and the editor decorations have real files to land on. Deterministic: run it
// again after changing the demo data (`node --import tsx scripts/make-demo-workspace.ts`).
// `--preset e2e --out test/e2e/fixtures/workspace` writes the e2e suite's workspace the same way
// (from the e2e preset, whose `_Location`s are relative: tests/<area>.spec.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { demoData, presetData, PRESETS, type PresetName } from '../test/server/presets';

const ROOT = join(__dirname, '..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const PRESET = (arg('preset') ?? 'demo') as PresetName;
if (!PRESETS.includes(PRESET)) throw new Error(`unknown preset ${PRESET}`);
const OUT = resolve(ROOT, arg('out') ?? join('demo', 'workspace'));
/** `_Location`s of the demo data start with the workspace's path in the repository (demo/workspace/). */
const LOCATION_PREFIX = `${relative(ROOT, OUT).split('\\').join('/')}/`;

interface RawCase {
  name?: unknown;
  suite?: unknown;
  _Location?: { file: string; line: number };
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function playwrightFiles(cases: RawCase[]): Map<string, string> {
  const byFile = new Map<string, { line: number; name: string; title: string }[]>();
  for (const c of cases) {
    if (!c._Location || typeof c.name !== 'string') continue;
    const file = c._Location.file.startsWith(LOCATION_PREFIX) ? c._Location.file.slice(LOCATION_PREFIX.length) : c._Location.file;
    const title = typeof c.suite === 'string' ? c.suite.split(' - ')[1] ?? c.suite : 'tests';
    const list = byFile.get(file) ?? [];
    if (!list.some((t) => t.line === c._Location!.line)) list.push({ line: c._Location.line, name: c.name, title });
    byFile.set(file, list);
  }
  const out = new Map<string, string>();
  for (const [file, tests] of byFile) {
    tests.sort((a, b) => a.line - b.line);
    const lines = [`import { test, expect } from '@playwright/test';`, '', `test.describe(${quote(tests[0].title)}, () => {`];
    for (const t of tests) {
      while (lines.length < t.line - 1) lines.push('');
      lines.push(
        `  test(${quote(t.name)}, async ({ page }) => {`,
        `    await page.goto('/${file.split('/').pop()!.replace('.spec.ts', '')}');`,
        `    await page.getByRole('button', { name: 'Pay' }).click();`,
        `    await expect(page.getByTestId('status')).toHaveText('Order confirmed');`,
        '  });',
      );
    }
    lines.push('});', '');
    out.set(file, lines.join('\n'));
  }
  return out;
}

/** jest joins nested describes with a space; mocha gives the describe title ('' at the root). */
function describeFiles(cases: RawCase[], dir: string, splitNested: boolean): Map<string, string> {
  const bySuite = new Map<string, string[]>();
  for (const c of cases) {
    if (typeof c.name !== 'string') continue;
    const suite = typeof c.suite === 'string' ? c.suite : '';
    const names = bySuite.get(suite) ?? [];
    if (!names.includes(c.name)) names.push(c.name);
    bySuite.set(suite, names);
  }
  const byFile = new Map<string, string[]>();
  for (const [suite, names] of [...bySuite].sort()) {
    const area = (suite.split(' ')[0] || 'misc').toLowerCase();
    const file = `${dir}/${area}.test.js`;
    const lines = byFile.get(file) ?? [];
    const parts = suite === '' ? [] : splitNested ? [suite.split(' ')[0], ...(suite.includes(' ') ? [suite.slice(suite.indexOf(' ') + 1)] : [])] : [suite];
    const indent = (n: number) => '  '.repeat(n);
    parts.forEach((p, i) => lines.push(`${indent(i)}describe(${quote(p)}, () => {`));
    for (const name of names) lines.push(`${indent(parts.length)}it(${quote(name)}, () => {`, `${indent(parts.length + 1)}expect(total(cart)).toBe(expected);`, `${indent(parts.length)}});`);
    parts.forEach((_, i) => lines.push(`${indent(parts.length - 1 - i)}});`));
    lines.push('');
    byFile.set(file, lines);
  }
  return new Map([...byFile].map(([f, l]) => [f, l.join('\n')]));
}

const data = PRESET === 'demo' ? demoData() : presetData(PRESET);
rmSync(OUT, { recursive: true, force: true });
const files = new Map<string, string>();
data.targets.forEach((target, t) => {
  const cases = (data.runsByTarget[target.id]?.[0]?.cases ?? []) as RawCase[];
  const tests = cases.filter((c) => c.suite !== '[build]');
  // Every playwright-shaped target (cases with `_Location`): the first one and the scripted history target.
  for (const [f, text] of playwrightFiles(tests)) files.set(f, text);
  if (t === 1) for (const [f, text] of describeFiles(tests, 'api', true)) files.set(f, text);
  if (t === 2) for (const [f, text] of describeFiles(tests, 'backend', false)) files.set(f, text);
});
files.set(
  'README.md',
  PRESET === 'demo'
    ? '# Demo workspace\n\nTest files matching the demo data set of `npm run demo` (generated by `scripts/make-demo-workspace.ts`).\nFailing tests are marked in the gutter; **Tesults: Go to Source** opens them from the Results view.\n'
    : `# e2e workspace\n\nTest files matching the \`${PRESET}\` data set of the local Tesults server, for the end-to-end scenarios (go to source, editor decorations).\nGenerated by \`node --import tsx scripts/make-demo-workspace.ts --preset ${PRESET} --out ${relative(ROOT, OUT)}\`.\n`,
);
for (const [file, text] of files) {
  mkdirSync(dirname(join(OUT, file)), { recursive: true });
  writeFileSync(join(OUT, file), text);
}
console.log(`wrote ${files.size} files under ${OUT}`);
