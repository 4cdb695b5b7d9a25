// Find Case: the quick pick of every loaded case; typing part of a name and Enter reveals and
// selects that case in the tree (expanding its target, run and suite).
import assert from 'node:assert/strict';

export const name = 'find case: "Tesults: Find Case…", type part of a name, Enter → the case is revealed and selected';

const TARGET = 'e2e-web (playwright)';

export async function run({ page, server, harness, shot }) {
  await harness.ensureToken(page, server);
  // Runs are loaded for the targets opened; make sure this one's are.
  await harness.expandTreeRow(page, TARGET);
  await harness.waitFor(async () => {
    const rows = await harness.treeRows(page);
    const target = rows.find((r) => r.level === 1 && r.label === TARGET);
    return target && harness.childRows(rows, target).some((r) => /passed/.test(r.description));
  }, { timeout: 20_000, message: `the runs of ${TARGET}` });
  await harness.clickViewAction(page, 'Collapse All');

  // A passing case of the latest run, so it sits in a suite that starts collapsed and deep in the tree.
  const [latest] = await harness.apiRuns(server, TARGET);
  const wanted = harness.runCases(latest).filter((c) => c.result === 'pass').at(-1);
  const part = wanted.name.slice(wanted.name.indexOf(' ') + 1); // "item for guests #15" of "removes item for guests #15"

  await harness.runCommand(page, 'Tesults: Find Case…');
  await harness.typeIntoInputBox(page, part, { submit: false });
  const focused = await harness.waitFor(async () => (await harness.quickPickItems(page)).find((i) => i.focused && i.label.endsWith(wanted.name)),
    { message: `the focused pick to be "${wanted.name}"` });
  assert.match(focused.detail, new RegExp(`pass · ${TARGET.replace(/[()]/g, '\\$&')}`), JSON.stringify(focused));
  assert.equal(focused.description, wanted.suite);
  await page.keyboard.press('Enter');

  const selected = await harness.waitFor(async () => (await harness.treeRows(page)).find((r) => r.selected && r.level === 4 && r.label === wanted.name),
    { timeout: 20_000, message: `"${wanted.name}" selected in the tree` });
  assert.equal(selected.icon, 'pass');
  assert.ok(selected.focused, 'the tree has the focus on it');
  const rows = await harness.treeRowsWithAncestors(page, selected);
  const suite = harness.parentRow(rows, selected);
  const run = suite && harness.parentRow(rows, suite);
  const target = run && harness.parentRow(rows, run);
  assert.equal(suite && harness.suiteName(suite), wanted.suite);
  assert.equal(target?.label, TARGET);
  assert.equal(harness.childRows(rows, target)[0]?.label, run.label, 'in the latest run (the first pick)');
  await shot('find-case', { clip: await harness.sidebarClip(page) });
}
