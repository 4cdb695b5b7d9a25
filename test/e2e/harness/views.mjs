// Views: the activity bar, welcome views, tree rows (brought into view before they are read or
// clicked), view actions, context menus.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_TIMEOUT, ROOT } from './processes.mjs';
import { cssString, describe, matches } from './match.mjs';
import { runCommand, typeIntoInputBox } from './quick-input.mjs';
import { notifications } from './status-bar.mjs';
import { waitFor } from './wait.mjs';

/**
 * Clicks the activity bar entry (e.g. 'Tesults') unless its container is already showing. The
 * entry may take a while to appear after start-up (the extension's contributions are read
 * then), hence the longer bound for it.
 */
export async function openView(page, title, { timeout = 30_000 } = {}) {
  const tab = page.locator(`.activitybar li[role=tab]:has(> a.action-label[aria-label^=${cssString(title)}])`).first();
  await tab.waitFor({ state: 'visible', timeout: 2 * timeout });
  const isOpen = async () => (await tab.getAttribute('aria-selected')) === 'true' && (await page.locator('#workbench\\.parts\\.sidebar').isVisible());
  await waitFor(async () => {
    if (await isOpen()) return true;
    await tab.click();
    // Judge this click by its effect before clicking again: a second click on an entry whose
    // side bar is about to show (a slow machine) would hide it.
    return waitFor(isOpen, { timeout: 5000, interval: 200, message: `the side bar of "${title}"` }).catch((e) => { if (e?.fatal) throw e; return false; });
  }, { timeout, interval: 0, message: `activity bar view "${title}" to open` });
}

/** Whether the activity bar has an entry titled title. */
/**
 * The side-bar view container the workbench has stored for the next start ('workbench.view.explorer'
 * when it stored none: the default). The web workbench writes it to the browser's IndexedDB a
 * moment after the view changes; a reload before that restores the container shown before.
 */
export function storedSideBarContainer(page) {
  return page.evaluate(async () => {
    const KEY = 'workbench.sidebar.activeviewletid';
    const dbs = (await window.indexedDB.databases()).filter((d) => d.name?.startsWith('vscode-web-state-db-') && d.name !== 'vscode-web-state-db-global');
    if (dbs.length !== 1) return undefined; // the workspace's state database
    const db = await new Promise((resolve, reject) => {
      const open = window.indexedDB.open(dbs[0].name);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    try {
      const value = await new Promise((resolve, reject) => {
        const get = db.transaction('ItemTable', 'readonly').objectStore('ItemTable').get(KEY);
        get.onsuccess = () => resolve(get.result);
        get.onerror = () => reject(get.error);
      });
      return value ?? 'workbench.view.explorer';
    } finally {
      db.close();
    }
  });
}

export async function activityBarHas(page, title) {
  return (await page.locator(`.activitybar li[role=tab] > a.action-label[aria-label^=${cssString(title)}]`).count()) > 0;
}

let manifestViews;
/** Accepts a view id (tesults.results) or name (Results); returns the view's name. */
function viewName(view = 'tesults.results') {
  if (!view.includes('.')) return view;
  manifestViews ??= Object.values(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes?.views ?? {}).flat();
  return manifestViews.find((v) => v.id === view)?.name ?? view;
}

function paneSelector(view) {
  return `.part.sidebar .pane:has(> .pane-header[aria-label=${cssString(`${viewName(view)} Section`)}])`;
}

/** Welcome view of a view (viewsWelcome): { visible, text, buttons: [label] }. */
export async function welcomeView(page, view = 'tesults.results') {
  return page.evaluate((sel) => {
    const pane = document.querySelector(sel);
    const content = pane?.querySelector('.pane-body.welcome .welcome-view-content');
    if (!content || !content.getClientRects().length) return { visible: false, text: '', buttons: [] };
    return {
      visible: true,
      text: content.innerText.trim(),
      buttons: [...content.querySelectorAll('.monaco-button')].map((b) => b.textContent.trim()),
    };
  }, paneSelector(view));
}

/** Clicks a welcome-view button by its label. */
export async function clickWelcomeButton(page, label, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT } = {}) {
  const button = page.locator(`${paneSelector(view)} .welcome-view-content .monaco-button`).filter({ hasText: label }).first();
  await button.waitFor({ state: 'visible', timeout });
  await button.click();
}

/**
 * Rows of the tree view currently rendered (only the rows in view exist in the DOM):
 * [{ index, id, ariaLabel, label, description, level, expanded (true/false/undefined), selected,
 * focused, icon (codicon name or ''), hiddenAbove, hiddenBelow (px), inView }], in display order. VS Code's sticky scroll draws
 * copies of the ancestors of the top row over the tree (same id, aria-label, level): they are
 * left out, and a real row under them (or cut by the tree's edge) has inView false.
 */
export async function treeRows(page, view = 'tesults.results') {
  return page.evaluate((sel) => {
    const pane = document.querySelector(sel);
    const tree = pane?.querySelector('.monaco-list[role=tree]');
    if (!tree || !tree.getClientRects().length) return [];
    const box = tree.getBoundingClientRect();
    const sticky = [...tree.querySelectorAll('.monaco-tree-sticky-container .monaco-tree-sticky-row')]
      .map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0);
    const top = Math.max(box.top, ...sticky.map((r) => r.bottom));
    return [...tree.querySelectorAll('.monaco-list-rows > .monaco-list-row[role=treeitem]')].map((r) => {
      const iconEl = r.querySelector('.custom-view-tree-node-item-icon');
      const codicon = iconEl ? [...iconEl.classList].find((c) => c.startsWith('codicon-')) : undefined;
      const expanded = r.getAttribute('aria-expanded');
      const rect = r.getBoundingClientRect();
      return {
        index: Number(r.dataset.index),
        id: r.id,
        ariaLabel: r.getAttribute('aria-label') ?? '',
        label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
        level: Number(r.getAttribute('aria-level') ?? 1),
        expanded: expanded === null ? undefined : expanded === 'true',
        selected: r.getAttribute('aria-selected') === 'true',
        focused: r.classList.contains('focused'),
        icon: codicon ? codicon.slice('codicon-'.length) : iconEl?.style.backgroundImage ? 'uri' : '',
        // px of the row under the sticky header / below the tree's bottom edge
        hiddenAbove: Math.max(0, top - rect.top),
        hiddenBelow: Math.max(0, rect.bottom - box.bottom),
        inView: rect.height > 0 && rect.top >= top - 1 && rect.bottom <= box.bottom + 1,
      };
    }).sort((a, b) => a.index - b.index);
  }, paneSelector(view));
}

/** The whole suite name of a suite row: its label leaves parts out, its accessible label is "<name>, <counts>". */
/** The groups a run lists above its suites ("New failures", "Still failing", "Fixed"): not suites. */
export function isChangeGroup(row) {
  return row.level === 3 && ['New failures', 'Still failing', 'Fixed'].includes(row.label);
}

export function suiteName(row) {
  const at = row.ariaLabel.lastIndexOf(', ');
  return at < 0 ? row.label : row.ariaLabel.slice(0, at);
}

const rowMatches = (matcher, row) => matches(matcher, row, [row.label, row.ariaLabel, `${row.label} ${row.description}`.trim()]);

/**
 * The tree's scroll state: { x, y (its centre), viewHeight, contentHeight (every row, rendered or
 * not), top (scrolled px) }, or null without a tree.
 */
export async function treeScrollInfo(page, view = 'tesults.results') {
  return page.evaluate((sel) => {
    const tree = document.querySelector(sel)?.querySelector('.monaco-list[role=tree]');
    const rows = tree?.querySelector('.monaco-list-rows');
    if (!tree || !rows) return null;
    const box = tree.getBoundingClientRect();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2, viewHeight: box.height, contentHeight: rows.offsetHeight, top: -parseFloat(rows.style.top || '0') };
  }, paneSelector(view));
}

/** Scrolls the tree by dy px with the mouse wheel over it (how a user scrolls; the tree has no scrollTop). */
async function scrollTree(page, view, dy) {
  const info = await treeScrollInfo(page, view);
  if (!info) return;
  await page.mouse.move(info.x, info.y);
  await page.mouse.wheel(0, dy);
}

/**
 * Waits until a row matching matcher is rendered (string: exact label or aria-label; RegExp;
 * or predicate on the row object) and in view (not under the sticky header, not cut by the
 * tree's edge), and returns it. Scrolls long trees with the mouse wheel: to find the row, then
 * to bring it into view. scroll: false only waits.
 */
export async function waitForTreeRow(page, matcher, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT, scroll = true } = {}) {
  let direction = 1;
  return waitFor(async () => {
    const rows = await treeRows(page, view);
    const row = rows.find((r) => rowMatches(matcher, r));
    if (!scroll) return row;
    if (row) {
      if (row.inView) return row;
      // Scroll by what is hidden and a row more (the sticky header changes as the tree scrolls).
      await scrollTree(page, view, row.hiddenAbove > 1 ? -Math.ceil(row.hiddenAbove + 22) : Math.ceil(row.hiddenBelow + 22));
      return undefined;
    }
    const info = await treeScrollInfo(page, view);
    if (info && info.contentHeight > info.viewHeight + 1) {
      const atEnd = direction > 0 ? info.top + info.viewHeight >= info.contentHeight - 1 : info.top <= 0;
      if (atEnd) direction = -direction;
      await scrollTree(page, view, direction * Math.max(info.viewHeight - 44, 22));
    }
    return undefined;
  }, { timeout, interval: 150, message: `tree row ${describe(matcher)} in view in ${viewName(view)}` });
}

/** Brings a tree row into view (see waitForTreeRow) and returns it. */
export const revealTreeRow = waitForTreeRow;

/**
 * The rendered rows once row and all its ancestors are rendered and in view, for reading the
 * structure around a row something revealed (parentRow, childRows): a revealed row may sit right
 * under the sticky header with its ancestors scrolled away. Scrolls up as needed.
 */
export async function treeRowsWithAncestors(page, row, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT } = {}) {
  const same = (r) => r.id === row.id && r.ariaLabel === row.ariaLabel;
  await waitForTreeRow(page, same, { view, timeout });
  return waitFor(async () => {
    const rows = await treeRows(page, view);
    const me = rows.find(same);
    if (!me) throw new Error(`tree row "${row.label}" went away`);
    let top = me;
    for (let up = parentRow(rows, top); up; up = parentRow(rows, top)) top = up;
    if (top.level === 1 && top.inView && me.inView) return rows;
    await scrollTree(page, view, -22 * Math.max(1, top.level - 1));
    return undefined;
  }, { timeout, interval: 150, message: `tree row "${row.label}" and its ancestors in view` });
}

/** Waits until no rendered row matches (e.g. after a refresh). */
export async function waitForNoTreeRow(page, matcher, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT } = {}) {
  await waitFor(async () => !(await treeRows(page, view)).some((r) => rowMatches(matcher, r)),
    { timeout, message: `no tree row ${describe(matcher)}` });
}

const DROPPED_CLICK = /^Actual command not found, wanted to execute /;

/**
 * Clicks a tree row (waits for it and brings it into view first); { double: true } double-clicks.
 * Returns the row. until: a condition the click must bring about (the next page of runs shown,
 * say). VS Code drops a click on a row whose tree item a refresh replaced in between, with the
 * error "Actual command not found…"; with until, such a dropped click is made again.
 */
export async function clickTreeRow(page, matcher, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT, double = false, button = 'left', until } = {}) {
  const clickOnce = () => waitFor(async () => {
    const row = await waitForTreeRow(page, matcher, { view, timeout });
    const el = page.locator(`${paneSelector(view)} .monaco-list-rows > .monaco-list-row[role=treeitem]#${row.id}`);
    // Re-check the element is still this row (rows are recycled as the tree re-renders).
    const label = await el.getAttribute('aria-label', { timeout: 1000 }).catch(() => null);
    if (label !== row.ariaLabel) return undefined;
    if (double) await el.dblclick({ button, timeout: 5000 });
    else await el.click({ button, timeout: 5000 });
    return row;
  }, { timeout, message: `clicking tree row ${describe(matcher)}` });
  if (!until) return clickOnce();
  const dropped = async () => (await notifications(page)).some((n) => DROPPED_CLICK.test(n.message));
  for (let attempt = 1; ; attempt++) {
    // VS Code shows one toast for repeated identical errors: clear it, so a new drop shows.
    if (await dropped()) await runCommand(page, 'Notifications: Clear All Notifications');
    const row = await clickOnce();
    const outcome = await waitFor(async () => ((await until()) ? 'done' : (await dropped()) ? 'dropped' : undefined),
      { timeout, message: `what clicking tree row ${describe(matcher)} brings about` });
    if (outcome === 'done') return row;
    if (attempt === 3) throw new Error(`VS Code dropped ${attempt} clicks on tree row ${describe(matcher)} (its item was replaced each time)`);
  }
}

/** Expands a collapsed tree row (clicks its twistie) and waits for aria-expanded=true. */
export async function expandTreeRow(page, matcher, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT } = {}) {
  return waitFor(async () => {
    const row = await waitForTreeRow(page, matcher, { view, timeout });
    if (row.expanded === true) return row;
    if (row.expanded === undefined) throw new Error(`tree row ${describe(matcher)} is not expandable`);
    const el = page.locator(`${paneSelector(view)} .monaco-list-rows > .monaco-list-row[role=treeitem]#${row.id}`);
    if ((await el.getAttribute('aria-label', { timeout: 1000 }).catch(() => null)) !== row.ariaLabel) return undefined;
    await el.locator('.monaco-tl-twistie').click({ timeout: 5000 });
    const after = await waitForTreeRow(page, matcher, { view, timeout: 3000 }).catch(() => undefined);
    return after?.expanded === true ? after : undefined;
  }, { timeout, interval: 300, message: `expanding tree row ${describe(matcher)}` });
}

/** Clicks a title-bar action of the view by its label (e.g. 'Refresh'). */
export async function clickViewAction(page, label, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT } = {}) {
  // The single view of a container shows its actions in the container title; try both.
  const inPane = page.locator(`${paneSelector(view)} .pane-header .actions a.action-label[aria-label^=${cssString(label)}]`).first();
  const inTitle = page.locator(`.part.sidebar .composite.title .title-actions a.action-label[aria-label^=${cssString(label)}]`).first();
  await waitFor(async () => {
    for (const l of [inPane, inTitle]) {
      if (await l.isVisible().catch(() => false)) { await l.click({ timeout: 5000 }); return true; }
    }
    return false;
  }, { timeout, message: `view action "${label}"` });
}

/** The view's message (TreeView.message, shown above its rows), or '' when none shows. */
export async function viewMessage(page, view = 'tesults.results') {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel)?.querySelector('.pane-body .message');
    return el && el.getClientRects().length ? (el.textContent ?? '').trim() : '';
  }, paneSelector(view));
}

/**
 * The rows under parent in a treeRows() list (those after it, until one at its level or above);
 * depth 1 (default): its children only; Infinity: all its descendants that are rendered.
 */
export function childRows(rows, parent, { depth = 1 } = {}) {
  const start = rows.findIndex((r) => r.index === parent.index);
  if (start < 0) return [];
  const out = [];
  for (const r of rows.slice(start + 1)) {
    if (r.level <= parent.level) break;
    if (r.level - parent.level <= depth) out.push(r);
  }
  return out;
}

/** The parent row of row in a treeRows() list (the nearest row above it one level up), if rendered. */
export function parentRow(rows, row) {
  const i = rows.findIndex((r) => r.index === row.index);
  for (let j = i - 1; j >= 0; j--) if (rows[j].level === row.level - 1) return rows[j];
  return undefined;
}

const MENU_ITEM = '.monaco-menu .action-item a.action-menu-item';

/** Labels of the open context menu's entries (separators left out). */
export async function contextMenuItems(page) {
  const labels = await page.locator(`${MENU_ITEM} .action-label`).allTextContents().catch(() => []);
  return labels.map((l) => l.trim()).filter(Boolean);
}

/** Right-clicks a tree row and picks the context menu entry labelled label. */
export async function treeRowContextMenu(page, matcher, label, { view = 'tesults.results', timeout = DEFAULT_TIMEOUT } = {}) {
  const entry = page.locator(MENU_ITEM).filter({ has: page.locator('.action-label', { hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) }).first();
  await waitFor(async () => {
    if (!(await entry.isVisible().catch(() => false))) {
      await page.keyboard.press('Escape');
      await clickTreeRow(page, matcher, { view, timeout, button: 'right' });
      await entry.waitFor({ state: 'visible', timeout: 2000 }).catch(() => {});
    }
    if (!(await entry.isVisible().catch(() => false))) return false;
    // A menu ignores a click that comes right after it opened: click until it closes.
    await entry.click({ timeout: 5000 });
    return entry.waitFor({ state: 'hidden', timeout: 1000 }).then(() => true, () => false);
  }, { timeout, interval: 200, message: `context menu entry "${label}" of tree row ${describe(matcher)}` });
}

/**
 * Makes sure a token is stored: opens the Tesults view and, if the welcome view offers "Set API
 * Token", sets server.token through it and waits for the first tree rows. Lets a scenario run on
 * its own (--grep) as well as after 02-set-token.
 */
export async function ensureToken(page, server, { timeout = 30_000 } = {}) {
  await openView(page, 'Tesults');
  const state = await waitFor(async () => {
    const w = await welcomeView(page);
    if (w.visible && w.buttons.includes('Set API Token')) return 'missing';
    if ((await treeRows(page)).length > 0) return 'present';
    return undefined;
  }, { timeout, message: 'the welcome view or the tree' });
  if (state === 'missing') {
    await clickWelcomeButton(page, 'Set API Token');
    await typeIntoInputBox(page, server.token, { password: true });
    await waitFor(async () => (await treeRows(page)).length > 0, { timeout, message: 'tree rows after setting the token' });
  }
  return state;
}
