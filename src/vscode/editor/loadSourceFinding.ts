// The editor's source finding is a bundle of its own (esbuild.mjs: dist/sourceFinding.js), required
// the first time Go to Source runs or a run's failures are placed in editors, so activation stays
// cheap and the main bundle small. Run from source (unit tests, the bench) it is the module itself;
// esbuild defines TESULTS_BUNDLED, which drops that branch from the bundle.
import * as path from 'node:path';
import type * as SourceFinding from './sourceFinding';

export function sourceFinding(): typeof SourceFinding {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return process.env.TESULTS_BUNDLED ? require(path.join(__dirname, 'sourceFinding.js')) : require('./sourceFinding');
}
