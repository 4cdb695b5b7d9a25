// Two minified CommonJS bundles: the extension (dist/extension.js) and the worker thread that
// places tests by name in the workspace (dist/locateWorker.js, loaded by path from the first). `vscode` is provided by the host;
// node-fetch is bundled in. node-fetch 2 requires `whatwg-url` only as a fallback for
// runtimes without a global URL class (every VS Code host has one), so it is aliased to a
// two-line shim instead of pulling ~250 KB of IDNA tables into the bundle.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

const watch = process.argv.includes('--watch');
const shim = fileURLToPath(new URL('./src/shims/whatwg-url.js', import.meta.url));

/** @type {esbuild.BuildOptions} */
const options = {
  // The main bundle, the worker, and the parts loaded on first use (their loaders: src/vscode/details/renderer.ts, testing/loadImporter.ts, editor/loadSourceFinding.ts, auth/loadSetToken.ts, details/detailsPanels.ts).
  entryPoints: {
    extension: 'src/extension.ts',
    locateWorker: 'src/vscode/testing/locateWorker.ts',
    detailsRenderer: 'src/webview/render.ts',
    testingImporter: 'src/vscode/testing/importer.ts',
    sourceFinding: 'src/vscode/editor/sourceFinding.ts',
    setToken: 'src/vscode/auth/setToken.ts',
    detailsPanels: 'src/vscode/details/panels.ts',
  },
  define: { 'process.env.TESULTS_BUNDLED': '"1"' },
  bundle: true,
  outdir: 'dist',
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
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (output.entryPoint) console.log(`${file}: ${(output.bytes / 1024).toFixed(1)} KB`);
  }
}
