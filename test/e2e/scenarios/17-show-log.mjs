// "Tesults: Show Log": the Output panel opens on the "Tesults" channel, shows the request lines
// (method, path, status) of what the extension just did, and no line holds the token (neither
// in the rendered Output panel nor in the channel's log file on disk).
import assert from 'node:assert/strict';
import * as ui from '../ui-helpers.mjs';

export const name = 'show log: Output panel on the "Tesults" channel with request lines, no token';

export async function run({ page, server, harness, codeServer, workbench, shot }) {
  await harness.ensureToken(page, server);
  await ui.grantClipboard(workbench, codeServer);
  // Something fresh to log: a refresh asks for the targets again.
  const marker = Date.now();
  await harness.runCommand(page, 'Tesults: Refresh');
  await harness.waitFor(async () => {
    const log = await server.control('requests');
    return log.requests.some((r) => r.path === '/api/targets' && r.time >= marker - 1000);
  }, { message: 'the refresh to reach the server' });

  const text = await harness.outputPanelText(page);
  const state = await harness.waitFor(() => page.evaluate(() => {
    const panel = document.querySelector('#workbench\\.parts\\.panel');
    if (!panel || !panel.getClientRects().length) return null;
    const select = panel.querySelector('select.monaco-select-box');
    const active = panel.querySelector('.composite-bar .action-item.checked, .composite-bar .action-item[aria-selected=true]');
    return { channel: select ? select.value : '', tab: (active?.textContent ?? '').trim() };
  }), { message: 'the Output panel' });
  assert.equal(state.channel, 'Tesults', `the channel shown: ${JSON.stringify(state)}`);
  assert.match(state.tab, /Output/);
  const lines = text.split('\n').filter(Boolean);
  const requests = lines.filter((l) => /\bGET \/api\/\S+ → \d{3}\b/.test(l));
  assert.ok(requests.length > 0, `request lines in the Output panel:\n${text}`);
  assert.ok(requests.some((l) => /GET \/api\/targets\?limit=\d+ → 200/.test(l)), `the refresh's targets request:\n${requests.join('\n')}`);
  await shot('output');

  // The whole channel, not only the rendered lines: select all in the Output editor and copy.
  // A rendered line of the Output editor (the middle of the whole text area can lie under the panel's filter box).
  await page.locator('#workbench\\.parts\\.panel .monaco-editor .view-line').last().click();
  const all = await ui.clipboardAfter(page, async () => {
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
  }, { what: 'the Output text in the clipboard' });
  assert.ok(all.split('\n').length >= requests.length, 'the copied channel has at least the rendered lines');
  const disk = harness.readExtensionLog(codeServer);
  for (const [where, content] of [['Output panel', text], ['Output copy', all], ['log file', disk]]) {
    assert.ok(!content.includes(server.token), `no token in the ${where}`);
    assert.ok(!/Bearer\s+(?!\*\*\*)\S/i.test(content), `no bearer credential in the ${where}`);
  }
  await page.keyboard.press('Escape');
  await harness.runCommand(page, 'View: Hide Panel');
}
