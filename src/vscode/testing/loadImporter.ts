// The Testing view's importer is a bundle of its own (esbuild.mjs: dist/testingImporter.js),
// required when the first run is imported, so activation stays cheap and the main bundle small.
// Run from source (unit tests, the bench) it is the module itself; esbuild defines
// TESULTS_BUNDLED, which drops that branch from the bundle.
import * as path from 'node:path';
import type * as TestingImporter from './importer';

export function testingImporter(): typeof TestingImporter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return process.env.TESULTS_BUNDLED ? require(path.join(__dirname, 'testingImporter.js')) : require('./importer');
}
