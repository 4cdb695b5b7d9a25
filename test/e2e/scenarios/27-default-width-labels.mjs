// Suite labels at the default side-bar width (never widened here): Playwright suites
// (`<describe> - … - <file> - <project>`) read `<describe> · <project>` with the file in the
// description, so the failing suites of a run differ where it shows, and no label is cut.
import assert from 'node:assert/strict';
import * as ui from '../ui-helpers.mjs';

export const name = 'default width: failing Playwright suites have different, uncut labels; the file is in the description';

const TARGET = 'e2e-web (playwright)';

export async function run({ page, server, harness, shot }) {
  await harness.ensureToken(page, server);
  const sideBar = await page.locator('#workbench\\.parts\\.sidebar').boundingBox();
  assert.ok(sideBar && sideBar.width < 400, `the side bar at its default width (${sideBar?.width} px)`);
  const runRow = await ui.expandNewestRun(page, TARGET);
  const failing = await harness.waitFor(async () => {
    const rows = await harness.treeRows(page);
    const run = rows.find((r) => r.level === 2 && r.label === runRow.label);
    const list = run ? harness.childRows(rows, run).filter((r) => r.icon === 'error' && !harness.isChangeGroup(r)) : [];
    return list.length >= 2 ? list : undefined;
  }, { message: 'two failing suites under the newest run' });

  const [a, b] = failing;
  assert.notEqual(a.label, b.label, `two failing suites with one label: ${JSON.stringify(failing)}`);
  for (const row of [a, b]) {
    const name = harness.suiteName(row);
    assert.match(name, / - .*\.spec\.ts - /, `the data: a Playwright suite name (${name})`);
    assert.ok(!row.label.includes('.spec.ts'), `the file is not in the label: ${row.label}`);
    assert.match(row.description, /^[\w/.-]+\.spec\.ts · /, `the file leads the description: ${row.description}`);
  }

  // What shows: each label ends inside its row (the description may be cut, the label is not).
  const cut = await page.evaluate((labels) => labels.filter((label) => {
    const row = [...document.querySelectorAll('.monaco-list-row[role=treeitem]')].find((r) => r.querySelector('.label-name')?.textContent?.trim() === label);
    const name = row?.querySelector('.label-name');
    const box = row?.querySelector('.monaco-icon-label-container');
    if (!name || !box) return true;
    return name.getBoundingClientRect().right > box.getBoundingClientRect().right + 0.5;
  }), [a.label, b.label]);
  assert.deepEqual(cut, [], 'failing suite labels cut at the default width');
  await shot('default-width', { clip: await harness.sidebarClip(page, { height: 420 }) });
}
