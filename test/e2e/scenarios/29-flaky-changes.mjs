// Issue 15 on the scripted history target (test/server/data.ts HISTORY_TESTS): a test that passed
// on retry shows as flaky in the tree (word, flame icon) and in its details panel (with the
// reason); the newest run's row says "1 new · 1 fixed" and its "New failures" group holds the one
// new failure; the CodeLens "CI: …" appears above a located test in tests/stability.spec.ts. Then a
// new run where the unstable test fails: the notification and the status bar count that new
// failure as known flaky, with the same numbers.
import assert from 'node:assert/strict';
import * as ui from '../ui-helpers.mjs';

export const name = 'flaky and changes: flaky on retry in tree and panel, "1 new" run row and New failures group, CI CodeLens';
export const workspace = 'test/e2e/fixtures/workspace';
export const settings = { 'tesults.defaultTarget': 'e2e-history (playwright)' };

const TARGET = 'e2e-history (playwright)';
const RETRIED = 'checkout: applies a discount code';
const NEW_FAILURE = 'profile: updates the shipping address';
const UNSTABLE = 'search: filters results by price';
const ITEM_ID = /\.tesults\.status$/;

export async function run({ page, server, harness, shot }) {
  await harness.ensureToken(page, server);
  await harness.runCommand(page, 'View: Close All Editors');
  await harness.openView(page, 'Tesults');
  await harness.clickViewAction(page, 'Collapse All');

  // The newest run says what changed against the run before it.
  const runRow = await ui.expandNewestRun(page, TARGET);
  const newest = await harness.waitFor(async () => {
    const rows = await harness.treeRows(page);
    const t = rows.find((r) => r.level === 1 && r.label === TARGET);
    const first = t && harness.childRows(rows, t)[0];
    return first && /1 new/.test(first.description) ? first : undefined;
  }, { timeout: 20_000, message: `"1 new" on the newest run of ${TARGET}` });
  assert.match(newest.description, /· 1 new · 1 fixed$/);
  assert.equal(newest.label, runRow.label);

  // Its "New failures" group holds the one new failure.
  const group = await harness.waitForTreeRow(page, (r) => r.level === 3 && r.label === 'New failures');
  assert.equal(group.description, '1');
  await harness.expandTreeRow(page, (r) => r.level === 3 && r.label === 'New failures');
  const inGroup = await harness.waitForTreeRow(page, (r) => r.level === 4 && r.label === NEW_FAILURE);
  const rows = await harness.treeRowsWithAncestors(page, inGroup);
  assert.equal(harness.parentRow(rows, inGroup)?.label, 'New failures');

  // The test that passed on retry 2: "flaky" and a flame in its row.
  const suite = await harness.waitForTreeRow(page, (r) => r.level === 3 && !harness.isChangeGroup(r) && /stability/.test(harness.suiteName(r)));
  await harness.expandTreeRow(page, (r) => r.level === 3 && r.label === suite.label);
  const retried = await harness.waitForTreeRow(page, (r) => r.level === 4 && r.label === RETRIED);
  assert.match(retried.description, /^flaky/);
  assert.equal(retried.icon, 'flame');
  await shot('tree', { clip: await harness.sidebarClip(page, { height: 520 }) });

  // Its details panel: the Flaky badge with the reason, and the flaky verdict next to the history.
  await harness.clickTreeRow(page, (r) => r.level === 4 && r.label === RETRIED);
  const panel = ui.panelOf(RETRIED);
  const shown = await harness.webviewEvaluate(page, panel, () => ({
    badges: (document.querySelector('.badges')?.textContent ?? '').trim(),
    summary: (document.querySelector('.history-summary')?.textContent ?? '').trim(),
    run: [...document.querySelectorAll('.meta-row')].find((r) => r.querySelector('dt')?.textContent?.trim() === 'Run')?.querySelector('dd')?.textContent ?? '',
  }), undefined, { until: (d) => /Flaky/.test(d.badges), message: `the details of ${RETRIED}` });
  assert.match(shown.badges, /Flaky: passed on retry 2/);
  assert.match(shown.summary, /Flaky: passed on retry 2/);
  assert.match(shown.run, /1 new · 1 fixed since the run before/);

  // Go to source opens tests/stability.spec.ts; the CodeLens sits above the located tests.
  await ui.clickInWebview(page, panel, 'button', { hasText: 'Go to source' });
  const lenses = await harness.waitFor(async () => {
    const texts = await page.evaluate(() => [...document.querySelectorAll('.monaco-editor .codelens-decoration')].map((e) => e.textContent ?? ''));
    return texts.some((t) => t.startsWith('CI: ')) ? texts : undefined;
  }, { timeout: 20_000, message: 'a "CI: …" CodeLens in stability.spec.ts' });
  assert.ok(lenses.some((t) => /^CI: [✗✓] \d+ of last 10 · flaky/.test(t)), `a flaky lens among ${JSON.stringify(lenses)}`);
  await shot('codelens');

  // A new run where the unstable test fails (it passed in the run before): one new failure, known
  // flaky by the flips of its history. The two failures of the run before keep failing.
  try {
    const [latest] = await harness.apiRuns(server, TARGET);
    const before = harness.runCounts(latest);
    const run = structuredClone(latest);
    delete run.created_time;
    delete run.run_url;
    const unstable = harness.runCases(run).find((c) => c.name === UNSTABLE);
    assert.equal(unstable?.result, 'pass', `${UNSTABLE} passes in the newest run`);
    Object.assign(unstable, { result: 'fail', rawResult: 'failed', _Outcome: 'unexpected', reason: 'Failed again (pushed by the e2e scenario)' });
    const targetId = String((await harness.apiTargets(server)).find((t) => t.name === TARGET).id);
    await server.control('runs', { target: targetId, run });
    await harness.runCommand(page, 'Tesults: Refresh');
    const notification = await harness.waitForNotification(page, /new failures? .*in /, { timeout: 20_000 });
    assert.equal(notification.message, `1 new failure (known flaky) in ${TARGET}`);
    const item = await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id) && /flaky/.test(i.text), { wait: true, timeout: 20_000 });
    assert.equal(item.text.replace(/\s+/g, ' ').trim(), `${before.pass - 1} ${before.fail + 1} (1 new, 1 flaky)`);
    assert.match(item.ariaLabel, new RegExp(`${before.pass - 1} passed, ${before.fail + 1} failed, 1 new, 1 known flaky`));
    await shot('statusbar-flaky', { clip: await harness.statusBarClip(page, { width: 460, margin: 0 }) });
  } finally {
    await server.control('reset', {});
  }
}
