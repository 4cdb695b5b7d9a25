// The settings that switch features off, and back on while VS Code runs:
// tesults.statusBar.enabled: false → no status bar item; tesults.editorDecorations.enabled: false
// → no failure gutter icons; tesults.notifications: "off" → a new run with new failures is
// shown in the tree but announced by no notification. Then the workspace settings turn all three
// on: the item and the gutter icons appear without a reload, and with "always" a new run that
// only repeats known failures is announced ("N failures in the new run of …"), and a new
// failure's notification opens its details panel ("Open Details").
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as ui from '../ui-helpers.mjs';

export const name = 'settings off and on: no status bar item, no gutter icons, no notification; turned on without a reload; "always" notifies; Open Details';
export const workspace = 'test/e2e/fixtures/workspace';
export const settings = {
  'tesults.defaultTarget': 'e2e-web (playwright)',
  'tesults.refreshIntervalSeconds': 2,
  'tesults.statusBar.enabled': false,
  'tesults.editorDecorations.enabled': false,
  'tesults.notifications': 'off',
  // The gutter icon is what this scenario checks; the Testing view would mark those lines instead.
  'tesults.testingView.enabled': false,
};

const TARGET = 'e2e-web (playwright)';
const ITEM_ID = /\.tesults\.status$/;
const ANNOUNCED = /new failures? in |failures? in the new run of /;

/** A copy of `run` as a new run: `flip` passing cases made failing. */
function nextRun(harness, run, flip, label) {
  const next = structuredClone(run);
  delete next.created_time;
  delete next.run_url;
  const flipped = [];
  for (const c of harness.runCases(next)) {
    if (flipped.length < flip && c.result === 'pass') {
      c.result = 'fail';
      c.reason = `Failure pushed by the settings scenario (${c.name})`;
      flipped.push(c.name);
    }
  }
  const build = next.cases.find((c) => c?.suite === '[build]');
  if (build) build.name = label;
  return { run: next, flipped };
}

async function newestRunLabel(harness, page) {
  const rows = await harness.treeRows(page);
  const target = rows.find((r) => r.level === 1 && r.label === TARGET);
  return target && harness.childRows(rows, target)[0]?.label;
}

export async function run({ page, server, harness, codeServer }) {
  await harness.ensureToken(page, server);
  const targetId = String((await harness.apiTargets(server)).find((t) => t.name === TARGET).id);
  try {
    const [latest] = await harness.apiRuns(server, TARGET);
    const failing = harness.runCases(latest).filter((c) => c.result === 'fail');
    assert.ok(failing.length > 0 && failing.every((c) => c._Location?.line), 'failures with a _Location in this data set');

    // The default target's runs are loaded (the tree shows them) ...
    await harness.runCommand(page, 'View: Close All Editors');
    await ui.expandNewestRun(page, TARGET);
    // ... and still no status bar item.
    await harness.holdsFor(async () => !(await harness.statusBarItems(page)).some((i) => ITEM_ID.test(i.id)), { ms: 3000, message: 'no Tesults status bar item while tesults.statusBar.enabled is false' });

    // Go to Source on the first failure: the file opens at the line, with no gutter icon.
    await harness.runCommand(page, 'Tesults: Go to First Failing Suite');
    const { caseRow, testCase } = await ui.selectedSuiteFirstFailure(page, failing);
    const loc = testCase._Location;
    await harness.treeRowContextMenu(page, (r) => r.level === 4 && r.label === caseRow.label, 'Go to Source');
    await harness.waitFor(async () => {
      const e = await harness.activeEditor(page);
      return e.title === path.basename(loc.file) && e.line === loc.line;
    }, { timeout: 20_000, message: `${loc.file} at line ${loc.line}` });
    await harness.holdsFor(async () => !(await harness.editorGlyphs(page)).some((g) => /failure\.svg/.test(g.backgroundImage)), { ms: 3000, message: 'no failure gutter icon while tesults.editorDecorations.enabled is false' });

    // A new run with two new failures: in the tree by polling, announced by nothing.
    const first = nextRun(harness, latest, 2, '1.5.001-settings');
    await server.control('runs', { target: targetId, run: first.run });
    await harness.waitFor(async () => (await newestRunLabel(harness, page))?.endsWith('— 1.5.001-settings'), { timeout: 40_000, message: 'the pushed run at the top of the target' });
    await harness.holdsFor(async () => !(await harness.notifications(page)).some((n) => ANNOUNCED.test(n.message)), { ms: 4000, message: 'no notification with tesults.notifications "off"' });

    // Turned on in the workspace settings, no reload.
    const settingsFile = path.join(codeServer.workspaceFolder, '.vscode', 'settings.json');
    let current = {};
    try { current = JSON.parse(fs.readFileSync(settingsFile, 'utf8')); } catch { /* none yet */ }
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ ...current, 'tesults.statusBar.enabled': true, 'tesults.editorDecorations.enabled': true, 'tesults.notifications': 'always' }, null, 2));

    const counts = harness.runCounts(first.run);
    await harness.waitFor(async () => {
      const item = await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id));
      const m = /^(\d+)\s+(\d+)(?: \(\d+ (?:new|flaky)(?:, \d+ flaky)?\))?$/.exec(item?.text ?? '');
      return m && Number(m[1]) === counts.pass && Number(m[2]) === counts.fail;
    }, { timeout: 20_000, message: `the status bar item with ${counts.pass} / ${counts.fail} once enabled` });
    await harness.waitFor(async () => (await harness.editorGlyphs(page)).some((g) => g.line === loc.line && /failure\.svg/.test(g.backgroundImage)),
      { timeout: 20_000, message: `the failure gutter icon on line ${loc.line} once enabled` });

    // "always": a new run that only repeats the known failures is announced too.
    const second = nextRun(harness, first.run, 0, '1.5.002-settings');
    await server.control('runs', { target: targetId, run: second.run });
    const n = await harness.waitForNotification(page, /failures? in the new run of /, { timeout: 15_000, center: true });
    assert.equal(n.message, `${counts.fail} failures in the new run of ${TARGET}`);

    // A new failure again: the notification's "Open Details" opens that case's details panel.
    const third = nextRun(harness, second.run, 1, '1.5.003-settings');
    await server.control('runs', { target: targetId, run: third.run });
    await harness.waitForNotification(page, `1 new failure in ${TARGET}`, { timeout: 15_000, center: true });
    await harness.clickNotificationButton(page, `1 new failure in ${TARGET}`, 'Open Details');
    const [newFailure] = third.flipped;
    await harness.webviewEvaluate(page, ui.panelOf(newFailure), ui.readDetails, undefined, {
      until: (d) => d.name === newFailure, timeout: 15_000, message: `the details of ${newFailure}`,
    });
  } finally {
    await server.control('reset', {});
  }
}
