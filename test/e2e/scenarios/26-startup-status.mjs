// Start-up: VS Code reloaded with the Explorer showing (the Tesults view never opened) and the API
// slow to answer. The status bar shows the numbers cached by the previous session within a few
// seconds of the workbench being ready, marked as not yet confirmed; the activity-bar icon carries
// the failing count; once the API answers, the new run's numbers (with its new failures) replace
// them. The focus rule (no request while the window is unfocused) is not shown here: headless
// Chromium always reports the window as focused; test/unit/focus.test.ts covers it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export const name = 'start-up: cached numbers in the status bar at once (Explorer showing, slow API), badge, then the fresh numbers';
// Automatic refresh off: the only request after the reload is the start-up load.
// A reload, a 20 s answer and a fresh instance on a loaded machine: more than the default 120 s.
export const timeout = 300_000;
export const settings = { 'tesults.defaultTarget': 'e2e-web (playwright)', 'tesults.refreshIntervalSeconds': 0 };

const TARGET = 'e2e-web (playwright)';
const ITEM_ID = /\.tesults\.status$/;
const API_DELAY_MS = 20_000;
// onStartupFinished comes after VS Code's own start-up (built-in extensions, restored views): on a
// loaded 2-core machine that is many seconds after the workbench shows. What matters is that the
// cached numbers come before any answer of the (slow) API.
const CACHED_WITHIN_MS = 30_000;

async function numbers(harness, page) {
  const item = await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id));
  const m = /^(\d+)\s+(\d+)(?: \((?:(\d+) new)?(?:, )?(?:\d+ flaky)?\))?$/.exec(item?.text ?? '');
  return m ? { pass: Number(m[1]), fail: Number(m[2]), newFailures: Number(m[3] ?? 0), ariaLabel: item.ariaLabel } : undefined;
}

/** The badge on the Tesults icon of the activity bar ('' when none shows). */
function activityBadge(page) {
  return page.evaluate(() => {
    for (const label of document.querySelectorAll('.activitybar li[role=tab] > a.action-label')) {
      if (!(label.getAttribute('aria-label') ?? '').startsWith('Tesults')) continue;
      const badge = label.parentElement?.querySelector('.badge');
      const content = badge?.querySelector('.badge-content');
      const shown = badge && badge.ownerDocument.defaultView.getComputedStyle(badge).display !== 'none' && content;
      return shown ? content.textContent.trim() : '';
    }
    return undefined;
  });
}

export async function run({ page, server, harness, codeServer, extensionId, shot }) {
  await harness.ensureToken(page, server);
  try {
    const target = (await harness.apiTargets(server)).find((t) => t.name === TARGET);
    const [latest] = await harness.apiRuns(server, target.id);
    const before = harness.runCounts(latest);
    await harness.waitFor(async () => {
      const n = await numbers(harness, page);
      return n && n.pass === before.pass && n.fail === before.fail && !/not yet confirmed/.test(n.ariaLabel);
    }, { timeout: 30_000, message: `the status bar at ${before.pass} / ${before.fail}` });
    assert.equal(await harness.waitFor(async () => (await activityBadge(page)) || undefined, { message: 'the activity-bar badge' }), String(before.fail));

    // The session's cache is written (a few seconds after new data).
    const cacheFile = path.join(codeServer.userDataDir, 'User', 'globalStorage', extensionId, 'results-cache-v1.json');
    await harness.waitFor(() => {
      try {
        return JSON.parse(fs.readFileSync(cacheFile, 'utf8')).runs?.[String(target.id)]?.length > 0;
      } catch {
        return false;
      }
    }, { timeout: 20_000, message: `the results cache ${cacheFile}` });

    // Meanwhile CI publishes a new run with two more failures, and the API becomes slow.
    const run = structuredClone(latest);
    delete run.created_time;
    delete run.run_url;
    let flipped = 0;
    for (const c of harness.runCases(run)) {
      if (flipped < 2 && c.result === 'pass' && !c._Outcome?.includes?.('skipped') && c.suite !== '[build]') {
        c.result = 'fail';
        c.reason = `New failure pushed by the start-up scenario (${c.name})`;
        flipped++;
      }
    }
    const after = harness.runCounts(run);
    assert.equal(after.fail, before.fail + 2);
    await server.control('runs', { target: String(target.id), run });
    await server.control('faults', { path: '/results', delayMs: API_DELAY_MS, count: 5 });

    // VS Code starts again with the Explorer showing.
    await harness.runCommand(page, 'View: Show Explorer');
    // The workbench restores the view that showed when it went: the Explorer must be showing, and
    // stored (the web workbench writes it to IndexedDB a moment later; a reload before that brings
    // back the Tesults view, with the extension activated by 'onView:tesults.results').
    await harness.waitFor(() => page.locator('.part.sidebar .composite.title').first().innerText().then((t) => /explorer/i.test(t), () => false), { message: 'the Explorer in the side bar before the reload' });
    await harness.waitFor(async () => (await harness.storedSideBarContainer(page)) === 'workbench.view.explorer', { message: 'the Explorer stored as the side bar to restore' });
    await page.reload({ waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
    const ready = Date.now();
    await harness.waitFor(() => page.locator('.part.sidebar .composite.title').first().innerText().then((t) => /explorer/i.test(t), () => false), { message: 'the Explorer in the side bar' });

    // The cached numbers at once, not yet confirmed, while the API has not answered.
    const cached = await harness.waitFor(async () => {
      const n = await numbers(harness, page);
      return n && /not yet confirmed/.test(n.ariaLabel) ? n : undefined;
    }, { timeout: CACHED_WITHIN_MS, message: 'the cached numbers in the status bar soon after the workbench is ready' });
    const cachedAfter = Date.now() - ready;
    // The API would answer with the new run's numbers: these can only come from the cache.
    assert.deepEqual({ pass: cached.pass, fail: cached.fail }, { pass: before.pass, fail: before.fail }, 'the numbers of the previous session');
    assert.equal(await harness.waitFor(async () => (await activityBadge(page)) || undefined, { message: 'the activity-bar badge after the reload' }), String(before.fail));
    const sideBar = await page.locator('.part.sidebar .composite.title').first().innerText();
    assert.match(sideBar, /explorer/i, 'the Tesults view was never opened');
    await shot('cached');

    // Then the fresh numbers, once the slow API answers.
    const fresh = await harness.waitFor(async () => {
      const n = await numbers(harness, page);
      return n && n.fail === after.fail && !/not yet confirmed/.test(n.ariaLabel) ? n : undefined;
    }, { timeout: API_DELAY_MS + 30_000, message: `the new run's numbers ${after.pass} / ${after.fail}` });
    assert.equal(fresh.pass, after.pass);
    assert.equal(fresh.newFailures, 2, 'the text shows the new failures');
    assert.equal(await harness.waitFor(async () => ((await activityBadge(page)) === String(after.fail) ? String(after.fail) : undefined), { message: 'the badge with the new count' }), String(after.fail));
    console.log(`      cached numbers ${cachedAfter} ms after the workbench was ready; fresh ones ${Date.now() - ready} ms after`);
    await shot('fresh');
  } finally {
    await server.control('reset', {});
  }
}
