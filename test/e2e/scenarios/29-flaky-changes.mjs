// Issue 15 on the scripted history target (test/server/data.ts HISTORY_TESTS): a test that passed
// on retry shows as flaky in the tree (word, flame icon) and in its details panel (with the
// reason), whose history strip covers the runs the flaky rule reads (more than the tree shows);
// the newest run's row says "1 new · 1 fixed" and its "New failures" group holds the one new failure; the CodeLens "CI: …" appears above a located test in tests/stability.spec.ts.
// "Compare with…" compares the newest run with an older one, and the flaky filter applies inside
// its groups. Then a new run where the unstable test fails: the notification and the status bar count that new
// failure as known flaky, with the same numbers, and the notification's "Show" reveals it although
// flaky tests are hidden.
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

  // Its history strip covers the runs the flaky rule reads (the history loaded in the background),
  // more than the runs the tree shows: a mark re-renders the panel, until the history is there.
  const treeRows = await harness.treeRows(page);
  const runsShown = harness.childRows(treeRows, treeRows.find((r) => r.level === 1 && r.label === TARGET)).filter((r) => r.level === 2 && /passed|failed/.test(r.description)).length;
  const newestRunId = (await harness.webviewEvaluate(page, panel, ui.readDetails)).history.find((h) => h.current)?.runId;
  let strip = [];
  await harness.waitFor(async () => {
    const d = await harness.webviewEvaluate(page, panel, ui.readDetails);
    strip = d.history;
    if (strip.length > runsShown) return true;
    const other = strip.find((h) => !h.current);
    if (other) await ui.clickInWebview(page, panel, `button.hist[data-run-id="${other.runId}"]`);
    return false;
  }, { timeout: 30_000, interval: 1000, message: `a history strip longer than the ${runsShown} runs shown in the tree` }).catch((e) => {
    throw new Error(`${e.message}: ${strip.length} marks`);
  });
  // A mark of a run the tree does not show opens the test in that run; then back to the newest.
  const oldest = strip[strip.length - 1];
  await ui.clickInWebview(page, panel, `button.hist[data-run-id="${oldest.runId}"]`);
  await harness.webviewEvaluate(page, panel, ui.readDetails, undefined, { until: (d) => d.history.find((h) => h.current)?.runId === oldest.runId, message: 'the oldest run of the strip shown' });
  await ui.clickInWebview(page, panel, `button.hist[data-run-id="${newestRunId}"]`);
  await harness.webviewEvaluate(page, panel, ui.readDetails, undefined, { until: (d) => d.history.find((h) => h.current)?.runId === newestRunId, message: 'back in the newest run' });

  // Go to source opens tests/stability.spec.ts; the CodeLens sits above the located tests.
  await ui.clickInWebview(page, panel, 'button', { hasText: 'Go to source' });
  const lenses = await harness.waitFor(async () => {
    const texts = await page.evaluate(() => [...document.querySelectorAll('.monaco-editor .codelens-decoration')].map((e) => e.textContent ?? ''));
    return texts.some((t) => t.startsWith('CI: ')) ? texts : undefined;
  }, { timeout: 20_000, message: 'a "CI: …" CodeLens in stability.spec.ts' });
  assert.ok(lenses.some((t) => /^CI: [✗✓] \d+ of last 10 · flaky/.test(t)), `a flaky lens among ${JSON.stringify(lenses)}`);
  await shot('codelens');

  try {
    // "Compare with…" on the newest run, picking the second run offered (two before the newest):
    // "search" and "cart" both failed there, so Fixed holds 2 and says which run it compares with.
    await harness.treeRowContextMenu(page, (r) => r.level === 2 && r.label === runRow.label, 'Compare with…');
    // The quick pick of this command (the widget keeps the rows of an earlier palette while hidden).
    await harness.waitFor(async () => {
      const title = await page.locator('.quick-input-widget .quick-input-title').first().textContent({ timeout: 1000 }).catch(() => '');
      const open = await page.locator('.quick-input-widget').first().isVisible().catch(() => false);
      return open && /^Compare the run of/.test(title ?? '') && (await harness.quickPickItems(page)).length >= 2 ? true : undefined;
    }, { timeout: 10_000, message: 'the quick pick of the runs to compare with' });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const fixed = await harness.waitForTreeRow(page, (r) => r.level === 3 && r.label === 'Fixed' && /vs run of/.test(r.description), { timeout: 15_000 });
    assert.match(fixed.description, /^2 · vs run of /);
    const compared = await harness.waitForTreeRow(page, (r) => r.level === 2 && r.label === runRow.label);
    assert.match(compared.description, /· 1 new · 2 fixed$/);

    // Only flaky tests: of the two fixed, "search" (unstable) stays; the group says "1 of 2".
    await harness.runCommand(page, 'Tesults: Show Only Flaky Tests');
    const onlyFlaky = await harness.waitForTreeRow(page, (r) => r.level === 3 && r.label === 'Fixed' && /^1 of 2 · vs run of /.test(r.description), { timeout: 15_000 });
    await harness.expandTreeRow(page, (r) => r.level === 3 && r.label === onlyFlaky.label && r.description === onlyFlaky.description);
    // (the Stability suite, still expanded below, lists it too)
    const inFixed = await harness.waitFor(async () => {
      const rows = await harness.treeRows(page);
      const group = rows.find((r) => r.level === 3 && r.label === 'Fixed');
      const children = group?.expanded ? harness.childRows(rows, group).map((r) => r.label) : [];
      return children.length > 0 ? children : undefined;
    }, { timeout: 15_000, message: 'the rows of Fixed' });
    assert.deepEqual(inFixed, [UNSTABLE]);
    await shot('compare-only-flaky', { clip: await harness.sidebarClip(page, { height: 520 }) });
  } finally {
    await harness.runCommand(page, 'Tesults: Show Flaky and Stable Tests').catch(() => undefined);
  }

  // A new run where the unstable test fails (it passed in the run before): one new failure, known
  // flaky by the flips of its history. The two failures of the run before keep failing. Flaky
  // tests are hidden meanwhile: the notification's "Show" lifts that filter to reveal it.
  try {
    await harness.runCommand(page, 'Tesults: Hide Flaky Tests');
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

    await harness.clickNotificationButton(page, /new failures? .*in /, 'Show');
    const selected = await harness.waitFor(async () => (await harness.treeRows(page)).find((r) => r.selected && r.level === 4),
      { timeout: 15_000, message: `${UNSTABLE} selected in the tree although flaky tests were hidden` });
    assert.equal(selected.label, UNSTABLE);
  } finally {
    await harness.runCommand(page, 'Tesults: Show Flaky and Stable Tests').catch(() => undefined);
    await server.control('reset', {});
  }
}
