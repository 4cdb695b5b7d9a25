// Webviews (panels and views): the extension's document inside VS Code's nested iframes.
import { DEFAULT_TIMEOUT } from './processes.mjs';
import { describe, matches } from './match.mjs';
import { waitFor } from './wait.mjs';

/**
 * The content frame of a webview (panel or view) whose title matches titleMatcher (string: exact
 * or substring; RegExp; predicate on { title, documentTitle, visible, src }). Webviews are two
 * nested iframes: iframe.webview (VS Code's host page) > iframe#active-frame, whose title
 * attribute is the panel/view title, holding the extension's document. Waits until it exists
 * and its body has content; prefers visible webviews (hidden ones are torn down anyway).
 */
export async function webviewFrame(page, titleMatcher, { timeout = DEFAULT_TIMEOUT, extensionId } = {}) {
  return waitFor(async () => {
    const candidates = [];
    for (const handle of await page.$$('iframe.webview')) {
      const src = (await handle.getAttribute('src').catch(() => '')) ?? '';
      if (extensionId && !src.includes(`extensionId=${extensionId}`)) continue;
      const visible = await handle.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const style = window.getComputedStyle(el.parentElement ?? el);
        return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
      }).catch(() => false);
      const outer = await handle.contentFrame();
      for (const inner of outer?.childFrames() ?? []) {
        const el = await inner.frameElement().catch(() => null);
        const attrs = await el?.evaluate((e) => ({ id: e.id, title: e.getAttribute('title') ?? '' })).catch(() => null);
        if (!attrs || attrs.id !== 'active-frame') continue;
        const documentTitle = await inner.title().catch(() => '');
        const hasBody = await inner.evaluate(() => !!document.body && document.body.childElementCount > 0).catch(() => false);
        if (hasBody) candidates.push({ frame: inner, title: attrs.title, documentTitle, visible, src });
      }
    }
    candidates.sort((x, y) => Number(y.visible) - Number(x.visible));
    const hit = candidates.find((c) => matches(titleMatcher, c, [c.title, c.documentTitle])
      || (typeof titleMatcher === 'string' && (c.title.includes(titleMatcher) || c.documentTitle.includes(titleMatcher))));
    return hit?.frame;
  }, { timeout, interval: 250, message: `webview ${describe(titleMatcher)}` });
}

/**
 * Evaluates fn(arg) in the document of a webview (see webviewFrame) until until(result) is
 * truthy, and returns that result. The frame is looked up again on every try: a webview whose
 * html is replaced (a new case shown) gets a new document and the old frame detaches.
 */
export async function webviewEvaluate(page, titleMatcher, fn, arg, { until = (v) => v, timeout = DEFAULT_TIMEOUT, message } = {}) {
  let last;
  return waitFor(async () => {
    const frame = await webviewFrame(page, titleMatcher, { timeout: Math.min(timeout, 3000) });
    last = await frame.evaluate(fn, arg);
    return until(last) ? last : undefined;
  }, { timeout, interval: 200, message: message ?? `webview ${describe(titleMatcher)} content` }).catch((e) => {
    throw new Error(`${e.message}${last !== undefined ? `; last result: ${JSON.stringify(last).slice(0, 500)}` : ''}`);
  });
}
