// The status bar and notifications.
import { DEFAULT_TIMEOUT, log } from './processes.mjs';
import { cssString, describe, matches } from './match.mjs';
import { runCommand } from './quick-input.mjs';
import { waitFor } from './wait.mjs';

/**
 * All status bar items: [{ id, text, ariaLabel, tooltip, className, kind, background, icons }].
 * kind: 'error' | 'warning' | ... from VS Code's `<kind>-kind` class (an item whose backgroundColor
 * is statusBarItem.errorBackground gets 'error'); background: the computed background colour;
 * icons: the codicon names in its label.
 */
export async function statusBarItems(page) {
  return page.evaluate(() => [...document.querySelectorAll('#workbench\\.parts\\.statusbar .statusbar-item')]
    .filter((e) => e.getClientRects().length)
    .map((e) => ({
      id: e.id,
      text: (e.querySelector('.statusbar-item-label')?.textContent ?? '').trim(),
      ariaLabel: e.getAttribute('aria-label') ?? e.querySelector('.statusbar-item-label')?.getAttribute('aria-label') ?? '',
      tooltip: e.getAttribute('title') ?? '',
      className: e.className,
      kind: ([...e.classList].find((c) => c.endsWith('-kind')) ?? '').replace(/-kind$/, ''),
      background: window.getComputedStyle(e).backgroundColor,
      icons: [...e.querySelectorAll('.codicon')].map((i) => ([...i.classList].find((c) => c.startsWith('codicon-')) ?? '').slice('codicon-'.length)),
    })));
}

/** Clicks a status bar item (matcher as for statusBarItem); waits for it first. */
export async function clickStatusBarItem(page, matcher, { timeout = DEFAULT_TIMEOUT } = {}) {
  const item = await statusBarItem(page, matcher, { wait: true, timeout });
  await page.locator(`#workbench\\.parts\\.statusbar .statusbar-item[id=${cssString(item.id)}] .statusbar-item-label`).first().click({ timeout: 5000 });
  return item;
}

/** A clip of the status bar's left part (for README pictures): from x=0 to width px, plus margin px above. */
export async function statusBarClip(page, { width = 520, margin = 0 } = {}) {
  const box = await page.evaluate(() => document.querySelector('#workbench\\.parts\\.statusbar')?.getBoundingClientRect()?.toJSON());
  if (!box) throw new Error('no status bar to clip to');
  const vp = page.viewportSize() ?? { width: 1400, height: 900 };
  return { x: 0, y: Math.max(0, box.y - margin), width: Math.min(width, vp.width), height: box.height + Math.min(margin, box.y) };
}

/**
 * The first visible status bar item matching matcher (string: substring of its text or
 * aria-label, or its exact id; RegExp; predicate), or null. { wait: true } waits for it.
 */
export async function statusBarItem(page, matcher, { wait = false, timeout = DEFAULT_TIMEOUT } = {}) {
  const find = async () => (await statusBarItems(page)).find((i) => {
    if (typeof matcher === 'string') return i.id === matcher || i.text.includes(matcher) || i.ariaLabel.includes(matcher);
    return matches(matcher, i, [i.text, i.ariaLabel, i.id]);
  }) ?? null;
  if (!wait) return find();
  return waitFor(find, { timeout, message: `status bar item ${describe(matcher)}` });
}

/**
 * Notifications on screen (toasts, plus the notification center if open):
 * [{ message, severity: 'error'|'warning'|'info', source, buttons }].
 */
export async function notifications(page) {
  return page.evaluate(() => [...document.querySelectorAll('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item')]
    .filter((e) => e.getClientRects().length)
    .map((e) => {
      const icon = e.querySelector('.notification-list-item-icon');
      const cls = icon ? [...icon.classList].join(' ') : '';
      return {
        message: (e.querySelector('.notification-list-item-message')?.textContent ?? '').trim(),
        severity: /error/.test(cls) ? 'error' : /warning/.test(cls) ? 'warning' : 'info',
        source: (e.querySelector('.notification-list-item-source')?.textContent ?? '').trim(),
        buttons: [...e.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => b.textContent.trim()),
      };
    }));
}

/** Waits for a notification whose message matches (substring for strings). */
/**
 * Waits for a notification whose message matches (substring for strings).
 * center: true also accepts one that went to the notification center without a toast: VS Code
 * shows no toast for a notification that comes within 800 ms of 3 others (spam protection), which
 * a test typing fast can run into. The center is looked at after 3 s without the toast.
 */
export async function waitForNotification(page, matcher, { timeout = DEFAULT_TIMEOUT, center = false } = {}) {
  const hit = (n) => (typeof matcher === 'string' ? n.message.includes(matcher) : matches(matcher, n, [n.message]));
  const started = Date.now();
  let lastCenterLook = 0;
  return waitFor(async () => {
    const toast = (await notifications(page)).find(hit);
    if (toast || !center || Date.now() - started < 3000 || Date.now() - lastCenterLook < 2000) return toast;
    lastCenterLook = Date.now();
    const found = (await allNotifications(page)).find(hit);
    if (found) log(`notification ${describe(matcher)} found in the notification center (no toast: VS Code's toast spam protection)`);
    return found;
  }, { timeout, message: `notification ${describe(matcher)}` });
}

/** Clicks a button (by its label) of the notification whose message matches (substring for strings). */
export async function clickNotificationButton(page, matcher, label, { timeout = DEFAULT_TIMEOUT } = {}) {
  await waitForNotification(page, matcher, { timeout });
  await waitFor(async () => {
    const items = page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item');
    for (let i = 0; i < await items.count(); i++) {
      const item = items.nth(i);
      const message = ((await item.locator('.notification-list-item-message').textContent({ timeout: 1000 }).catch(() => '')) ?? '').trim();
      const hit = typeof matcher === 'string' ? message.includes(matcher) : matches(matcher, { message }, [message]);
      if (!hit) continue;
      const button = item.locator('.notification-list-item-buttons-container .monaco-button').filter({ hasText: label }).first();
      if (await button.isVisible().catch(() => false)) { await button.click({ timeout: 5000 }); return true; }
    }
    return false;
  }, { timeout, message: `button "${label}" of notification ${describe(matcher)}` });
}

/** Every notification of this window, including those whose toast was hidden: opens the center. */
export async function allNotifications(page) {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible().catch(() => false))) {
    await runCommand(page, 'Notifications: Show Notifications');
    await center.waitFor({ state: 'visible', timeout: 5000 });
  }
  const list = await notifications(page);
  await page.keyboard.press('Escape');
  return list;
}
