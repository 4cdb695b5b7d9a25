// In the fixture workspace (test files matching the e2e data's `_Location`s, as in 11/12): the
// details panel's "Go to source" opens the test file at the case's line; hovering the line of
// another failing test shows "Failed in Tesults: <name>", its reason and a "Show details" link,
// which opens the details panel of that case.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as ui from '../ui-helpers.mjs';

export const name = 'editor: details "Go to source" opens the test line; hover on a failure line shows the reason, "Show details" opens its panel';
export const workspace = 'test/e2e/fixtures/workspace';
// The settings of 11-go-to-source / 12-new-run-polling (the default target gives the decorations).
export const settings = { 'tesults.defaultTarget': 'e2e-web (playwright)', 'tesults.refreshIntervalSeconds': 2, 'tesults.testingView.enabled': false };

const TARGET = 'e2e-web (playwright)';
const ITEM_ID = /\.tesults\.status$/;

export async function run({ page, server, harness, shot }) {
  await harness.ensureToken(page, server);
  const [latest] = await harness.apiRuns(server, TARGET);
  const failing = harness.runCases(latest).filter((c) => c.result === 'fail');
  // Two failures in one file: one opened from the panel, the other one hovered.
  const pair = failing.map((c) => failing.filter((o) => o._Location.file === c._Location.file)).find((list) => list.length >= 2);
  assert.ok(pair, `two failures of the latest run in one file: ${JSON.stringify(failing.map((c) => c._Location))}`);
  const [first, second] = pair;
  await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id) && /^\d+\s+\d+(?: \(\d+ (?:new|flaky)(?:, \d+ flaky)?\))?$/.test(i.text), { wait: true, timeout: 20_000 });

  // The panel of the first one, from the tree.
  await harness.runCommand(page, 'View: Close All Editors');
  await harness.openView(page, 'Tesults');
  await ui.expandNewestRun(page, TARGET);
  await harness.expandTreeRow(page, (r) => r.level === 3 && harness.suiteName(r) === first.suite);
  await harness.clickTreeRow(page, (r) => r.level === 4 && r.label === first.name);
  const panel = ui.panelOf(first.name);
  await harness.webviewEvaluate(page, panel, ui.readDetails, undefined, { until: (d) => d.name === first.name, message: `the details of ${first.name}` });

  // ---- Go to source (the panel's button): the file at the case's line.
  await ui.clickInWebview(page, panel, 'button', { hasText: 'Go to source' });
  await harness.waitFor(async () => {
    const e = await harness.activeEditor(page);
    return e.title === path.basename(first._Location.file) && e.line === first._Location.line;
  }, { timeout: 15_000, message: `${first._Location.file}:${first._Location.line} in the active editor` }).catch(async (e) => {
    throw new Error(`${e.message}; active editor: ${JSON.stringify(await harness.activeEditor(page))}`);
  });
  const editor = await harness.activeEditor(page);
  assert.equal(editor.column, first._Location.column);

  // ---- Hover on the other failure's line (no details panel open any more).
  await harness.runCommand(page, 'View: Close Other Editors in Group');
  await harness.waitFor(async () => (await ui.editorTabs(page)).length === 1, { message: 'only the test file open' });
  const line = second._Location.line;
  await page.keyboard.press('Control+g');
  await harness.typeIntoInputBox(page, `:${line}`);
  await harness.waitFor(async () => (await harness.activeEditor(page)).line === line, { message: `the cursor on line ${line}` });
  await harness.waitFor(async () => (await harness.editorGlyphs(page)).some((g) => g.line === line && /failure\.svg/.test(g.backgroundImage)),
    { timeout: 15_000, message: `the failure gutter icon on line ${line}` });
  const target = await harness.waitFor(() => ui.editorLineTarget(page, line), { message: `line ${line} rendered` });
  assert.ok(target.text.includes(second.name), `line ${line} is the test "${second.name}": ${target.text}`);
  // Hovers the line (found again each time: CodeLens rows above tests move lines as they arrive).
  const hoverLine = () => harness.waitFor(async () => {
    const at = await harness.waitFor(() => ui.editorLineTarget(page, line), { message: `line ${line} rendered` });
    // Move off and back on: a hover shows after the mouse rests on the text.
    await page.mouse.move(at.x, at.y - 40);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    return harness.waitFor(() => ui.editorHover(page, 'Failed in Tesults'), { timeout: 3000, message: 'hover' }).catch(() => undefined);
  }, { timeout: 20_000, interval: 0, message: `the Tesults hover on line ${line}` });
  const hover = await hoverLine();
  const flat = hover.text.replace(/\s+/g, ' '); // innerText has a no-break space after the bold part
  assert.ok(flat.includes(`Failed in Tesults: ${second.name}`), `"Failed in Tesults: ${second.name}" in the hover: ${JSON.stringify(hover.text.slice(0, 200))}`);
  const message = ui.stripAnsi(JSON.parse(second.reason).message);
  const firstLine = message.split('\n')[0];
  assert.ok(hover.text.includes(firstLine) || hover.text.includes(JSON.stringify(firstLine).slice(1, -1)), `the reason ("${firstLine}") in the hover: ${hover.text.slice(0, 400)}`);
  assert.ok(!ui.ANSI_RE.test(hover.text), 'no ANSI escapes in the hover');
  const link = hover.links.find((l) => l.text === 'Show details');
  assert.ok(link, `a "Show details" link: ${JSON.stringify(hover.links)}`);
  assert.match(link.href, /^command:tesults\.openCase\?/);
  await shot('hover');

  // ---- Show details: the panel of that case.
  // A hover closes when the editor redraws under it (new data, CodeLens rows): hover again until the click lands.
  await harness.waitFor(async () => {
    const clicked = await page.locator('.monaco-hover a').filter({ hasText: 'Show details' }).first().click({ timeout: 3000 }).then(() => true, () => false);
    if (!clicked) await hoverLine();
    return clicked;
  }, { timeout: 40_000, interval: 0, message: 'a click on "Show details" in the hover' });
  const details = await harness.webviewEvaluate(page, ui.panelOf(second.name), ui.readDetails, undefined, {
    until: (d) => d.name === second.name, message: `the details panel of ${second.name}`,
  });
  assert.equal(details.meta.Location, `${second._Location.file}:${second._Location.line}:${second._Location.column}`);
  assert.match(details.badges, /Failed/);
  assert.ok((await ui.editorTabs(page)).includes(second.name), 'a tab with the case name');
}
