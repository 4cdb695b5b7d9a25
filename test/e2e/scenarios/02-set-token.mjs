// Setting the API token through the welcome view's button (password input box) makes the tree
// show the targets the Tesults server has for that token.
import assert from 'node:assert/strict';

export const name = 'set token: welcome button, password input, targets in the tree';

export async function run({ page, server, harness, shot }) {
  const res = await globalThis.fetch(`${server.url}/targets`, { headers: { authorization: `Bearer ${server.token}` } });
  const targets = (await res.json()).data?.targets ?? [];
  assert.ok(targets.length > 0, 'the Tesults server has no targets for the token');

  await harness.openView(page, 'Tesults');
  const welcome = await harness.welcomeView(page);
  if (welcome.visible && welcome.buttons.includes('Set API Token')) await harness.clickWelcomeButton(page, 'Set API Token');
  else await harness.runCommand(page, 'Tesults: Set API Token');
  await harness.typeIntoInputBox(page, server.token, { password: true });

  for (const t of targets.slice(0, 5)) {
    await harness.waitForTreeRow(page, (r) => r.label === t.name || r.ariaLabel.includes(t.name), { timeout: 20_000 });
  }
  assert.equal((await harness.welcomeView(page)).visible, false, 'the welcome view is still showing');
  const errors = (await harness.notifications(page)).filter((n) => n.severity === 'error');
  assert.deepEqual(errors, [], `error notifications: ${JSON.stringify(errors)}`);
  await shot('targets', { publish: 'targets.png', clip: await harness.sidebarClip(page, { height: 360 }) });
}
