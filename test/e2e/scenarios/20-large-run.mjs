// A 100,000-case run (the server's `large` preset: one target, 40 suites of 2,500 cases): it
// loads and expands without freezing, and long lists are shown a page at a time ("Show more…").
// (Suites hold about 2,500 cases each.)
import assert from 'node:assert/strict';

export const name = 'large run: 100,000 cases load and expand; suites of thousands of cases are shown 1,000 rows at a time';
export const server = { preset: 'large' };
export const timeout = 180_000;

export async function run({ page, server: tesults, harness, shot, log }) {
  await harness.ensureToken(page, tesults);
  const [target] = await harness.apiTargets(tesults);
  await harness.expandTreeRow(page, target.name);
  let t0 = Date.now();
  const runRow = await harness.waitForTreeRow(page, (r) => r.level === 2 && /100000 passed|passed/.test(r.description), { timeout: 60_000 });
  log?.(`runs of the 100,000-case target shown after ${Date.now() - t0} ms`);
  assert.match(runRow.description, /failed/, 'the run has failures');

  t0 = Date.now();
  await harness.expandTreeRow(page, (r) => r.id === runRow.id);
  const suites = await harness.waitFor(async () => {
    const rows = (await harness.treeRows(page)).filter((r) => r.level === 3);
    return rows.length > 0 ? rows : undefined;
  }, { timeout: 30_000, message: 'suites of the large run' });
  log?.(`suites shown ${Date.now() - t0} ms after expanding the run`);
  assert.match(suites[0].description, /failed/, 'failing suites first');

  // A suite of thousands of cases: 1,000 rows, then "Show more cases…".
  const size = Number(/(\d+) passed/.exec(suites[0].description)?.[1] ?? 0) + Number(/(\d+) failed/.exec(suites[0].description)?.[1] ?? 0);
  assert.ok(size > 2000, `a suite of more than 2,000 cases (${suites[0].description})`);
  await harness.expandTreeRow(page, (r) => r.id === suites[0].id);
  // 1,000 rows are too many to scroll through with the wheel: page down with the keyboard, as a user would.
  const pageDownTo = async (pattern, { focus = false } = {}) => {
    // Focus a case row of the suite (a click on the suite row itself would collapse it).
    // (not the first ones: sticky scroll headers cover the top of the list)
    if (focus) {
      const caseRows = await harness.waitFor(async () => {
        const rows = (await harness.treeRows(page)).filter((r) => r.level === 4);
        return rows.length > 6 ? rows : undefined;
      }, { message: 'case rows of the expanded suite' });
      const target = caseRows[6];
      await harness.clickTreeRow(page, (r) => r.id === target.id);
    }
    return harness.waitFor(async () => {
      const row = (await harness.treeRows(page)).find((r) => r.level === 4 && pattern.test(r.label));
      // One page at a time: the view renders only the rows on screen.
      if (!row) await page.keyboard.press('PageDown');
      return row;
    }, { timeout: 60_000, interval: 50, message: `a row ${pattern}` });
  };
  const more = await pageDownTo(/^Show more cases… \(1,000 of [\d,]+ shown\)$/, { focus: true });
  await shot('show-more');
  await harness.clickTreeRow(page, (r) => r.id === more.id, {
    until: async () => !(await harness.treeRows(page)).some((r) => r.label === more.label),
  });
  await pageDownTo(/^Show more cases… \(2,000 of [\d,]+ shown\)$/);
  // The next failure is still reachable by keyboard in a run this size.
  await harness.runCommand(page, 'Tesults: Go to Next Failure');
  await harness.waitFor(async () => (await harness.treeRows(page)).find((r) => r.selected && r.level === 4 && r.icon === 'error'), { timeout: 30_000, message: 'a failing case selected' });
}
