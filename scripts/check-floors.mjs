// The floors of src/ (docs: HELPERS.md, design.md), checked on every `npm run lint`:
//  - util, model, api, store and webview never import `vscode`;
//  - each folder imports only the folders below it: util nothing of the project, model only util,
//    api model/util, store model/util (and types of api, for its port), webview model/util;
//  - no import cycle between the top-level parts of src/ (folders, and files such as
//    extension.ts), nor between the parts of src/vscode/ (its subfolders, and its own files).
// Usage: node scripts/check-floors.mjs [srcDir]   (default: ./src). Exit code 1 on a problem.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Project folders each floor may import (values) and whether it may import `vscode`. */
const FLOORS = {
  util: { allowed: [], typeOnly: [] },
  model: { allowed: ['util'], typeOnly: [] },
  api: { allowed: ['model', 'util'], typeOnly: [] },
  store: { allowed: ['model', 'util'], typeOnly: ['api'] },
  webview: { allowed: ['model', 'util'], typeOnly: [] },
};

/**
 * Known breaks being fixed in parallel, `file -> imported file` (relative to src): reported as
 * warnings. An entry that no longer occurs is an error, so this list cannot outlive its fix.
 */
const PENDING = new Set();

const SOURCE_EXT = /\.(?:ts|mts|cts|js|mjs|cjs)$/;

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE_EXT.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Comments out, strings kept (a `//` inside a string is not a comment). */
function withoutComments(text) {
  return text.replace(/("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m, str) => str ?? ' ');
}

/** Every module a file imports: `{ spec, typeOnly }`. */
export function importsOf(text) {
  const code = withoutComments(text);
  const found = [];
  const statement = /\b(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (let m = statement.exec(code); m; m = statement.exec(code)) {
    const names = m[3];
    // `import { type A, type B } from` is type-only too.
    const inlineTypesOnly = /^\{[\s\S]*\}$/.test(names.trim()) && names.replace(/[{}\s]/g, '') !== '' &&
      names.replace(/[{}]/g, '').split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    found.push({ spec: m[4], typeOnly: m[2] !== undefined || inlineTypesOnly });
  }
  const bare = /\bimport\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = bare.exec(code); m; m = bare.exec(code)) found.push({ spec: m[1] ?? m[2] ?? m[3], typeOnly: false });
  return found;
}

/** The file or folder a relative import names, relative to `srcDir` with `/` separators. */
function resolveImport(srcDir, fromFile, spec) {
  const base = resolve(dirname(fromFile), spec);
  let target = base;
  if (!existsSync(base) || !statSync(base).isDirectory()) {
    const withExt = ['.ts', '.mts', '.js', '.mjs', '.cjs'].map((e) => base.replace(/\.(?:js|mjs|cjs)$/, '') + e).find((p) => existsSync(p));
    target = withExt ?? base;
  }
  return relative(srcDir, target).split(sep).join('/');
}

/** The top-level part of src a path belongs to: its first folder, or the file itself. */
function topPart(rel) {
  return rel.split('/')[0];
}

/** The part of src/vscode a path belongs to (its subfolder, or the file itself); undefined outside it. */
function vscodePart(rel) {
  const parts = rel.split('/');
  if (parts[0] !== 'vscode' || parts.length < 2) return undefined;
  return `vscode/${parts[1]}`;
}

/** Strongly connected components with more than one node (Tarjan). */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const out = [];
  const visit = (v) => {
    info.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).onStack) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
    if (info.get(v).low === info.get(v).index) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!info.has(v)) visit(v);
  return out;
}

/** Every broken floor and folder cycle under `srcDir`, as readable lines (`problems` empty: all good); `pending` breaks are `warnings`. */
export function checkFloors(srcDir, pending = new Set()) {
  const problems = [];
  const warnings = [];
  const pendingSeen = new Set();
  const top = new Map();
  const inVscode = new Map();
  const edge = (graph, from, to, where) => {
    if (from === undefined || to === undefined || from === to) return;
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    graph.get(from).add(to);
    (graph.where ??= new Map()).set(`${from}>${to}`, where);
  };
  for (const file of sourceFiles(srcDir)) {
    const rel = relative(srcDir, file).split(sep).join('/');
    const floor = FLOORS[topPart(rel)];
    for (const { spec, typeOnly } of importsOf(readFileSync(file, 'utf8'))) {
      if (spec === 'vscode' || spec.startsWith('vscode/')) {
        if (floor) problems.push(`${rel}: imports 'vscode' (src/${topPart(rel)} must not)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = resolveImport(srcDir, file, spec);
      if (target.startsWith('..')) {
        problems.push(`${rel}: imports '${spec}' from outside src`);
        continue;
      }
      const from = topPart(rel);
      const to = topPart(target);
      if (floor && to !== from && !floor.allowed.includes(to) && !(typeOnly && floor.typeOnly.includes(to))) {
        const may = [...floor.allowed, ...floor.typeOnly.map((t) => `types of ${t}`)].join(', ') || 'nothing of the project';
        const problem = `${rel}: imports '${spec}' (src/${to}); src/${from} may import only ${may}`;
        const key = `${rel} -> ${target}`;
        if (pending.has(key)) {
          pendingSeen.add(key);
          warnings.push(`${problem} (pending)`);
        } else problems.push(problem);
      }
      edge(top, from, to, `${rel} -> ${target}`);
      edge(inVscode, vscodePart(rel), vscodePart(target), `${rel} -> ${target}`);
    }
  }
  for (const graph of [top, inVscode]) {
    for (const scc of cycles(graph)) {
      const examples = [];
      for (const a of scc) for (const b of scc) if (graph.get(a).has(b)) examples.push(graph.where.get(`${a}>${b}`));
      problems.push(`import cycle between ${scc.join(', ')} (e.g. ${examples.join('; ')})`);
    }
  }
  for (const key of pending) if (!pendingSeen.has(key)) problems.push(`'${key}' is no longer broken: remove it from PENDING`);
  return { problems, warnings };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const srcDir = resolve(process.argv[2] ?? 'src');
  const { problems, warnings } = checkFloors(srcDir, process.argv[2] === undefined ? PENDING : new Set());
  for (const w of warnings) console.warn(`floors: warning: ${w}`);
  for (const p of problems) console.error(`floors: ${p}`);
  if (problems.length) {
    console.error(`floors: ${problems.length} problem${problems.length === 1 ? '' : 's'} (see scripts/check-floors.mjs)`);
    process.exit(1);
  }
}
