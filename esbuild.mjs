// One minified CommonJS bundle for the extension host. `vscode` is provided by the host;
// node-fetch is bundled in. node-fetch 2 requires `whatwg-url` only as a fallback for
// runtimes without a global URL class (every VS Code host has one), so it is aliased to a
// two-line shim instead of pulling ~250 KB of IDNA tables into the bundle.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

const watch = process.argv.includes('--watch');
const shim = fileURLToPath(new URL('./src/shims/whatwg-url.js', import.meta.url));

/** @type {esbuild.BuildOptions} */
const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  minify: !watch,
  sourcemap: true,
  external: ['vscode', 'encoding'],
  alias: { 'whatwg-url': shim },
  legalComments: 'none',
  metafile: true,
  logLevel: 'info',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  console.log(`dist/extension.js: ${(bytes / 1024).toFixed(1)} KB`);
}
