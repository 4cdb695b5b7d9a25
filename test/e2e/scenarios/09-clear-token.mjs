// Clear API Token: the welcome view with "Set API Token" is back, the tree is gone, and the
// status bar item is gone (no token: the user may not use Tesults in this window).
import assert from 'node:assert/strict';

export const name = 'clear token: welcome view with "Set API Token" again, no status bar item';

const ITEM_ID = /\.tesults\.status$/;

export async function run({ page, server, harness, shot }) {
  await harness.ensureToken(page, server);
  await harness.runCommand(page, 'Tesults: Clear API Token');
  await harness.waitForNotification(page, 'Tesults API token removed.');

  const welcome = await harness.waitFor(async () => {
    const w = await harness.welcomeView(page);
    return w.visible && w.buttons.includes('Set API Token') ? w : undefined;
  }, { message: 'the welcome view with "Set API Token"' });
  assert.match(welcome.text, /API token/i);
  assert.deepEqual(await harness.treeRows(page), [], 'no tree rows under the welcome view');

  await harness.waitFor(async () => !(await harness.statusBarItems(page)).some((i) => ITEM_ID.test(i.id)), { message: 'no Tesults status bar item without a token' });
  await shot('token-cleared', { clip: await harness.sidebarClip(page, { height: 300 }) });
}
