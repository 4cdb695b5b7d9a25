// Case details: the reason and the params of a failing case read back from the webview, and the
// panel restored after a window reload (registerWebviewPanelSerializer), re-read from the store.
import assert from 'node:assert/strict';

export const name = 'case details: reason and params read back from the webview; the panel comes back after a reload';

const TARGETS = ['e2e-web (playwright)', 'e2e-api (jest)', 'e2e-backend (mocha)'];
// eslint-disable-next-line no-control-regex
const stripAnsi = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');

export async function run({ page, server, harness, shot }) {
  await harness.ensureToken(page, server);
  let failing;
  let TARGET;
  for (const t of TARGETS) {
    const [latest] = await harness.apiRuns(server, t);
    failing = harness.runCases(latest).find((c) => c.result === 'fail' && c.params && c.reason && c.suite);
    if (failing) {
      TARGET = t;
      break;
    }
  }
  assert.ok(failing, 'the e2e data has a failing case with params in a newest run');
  // Playwright sends a JSON-encoded reason {message, stack, ...}; the others plain text.
  let message = failing.reason;
  try {
    message = JSON.parse(failing.reason).message ?? message;
  } catch {
    // plain text
  }
  const firstLine = stripAnsi(message).split('\n').map((l) => l.trim()).find(Boolean);
  const [paramKey, paramValue] = Object.entries(failing.params)[0];

  await harness.openView(page, 'Tesults');
  await harness.expandTreeRow(page, TARGET);
  const newest = await harness.waitForTreeRow(page, (r) => r.level === 2 && /passed/.test(r.description));
  await harness.expandTreeRow(page, (r) => r.id === newest.id);
  await harness.expandTreeRow(page, (r) => r.level === 3 && harness.suiteName(r) === failing.suite);
  await harness.clickTreeRow(page, (r) => r.level === 4 && r.label === failing.name);

  const title = (c) => c.title.startsWith(failing.name.slice(0, 20));
  const readPanel = () => document.body.innerText;
  const text = await harness.webviewEvaluate(page, title, readPanel, undefined, {
    until: (t) => typeof t === 'string' && t.includes(firstLine),
    message: `the reason "${firstLine}" in the details panel`,
  });
  assert.ok(text.indexOf(firstLine) < text.indexOf(paramKey), 'the reason comes before the params');
  assert.ok(text.includes(paramKey) && text.includes(String(paramValue)), `params ${paramKey}=${paramValue} are shown`);
  // eslint-disable-next-line no-control-regex
  assert.ok(!/\u001b|\\u001b\[/.test(text), 'no raw ANSI escapes');
  await shot('details');

  // After a reload the same case is shown again, read anew from the (cached, then refreshed) store.
  await harness.runCommand(page, 'Developer: Reload Window');
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  const restored = await harness.webviewEvaluate(page, title, readPanel, undefined, {
    until: (t) => typeof t === 'string' && t.includes(firstLine),
    timeout: 60_000,
    message: 'the restored details panel with the same reason',
  });
  assert.ok(restored.includes(failing.name), 'the restored panel shows the case name');
  await shot('restored');
}
