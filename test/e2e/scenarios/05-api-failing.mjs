// The API failing (HTTP 500 on every request): a Refresh keeps the results on screen and says
// "Refresh failed… Showing results loaded at …"; a target expanded for the first time says
// "Could not load runs — Retry". Once the API answers again, Refresh clears the message and
// brings the runs, and so does the row's Retry.
import assert from 'node:assert/strict';

export const name = 'API failing: 500s keep old results + "Refresh failed"; "Could not load runs — Retry"; recovery';

const LOADED = 'e2e-web (playwright)';
const RETRY_ROW = 'Could not load runs — Retry';

export async function run({ page, server, harness, shot, log }) {
  await harness.ensureToken(page, server);
  const rowsNow = () => harness.treeRows(page);
  const runsOf = async (label) => {
    const rows = await rowsNow();
    const target = rows.find((r) => r.level === 1 && r.label === label);
    return target ? harness.childRows(rows, target).filter((r) => /passed/.test(r.description)) : [];
  };

  // A target whose runs are loaded, and one not loaded yet (no counts in its description).
  await harness.expandTreeRow(page, LOADED);
  const loadedRuns = await harness.waitFor(async () => {
    const runs = await runsOf(LOADED);
    return runs.length > 0 ? runs : undefined;
  }, { timeout: 20_000, message: `the runs of ${LOADED}` });
  const unloaded = (await rowsNow()).find((r) => r.level === 1 && r.label !== LOADED && r.expanded === false && !/passed|failed/.test(r.description));
  assert.ok(unloaded, `a target whose runs are not loaded yet: ${JSON.stringify(await rowsNow())}`);
  const targetsBefore = (await rowsNow()).filter((r) => r.level === 1).map((r) => r.label);

  const problems = [];
  try {
    await server.control('faults', { status: 500, count: 100_000 });
    await harness.clickViewAction(page, 'Refresh');
    const message = await harness.waitFor(async () => {
      const m = await harness.viewMessage(page);
      return /Refresh failed/.test(m) ? m : undefined;
    }, { timeout: 30_000, message: 'the view message "Refresh failed…"' });
    assert.match(message, /^⚠ Refresh failed: .*500/);
    assert.match(message, /Showing results loaded at \d/);

    // The old results stay: every target, and the runs of the loaded one.
    assert.deepEqual((await rowsNow()).filter((r) => r.level === 1).map((r) => r.label), targetsBefore);
    assert.deepEqual((await runsOf(LOADED)).map((r) => r.label), loadedRuns.map((r) => r.label), 'the runs loaded before stay');

    // A target opened now cannot load its runs: the row says so and offers Retry.
    await harness.expandTreeRow(page, unloaded.label);
    const retry = await harness.waitFor(async () => {
      const rows = await rowsNow();
      const target = rows.find((r) => r.level === 1 && r.label === unloaded.label);
      return target && harness.childRows(rows, target).find((r) => r.label === RETRY_ROW);
    }, { timeout: 30_000, message: `"${RETRY_ROW}" under ${unloaded.label}` });
    assert.equal(retry.icon, 'warning');
    assert.match(retry.ariaLabel, /500/);
    await shot('api-failing', { clip: await harness.sidebarClip(page, { height: 420 }) });

    // The API is back. Refresh: the message goes away, and the target that failed loads its runs.
    await server.control('reset', {});
    await harness.clickViewAction(page, 'Refresh');
    await harness.waitFor(async () => (await harness.viewMessage(page)) === '', { timeout: 20_000, message: 'the view message to go away after Refresh' });
    const afterRefresh = await harness.waitFor(async () => ((await runsOf(unloaded.label)).length > 0 ? true : undefined), { timeout: 8000, message: '' })
      .catch(() => false);
    if (!afterRefresh) {
      const rows = await rowsNow();
      const target = rows.find((r) => r.level === 1 && r.label === unloaded.label);
      problems.push(`After the API recovered, Refresh cleared the view message but ${unloaded.label} still shows ${JSON.stringify(harness.childRows(rows, target).map((r) => r.label))} instead of its runs (its runs are only loaded again by the row's Retry).`);
      log(`BUG: ${problems.at(-1)}`);
      await shot('refresh-left-retry-row', { clip: await harness.sidebarClip(page, { height: 420 }) });
    }

    // Retry on the row (if it is still there) loads the runs.
    if ((await rowsNow()).some((r) => r.label === RETRY_ROW)) await harness.clickTreeRow(page, RETRY_ROW);
    await harness.waitFor(async () => (await runsOf(unloaded.label)).length > 0, { timeout: 20_000, message: `the runs of ${unloaded.label} after Retry` });
    await harness.waitForNoTreeRow(page, RETRY_ROW);
    assert.equal(await harness.viewMessage(page), '');
  } finally {
    await server.control('reset', {});
  }
  if (problems.length) throw new Error(problems.join('\n'));
}
