// The status bar: "Tesults: Select Default Target" (quick pick) writes tesults.defaultTarget and
// the item shows the passed / failed numbers of that target's latest run, on the error
// background when something failed; clicking it reveals and selects the first failing suite.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export const name = 'status bar: select default target → pass/fail numbers of its latest run, error background, click → first failing suite';

const TARGET = 'e2e-web (playwright)';
const ITEM_ID = /\.tesults\.status$/;

export async function run({ page, server, harness, codeServer, shot }) {
  await harness.ensureToken(page, server);
  const target = (await harness.apiTargets(server)).find((t) => t.name === TARGET);
  assert.ok(target, `${TARGET} on the server`);
  const [latest] = await harness.apiRuns(server, target.id);
  const expected = harness.runCounts(latest);
  assert.ok(expected.fail > 0, 'the latest run of the target has failures in this data set');

  // Select Default Target: a quick pick of the targets.
  // A quick pick closes when focus leaves it (a webview of an earlier scenario may still be
  // settling): open it again if it went away before the choice was typed.
  let items;
  for (let attempt = 1; ; attempt++) {
    await harness.runCommand(page, 'Tesults: Select Default Target');
    items = await harness.waitFor(async () => {
      const list = await harness.quickPickItems(page);
      return list.some((i) => i.label.endsWith(TARGET)) ? list : undefined;
    }, { message: `${TARGET} in the quick pick` });
    const typed = await harness.typeIntoInputBox(page, TARGET, { timeout: 5000 }).then(() => true, (e) => {
      if (attempt >= 3) throw e;
      return false;
    });
    if (typed) break;
  }
  assert.ok(items.length >= 4, `every target is offered: ${JSON.stringify(items)}`);

  // The setting is written (to the workspace: a folder is open).
  const settingsFile = path.join(codeServer.workspaceFolder, '.vscode', 'settings.json');
  await harness.waitFor(() => {
    try { return JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['tesults.defaultTarget'] === String(target.id); } catch { return false; }
  }, { message: `tesults.defaultTarget = ${target.id} in ${settingsFile}` });

  // The item: $(pass) N  $(error) M with the numbers of the latest run, error background.
  const item = await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id) && i.icons.includes('pass'), { wait: true, timeout: 20_000 });
  const numbers = await harness.waitFor(async () => {
    const now = await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id));
    const m = /^(\d+)\s+(\d+)(?: \(\d+ (?:new|flaky)(?:, \d+ flaky)?\))?$/.exec(now?.text ?? '');
    return m && now.icons.join(',') === 'pass,error' ? { pass: Number(m[1]), fail: Number(m[2]), item: now } : undefined;
  }, { timeout: 20_000, message: `numbers in the status bar item (${JSON.stringify(item)})` });
  assert.deepEqual({ pass: numbers.pass, fail: numbers.fail }, { pass: expected.pass, fail: expected.fail }, 'numbers of the latest run');
  assert.match(numbers.item.ariaLabel, new RegExp(`${expected.pass} passed, ${expected.fail} failed`));
  assert.equal(numbers.item.kind, 'error', `error background class: ${numbers.item.className}`);
  assert.notEqual(numbers.item.background, 'rgba(0, 0, 0, 0)', 'a background colour');
  await shot('statusbar', { publish: 'statusbar.png', clip: await harness.statusBarClip(page, { width: 460, margin: 0 }) });

  // The tree lists the default target first, marked as such.
  // (the tree redraws after the setting change; wait for it rather than read it once)
  const first = await harness.waitFor(async () => {
    const row = (await harness.treeRows(page)).find((r) => r.level === 1);
    return row && row.label === TARGET && /default/.test(row.description) ? row : undefined;
  }, { message: `${TARGET} first in the tree, described as default` });
  assert.equal(first.label, TARGET);

  // Clicking the item reveals the first failing suite of the latest run, even from another view.
  await harness.clickViewAction(page, 'Collapse All');
  await harness.runCommand(page, 'View: Show Explorer');
  await harness.clickStatusBarItem(page, (i) => ITEM_ID.test(i.id));
  const selected = await harness.waitFor(async () => {
    const rows = await harness.treeRows(page);
    return rows.find((r) => r.selected && r.level === 3);
  }, { timeout: 20_000, message: 'a selected suite row in the Tesults view' });
  const rows = await harness.treeRowsWithAncestors(page, selected);
  const runRow = harness.parentRow(rows, selected);
  const targetRow = runRow && harness.parentRow(rows, runRow);
  assert.equal(targetRow?.label, TARGET);
  assert.equal(harness.childRows(rows, targetRow)[0]?.label, runRow.label, 'in the latest run');
  const suiteRows = harness.childRows(rows, runRow).filter((r) => !harness.isChangeGroup(r));
  assert.equal(suiteRows[0]?.label, selected.label, 'the first suite (failing suites come first)');
  assert.match(selected.description, /failed/);
  assert.equal(selected.expanded, true, 'expanded to show its cases');
  assert.ok(selected.focused, 'the tree has the focus on it');
}
