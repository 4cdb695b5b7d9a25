// The quick input: the command palette, input boxes, quick picks.
import { DEFAULT_TIMEOUT } from './processes.mjs';
import { describe, matches } from './match.mjs';
import { waitFor } from './wait.mjs';

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = '.quick-input-widget .quick-input-box input';
const PALETTE_PLACEHOLDER = 'Type the name of a command to run.';

async function quickInputVisible(page) {
  return page.locator(QUICK_INPUT).first().isVisible().catch(() => false);
}

/** Closes an open quick input (palette, input box) with Escape. */
export async function closeQuickInput(page, { timeout = 5000 } = {}) {
  if (!(await quickInputVisible(page))) return;
  await waitFor(async () => {
    if (!(await quickInputVisible(page))) return true;
    await page.keyboard.press('Escape');
    return false;
  }, { timeout, interval: 200, message: 'the quick input to close' });
}

/**
 * Runs a command from the palette by its full title, e.g. 'Tesults: Set API Token': F1, types
 * the title, waits for the entry whose label is exactly that title, picks it with Enter.
 */
export async function runCommand(page, title, { timeout = DEFAULT_TIMEOUT } = {}) {
  const input = page.locator(QUICK_INPUT_BOX).first();
  const findEntry = () => page.evaluate(({ title: t }) => {
    const rows = [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')];
    const row = rows.find((r) => (r.querySelector('.label-name')?.textContent ?? '').trim() === t);
    return row ? { index: Number(row.dataset.index), focused: row.classList.contains('focused') } : null;
  }, { title });
  // The palette lists the commands known when it opens: right after start-up the extension's
  // contributions may still be arriving, so reopen it until the entry shows.
  const entry = await waitFor(async () => {
    await closeQuickInput(page);
    await waitFor(async () => {
      if (!(await input.isVisible().catch(() => false))) await page.keyboard.press('F1');
      const placeholder = await input.getAttribute('placeholder', { timeout: 1000 }).catch(() => null);
      return placeholder === PALETTE_PLACEHOLDER;
    }, { timeout: 5000, interval: 300, message: 'the command palette' });
    // Short: if the palette closed meanwhile (focus taken by a notification, say), reopen it.
    await input.fill(`>${title}`, { timeout: 2000 });
    return waitFor(findEntry, { timeout: 3000, message: 'entry' }).catch(() => null);
  }, { timeout, interval: 0, message: `command palette entry "${title}"` });
  if (!entry.focused) {
    // Move the focus onto the exact entry (it may not be the first match).
    await waitFor(async () => {
      const focused = await page.evaluate(({ title: t }) => {
        const row = document.querySelector('.quick-input-widget .quick-input-list .monaco-list-row.focused');
        return (row?.querySelector('.label-name')?.textContent ?? '').trim() === t;
      }, { title });
      if (!focused) await page.keyboard.press('ArrowDown');
      return focused;
    }, { timeout, interval: 50, message: `focus on palette entry "${title}"` });
  }
  await page.keyboard.press('Enter');
  // The palette closes, or turns into the command's own input (another placeholder).
  await waitFor(async () => {
    if (!(await input.isVisible().catch(() => false))) return true;
    const placeholder = await input.getAttribute('placeholder', { timeout: 1000 }).catch(() => null);
    const value = await input.inputValue({ timeout: 1000 }).catch(() => '');
    return placeholder !== PALETTE_PLACEHOLDER || !value.startsWith('>');
  }, { timeout, message: `the palette to run "${title}"` });
}

/**
 * Types into the input box a command opened (showInputBox / QuickPick filter) and presses
 * Enter (unless submit: false). password: true waits for a masked input. prompt: matcher for
 * the message under the box. Returns the prompt text.
 */
export async function typeIntoInputBox(page, text, { password = false, submit = true, prompt, timeout = DEFAULT_TIMEOUT } = {}) {
  const input = page.locator(QUICK_INPUT_BOX).first();
  const info = await waitFor(async () => {
    if (!(await input.isVisible().catch(() => false))) return null;
    const i = await input.evaluate((el) => ({
      type: el.type, placeholder: el.placeholder, value: el.value,
      prompt: (document.querySelector('.quick-input-widget .quick-input-message')?.textContent ?? '').trim(),
    }));
    if (i.placeholder === PALETTE_PLACEHOLDER && i.value.startsWith('>')) return null;
    if (password && i.type !== 'password') return null;
    if (prompt !== undefined && !matches(prompt, i, [i.prompt, i.placeholder])) return null;
    return i;
  }, { timeout, message: `an input box${password ? ' (password)' : ''}${prompt ? ` with prompt ${describe(prompt)}` : ''}` });
  await input.fill(text);
  if (submit) {
    await page.keyboard.press('Enter');
    await waitFor(async () => {
      if (!(await input.isVisible().catch(() => false))) return true;
      const value = await input.inputValue({ timeout: 1000 }).catch(() => '');
      return value !== text; // replaced by the next step's input
    }, { timeout, message: 'the input box to accept' });
  }
  return info.prompt;
}

/** Rows of the open quick pick: [{ label, description, detail, ariaLabel, focused }]. */
export async function quickPickItems(page) {
  return page.evaluate(() => [...document.querySelectorAll('.quick-input-widget .quick-input-list .monaco-list-row')].map((r) => ({
    label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
    description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
    detail: (r.querySelector('.quick-input-list-label-meta')?.textContent ?? '').trim(),
    ariaLabel: r.getAttribute('aria-label') ?? '',
    focused: r.classList.contains('focused'),
  })));
}
