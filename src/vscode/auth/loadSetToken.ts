// The token input-box flow is a bundle of its own (esbuild.mjs: dist/setToken.js), required the
// first time a user sets a token, signs in, adds or renames a project, so activation stays cheap
// and the main bundle small. Run from source (unit tests, the bench) it is the module itself;
// esbuild defines TESULTS_BUNDLED, which drops that branch from the bundle.
import * as path from 'node:path';
import type * as SetToken from './setToken';

export function setToken(): typeof SetToken {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return process.env.TESULTS_BUNDLED ? require(path.join(__dirname, 'setToken.js')) : require('./setToken');
}
