// Accounts: after setting a token, the Accounts menu (activity bar) lists the Tesults account;
// Sign Out there brings the welcome view back and the token is gone; with two projects signed in
// (the server knows a second token with a data set of its own), both appear in the tree, each
// with its own targets, and the status bar names the default project (with one, it names none).
import assert from 'node:assert/strict';

export const name = 'accounts: Tesults account in the Accounts menu, Sign Out there, two projects side by side';

const MOBILE_TOKEN = 'e2e-mobile-token-0123456789';
export const server = { preset: 'e2e', extraArgs: ['--project', `mobile:${MOBILE_TOKEN}:demo`] };
export const timeout = 240_000;
export const settings = { 'tesults.defaultTarget': 'e2e-web (playwright)' };
const STATUS_ID = /\.tesults\.status$/;

const MENU_ITEM = '.monaco-menu .action-item a.action-menu-item';

/** Opens the Accounts menu and returns its entries' labels. */
async function openAccountsMenu(page, harness) {
  const button = page.locator('.activitybar .codicon-accounts-view-bar-icon, .activitybar .global-activity [aria-label^="Accounts"]').first();
  return harness.waitFor(async () => {
    if (!(await page.locator(MENU_ITEM).first().isVisible().catch(() => false))) {
      await button.click({ timeout: 5000 });
      await page.locator(MENU_ITEM).first().waitFor({ state: 'visible', timeout: 2000 }).catch(() => {});
    }
    const labels = (await page.locator(`${MENU_ITEM} .action-label`).allTextContents().catch(() => [])).map((l) => l.trim()).filter(Boolean);
    return labels.length ? labels : undefined;
  }, { message: 'the Accounts menu' });
}

/** The Tesults entries of the Accounts menu (the menu is closed again). */
async function tesultsAccounts(page, harness) {
  const labels = await openAccountsMenu(page, harness);
  await page.keyboard.press('Escape');
  return labels.filter((l) => /\(Tesults\)/.test(l));
}

/** Accounts menu > account > Sign Out, then confirms the dialog. */
async function signOut(page, harness, accountLabel) {
  await openAccountsMenu(page, harness);
  const account = page.locator(MENU_ITEM).filter({ has: page.locator('.action-label', { hasText: accountLabel }) }).first();
  const signOutEntry = page.locator(MENU_ITEM).filter({ has: page.locator('.action-label', { hasText: /^\s*Sign Out\s*$/ }) }).first();
  await harness.waitFor(async () => {
    if (!(await signOutEntry.isVisible().catch(() => false))) {
      await account.hover({ timeout: 5000 });
      await account.click({ timeout: 5000 }).catch(() => {});
      await signOutEntry.waitFor({ state: 'visible', timeout: 2000 }).catch(() => {});
    }
    return signOutEntry.isVisible().catch(() => false);
  }, { message: `"Sign Out" under ${accountLabel}` });
  const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^\s*Sign Out\s*$/ }).first();
  // A click on a submenu entry that is still opening can be lost (a loaded machine): click until the dialog asks.
  await harness.waitFor(async () => {
    if (await confirm.isVisible().catch(() => false)) return true;
    if (await signOutEntry.isVisible().catch(() => false)) await signOutEntry.click({ timeout: 5000 }).catch(() => {});
    return confirm.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false);
  }, { timeout: 20_000, message: 'the Sign Out confirmation' });
  await confirm.click();
}

export async function run({ page, server: srv, harness, shot }) {
  const host = new URL(srv.url).host;

  // 1. A token set through the welcome view is an account: "<host> (Tesults)".
  await harness.ensureToken(page, srv);
  const accounts = await harness.waitFor(async () => {
    const found = await tesultsAccounts(page, harness);
    return found.length ? found : undefined;
  }, { timeout: 30_000, message: 'a Tesults account in the Accounts menu' });
  assert.equal(accounts.length, 1, `accounts: ${accounts.join(', ')}`);
  assert.ok(accounts[0].includes(host), `the account is labelled with the API host: ${accounts[0]}`);
  const alone = await harness.statusBarItem(page, (i) => STATUS_ID.test(i.id) && /passed/.test(i.ariaLabel), { wait: true, timeout: 30_000 });
  assert.match(alone.ariaLabel, /^Tesults e2e-web \(playwright\): \d+ passed/, 'one project: the status bar names no project');
  await openAccountsMenu(page, harness);
  await shot('accounts-menu');
  await page.keyboard.press('Escape');

  // 2. Sign Out in the Accounts menu: the welcome view is back, the account (and its token) gone.
  await signOut(page, harness, host);
  await harness.openView(page, 'Tesults');
  await harness.waitFor(async () => {
    const w = await harness.welcomeView(page);
    return w.visible && w.buttons.includes('Set API Token');
  }, { timeout: 20_000, message: 'the welcome view with "Set API Token" after Sign Out' });
  assert.deepEqual(await harness.treeRows(page), [], 'no tree rows under the welcome view');
  await harness.waitFor(async () => !(await harness.statusBarItems(page)).some((i) => /\.tesults\.status$/.test(i.id)), { message: 'no Tesults status bar item without a token' });

  // 3. Two projects: the token again (the first project), then Add Project… with the second
  // token and a name. The tree gets a project level; each project lists its own targets.
  await harness.ensureToken(page, srv);
  await harness.runCommand(page, 'Tesults: Add Project…');
  await harness.typeIntoInputBox(page, MOBILE_TOKEN, { password: true });
  await harness.typeIntoInputBox(page, 'Mobile', { prompt: /name of this Tesults project/i });
  const signedIn = await harness.waitFor(async () => {
    const found = await tesultsAccounts(page, harness);
    return found.length === 2 ? found : undefined;
  }, { timeout: 30_000, message: 'two Tesults accounts in the Accounts menu' });
  assert.ok(signedIn.some((l) => l.startsWith('Mobile')) && signedIn.some((l) => l.includes(host)), `accounts: ${signedIn.join(', ')} (the signed-out one is gone)`);

  await harness.openView(page, 'Tesults');
  await harness.waitForTreeRow(page, (r) => r.level === 1 && r.label === host, { timeout: 20_000 });
  await harness.waitForTreeRow(page, (r) => r.level === 2 && r.label === 'e2e-web (playwright)', { timeout: 20_000 });
  await harness.expandTreeRow(page, (r) => r.level === 1 && r.label === 'Mobile');
  await harness.waitForTreeRow(page, (r) => r.level === 2 && r.label === 'web-e2e (playwright)', { timeout: 20_000 });
  const rows = await harness.treeRows(page);
  const projects = rows.filter((r) => r.level === 1).map((r) => r.label);
  assert.deepEqual(projects, [host, 'Mobile'], `project rows: ${projects.join(', ')}`);
  const mobile = harness.childRows(rows, rows.find((r) => r.level === 1 && r.label === 'Mobile')).map((r) => r.label);
  assert.ok(mobile.includes('api-unit (jest)') && !mobile.some((l) => l.startsWith('e2e-')), `Mobile's targets: ${mobile.join(', ')}`);
  const main = harness.childRows(rows, rows.find((r) => r.level === 1 && r.label === host)).map((r) => r.label);
  assert.ok(main.includes('e2e-backend (mocha)') && !main.includes('api-unit (jest)'), `${host}'s targets: ${main.join(', ')}`);
  await shot('two-projects', { publish: 'projects.png', clip: await harness.sidebarClip(page, { height: 360 }) });
  const named = `Tesults ${host} / e2e-web (playwright): `;
  await harness.statusBarItem(page, (i) => STATUS_ID.test(i.id) && i.ariaLabel.startsWith(named), { wait: true, timeout: 30_000 }).catch(async (e) => {
    throw new Error(`${e.message}: ${JSON.stringify((await harness.statusBarItems(page)).filter((i) => STATUS_ID.test(i.id)))}`);
  });

  // 4. The name is editable: Rename Project… picks the project, then the new name shows in the
  // Accounts menu and on its project row.
  await harness.runCommand(page, 'Tesults: Rename Project…');
  await harness.waitFor(async () => (await harness.quickPickItems(page)).some((i) => i.label === 'Mobile'), { message: 'the project pick' });
  // Picked with Enter, not checked as an accepted input: the rename box that follows is filled
  // with the current name, the same text, so "the box accepted" could not be told from it.
  await harness.typeIntoInputBox(page, 'Mobile', { prompt: /Tesults project/, submit: false });
  await harness.waitFor(async () => (await harness.quickPickItems(page)).some((i) => i.focused && i.label === 'Mobile'), { message: 'the project "Mobile" focused in the pick' });
  await page.keyboard.press('Enter');
  await harness.typeIntoInputBox(page, 'Mobile app', { prompt: /name of this Tesults project/i });
  await harness.waitFor(async () => (await tesultsAccounts(page, harness)).some((l) => l.startsWith('Mobile app')), { timeout: 30_000, message: '"Mobile app (Tesults)" in the Accounts menu' });
  await harness.openView(page, 'Tesults');
  await harness.waitForTreeRow(page, (r) => r.level === 1 && r.label === 'Mobile app', { timeout: 20_000 });
}
