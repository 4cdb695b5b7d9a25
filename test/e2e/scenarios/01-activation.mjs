// The extension is installed, its activity bar entry exists, and opening it shows the welcome
// view (no token stored yet) with a "Set API Token" button, without any error notification.
import assert from 'node:assert/strict';

export const name = 'activation: activity bar entry and welcome view';

export async function run({ page, harness, codeServer, extensionId, shot }) {
  const installed = harness.listInstalledExtensions(codeServer);
  assert.ok(installed.some((e) => e.startsWith(`${extensionId}@`)), `${extensionId} not installed: ${installed.join(', ')}`);

  await harness.waitFor(() => harness.activityBarHas(page, 'Tesults'), { message: 'the Tesults activity bar entry' });
  await harness.openView(page, 'Tesults');
  const welcome = await harness.waitFor(async () => {
    const w = await harness.welcomeView(page, 'tesults.results');
    return w.visible && w.buttons.includes('Set API Token') ? w : undefined;
  }, { message: 'the welcome view with a "Set API Token" button' });
  assert.match(welcome.text, /Tesults/);

  const errors = (await harness.allNotifications(page)).filter((n) => n.severity === 'error');
  assert.deepEqual(errors, [], `error notifications: ${JSON.stringify(errors)}`);
  await shot('welcome', { publish: 'welcome.png', clip: await harness.sidebarClip(page, { height: 360 }) });

  // The extension is listed among the enabled extensions in the Extensions view too.
  await harness.runCommand(page, 'Extensions: Show Enabled Extensions');
  await harness.waitFor(() => page.evaluate(() => [...document.querySelectorAll('.extensions-viewlet .monaco-list-row')]
    .some((r) => /Tesults/.test(r.getAttribute('aria-label') ?? ''))), { message: 'Tesults in the installed extensions list' });
  await shot('extensions-view');
  await harness.openView(page, 'Tesults');
  await harness.waitFor(async () => (await harness.welcomeView(page)).visible, { message: 'the welcome view again' });
}
