// Several roots and several windows (issue 13 §6). A second window is opened on a multi-root
// workspace (an unrelated folder first, the fixture test files second) while the first window
// stays open on its folder: both show the default target's status bar item with the API's
// numbers. Then the scenario's own window opens the multi-root workspace: a failing test's file
// in the second root carries the failure gutter icon on the test's line.
// Headless Chromium reports every page as focused, so "only the focused window polls" is
// unit-tested (test/unit/focus.test.ts). Not covered here: selecting tree rows in the multi-root
// window (a reveal and a row expand did not take there under the harness; not yet explained).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export const name = 'multi-root workspace: status bar in a second window and the first, failure gutter icon in the second root';
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
}
