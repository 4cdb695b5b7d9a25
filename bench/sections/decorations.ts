import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Run, TestCase } from '../../src/model/types';
import { ResultsStore } from '../../src/store/store';
import { registerVscodeStub, vscodeStub } from '../../test/support/vscode-stub';
import { type Args, line, statJson } from '../common';
import type { BenchServer } from '../server-process';
import { fmtStat, gc, goal, measure, stat } from '../stats';

// ---- 7. editor decorations ----------------------------------------------------------------------

const FAILURES = 500;
const GOAL_MS = 5;

/** A fake text document over `text` (what FailureEditorDecorations reads of one). */
function documentOf(path: string, text: string): Record<string, unknown> {
  const Uri = vscodeStub.Uri as { file(p: string): unknown };
  const lines = text.split('\n');
  return {
    uri: Uri.file(path),
    version: 1,
    lineCount: lines.length,
    lineAt: (i: number) => ({ range: { start: { line: i, character: 0 }, end: { line: i, character: lines[i].length } } }),
    getText: () => text,
  };
}

/**
 * 500 failing cases of the default target in two workspace folders: half located by `_Location`
 * (CI paths, mapped onto the folders), half found by name in a 2 MB test file. Times `update()`
 * after an editor switch, with the stand-in `vscode` module and real folders on disk.
 */
export async function benchDecorations(_server: BenchServer, a: Args, out: Record<string, unknown>): Promise<void> {
  line('7. Editor decorations: FailureEditorDecorations.update() on an editor switch (stand-in `vscode` module)');
  registerVscodeStub();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { FailureEditorDecorations } = require('../../src/vscode/editor/gutterDecorations') as typeof import('../../src/vscode/editor/gutterDecorations');
  const root = await mkdtemp(join(tmpdir(), 'tesults-bench-deco-'));
  try {
    const folders = [join(root, 'web'), join(root, 'api')];
    for (const f of folders) await mkdir(join(f, 'tests'), { recursive: true });
    // The 2 MB test file: the failing tests spread through it, among passing ones and filler.
    const cases: TestCase[] = [];
    const parts: string[] = ["import { test, expect } from '@playwright/test';\n", "test.describe('Checkout', () => {\n"];
    let lineNo = 3;
    const filler = "    const value = await page.locator('#row').textContent(); // don't wait here\n    expect(value).toBe('ok');\n";
    for (let i = 0; i < FAILURES; i++) {
      const name = `checkout step ${i} keeps the basket`;
      const located = i % 2 === 0;
      cases.push({
        index: i,
        name,
        suite: 'Checkout',
        result: 'fail',
        reason: `Error: expected ${i}`,
        ...(located ? { custom: { _Location: `/home/runner/work/shop/shop/tests/checkout.spec.ts:${lineNo}:3` } } : {}),
      });
      parts.push(`  test('${name}', async ({ page }) => {\n`);
      lineNo++;
      const pad = filler.repeat(20);
      parts.push(pad, '  });\n');
      lineNo += 41;
    }
    parts.push('});\n');
    let text = parts.join('');
    while (text.length < 2_000_000) text += `// ${'x'.repeat(78)}\n`;
    const bigPath = join(folders[0], 'tests', 'checkout.spec.ts');
    const otherPath = join(folders[1], 'tests', 'other.spec.ts');
    await writeFile(bigPath, text);
    await writeFile(otherPath, "test('health', () => {});\n");

    const run: Run = { id: 'r1', createdTime: 1, cases };
    const store = new ResultsStore({ api: { listTargets: async () => [{ id: 't', name: 'shop' }], fetchRuns: async () => ({ runs: [run] }) }, runsPerPage: () => 1 });
    await store.loadTargets();
    await store.ensureRuns('t');
    const latest = { targetId: 't', run: store.target('t')!.runs[0] };
    const noEvent = () => ({ dispose: () => undefined });
    const settings = { get: (name: string) => (name === 'editorDecorationsEnabled' ? true : name === 'testFileGlob' ? '**/*.spec.ts' : undefined), onDidChange: noEvent };
    const defaultTarget = { latestRun: () => latest, onDidChange: noEvent };

    const vscode = vscodeStub as unknown as { workspace: Record<string, unknown>; window: Record<string, unknown>; languages: Record<string, unknown>; Uri: { file(p: string): unknown } };
    vscode.workspace.workspaceFolders = folders.map((f) => ({ uri: vscode.Uri.file(f) }));
    vscode.languages.match = () => 10;
    let marked = 0;
    let placed!: () => void;
    const ready = new Promise<void>((r) => (placed = r));
    const editorOf = (document: Record<string, unknown>) => ({
      document,
      setDecorations: (_t: unknown, options: unknown[]) => {
        marked = options.length;
        if (marked > 0) placed();
      },
    });
    const big = editorOf(documentOf(bigPath, text));
    const other = editorOf(documentOf(otherPath, "test('health', () => {});\n"));
    vscode.window.visibleTextEditors = [big];

    const decorations = new FailureEditorDecorations(vscode.Uri.file('/bench/extension') as never, store, settings as never, defaultTarget as never);
    // First decoration: the locations resolved (asynchronously), then one pass over the 2 MB text.
    const t0 = performance.now();
    decorations.update();
    await ready;
    const first = performance.now() - t0;
    const bigMarks = marked;

    // Editor switches: to another file (untimed), then back to the 2 MB one (timed `update()`).
    const warmup = a.quick ? 3 : 10;
    const runs = a.quick ? 15 : 51;
    const times = await measure(warmup, runs, () => {
      vscode.window.visibleTextEditors = [big];
      decorations.update();
    }, () => {
      vscode.window.visibleTextEditors = [other];
      decorations.update();
      gc();
    });
    // A changed document (new version): its marks are found again, one pass for all names.
    const cold = await measure(a.quick ? 1 : 2, a.quick ? 3 : 7, () => {
      vscode.window.visibleTextEditors = [big];
      decorations.update();
    }, () => {
      (big.document as { version: number }).version++;
      gc();
    });
    decorations.dispose();
    vscode.window.visibleTextEditors = [];
    vscode.workspace.workspaceFolders = undefined;
    const s = stat(times);
    line(`   ${FAILURES} failures, 2 folders, ${(text.length / 1e6).toFixed(1)} MB file: ${bigMarks} lines marked`);
    line(`   first decoration (resolve locations + one pass): ${first.toFixed(1)} ms (host thread free while resolving)`);
    line(`   editor switch → update():      ${fmtStat(s)}   goal < ${GOAL_MS} ms: ${goal(s.median < GOAL_MS)}`);
    line(`   (${runs} switches after ${warmup} warm-up)`);
    const c = stat(cold);
    line(`   after an edit (one pass over the file for ${FAILURES / 2} names): ${fmtStat(c)}`);
    out.decorations = { failures: FAILURES, fileBytes: text.length, marked: bigMarks, firstMs: Math.round(first * 10) / 10, editorSwitch: { ...statJson(s), goalMs: GOAL_MS, met: s.median < GOAL_MS }, afterEdit: statJson(c) };
    line();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
