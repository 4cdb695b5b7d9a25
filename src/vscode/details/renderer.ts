// The details page's renderer is a bundle of its own (esbuild.mjs: dist/detailsRenderer.js),
// required the first time a panel shows something, so activation stays cheap and the main bundle
// small. Run from source (unit tests, the bench) it is the module itself; esbuild defines
// TESULTS_BUNDLED, which drops that branch from the bundle.
import * as path from 'node:path';
import type * as DetailsRenderer from '../../webview/render';

export function detailsRenderer(): typeof DetailsRenderer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return process.env.TESULTS_BUNDLED ? require(path.join(__dirname, 'detailsRenderer.js')) : require('../../webview/render');
}
