// A wrong token: "Set API Token" with a token Tesults rejects says so in the input box (no
// notification that could outlive the right token) and keeps the stored one; a stored token the
// server starts rejecting keeps the targets on screen, and the view message and the target's row
// say what is wrong, the row offering "Set API Token". After the right token, no stale "rejected".
import assert from 'node:assert/strict';

export const name = 'wrong token: rejected token not saved; stored token rejected later → old targets + "Set API Token"';

const TARGET = 'e2e-backend (mocha)';
const TOKEN_ROW = 'Token rejected — Set API Token';

export async function run({ page, server, harness, shot }) {
  await harness.ensureToken(page, server);
  const targetLabels = async () => (await harness.treeRows(page)).filter((r) => r.level === 1).map((r) => r.label);
  const before = await targetLabels();
  assert.ok(before.includes(TARGET), `targets: ${before.join(', ')}`);

  try {
    // 1. A token Tesults rejects is not saved.
    await harness.runCommand(page, 'Tesults: Set API Token');
    await harness.typeIntoInputBox(page, 'not-the-right-token-0000', { password: true, submit: false });
    await page.keyboard.press('Enter');
    // The verdict shows in the input box, which stays open for another try: no notification
    // that could outlive the token that fixes it.
    const rejected = await harness.waitFor(async () => {
      const m = await quickInputMessage(page);
      return /rejected/i.test(m) ? m : undefined;
    }, { timeout: 20_000, message: 'the input box saying the token was rejected' });
    assert.match(rejected, /not saved/i);
    assert.equal((await harness.notifications(page)).filter((n) => /rejected/i.test(n.message)).length, 0, 'no "rejected" notification');
    await shot('token-rejected');
    await harness.closeQuickInput(page);

    // ...the stored token still works: a Refresh is answered without any 401.
    const since = Date.now();
    await harness.clickViewAction(page, 'Refresh');
    await harness.waitFor(async () => {
      const log = (await server.control('requests')).requests.filter((r) => r.time >= since && r.path === '/api/targets');
      if (log.some((r) => r.status === 401)) throw Object.assign(new Error(`the refresh was rejected: ${JSON.stringify(log)}`), { fatal: true });
      return log.some((r) => r.status === 200);
    }, { message: 'a refresh of the targets answered 200' });
    assert.deepEqual(await targetLabels(), before);
    assert.equal(await harness.viewMessage(page), '');

    // 2. The server now rejects the stored token: the targets stay, the message says why.
    await server.control('faults', { status: 401, count: 100_000 });
    await harness.clickViewAction(page, 'Refresh');
    const message = await harness.waitFor(async () => {
      const m = await harness.viewMessage(page);
      return /Refresh failed/.test(m) ? m : undefined;
    }, { timeout: 20_000, message: 'the view message "Refresh failed…"' });
    assert.match(message, /rejected the API token/i);
    assert.match(message, /Set API Token/);
    assert.match(message, /Showing results loaded at/);
    // Each target loaded before is still a row (the view message above the tree can push the last one out of view: bring it in).
    for (const label of before) await harness.revealTreeRow(page, (r) => r.level === 1 && r.label === label, { timeout: 10_000 });
    assert.equal((await harness.welcomeView(page)).visible, false, 'no welcome view over the old targets');

    // A target expanded now says the token was rejected, with the way out in the row.
    await harness.expandTreeRow(page, TARGET);
    const row = await harness.waitFor(async () => {
      const rows = await harness.treeRows(page);
      const target = rows.find((r) => r.level === 1 && r.label === TARGET);
      return target && harness.childRows(rows, target).find((r) => r.label === TOKEN_ROW);
    }, { timeout: 20_000, message: `"${TOKEN_ROW}" under ${TARGET}` });
    assert.equal(row.icon, 'warning');
    assert.match(row.ariaLabel, /rejected/i);
    await shot('stored-token-rejected', { clip: await harness.sidebarClip(page, { height: 300 }) });

    // The server takes the token again; the row's "Set API Token" asks for it and all comes back.
    await server.control('reset', {});
    await harness.runCommand(page, 'Notifications: Clear All Notifications');
    await harness.clickTreeRow(page, (r) => r.index === row.index && r.label === TOKEN_ROW);
    await harness.typeIntoInputBox(page, server.token, { password: true });
    await harness.waitForNotification(page, 'Tesults accepted the token.', { timeout: 20_000, center: true });
    const stale = (await harness.allNotifications(page)).filter((n) => /rejected/i.test(n.message));
    assert.deepEqual(stale, [], 'no "rejected" message next to "accepted"');
    await harness.waitForNoTreeRow(page, TOKEN_ROW, { timeout: 20_000 });
    await harness.waitFor(async () => (await harness.viewMessage(page)) === '', { message: 'no view message' });
    await harness.waitFor(async () => JSON.stringify(await targetLabels()) === JSON.stringify(before), { message: 'the targets again' });
  } finally {
    await server.control('reset', {});
    await harness.closeQuickInput(page).catch(() => {});
  }
}

/** The validation message (or prompt) the open input box shows. */
function quickInputMessage(page) {
  return page.evaluate(() => (document.querySelector('.quick-input-widget .quick-input-message')?.textContent ?? '').trim());
}
