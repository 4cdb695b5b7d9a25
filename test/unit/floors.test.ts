import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const SCRIPT = resolve(__dirname, '../../scripts/check-floors.mjs');

/** Runs the floors check on a src tree made of `files` (path -> text). */
function check(files: Record<string, string>): { ok: boolean; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'floors-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const r = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
    return { ok: r.status === 0, output: r.stdout + r.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A tree that keeps every floor: each folder imports only what lies below it. */
const GOOD: Record<string, string> = {
  'util/text.ts': `export const t = 1;\n`,
  'model/types.ts': `import { t } from '../util/text';\nexport const m = t;\n`,
  'api/parse.ts': `import { m } from '../model/types';\nimport { t } from '../util/text';\nexport const a = m + t;\n`,
  'store/store.ts': `import type { A } from '../api';\nimport { type B, type C } from '../api/parse';\nimport { m } from '../model/types';\nexport const s: A | B | C = m;\n`,
  'api/index.ts': `export type A = number;\nexport * from './parse';\n`,
  'webview/render.ts': `import { m } from '../model/types';\n// import * as vscode from 'vscode';\n/* import { a } from '../api/parse'; */\nexport const url = 'https://x//y';\nexport const r = m;\n`,
  'vscode/log.ts': `import * as vscode from 'vscode';\nexport const l = vscode;\n`,
  'vscode/tree/tree.ts': `import { l } from '../log';\nimport { r } from '../../webview/render';\nexport const tr = [l, r];\n`,
  'vscode/details/panel.ts': `import { tr } from '../tree/tree';\nexport const p = tr;\n`,
  'extension.ts': `import * as vscode from 'vscode';\nimport { p } from './vscode/details/panel';\nexport const e = [vscode, p];\n`,
};

describe('floors check (scripts/check-floors.mjs)', () => {
  it('passes a tree that keeps the floors (type-only api imports from store, imports in comments ignored)', () => {
    const r = check(GOOD);
    assert.ok(r.ok, r.output);
    assert.equal(r.output, '');
  });

  it('reports `vscode` imported below the VS Code layer', () => {
    const r = check({ ...GOOD, 'webview/render.ts': `import * as vscode from 'vscode';\nexport const r = vscode;\n` });
    assert.ok(!r.ok);
    assert.match(r.output, /webview\/render\.ts: imports 'vscode'/);
  });

  it('reports an import from a higher floor (model -> webview, util -> model, webview -> api)', () => {
    const r = check({
      ...GOOD,
      'model/format.ts': `import {\n  r,\n} from '../webview/render';\nexport const f = r;\n`,
      'util/size.ts': `import { m } from '../model/types';\nexport const k = m;\n`,
      'webview/html.ts': `export { a } from '../api/parse';\n`,
    });
    assert.ok(!r.ok);
    assert.match(r.output, /model\/format\.ts: imports '\.\.\/webview\/render' \(src\/webview\); src\/model may import only util/);
    assert.match(r.output, /util\/size\.ts: imports '\.\.\/model\/types' \(src\/model\); src\/util may import only nothing of the project/);
    assert.match(r.output, /webview\/html\.ts: imports '\.\.\/api\/parse'/);
  });

  it('lets store import only types of api', () => {
    const r = check({ ...GOOD, 'store/poller.ts': `import { a } from '../api/parse';\nexport const p = a;\n` });
    assert.ok(!r.ok);
    assert.match(r.output, /store\/poller\.ts: imports '\.\.\/api\/parse' \(src\/api\); src\/store may import only model, util, types of api/);
  });

  it('reports an import cycle between folders of src/vscode', () => {
    const r = check({ ...GOOD, 'vscode/tree/reveal.ts': `import { p } from '../details/panel';\nexport const rv = p;\n` });
    assert.ok(!r.ok);
    assert.match(r.output, /import cycle between vscode\/details, vscode\/tree/);
  });

  it('reports an import cycle between top-level parts of src', () => {
    const r = check({ ...GOOD, 'vscode/commands/run.ts': `import { e } from '../../extension';\nexport const c = e;\n` });
    assert.ok(!r.ok);
    assert.match(r.output, /import cycle between extension\.ts, vscode/);
  });

  it('passes on the project itself', () => {
    const r = spawnSync(process.execPath, [SCRIPT], { cwd: resolve(__dirname, '../..'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
