// Cancelling a slow load: the API takes 20 s to answer a target's runs; after 2 s a notification
// "Loading runs of …" offers Cancel. Cancel stops the request at once, the target shows
// "Loading cancelled — Load runs" and asks the API for nothing more (expanding it again included);
// clicking that row loads the runs.
import assert from 'node:assert/strict';

export const name = 'cancel a slow load: Cancel in the progress notification, "Loading cancelled — Load runs", no request until asked';
// Its own instance: no target loaded yet, no polling.
export const settings = { 'tesults.refreshIntervalSeconds': 0 };

const TARGET = 'e2e-api (jest)';
const CANCELLED_ROW = 'Loading cancelled — Load runs';

export async function run({ page, server, harness }) {
  await harness.ensureToken(page, server);
  const target = (await harness.apiTargets(server)).find((t) => t.name === TARGET);
  assert.ok(target, `${TARGET} on the server`);
  const runsRequests = async (since) => (await server.control('requests')).requests
    .filter((r) => r.time >= since && r.path === '/api/results' && r.query?.target === String(target.id)).length;
  try {
    await server.control('faults', { path: '/results', delayMs: 20_000, count: 1 });
    await harness.clickViewAction(page, 'Collapse All');
    const since = Date.now();
    await harness.expandTreeRow(page, TARGET);
    await harness.waitForTreeRow(page, (r) => r.level === 2 && r.label === 'Loading runs…', { timeout: 10_000 });

    const n = await harness.waitForNotification(page, `Loading runs of ${TARGET}`, { timeout: 10_000 });
    assert.ok(n.buttons.includes('Cancel'), `a Cancel button: ${JSON.stringify(n)}`);
    const clickedAt = Date.now();
    await harness.clickNotificationButton(page, `Loading runs of ${TARGET}`, 'Cancel');
    await harness.waitForTreeRow(page, (r) => r.level === 2 && r.label === CANCELLED_ROW, { timeout: 5_000 });
    assert.ok(Date.now() - clickedAt < 5_000, 'stopped at once, not when the slow answer came');
    assert.equal(await runsRequests(since), 1, 'the one cancelled request');

    // Nothing starts again by itself, not even when the target is expanded again.
    await harness.clickViewAction(page, 'Collapse All');
    await harness.expandTreeRow(page, TARGET);
    await harness.waitForTreeRow(page, (r) => r.level === 2 && r.label === CANCELLED_ROW, { timeout: 5_000 });
    // The row shows the cancelled state, so expanding started no load; a later one would be counted
    // before "Load runs" below, which must make it exactly 2.
    assert.equal(await runsRequests(since), 1, 'no request after Cancel until asked');
    assert.ok(!(await harness.treeRows(page)).some((r) => r.level === 2 && /passed/.test(r.description)), 'no runs shown');

    // "Load runs" loads them.
    await harness.clickTreeRow(page, (r) => r.level === 2 && r.label === CANCELLED_ROW, {
      timeout: 15_000,
      until: async () => {
        const rows = await harness.treeRows(page);
        const t = rows.find((r) => r.level === 1 && r.label === TARGET);
        return t && harness.childRows(rows, t).some((r) => /passed/.test(r.description));
      },
    });
    await harness.waitForNoTreeRow(page, (r) => r.label === CANCELLED_ROW, { timeout: 5_000 });
    assert.equal(await runsRequests(since), 2);
  } finally {
    await server.control('reset', {});
  }
}
