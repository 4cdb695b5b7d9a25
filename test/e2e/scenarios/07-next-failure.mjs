// Next / previous failure: with a run selected in the tree, F8 opens its failing cases one after
// the other in the details panel (the row follows), wrapping around at the end; Shift+F8 goes
// back; the palette commands do the same.
import assert from 'node:assert/strict';

export const name = 'next failure: F8 / Shift+F8 / palette step through the failures of a run, wrapping around';

const TARGET = 'e2e-web (playwright)';

export async function run({ page, server, harness, shot }) {
  await harness.ensureToken(page, server);
  const [latest] = await harness.apiRuns(server, TARGET);
  const failures = harness.runCases(latest).filter((c) => c.result === 'fail').map((c) => c.name);
  assert.ok(failures.length >= 2, `several failures in the latest run: ${failures}`);
  const n = failures.length;

  // No details panel left open by an earlier scenario: its case would count as the current one.
  await harness.runCommand(page, 'View: Close All Editors');
  await harness.clickViewAction(page, 'Collapse All');
  await harness.expandTreeRow(page, TARGET);
  const runRow = await harness.waitFor(async () => {
    const rows = await harness.treeRows(page);
    const target = rows.find((r) => r.level === 1 && r.label === TARGET);
    const first = target && harness.childRows(rows, target)[0];
    return first && /passed/.test(first.description) ? first : undefined;
  }, { timeout: 20_000, message: `the latest run of ${TARGET}` });
  assert.match(runRow.description, new RegExp(`${n} failed`));
  await harness.clickTreeRow(page, (r) => r.level === 2 && r.label === runRow.label);

  /** After a step: the selected case row, the details panel on it, "i of n". */
  const current = async (why) => {
    const row = await harness.waitFor(async () => {
      const rows = await harness.treeRows(page);
      const sel = rows.find((r) => r.selected);
      return sel && sel.level === 4 ? sel : undefined;
    }, { message: `a selected case row after ${why}` });
    assert.equal(row.icon, 'error', `${why}: a failing case is selected`);
    const details = await harness.webviewEvaluate(page, (c) => c.visible && c.title === row.label,
      () => ({ text: document.body.innerText, h1: document.querySelector('h1')?.textContent?.trim() }), undefined,
      { until: (v) => /(\d+) of (\d+)/.test(v.text), timeout: 20_000, message: `the details panel of "${row.label}" after ${why}` });
    const pos = /(\d+) of (\d+)/.exec(details.text);
    assert.equal(Number(pos[2]), n, `${why}: "i of ${n}"`);
    assert.equal((await harness.activeEditor(page)).title, row.label, `${why}: the details panel is the active editor`);
    return { name: row.label, index: Number(pos[1]) };
  };
  // Waits for the selection to move off `from` (a step happened) and returns the new current case.
  const step = async (how, from) => {
    if (how.startsWith('palette:')) await harness.runCommand(page, how.slice('palette:'.length));
    else await page.keyboard.press(how);
    await harness.waitFor(async () => {
      const sel = (await harness.treeRows(page)).find((r) => r.selected);
      return sel && sel.level === 4 && sel.label !== from;
    }, { message: `the selection to move on after ${how}` });
    return current(how);
  };

  const seen = [];
  let prev = await step('F8', undefined);
  seen.push(prev);
  for (let i = 1; i < n; i++) {
    prev = await step('F8', prev.name);
    seen.push(prev);
  }
  assert.deepEqual(seen.map((s) => s.index), Array.from({ length: n }, (_, i) => i + 1), 'F8 goes 1, 2, … n');
  assert.deepEqual([...seen.map((s) => s.name)].sort(), [...failures].sort(), 'F8 visits every failure of the run once');
  await shot('next-failure');

  // Wraps around to the first, Shift+F8 back to the last.
  const wrapped = await step('F8', prev.name);
  assert.deepEqual(wrapped, seen[0], 'F8 on the last failure wraps to the first');
  const back = await step('Shift+F8', wrapped.name);
  assert.deepEqual(back, seen[n - 1], 'Shift+F8 on the first failure goes to the last');
  const back2 = await step('Shift+F8', back.name);
  assert.deepEqual(back2, seen[n - 2], 'Shift+F8 again: the one before');

  // The palette commands.
  const next = await step('palette:Tesults: Go to Next Failure', back2.name);
  assert.deepEqual(next, seen[n - 1]);
  const previous = await step('palette:Tesults: Go to Previous Failure', next.name);
  assert.deepEqual(previous, seen[n - 2]);
}
