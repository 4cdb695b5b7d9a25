// Clear API Token: the welcome view with "Set API Token" is back, the tree is gone, and the
// status bar item offers to set a token (clicking it asks for one).
import assert from 'node:assert/strict';

export const name = 'clear token: welcome view with "Set API Token" again, status bar offers to set a token';

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

  const item = await harness.statusBarItem(page, (i) => ITEM_ID.test(i.id) && /set API token/i.test(i.ariaLabel), { wait: true });
  assert.equal(item.text, 'Tesults');
  assert.deepEqual(item.icons, ['beaker']);
  assert.ok(!['error', 'warning'].includes(item.kind), `no error/warning background any more: ${item.className}`);
  await shot('token-cleared', { clip: await harness.sidebarClip(page, { height: 300 }) });

  // The item asks for a token.
  await harness.clickStatusBarItem(page, (i) => ITEM_ID.test(i.id));
  const prompt = await harness.typeIntoInputBox(page, '', { password: true, submit: false });
  assert.match(prompt, /API token/i);
  await harness.closeQuickInput(page);
}
