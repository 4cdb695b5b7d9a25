// Browsing the tree: target > runs (newest first, counts) > suites (failing first) > cases,
// "Load more runs…", the only-failures toggle, and the case details webview of a failing case.
import assert from 'node:assert/strict';

export const name = 'tree: expand target > run > suite > case, load more runs, only failures, case details';

const TARGET = 'e2e-web (playwright)';

export async function run({ page, server, harness, shot }) {
  await harness.ensureToken(page, server);
  await harness.expandTreeRow(page, TARGET);
  // Runs: level 2, described by their counts; the newest (first) one has failures in this data set.
  const runs = await harness.waitFor(async () => {
    const rows = (await harness.treeRows(page)).filter((r) => r.level === 2 && /passed/.test(r.description));
    return rows.length >= 10 ? rows : undefined;
  }, { message: '10 runs under the target' });
  assert.equal(runs.length, 10, 'tesults.runsPerPage (10) runs at first');
  await harness.waitForTreeRow(page, 'Load more runs…');

  // Load more runs: the next page arrives and the item goes away when there is no cursor left.
  const twelveRuns = async () => (await harness.treeRows(page)).filter((r) => r.level === 2 && /passed/.test(r.description)).length === 12;
  await harness.clickTreeRow(page, 'Load more runs…', { until: twelveRuns });
  await harness.waitForNoTreeRow(page, 'Load more runs…');

  // Expand the newest failing run and its first suite: failing suites come first.
  const failingRun = (await harness.treeRows(page)).find((r) => r.level === 2 && /failed/.test(r.description));
  assert.ok(failingRun, 'a run with failures');
  await harness.expandTreeRow(page, (r) => r.id === failingRun.id || r.ariaLabel === failingRun.ariaLabel);
  const suites = await harness.waitFor(async () => {
    const rows = (await harness.treeRows(page)).filter((r) => r.level === 3 && !harness.isChangeGroup(r));
    return rows.length > 0 ? rows : undefined;
  }, { message: 'suites under the run' });
  assert.match(suites[0].description, /failed/, `first suite should be failing: ${JSON.stringify(suites[0])}`);
  await harness.expandTreeRow(page, (r) => r.level === 3 && r.label === suites[0].label);
  const failingCase = await harness.waitForTreeRow(page, (r) => r.level === 4 && r.icon === 'error');
  // Published at the default side-bar width: what a user gets.
  await shot('expanded', { publish: 'tree.png', clip: await harness.sidebarClip(page, { height: 520 }) });

  // Only failures: no passing case row stays; back to all: every row of before comes back (the
  // tree's full height counts the rows scrolled out of view too).
  const treeHeight = async () => (await harness.treeScrollInfo(page)).contentHeight;
  const heightBefore = await treeHeight();
  const passingShown = (await harness.treeRows(page)).some((r) => r.level === 4 && r.icon === 'pass');
  await harness.clickViewAction(page, 'Show Only Failures');
  await harness.waitFor(async () => {
    const rows = await harness.treeRows(page);
    return rows.some((r) => r.level === 4) && !rows.some((r) => r.level === 4 && r.icon === 'pass');
  }, { message: 'only failing cases' });
  if (passingShown) assert.ok((await treeHeight()) < heightBefore, 'the passing cases are gone, not just scrolled away');
  await harness.waitForTreeRow(page, (r) => r.label === 'e2e-green');
  await harness.clickViewAction(page, 'Show All');
  await harness.waitFor(async () => (await treeHeight()) === heightBefore, { message: `the tree's ${heightBefore} px of rows of before the filter` });

  // Case details: clicking a failing case opens the panel with its reason.
  await harness.clickTreeRow(page, (r) => r.level === 4 && r.label === failingCase.label);
  const frame = await harness.webviewFrame(page, (c) => c.title.length > 0 && !/walkthrough/i.test(c.title), { timeout: 20_000 });
  const text = await harness.waitFor(async () => {
    const body = await frame.evaluate(() => document.body.innerText).catch(() => '');
    return /fail/i.test(body) ? body : undefined;
  }, { message: 'details content' });
  assert.ok(text.includes(failingCase.label.slice(0, 20)), 'the panel shows the case name');
  // The README picture: the top left of the editor area, where the panel is.
  const editorBox = await page.evaluate(() => document.querySelector('#workbench\\.parts\\.editor')?.getBoundingClientRect()?.toJSON());
  await shot('details', { publish: 'details.png', clip: editorBox && { x: editorBox.x, y: editorBox.y, width: Math.min(editorBox.width, 760), height: Math.min(editorBox.height, 560) } });
}
