// A new run arrives while VS Code is open (tesults.refreshIntervalSeconds: 2): pushed to the
// server, it is found by polling: the status bar numbers change, the run appears at the top of
// the expanded target (the expanded run stays expanded), and "N new failures in <target>" shows;
// its "Show" reveals the first new failure.
import assert from 'node:assert/strict';

export const name = 'new run by polling: status bar numbers, new run row on top (expansion kept), "new failures" notification, Show';
export const workspace = 'test/e2e/fixtures/workspace';
// The same as 11-go-to-source, which shares this instance.
export const settings = { 'tesults.defaultTarget': 'e2e-web (playwright)', 'tesults.refreshIntervalSeconds': 2, 'tesults.testingView.enabled': false };

const TARGET = 'e2e-web (playwright)';
const ITEM_ID = /\.tesults\.status$/;
const BUILD = '1.4.999-e2e';

const numbersOf = async (harness, page) => {
  const item = await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id));
  const m = /^(\d+)\s+(\d+)(?: \(\d+ (?:new|flaky)(?:, \d+ flaky)?\))?$/.exec(item?.text ?? '');
  return m ? { pass: Number(m[1]), fail: Number(m[2]) } : undefined;
};

export async function run({ page, server, harness, shot }) {
  await harness.ensureToken(page, server);
  try {
    const [latest] = await harness.apiRuns(server, TARGET);
    const before = harness.runCounts(latest);
    await harness.waitFor(async () => JSON.stringify(await numbersOf(harness, page)) === JSON.stringify({ pass: before.pass, fail: before.fail }),
      { timeout: 20_000, message: `the status bar at ${before.pass} / ${before.fail}` });

    // The target expanded with its latest run expanded: both must stay so.
    await harness.runCommand(page, 'View: Close All Editors');
    await harness.clickViewAction(page, 'Collapse All');
    await harness.expandTreeRow(page, TARGET);
    const oldRun = await harness.waitFor(async () => {
      const rows = await harness.treeRows(page);
      const target = rows.find((r) => r.level === 1 && r.label === TARGET);
      const first = target && harness.childRows(rows, target)[0];
      return first && /passed/.test(first.description) ? first : undefined;
    }, { timeout: 20_000, message: `the runs of ${TARGET}` });
    await harness.expandTreeRow(page, (r) => r.level === 2 && r.label === oldRun.label);

    // The new run: the latest one with two more failures (cases that passed), a new build name.
    const run = structuredClone(latest);
    delete run.created_time;
    delete run.run_url;
    const flipped = [];
    for (const c of harness.runCases(run)) {
      if (flipped.length < 2 && c.result === 'pass' && !c._Outcome?.includes?.('skipped')) {
        c.result = 'fail';
        c.reason = `New failure pushed by the e2e scenario (${c.name})`;
        flipped.push(c.name);
      }
    }
    const build = run.cases.find((c) => c?.suite === '[build]');
    if (build) Object.assign(build, { name: BUILD, result: 'fail' });
    const after = harness.runCounts(run);
    assert.deepEqual(after, { pass: before.pass - 2, fail: before.fail + 2, total: before.total });
    const targetId = String((await harness.apiTargets(server)).find((t) => t.name === TARGET).id);
    const pushedAt = Date.now();
    await server.control('runs', { target: targetId, run });

    // Found by polling within a few intervals, without touching anything.
    const notification = await harness.waitForNotification(page, /new failures? in /, { timeout: 15_000 });
    const took = Date.now() - pushedAt;
    assert.equal(notification.message, `2 new failures in ${TARGET}`);
    assert.equal(notification.severity, 'warning');
    assert.deepEqual(notification.buttons, ['Show', 'Open Details']);
    await harness.waitFor(async () => JSON.stringify(await numbersOf(harness, page)) === JSON.stringify({ pass: after.pass, fail: after.fail }),
      { timeout: 10_000, message: `the status bar at ${after.pass} / ${after.fail}` });
    const rows = await harness.waitFor(async () => {
      const list = await harness.treeRows(page);
      const target = list.find((r) => r.level === 1 && r.label === TARGET);
      const first = target && harness.childRows(list, target)[0];
      return first && first.label.endsWith(`— ${BUILD}`) ? list : undefined;
    }, { timeout: 10_000, message: `the new run (${BUILD}) at the top of ${TARGET}` });
    const target = rows.find((r) => r.level === 1 && r.label === TARGET);
    const [newRun, second] = harness.childRows(rows, target);
    assert.equal(newRun.description, `${after.pass} passed · ${after.fail} failed · 2 new`);
    assert.equal(newRun.expanded, false);
    assert.equal(second.label, oldRun.label, 'the run that was the latest comes second');
    assert.equal(second.expanded, true, 'and stays expanded');
    assert.ok(target.expanded, 'the target stays expanded');
    assert.match(target.description, new RegExp(`${after.fail} failed`));
    await shot('new-run', { clip: await harness.sidebarClip(page, { height: 360 }) });

    // "Show" reveals the first new failure in the new run.
    await harness.clickNotificationButton(page, /new failures in/, 'Show');
    const selected = await harness.waitFor(async () => (await harness.treeRows(page)).find((r) => r.selected && r.level === 4),
      { timeout: 15_000, message: 'a new failure selected' });
    assert.ok(flipped.includes(selected.label), `${selected.label} is one of the new failures ${JSON.stringify(flipped)}`);
    const list = await harness.treeRowsWithAncestors(page, selected);
    assert.equal(harness.parentRow(list, harness.parentRow(list, selected))?.label, newRun.label, 'in the new run');
    console.log(`      polling found the new run ${(took / 1000).toFixed(1)} s after it was pushed`);
  } finally {
    await server.control('reset', {});
  }
}
