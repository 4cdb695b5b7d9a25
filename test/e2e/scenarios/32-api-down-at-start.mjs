// The API down from the first moment (every request answered 503), in a window with no token and
// nothing cached: Set API Token saves the token and says it could not be checked (with Retry);
// the Results view explains with its welcome view ("Tesults answered with an error", Retry, Show
// Log), not a blank tree or "Could not reach Tesults"; once the API answers again, the welcome
// view's Retry brings the targets.
import assert from 'node:assert/strict';

export const name = 'API down at start: token saved unchecked, "Tesults answered with an error" with Retry, the tree once it is back';
export const fresh = true;

export async function run({ page, server, harness, shot }) {
  await server.control('faults', { status: 503, count: 100_000 });
  try {
    await harness.openView(page, 'Tesults');
    await harness.clickWelcomeButton(page, 'Set API Token');
    await harness.typeIntoInputBox(page, server.token, { password: true });
    const saved = await harness.waitForNotification(page, /Token saved, but it could not be checked/, { timeout: 30_000 });
    assert.ok(!saved.message.includes(server.token), 'no token in the message');

    const welcome = await harness.waitFor(async () => {
      const w = await harness.welcomeView(page);
      return w.visible && /Tesults answered with an error/.test(w.text) ? w : undefined;
    }, { timeout: 30_000, message: 'the welcome view "Tesults answered with an error"' }).catch(async (e) => {
      throw new Error(`${e.message}: ${JSON.stringify(await harness.welcomeView(page))}`);
    });
    assert.ok(welcome.buttons.includes('Retry') && welcome.buttons.includes('Show Log'), `buttons: ${welcome.buttons.join(', ')}`);
    assert.ok(!/Could not reach/.test(welcome.text), welcome.text);
    assert.deepEqual(await harness.treeRows(page), [], 'no tree rows under the welcome view');
    await shot('api-down-welcome', { clip: await harness.sidebarClip(page, { height: 320 }) });
  } finally {
    await server.control('reset', {}); // the API answers again
  }

  await harness.clickWelcomeButton(page, 'Retry');
  await harness.waitFor(async () => (await harness.treeRows(page)).some((r) => r.level === 1), { timeout: 30_000, message: 'the targets after Retry' });
  const w = await harness.welcomeView(page);
  assert.equal(w.visible, false, `no welcome view once the targets load: ${w.text}`);
}
