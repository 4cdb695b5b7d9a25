// Helpers for the scenarios 14-19 (context menus, details panel buttons, image preview, log,
// editor hover): the clipboard, VS Code's "Open external website?" dialog, the details panel's
// buttons and fields, and the hover of an editor line. Every wait is bounded (harness.waitFor).
import * as harness from './harness.mjs';

// eslint-disable-next-line no-control-regex
export const ANSI_RE = /\u001b\[[0-9;]*[A-Za-z]|\\u001b\[|\\x1b\[|\u009b/;
// eslint-disable-next-line no-control-regex
export const stripAnsi = (s) => String(s).replace(/\\u001b\[[0-9;]*m/g, '').replace(/\u001b\[[0-9;]*m/g, '');

/**
 * Lets the page use navigator.clipboard (VS Code's web clipboard service writes there): grants
 * clipboard-read/-write to the code-server origin on the browser context.
 */
export async function grantClipboard(workbench, codeServer) {
  await workbench.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: codeServer.url });
}

export async function readClipboard(page) {
  return page.evaluate(() => navigator.clipboard.readText());
}

/**
 * Puts a marker in the clipboard, runs action, and waits for the clipboard to hold something
 * else; returns that text.
 */
export async function clipboardAfter(page, action, { timeout = 10_000, what = 'the clipboard to change' } = {}) {
  const marker = `e2e-marker-${Date.now()}-${Math.random()}`;
  await page.evaluate((m) => navigator.clipboard.writeText(m), marker);
  await harness.waitFor(async () => (await readClipboard(page)) === marker, { timeout: 5000, message: 'the clipboard marker' });
  await action();
  return harness.waitFor(async () => {
    const text = await readClipboard(page);
    return text !== marker ? { text } : undefined;
  }, { timeout, message: what }).then((r) => r.text);
}

/** The workbench's modal dialog (e.g. "Do you want code-server to open the external website?"), or null. */
export async function workbenchDialog(page) {
  return page.evaluate(() => {
    const d = document.querySelector('.monaco-dialog-box');
    if (!d || !d.getClientRects().length) return null;
    return {
      message: (d.querySelector('.dialog-message-text')?.textContent ?? '').trim(),
      detail: (d.querySelector('.dialog-message-detail')?.textContent ?? '').trim(),
      buttons: [...d.querySelectorAll('.dialog-buttons .monaco-button')].map((b) => b.textContent.trim()),
    };
  });
}

export async function waitForWorkbenchDialog(page, { timeout = 10_000, message = 'a workbench dialog' } = {}) {
  return harness.waitFor(() => workbenchDialog(page), { timeout, message });
}

/** Clicks a button of the open workbench dialog and waits for the dialog to close. */
export async function clickDialogButton(page, label, { timeout = 10_000 } = {}) {
  await page.locator('.monaco-dialog-box .dialog-buttons .monaco-button').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) }).first().click({ timeout: 5000 });
  await harness.waitFor(async () => !(await workbenchDialog(page)), { timeout, message: `the dialog to close after "${label}"` });
}

/** Labels (aria-label) of the editor tabs of the whole editor area. */
export async function editorTabs(page) {
  return page.evaluate(() => [...document.querySelectorAll('#workbench\\.parts\\.editor .tabs-container .tab')]
    .map((t) => (t.getAttribute('aria-label') ?? '').replace(/, preview$/, '')));
}

/** What the details panel shows: case name, badge, meta rows, failure position, status text, history. */
export function readDetails() {
  const meta = {};
  for (const row of document.querySelectorAll('.meta-row')) meta[(row.querySelector('dt')?.textContent ?? '').trim()] = (row.querySelector('dd')?.textContent ?? '').trim();
  return {
    name: (document.querySelector('.case-name')?.textContent ?? '').trim(),
    badges: (document.querySelector('.badges')?.textContent ?? '').trim(),
    meta,
    position: (document.getElementById('failure-pos')?.textContent ?? '').trim(),
    status: (document.getElementById('status')?.textContent ?? '').trim(),
    history: [...document.querySelectorAll('button.hist')].map((b) => ({ label: b.getAttribute('aria-label') ?? '', runId: b.getAttribute('data-run-id') ?? '', current: b.classList.contains('current') })),
    buttons: [...document.querySelectorAll('.toolbar button')].map((b) => b.textContent.trim()),
    previews: [...document.querySelectorAll('.preview img')].map((i) => ({ src: i.getAttribute('src') ?? '', alt: i.getAttribute('alt') ?? '', width: i.naturalWidth, complete: i.complete })),
  };
}

/**
 * Clicks an element (a locator selector inside the extension's document, e.g. 'button' with
 * hasText) of a webview; the frame is looked up again until the click lands (a re-render
 * replaces the document).
 */
export async function clickInWebview(page, title, selector, { hasText, timeout = harness.DEFAULT_TIMEOUT } = {}) {
  await harness.waitFor(async () => {
    const frame = await harness.webviewFrame(page, title, { timeout: Math.min(timeout, 5000) });
    const el = frame.locator(selector, hasText === undefined ? {} : { hasText }).first();
    if (!(await el.isVisible().catch(() => false))) return false;
    await el.click({ timeout: 3000 });
    return true;
  }, { timeout, interval: 250, message: `clicking ${selector}${hasText ? ` "${hasText}"` : ''} in webview` });
}

/** A title matcher for the details panel of a case (panel titles are the name, cut at 60 characters). */
export const panelOf = (caseName) => (c) => c.title.length > 0 && c.title.startsWith(stripAnsi(caseName).slice(0, 20));

/**
 * The centre of the text on line (1-based) of the active editor, if rendered:
 * { x, y, text } (the second non-blank token, so the hover is over code, not indentation).
 */
export async function editorLineTarget(page, line) {
  return page.evaluate((ln) => {
    const group = document.querySelector('#workbench\\.parts\\.editor .editor-group-container.active') ?? document;
    const editor = [...group.querySelectorAll('.editor-instance .monaco-editor')].find((e) => e.getClientRects().length);
    if (!editor) return null;
    const num = [...editor.querySelectorAll('.margin-view-overlays > div')].find((d) => d.querySelector('.line-numbers')?.textContent?.trim() === String(ln));
    if (!num) return null;
    const viewLine = [...editor.querySelectorAll('.view-lines .view-line')].find((v) => v.style.top === num.style.top);
    if (!viewLine) return null;
    const tokens = [...viewLine.querySelectorAll('span > span')].filter((s) => s.textContent.trim());
    const r = (tokens[1] ?? tokens[0] ?? viewLine).getBoundingClientRect();
    return { x: r.x + Math.min(r.width / 2, 20), y: r.y + r.height / 2, text: viewLine.textContent.replace(/\u00a0/g, ' ') };
  }, line);
}

/** The visible editor hover that mentions text: { text, links: [{ text, href }] }, or null. */
export async function editorHover(page, text) {
  return page.evaluate((t) => {
    const h = [...document.querySelectorAll('.monaco-editor .monaco-hover, .monaco-hover')]
      .find((e) => e.getClientRects().length && !e.classList.contains('hidden') && (e.textContent ?? '').includes(t));
    return h ? { text: h.innerText, links: [...h.querySelectorAll('a')].map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('data-href') ?? a.getAttribute('href') ?? '' })) } : null;
  }, text);
}

/**
 * Expands a target and its newest run in the Tesults view; returns the run's row. `pushed`: the
 * scenario has just pushed a run (no created_time: the server dates it now) and asked for a
 * refresh; waits until that run is the newest row (its time reads relative, "just now", while the
 * data set's runs read as dates), not the one that was newest before the refresh landed.
 */
export async function expandNewestRun(page, target, { timeout = 15_000, pushed = false } = {}) {
  await harness.expandTreeRow(page, target);
  const runRow = await harness.waitFor(async () => {
    const rows = await harness.treeRows(page);
    const t = rows.find((r) => r.level === 1 && r.label === target);
    const newest = t && harness.childRows(rows, t)[0];
    if (pushed && (!newest || /^\d{4}-\d{2}-\d{2}/.test(newest.label))) return undefined;
    return newest && /passed/.test(newest.description) ? newest : undefined;
  }, { timeout, message: `the newest run of ${target}${pushed ? ' (the run just pushed)' : ''}` });
  await harness.expandTreeRow(page, (r) => r.level === 2 && r.label === runRow.label);
  return runRow;
}

/**
 * After something selected the first failing suite (status bar click, "Go to First Failing
 * Suite"): that suite's row, its first failing case row, and the case of `failing` (the latest
 * run's failing cases, from the API) that row shows.
 */
export async function selectedSuiteFirstFailure(page, failing) {
  const suite = await harness.waitFor(async () => (await harness.treeRows(page)).find((r) => r.selected && r.level === 3), { timeout: 20_000, message: 'the first failing suite selected' });
  const caseRow = await failingCaseRow(page, suite.label);
  const testCase = failing.find((c) => c.name === caseRow.label && c.suite === harness.suiteName(suite));
  if (!testCase) throw new Error(`${caseRow.label} is no failure of the latest run`);
  return { suite, caseRow, testCase };
}

/**
 * Waits for the first failing case row under the (expanded) suite row with that label. The suite
 * row is brought into view first: a suite scrolled under the tree's sticky header is not rendered
 * as a row of its own, so its children could not be told from another suite's.
 */
export async function failingCaseRow(page, suiteLabel) {
  return harness.waitFor(async () => {
    const suite = await harness.revealTreeRow(page, (r) => r.level === 3 && r.label === suiteLabel, { timeout: 5000 });
    const rows = await harness.treeRows(page);
    const s = rows.find((r) => r.index === suite.index);
    const caseRow = s && harness.childRows(rows, s).find((r) => r.icon === 'error');
    return caseRow && (await harness.revealTreeRow(page, (r) => r.id === caseRow.id && r.ariaLabel === caseRow.ariaLabel, { timeout: 5000 }));
  }, { message: `a failing case under ${suiteLabel}` });
}

/**
 * The URL the workbench asks the browser to open while `action` runs (VS Code opens links to this
 * machine without its "open the external website?" dialog, through window.open, which a headless
 * browser may block): window.open is recorded for the time of the action; waits for the URL of
 * `link` and returns it. code-server forwards a link to a port of this machine through its own
 * proxy (`/proxy/PORT/`, without the link's path): that URL counts too.
 */
export async function openedUrlAfter(page, action, { link, timeout = 15_000 } = {}) {
  const target = new URL(link);
  const proxied = `/proxy/${target.port}/`;
  const matches = (u) => u === target.href || (target.port !== '' && new URL(u).pathname.startsWith(proxied));
  await page.evaluate(() => {
    window.__e2eOpened = [];
    window.__e2eOpen ??= window.open;
    window.open = (url) => { window.__e2eOpened.push(String(url)); return {}; };
  });
  try {
    await action();
    return await harness.waitFor(async () => (await page.evaluate(() => window.__e2eOpened)).find(matches), { timeout, message: `window.open(${link})` })
      .catch(async (e) => { throw new Error(`${e.message}; opened: ${JSON.stringify(await page.evaluate(() => window.__e2eOpened))}`); });
  } finally {
    await page.evaluate(() => { window.open = window.__e2eOpen; }).catch(() => undefined);
  }
}
