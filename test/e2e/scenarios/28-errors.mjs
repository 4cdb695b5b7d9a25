// Errors that say the right thing: an invalid tesults.apiUrl gets a welcome view with "Open
// Settings" and a status bar item saying so (not "Select Default Target"); a details panel
// restored after a reload whose case cannot load shows the problem with buttons, and loads the
// case once the setting is fixed; with no token stored it says so and offers Set API Token.
import assert from 'node:assert/strict';
import * as ui from '../ui-helpers.mjs';

export const name = 'errors: invalid apiUrl → Open Settings + truthful status bar; a restored panel that cannot load shows the problem with Retry';
export const settings = { 'tesults.defaultTarget': 'e2e-web (playwright)' };
// Two loads of the workbench (the start and a reload).
export const timeout = 300_000;

const TARGET = 'e2e-web (playwright)';
const ITEM_ID = /\.tesults\.status$/;
const BAD_URL = 'http://example.com/api';

export async function run({ page, server, harness, shot, codeServer }) {
  await harness.ensureToken(page, server);
  await harness.runCommand(page, 'View: Close All Editors');
  await ui.expandNewestRun(page, TARGET);
  const suite = await harness.waitForTreeRow(page, (r) => r.level === 3 && r.icon === 'error' && !harness.isChangeGroup(r));
  await harness.expandTreeRow(page, (r) => r.id === suite.id);
  const caseRow = await ui.failingCaseRow(page, suite.label);
  await harness.clickTreeRow(page, (r) => r.level === 4 && r.label === caseRow.label);
  const title = (c) => c.title.startsWith(caseRow.label.slice(0, 20));
  const readPanel = () => document.body.innerText;
  await harness.webviewEvaluate(page, title, readPanel, undefined, { until: (t) => typeof t === 'string' && t.includes(caseRow.label), message: 'the details panel' });

  let badUrlSet = false;
  try {
    // 1. An invalid API URL: the view says so with a Settings button, the status bar too.
    // tesults.apiUrl is read from the user settings only; code-server applies a live change made there
    // through the Settings editor (not an edit of User/settings.json on disk).
    badUrlSet = true;
    await harness.setUserSetting(page, codeServer, 'tesults.apiUrl', BAD_URL);
    const welcome = await harness.waitFor(async () => {
      const w = await harness.welcomeView(page);
      return w.visible && w.buttons.includes('Open Settings') ? w : undefined;
    }, { timeout: 20_000, message: 'the welcome view with "Open Settings"' });
    assert.match(welcome.text, /tesults\.apiUrl.*https:\/\//s);
    const item = await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id) && /API URL invalid/.test(i.text), { wait: true, timeout: 20_000 });
    assert.doesNotMatch(item.text, /Select Default Target/);
    await shot('invalid-api-url', { clip: await harness.sidebarClip(page, { height: 360 }) });
    await shot('invalid-api-url-status', { clip: await harness.statusBarClip(page, { width: 460, margin: 0 }) });

    // 2. After a reload, the restored panel cannot load its case: the problem and a way forward.
    await harness.runCommand(page, 'Developer: Reload Window');
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const problem = await harness.webviewEvaluate(page, title, () => ({
      text: document.body.innerText,
      buttons: [...document.querySelectorAll('button[data-action=pageAction]')].map((b) => b.textContent.trim()),
    }), undefined, { until: (p) => /Could not load this test case/.test(p?.text ?? ''), timeout: 60_000, message: 'the restored panel showing the problem' });
    assert.match(problem.text, /https:\/\//, `the reason: ${problem.text}`);
    assert.doesNotMatch(problem.text, /Loading this test case/);
    assert.deepEqual(problem.buttons, ['Settings', 'Retry']);
    await shot('restored-panel-problem');

    // 3. The setting fixed: the same panel loads its case.
    await harness.setUserSetting(page, codeServer, 'tesults.apiUrl', server.url);
    badUrlSet = false;
    await harness.webviewEvaluate(page, title, readPanel, undefined, {
      until: (t) => typeof t === 'string' && t.includes(caseRow.label) && !/Could not load/.test(t),
      timeout: 30_000,
      message: 'the restored panel showing the case once the API URL is fixed',
    });

    // 4. No token stored: after a reload the restored panel says so at once (nothing can load) and
    // offers Set API Token, which brings its case.
    await harness.runCommand(page, 'Tesults: Clear API Token');
    await harness.waitForNotification(page, 'Tesults API token removed.');
    await harness.runCommand(page, 'Developer: Reload Window');
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const noToken = await harness.webviewEvaluate(page, title, () => ({
      text: document.body.innerText,
      buttons: [...document.querySelectorAll('button[data-action=pageAction]')].map((b) => b.textContent.trim()),
    }), undefined, { until: (p) => /Could not load this test case/.test(p?.text ?? ''), timeout: 60_000, message: 'the restored panel saying there is no token' });
    assert.match(noToken.text, /No Tesults API token is set/);
    assert.deepEqual(noToken.buttons, ['Set API Token']);
    await shot('restored-panel-no-token');
    await ui.clickInWebview(page, title, 'button[data-action=pageAction]', { hasText: 'Set API Token' });
    await harness.typeIntoInputBox(page, server.token, { password: true });
    await harness.webviewEvaluate(page, title, readPanel, undefined, {
      until: (t) => typeof t === 'string' && t.includes(caseRow.label) && !/Could not load/.test(t),
      timeout: 30_000,
      message: 'the restored panel showing the case once the token is set',
    });
  } finally {
    if (badUrlSet) await harness.setUserSetting(page, codeServer, 'tesults.apiUrl', server.url).catch(() => undefined);
  }
}
