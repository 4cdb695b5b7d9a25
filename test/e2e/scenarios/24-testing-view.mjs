// The Testing view integration (issue 14), in the fixture workspace whose test files match the
// e2e data's `_Location`s: the default target's latest CI run is imported as the "Tesults (CI)"
// tests. Its failing cases are listed under their files; the editor shows the failure at the
// test (failed glyph on the test's line, the message inline at the error line) and the Tesults
// gutter icon does not mark that line again; the Test Results panel lists the run by its name;
// a case without a location is listed under "(no source location)"; a case without a location
// whose name a test file defines is listed under that file (found by one ripgrep walk: VS Code's
// own ripgrep, then the files it keeps read and ranked).
import assert from 'node:assert/strict';
import path from 'node:path';

export const name = 'testing view: imported CI run under its files, failure inline in the editor, run in Test Results, "(no source location)"';
export const workspace = 'test/e2e/fixtures/workspace';
export const settings = { 'tesults.defaultTarget': 'e2e-web (playwright)', 'tesults.refreshIntervalSeconds': 0, 'tesults.testingView.enabled': true };
export const timeout = 240_000;

const TARGET = 'e2e-web (playwright)';
const BUILD = 'build 24-testing';
const ORPHAN = { name: 'checks a place nobody wrote', suite: 'Orphans', result: 'fail', reason: 'AssertionError: expected 2 to equal 3' };
// No `_Location`: backend/misc.test.js defines it (`it('validates user for guests #10', ...)`).
const BY_NAME = { name: 'validates user for guests #10', suite: 'Found by name', result: 'fail', reason: 'AssertionError: expected true to be false' };
const BY_NAME_FILE = 'backend/misc.test.js';
const EXPLORER = '.test-explorer';

/** Local "YYYY-MM-DD hh:mm:ss", as the extension names the run (same machine, same time zone). */
function localTime(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Rows of the Testing view's tree: { label, ariaLabel, level, expanded, failed }. */
function explorerRows(page) {
  return page.evaluate((sel) => {
    const tree = document.querySelector(`${sel} .monaco-list[role=tree]`);
    if (!tree || !tree.getClientRects().length) return [];
    return [...tree.querySelectorAll('.monaco-list-row')].map((r) => ({
      index: Number(r.dataset.index),
      // The label's own text (its description, e.g. the duration, is a child element).
      label: [...(r.querySelector('.label')?.childNodes ?? [])].filter((n) => n.nodeType === 3 /* text */).map((n) => n.textContent).join('').trim(),
      ariaLabel: r.getAttribute('aria-label') ?? '',
      level: Number(r.getAttribute('aria-level') ?? 1),
      expanded: r.getAttribute('aria-expanded') === 'true',
      failed: !!r.querySelector('.codicon-testing-failed-icon, .codicon-testing-error-icon'),
    })).sort((a, b) => a.index - b.index);
  }, EXPLORER);
}

async function explorerRow(harness, page, matcher, what) {
  return harness.waitFor(async () => (await explorerRows(page)).find(matcher), { timeout: 30_000, message: `${what} in the Testing view` }).catch(async (e) => {
    throw new Error(`${e.message} (rows: ${JSON.stringify((await explorerRows(page)).map((r) => r.label))})`);
  });
}

async function expandExplorerRow(harness, page, matcher, what) {
  const row = await explorerRow(harness, page, matcher, what);
  if (row.expanded) return row;
  await harness.waitFor(async () => {
    const now = (await explorerRows(page)).find(matcher);
    if (now?.expanded) return true;
    await page.locator(`${EXPLORER} .monaco-list-row[data-index="${now?.index ?? row.index}"] .monaco-tl-twistie`).click({ timeout: 5000 }).catch(() => {});
    return false;
  }, { timeout: 20_000, interval: 500, message: `${what} expanded` });
  return row;
}

/**
 * Failure messages shown in the active editor: [{ line, text }] (1-based lines). A message with
 * expected/actual shows as a content widget ("actual != expected"), others as inline text.
 */
function inlineMessages(page) {
  return page.evaluate(() => {
    const group = document.querySelector('#workbench\\.parts\\.editor .editor-group-container.active') ?? document;
    const editor = [...group.querySelectorAll('.editor-instance .monaco-editor')].find((e) => e.getClientRects().length);
    if (!editor) return [];
    const lines = [...editor.querySelectorAll('.margin-view-overlays > div')].map((d) => ({ top: d.getBoundingClientRect().top, height: d.getBoundingClientRect().height, line: Number(d.querySelector('.line-numbers')?.textContent?.trim()) }));
    const lineAt = (el) => {
      const top = el.getBoundingClientRect().top;
      return lines.find((l) => top >= l.top - 2 && top < l.top + l.height - 2)?.line;
    };
    const widgets = [...editor.querySelectorAll('.contentWidgets > *, .view-lines [class*="test-message-inline-content"]')].filter((el) => el.getClientRects().length && (el.textContent ?? '').trim());
    return widgets.map((el) => ({ line: lineAt(el), text: (el.textContent ?? '').trim(), className: String(el.className) }));
  });
}

/** Gutter: the Testing glyphs ({ line, failed }) and Tesults' failure.svg lines of the active editor. */
function gutter(page) {
  return page.evaluate(() => {
    const group = document.querySelector('#workbench\\.parts\\.editor .editor-group-container.active') ?? document;
    const editor = [...group.querySelectorAll('.editor-instance .monaco-editor')].find((e) => e.getClientRects().length);
    if (!editor) return { testing: [], tesults: [] };
    const lineAt = new Map([...editor.querySelectorAll('.margin-view-overlays > div')].map((d) => [d.style.top, Number(d.querySelector('.line-numbers')?.textContent?.trim())]));
    const glyphs = [...editor.querySelectorAll('.glyph-margin-widgets > div, .margin-view-overlays .cgmr')];
    const lineOf = (g) => lineAt.get(g.style.top) ?? (g.parentElement ? lineAt.get(g.parentElement.style.top) : undefined);
    return {
      testing: glyphs.filter((g) => /testing/.test(g.className)).map((g) => ({ line: lineOf(g), failed: /failed|error/.test(g.className) })),
      tesults: glyphs.filter((g) => /failure\.svg/.test(window.getComputedStyle(g).backgroundImage)).map(lineOf),
    };
  });
}

async function openFileAt(harness, page, relPath, line) {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(relPath);
  // Wait for the search result, not the recently opened file Go to File lists first.
  await harness.waitFor(async () => (await harness.quickPickItems(page)).some((i) => i.focused && i.label.includes(path.basename(relPath))), { message: `${relPath} in Go to File` });
  await page.keyboard.press('Enter');
  await harness.waitFor(async () => (await harness.activeEditor(page)).title === path.basename(relPath), { message: `${relPath} open` });
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(String(line));
  // Enter again while the box still shows "Go to line N." (an Enter pressed as the editor redraws can be lost).
  await harness.waitFor(async () => {
    if ((await harness.activeEditor(page)).line === line) return true;
    if (await page.locator('.quick-input-widget input').isVisible().catch(() => false)) await page.keyboard.press('Enter');
    return false;
  }, { interval: 500, message: `line ${line} in ${relPath}` });
}

export async function run({ page, server, harness, shot, codeServer }) {
  // A run of its own on top of the target: the data's cases, one more without any location, a build.
  const targets = await harness.apiTargets(server);
  const target = targets.find((t) => t.name === TARGET);
  assert.ok(target, `target ${TARGET}`);
  const [latest] = await harness.apiRuns(server, TARGET);
  const createdTime = Math.max(Date.now(), latest.created_time + 1);
  const cases = [...harness.runCases(latest), ORPHAN, BY_NAME];
  await server.control('runs', { target: String(target.id), run: { created_time: createdTime, cases: [{ name: BUILD, suite: '[build]', result: 'fail' }, ...cases] } });
  try {
    await harness.ensureToken(page, server);
    const failing = cases.filter((c) => c.result === 'fail' && c._Location?.file);
    assert.ok(failing.length >= 2, 'failures with a location');
    const first = failing[0];
    const file = first._Location.file; // workspace-relative, e.g. tests/checkout.spec.ts

    await harness.runCommand(page, 'Testing: Focus on Test Explorer View');
    // The case found by name: under its file (first, while the few file rows are all in view).
    const byNameFile = await expandExplorerRow(harness, page, (r) => r.label === BY_NAME_FILE, `the file row ${BY_NAME_FILE}`);
    const suiteRow = await harness.waitFor(async () => {
      const rows = await explorerRows(page);
      const start = rows.findIndex((r) => r.label === BY_NAME_FILE);
      if (start === -1) return undefined;
      const end = rows.findIndex((r, i) => i > start && r.level <= rows[start].level);
      return rows.slice(start + 1, end === -1 ? undefined : end).find((r) => r.label === BY_NAME.suite);
    }, { timeout: 20_000, message: `the suite row ${BY_NAME.suite} under ${BY_NAME_FILE} (${JSON.stringify(byNameFile)})` }).catch(async (e) => {
      throw new Error(`${e.message} (rows: ${JSON.stringify((await explorerRows(page)).map((r) => `${r.level}:${r.label}`))})`);
    });
    assert.equal(suiteRow.level, byNameFile.level + 1, 'the suite sits right under the file');
    await expandExplorerRow(harness, page, (r) => r.label === BY_NAME.suite, `the suite row ${BY_NAME.suite}`);
    await explorerRow(harness, page, (r) => r.label === BY_NAME.name && r.failed, `the case row ${BY_NAME.name}, failed`);
    // Found through VS Code's own ripgrep (the copy under its application root), not the fallback that reads every file.
    const log = await harness.waitFor(() => {
      const text = harness.readExtensionLog(codeServer);
      return /ripgrep found \d+ test file/.test(text) ? text : undefined;
    }, { timeout: 15_000, message: 'the log line saying ripgrep narrowed the test files' });
    assert.ok(!/ripgrep could not narrow|search worker failed/.test(log), log);

    // The failing case under its file > suite, marked failed.
    await expandExplorerRow(harness, page, (r) => r.label === file, `the file row ${file}`).catch(async (e) => {
      await shot('testing-view-missing-file');
      throw e;
    });
    await expandExplorerRow(harness, page, (r) => r.label === first.suite, `the suite row ${first.suite}`);
    const caseRow = await explorerRow(harness, page, (r) => r.label === first.name, `the case row ${first.name}`);
    await harness.waitFor(async () => (await explorerRows(page)).find((r) => r.label === first.name && r.failed), { timeout: 20_000, message: `${first.name} shown as failed (${JSON.stringify(caseRow)})` });

    // "(no source location)" > Orphans > the case without a location.
    await expandExplorerRow(harness, page, (r) => r.label === '(no source location)', 'the "(no source location)" row');
    await expandExplorerRow(harness, page, (r) => r.label === ORPHAN.suite, `the suite row ${ORPHAN.suite}`);
    await explorerRow(harness, page, (r) => r.label === ORPHAN.name, `the case row ${ORPHAN.name}`);

    // Its menu: our entries.
    await page.locator(`${EXPLORER} .monaco-list-row`, { hasText: ORPHAN.name }).first().click({ button: 'right' });
    const menu = await harness.waitFor(async () => {
      const items = await harness.contextMenuItems(page);
      return items.includes('Show Tesults Details') ? items : undefined;
    }, { timeout: 10_000, message: 'the test item menu with "Show Tesults Details"' });
    assert.ok(menu.includes('Open in Tesults'), `menu: ${menu}`);
    await page.keyboard.press('Escape');
    await shot('testing-view', { publish: 'testing-view.png' });

    // The editor: the failed glyph on the test's line, the message inline at the error line
    // (Playwright's location), and no Tesults gutter icon on the line the Testing view marks.
    const errorLine = JSON.parse(first.reason).location.line;
    // VS Code places a failure's inline widget when an editor's model changes (or results do), not
    // when an editor is first created with its file: open another file first, as a user would have.
    await openFileAt(harness, page, 'README.md', 1);
    await openFileAt(harness, page, file, first._Location.line);
    const marks = await harness.waitFor(async () => {
      const g = await gutter(page);
      return g.testing.some((x) => x.line === first._Location.line && x.failed) ? g : undefined;
    }, { timeout: 30_000, message: `the failed test glyph on line ${first._Location.line}: ${JSON.stringify(await gutter(page))}` });
    assert.ok(!marks.tesults.includes(first._Location.line), `no Tesults gutter icon on line ${first._Location.line} (marked by the Testing view): ${JSON.stringify(marks)}`);
    await openFileAt(harness, page, file, errorLine);
    // The reason states both values: VS Code shows "actual != expected" at the error line.
    const expected = JSON.parse(first.reason).message.match(/Expected string: .*?(".*?")/)[1];
    await harness.waitFor(async () => (await inlineMessages(page)).find((m) => m.line === errorLine && m.text.includes(expected) && m.text.includes('!=')), {
      timeout: 30_000,
      message: `the failure message inline on line ${errorLine}`,
    }).catch(async (e) => {
      throw new Error(`${e.message}: ${JSON.stringify(await inlineMessages(page))}`);
    });
    await shot('testing-editor', { publish: 'testing-editor.png' });

    // The Test Results panel lists the run by its name.
    const runName = `${TARGET} · ${BUILD} · ${localTime(createdTime)}`;
    await harness.runCommand(page, 'Test Results: Focus on Test Results View');
    await harness.waitFor(async () => page.evaluate((n) => [...document.querySelectorAll('#workbench\\.parts\\.panel .monaco-list-row')].some((r) => (r.textContent ?? '').includes(n)), runName), {
      timeout: 30_000,
      message: `the run "${runName}" in the Test Results panel`,
    });
    await shot('testing-results');
  } finally {
    await server.control('reset', {});
  }
}
