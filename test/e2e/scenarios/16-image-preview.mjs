// Image preview in the details panel: a failing case with `files: ['screenshot.png', 'test.log']`
// on the Tesults server (files_base_path .../files/...) shows a "Preview" button for the image
// only; clicking it makes the extension download the file with the Authorization header and
// re-render the panel with an <img src="data:image/png;base64,..."> of exactly the served bytes.
// The server's request log shows the file fetched with auth, and no logged path or query holds
// the token. A file on another host than the API is not fetched (the token is not sent there).
// The e2e preset has no such case (its Playwright files have no files_base_path), so the run is
// pushed with POST /__control/runs, as 12-new-run-polling does.
import assert from 'node:assert/strict';
import { URLSearchParams } from 'node:url';
import * as ui from '../ui-helpers.mjs';

export const name = 'image preview: Preview downloads screenshot.png with the token in a header, shows it as a data: URI';

const TARGET = 'e2e-backend (mocha)';
const CASE = 'uploads a screenshot when the banner is missing';
const ELSEWHERE = 'keeps files on another host';

export async function run({ page, server, harness, shot }) {
  await harness.ensureToken(page, server);
  try {
    const [latest] = await harness.apiRuns(server, TARGET);
    const run = structuredClone(latest);
    delete run.created_time;
    const [a, b] = harness.runCases(run);
    Object.assign(a, {
      name: CASE, result: 'fail', reason: 'Expected the banner to be visible',
      files: ['screenshot.png', 'test.log'], files_base_path: `${server.baseUrl}/files/e2e/preview/`,
    });
    // Same scheme and port, another host name: not the Tesults server as far as the token goes.
    Object.assign(b, {
      name: ELSEWHERE, suite: a.suite, result: 'fail', reason: 'Expected the banner to be visible',
      files: ['screenshot.png'], files_base_path: `${server.baseUrl.replace('127.0.0.1', 'localhost')}/files/e2e/elsewhere/`,
    });
    const targetId = String((await harness.apiTargets(server)).find((t) => t.name === TARGET).id);
    await server.control('reset', {}); // also empties the request log
    await server.control('runs', { target: targetId, run });

    await harness.runCommand(page, 'View: Close All Editors');
    await harness.runCommand(page, 'Tesults: Refresh');
    await harness.openView(page, 'Tesults');
    await harness.clickViewAction(page, 'Collapse All');
    await ui.expandNewestRun(page, TARGET, { pushed: true });
    await harness.expandTreeRow(page, (r) => r.level === 3 && harness.suiteName(r) === a.suite);
    await harness.clickTreeRow(page, (r) => r.level === 4 && r.label === CASE);

    const panel = ui.panelOf(CASE);
    const files = await harness.webviewEvaluate(page, panel, () => [...document.querySelectorAll('#files li')].map((li) => ({
      text: li.textContent.trim(),
      preview: !!li.querySelector('button[data-action=previewFile]'),
    })), undefined, { until: (f) => f.length === 2, message: 'the Files section' });
    assert.deepEqual(files.map((f) => f.preview), [true, false], `a Preview button for the image only: ${JSON.stringify(files)}`);
    const before = await harness.webviewEvaluate(page, panel, ui.readDetails);
    assert.equal(before.previews.length, 0, 'no image before Preview');

    await ui.clickInWebview(page, panel, 'button[data-action=previewFile][data-name="screenshot.png"]');
    const shown = await harness.webviewEvaluate(page, panel, ui.readDetails, undefined, {
      until: (d) => d.previews.length === 1 && d.previews[0].complete, message: 'the preview <img>',
    });
    const [img] = shown.previews;
    assert.match(img.src, /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/);
    assert.equal(img.width, 1, 'the 1x1 PNG decoded by the browser');
    assert.equal(img.alt, 'Preview of screenshot.png');
    // Exactly the bytes the server serves for that file (fetched here with the token).
    const res = await globalThis.fetch(`${server.baseUrl}/files/e2e/preview/screenshot.png`, { headers: { authorization: `Bearer ${server.token}` } });
    const served = Buffer.from(await res.arrayBuffer());
    assert.equal(img.src, `data:image/png;base64,${served.toString('base64')}`);
    await shot('preview');

    // The request log: the file was fetched with an Authorization header; no token in any URL.
    const log = await server.control('requests');
    const fromExtension = (r) => /^tesults-vscode\//.test(r.userAgent ?? ''); // not this scenario's own fetch above
    const fileRequests = log.requests.filter((r) => r.path.startsWith('/files/') && fromExtension(r));
    assert.deepEqual(fileRequests.map((r) => [r.method, r.path, r.status, r.auth]), [['GET', '/files/e2e/preview/screenshot.png', 200, true]]);
    for (const r of log.requests) {
      const url = `${r.path}?${new URLSearchParams(r.query)}`;
      assert.ok(!url.includes(server.token) && !decodeURIComponent(url).includes(server.token), `no token in the logged request ${url}`);
    }
    assert.ok(!/token|auth|key/i.test(JSON.stringify(fileRequests.map((r) => r.query))), 'no credential-like query parameter');

    // A file on another host: refused, nothing fetched.
    await harness.clickTreeRow(page, (r) => r.level === 4 && r.label === ELSEWHERE);
    const elsewhere = ui.panelOf(ELSEWHERE);
    await ui.clickInWebview(page, elsewhere, 'button[data-action=previewFile]');
    const refused = await harness.webviewEvaluate(page, elsewhere, ui.readDetails, undefined, {
      until: (d) => /^Preview failed/.test(d.status), message: '"Preview failed" in the panel',
    });
    assert.match(refused.status, /not on the Tesults server/);
    assert.equal(refused.previews.length, 0);
    const after = await server.control('requests');
    assert.equal(after.requests.filter((r) => r.path.startsWith('/files/') && fromExtension(r)).length, 1, 'still only the one file request');
    assert.ok(!after.requests.some((r) => r.path.includes('elsewhere')), 'nothing asked for the file on the other host');
  } finally {
    await server.control('reset', {});
  }
}
