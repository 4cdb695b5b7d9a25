// The tree's context menus, as a user right-clicks them: "Set as Default Target" on a target
// (pinned on top, "default", tesults.defaultTarget written to the workspace settings, the entry
// gone from its menu), "Copy Name" / "Copy Failure Reason" on a failing case (the clipboard holds
// the name and the reason without ANSI escapes), "Open in Tesults" on a run (VS Code asks
// "open the external website?" with the run's run_url; "Copy" puts that URL in the clipboard).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as ui from '../ui-helpers.mjs';

export const name = 'tree context menus: Set as Default Target, Copy Name, Copy Failure Reason, Open in Tesults';

const NEW_DEFAULT = 'e2e-api (jest)';
const TARGET = 'e2e-web (playwright)';

/** The entries of a row's context menu; [] when no menu opens within 2 s (allowEmpty: a menu without entries is not shown). */
async function menuOf(harness, page, matcher, { allowEmpty = false } = {}) {
  await page.keyboard.press('Escape');
  await harness.clickTreeRow(page, matcher, { button: 'right' });
  const items = await harness.waitFor(async () => {
    const list = await harness.contextMenuItems(page);
    return list.length ? list : undefined;
  }, { timeout: allowEmpty ? 2000 : 5000, message: 'the context menu' }).catch((e) => {
    if (allowEmpty) return [];
    throw e;
  });
  await page.keyboard.press('Escape');
  return items;
}

export async function run({ page, server, harness, codeServer, workbench, shot }) {
  await harness.ensureToken(page, server);
  await ui.grantClipboard(workbench, codeServer);
  const dialogsBefore = workbench.dialogs.length;
  const settingsFile = path.join(codeServer.workspaceFolder, '.vscode', 'settings.json');
  const settingsBefore = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
  try {
    // ---- Set as Default Target
    const target = (await harness.apiTargets(server)).find((t) => t.name === NEW_DEFAULT);
    assert.ok(target, `${NEW_DEFAULT} on the server`);
    await harness.clickViewAction(page, 'Collapse All');
    await harness.waitForTreeRow(page, (r) => r.level === 1 && r.label === NEW_DEFAULT);
    assert.ok((await menuOf(harness, page, (r) => r.level === 1 && r.label === NEW_DEFAULT)).includes('Set as Default Target'));
    await harness.treeRowContextMenu(page, (r) => r.level === 1 && r.label === NEW_DEFAULT, 'Set as Default Target');
    const first = await harness.waitFor(async () => {
      const row = (await harness.treeRows(page)).find((r) => r.level === 1);
      return row?.label === NEW_DEFAULT && row.icon === 'pinned' && /^default\b/.test(row.description) ? row : undefined;
    }, { timeout: 10_000, message: `${NEW_DEFAULT} first, pinned, "default"` });
    const others = (await harness.treeRows(page)).filter((r) => r.level === 1 && r.label !== NEW_DEFAULT);
    assert.ok(others.length >= 3 && others.every((r) => r.icon !== 'pinned' && !/default/.test(r.description)), `only one default: ${JSON.stringify(others)}`);
    await harness.waitFor(() => {
      try { return JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['tesults.defaultTarget'] === String(target.id); } catch { return false; }
    }, { timeout: 10_000, message: `tesults.defaultTarget = ${target.id} in ${settingsFile}` });
    const pinnedMenu = await menuOf(harness, page, (r) => r.level === 1 && r.label === NEW_DEFAULT, { allowEmpty: true });
    assert.ok(!pinnedMenu.includes('Set as Default Target'), `the default target's menu offers no "Set as Default Target": ${pinnedMenu}`);
    await shot('default-target', { clip: await harness.sidebarClip(page, { height: 220 }) });
    console.log(`      default target: ${first.label} (${first.description})`);

    // ---- Copy Name / Copy Failure Reason on a failing case (Playwright: its reason has ANSI colours)
    const runRow = await ui.expandNewestRun(page, TARGET);
    const suite = await harness.waitForTreeRow(page, (r) => r.level === 3 && /failed/.test(r.description));
    await harness.expandTreeRow(page, (r) => r.level === 3 && r.label === suite.label);
    const caseRow = await ui.failingCaseRow(page, suite.label);
    const [latest] = await harness.apiRuns(server, TARGET);
    const testCase = harness.runCases(latest).find((c) => c.name === caseRow.label && c.suite === harness.suiteName(suite));
    assert.ok(testCase?.reason, `${caseRow.label} is a failure of the latest run, with a reason`);
    const message = JSON.parse(testCase.reason).message;
    assert.match(message, /\u001b\[/, 'the data: a reason with ANSI colours'); // eslint-disable-line no-control-regex

    const isCase = (r) => r.level === 4 && r.label === caseRow.label;
    const caseMenu = await menuOf(harness, page, isCase);
    for (const entry of ['Copy Name', 'Copy Failure Reason']) assert.ok(caseMenu.includes(entry), `"${entry}" in ${caseMenu}`);
    const copiedName = await ui.clipboardAfter(page, () => harness.treeRowContextMenu(page, isCase, 'Copy Name'), { what: 'the name in the clipboard' });
    assert.equal(copiedName, testCase.name);
    const copiedReason = await ui.clipboardAfter(page, () => harness.treeRowContextMenu(page, isCase, 'Copy Failure Reason'), { what: 'the reason in the clipboard' });
    assert.ok(!ui.ANSI_RE.test(copiedReason), `no ANSI escape (raw or JSON-escaped) in the copied reason: ${JSON.stringify(copiedReason.slice(0, 300))}`);
    for (const line of ui.stripAnsi(message).split('\n').slice(0, 4)) {
      // The reason is JSON (Playwright's error object): its lines are in it, JSON-escaped.
      assert.ok(copiedReason.includes(line) || copiedReason.includes(JSON.stringify(line).slice(1, -1)), `the copied reason has "${line}": ${copiedReason.slice(0, 300)}`);
    }

    // ---- Open in Tesults on a run: the browser opens run_url, a link on the Tesults server's origin.
    assert.ok(latest.run_url, 'the run has a run_url');
    const runMenu = await menuOf(harness, page, (r) => r.level === 2 && r.label === runRow.label);
    assert.ok(runMenu.includes('Open in Tesults'), `"Open in Tesults" in ${runMenu}`);
    const openedUrl = await ui.openedUrlAfter(page, () => harness.treeRowContextMenu(page, (r) => r.level === 2 && r.label === runRow.label, 'Open in Tesults'), { link: latest.run_url });
    assert.ok(openedUrl, 'opened');
    assert.deepEqual(workbench.dialogs.slice(dialogsBefore), [], 'no browser dialog');
  } finally {
    // Back to no default target (code-server picks the file change up live).
    if (settingsBefore === undefined) fs.rmSync(settingsFile, { force: true });
    else fs.writeFileSync(settingsFile, settingsBefore);
  }
}
