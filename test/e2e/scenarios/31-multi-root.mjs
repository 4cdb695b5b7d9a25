// Several roots and several windows (issue 13 §6). A second window is opened on a multi-root
// workspace (an unrelated folder first, the fixture test files second) while the first window
// stays open on its folder: both show the default target's status bar item with the API's
// numbers. Then the scenario's own window opens the multi-root workspace: a failing test's file
// in the second root carries the failure gutter icon on the test's line; the status bar item
// reveals the first failing suite, although the Tesults view has not shown in this window yet
// (its first showing refreshes the cached targets under the reveal: see src/vscode/tree/reveal.ts),
// and "Go to Source" on its failing case opens the file in the second root at its line.
// Headless Chromium reports every page as focused, so "only the focused window polls" is
// unit-tested (test/unit/focus.test.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as ui from '../ui-helpers.mjs';

export const name = 'multi-root workspace: status bar in a second window and the first, failure gutter icon, status bar reveal and Go to Source in the second root';
export const workspace = 'test/e2e/fixtures/workspace';
export const settings = { 'tesults.defaultTarget': 'e2e-web (playwright)', 'tesults.refreshIntervalSeconds': 0, 'tesults.testingView.enabled': false };
export const timeout = 180_000;

const TARGET = 'e2e-web (playwright)';
const ITEM_ID = /\.tesults\.status$/;

/** The numbers the status bar shows for a run: `<passed> <failed>` (icons are separate elements). */
const numbersOf = (counts) => new RegExp(`^${counts.pass}\\s+${counts.fail}(?: \\(\\d+ (?:new|flaky)(?:, \\d+ flaky)?\\))?$`);

export async function run({ page, server, harness, codeServer, workbench }) {
  await harness.ensureToken(page, server);
  const [latest] = await harness.apiRuns(server, TARGET);
  const counts = harness.runCounts(latest);
  const failing = harness.runCases(latest).filter((c) => c.result === 'fail' && c._Location?.file);
  assert.ok(failing.length > 0, 'the latest run has a located failure');
  const numbers = numbersOf(counts);
  await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id) && numbers.test(i.text), { wait: true, timeout: 30_000 });

  // A multi-root workspace: an unrelated first root, the test files second.
  const notes = path.join(codeServer.tmpDir, 'notes');
  fs.mkdirSync(notes, { recursive: true });
  fs.writeFileSync(path.join(notes, 'README.md'), '# Notes\n');
  const workspaceFile = path.join(codeServer.tmpDir, 'two-roots.code-workspace');
  fs.writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: notes }, { path: codeServer.workspaceFolder }] }, null, 2));

  // A second window on the multi-root workspace, the first one still open: both show the numbers
  // (the same token, from the browser's storage, and the same user settings).
  const workspaceUrl = `${codeServer.url}/?workspace=${encodeURIComponent(workspaceFile)}`;
  const second = await workbench.context.newPage();
  try {
    await second.goto(workspaceUrl, { timeout: 60_000 });
    await second.locator('#workbench\\.parts\\.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
    await harness.statusBarItem(second, (i) => ITEM_ID.test(i.id) && numbers.test(i.text), { wait: true, timeout: 30_000 });
    await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id) && numbers.test(i.text), { wait: true, timeout: 15_000 });
  } finally {
    await second.close().catch(() => {});
  }

  // The multi-root workspace in the scenario's own window: a failing test's file, in the second
  // root, carries the failure gutter icon on the test's line (the extension places results in
  // every root, not only the first).
  await page.goto(workspaceUrl, { timeout: 60_000 });
  await page.locator('#workbench\\.parts\\.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id) && numbers.test(i.text), { wait: true, timeout: 30_000 });
  const loc = failing[0]._Location;
  const inFile = failing.filter((c) => c._Location.file === loc.file).map((c) => c._Location.line);
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(loc.file);
  await harness.waitFor(async () => (await harness.quickPickItems(page)).some((i) => i.focused && i.label.includes(path.basename(loc.file))), { message: `${loc.file} in Go to File` });
  await page.keyboard.press('Enter');
  await harness.waitFor(async () => (await harness.activeEditor(page)).title === path.basename(loc.file), { message: `${loc.file} open` });
  const glyphs = await harness.waitFor(async () => {
    const g = (await harness.editorGlyphs(page)).filter((x) => /failure\.svg/.test(x.backgroundImage));
    return g.some((x) => x.line === loc.line) ? g : undefined;
  }, { timeout: 30_000, message: `the failure gutter icon on line ${loc.line} of ${loc.file} (second root)` }).catch(async (e) => {
    throw new Error(`${e.message}; gutter: ${JSON.stringify(await harness.editorGlyphs(page))}`);
  });
  for (const g of glyphs) assert.ok(inFile.includes(g.line), `gutter icon on line ${g.line}, which is no failing test of the latest run (${inFile})`);
  await harness.screenshot(page, 'multi-root');

  // The tree: the side bar of this new workspace shows the Explorer, so the status bar item's
  // reveal is the Tesults view's first showing in this window.
  assert.equal((await harness.treeRows(page)).length, 0, 'the Tesults view has not shown in this window yet');
  await harness.clickStatusBarItem(page, (i) => ITEM_ID.test(i.id));
  const { caseRow, testCase } = await ui.selectedSuiteFirstFailure(page, harness.runCases(latest).filter((c) => c.result === 'fail'));
  const at = testCase._Location;
  assert.ok(at?.file && at.line, `the first failure ${testCase.name} has a _Location`);

  // Go to Source: the file of the second root (the first has no such file), at the line.
  await harness.treeRowContextMenu(page, (r) => r.level === 4 && r.label === caseRow.label, 'Go to Source');
  await harness.waitFor(async () => {
    const e = await harness.activeEditor(page);
    return e.title === path.basename(at.file) && e.line === at.line;
  }, { timeout: 20_000, message: `${at.file} at line ${at.line} in the active editor` }).catch(async (e) => {
    throw new Error(`${e.message}; active editor: ${JSON.stringify(await harness.activeEditor(page))}`);
  });
  // In a multi-root workspace the breadcrumbs start with the root folder's name.
  const trail = [path.basename(codeServer.workspaceFolder), ...at.file.split('/')];
  await harness.waitFor(async () => {
    const items = await breadcrumbs(page);
    return trail.every((part, i) => items[i] === part) ? items : undefined;
  }, { message: `breadcrumbs ${trail.join(' > ')}` }).catch(async (e) => {
    throw new Error(`${e.message}; breadcrumbs: ${JSON.stringify(await breadcrumbs(page))}`);
  });
  await harness.screenshot(page, 'multi-root-go-to-source');
}

/** The active editor's breadcrumb labels. */
function breadcrumbs(page) {
  return page.evaluate(() => {
    const group = document.querySelector('#workbench\\.parts\\.editor .editor-group-container.active');
    return [...(group?.querySelectorAll('.breadcrumbs-control .monaco-breadcrumb-item') ?? [])].map((i) => i.textContent.trim());
  });
}
