#!/usr/bin/env node
// Extension tests in the desktop VS Code (Electron) via @vscode/test-electron:
//   npm run test:vscode          (needs to download VS Code, or VSCODE_EXECUTABLE=/path/to/code)
// Runs test/suite/index.cjs inside the extension host with this repo as the development
// extension. Machines without access to the VS Code download servers cannot run this: use
// `npm run test:e2e` there (the packaged extension in code-server, see test/e2e/run.mjs).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const version = process.env.VSCODE_VERSION ?? 'stable';

const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('test:vscode: the build failed');
  process.exit(1);
}

let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (!vscodeExecutablePath) {
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, timeout: 30_000 });
  } catch (e) {
    console.error([
      '',
      `test:vscode: could not download VS Code (${version}): ${e?.message ?? e}`,
      'This machine cannot reach the VS Code download servers (update.code.visualstudio.com).',
      'Either set VSCODE_EXECUTABLE=/path/to/code to use an installed VS Code, or run the',
      'end-to-end suite, which uses code-server from the npm registry instead: npm run test:e2e',
      '',
    ].join('\n'));
    process.exit(2);
  }
}

try {
  const code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'test/suite/index.cjs'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  process.exit(code);
} catch (e) {
  console.error(`test:vscode: the tests failed or VS Code could not start: ${e?.message ?? e}`);
  process.exit(1);
}
