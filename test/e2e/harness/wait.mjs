// Waiting on conditions: the one polling primitive every helper and scenario uses.
import { DEFAULT_TIMEOUT } from './processes.mjs';

/**
 * Polls fn until it returns a truthy value (returned) or the timeout passes (throws with the
 * message and the last value/error seen).
 */
let generation = 0;
/**
 * Makes every waitFor started before now fail at its next poll. The runner calls it when a
 * scenario times out, so the abandoned scenario stops pressing keys into the next one.
 */
export function cancelPendingWaits() { generation++; }

export async function waitFor(fn, { timeout = DEFAULT_TIMEOUT, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  const gen = generation;
  let last;
  let lastError;
  for (;;) {
    if (gen !== generation) throw Object.assign(new Error(`cancelled while waiting for ${message}`), { fatal: true });
    try {
      last = await fn();
      if (last) return last;
      lastError = undefined;
    } catch (e) {
      if (e?.fatal) throw e;
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? `; last error: ${lastError.message ?? lastError}` : last === undefined ? '' : `; last value: ${JSON.stringify(last)}`;
      throw new Error(`Timed out after ${timeout} ms waiting for ${message}${detail}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * For a claim that something does not happen (no status bar item, no notification): polls
 * check for ms and throws at the first poll where it is false. An observation window, not a
 * sleep before acting: it never makes a test wait for something to happen, so load cannot make
 * it fail, only shorten what it observes.
 */
export async function holdsFor(check, { ms, interval = 250, message = 'condition' }) {
  const end = Date.now() + ms;
  for (;;) {
    if (!(await check())) throw new Error(`${message} stopped holding within ${ms} ms`);
    if (Date.now() >= end) return;
    await new Promise((r) => setTimeout(r, interval));
  }
}
