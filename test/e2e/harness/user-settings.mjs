// Changing a user setting while the workbench runs. code-server reads User/settings.json when the
// window loads but does not apply edits made to that file on disk while it runs (seen for window-
// and application-scoped keys alike: nothing reached the extension within 40 s), so a live change
// goes where a user makes it: the Settings editor, User tab.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_TIMEOUT } from './processes.mjs';
import { runCommand } from './quick-input.mjs';
import { waitFor } from './wait.mjs';

const SETTINGS_SEARCH = '.settings-editor .settings-header .suggest-input-container textarea';

function userSettingValue(userDataDir, key) {
  try {
    return JSON.parse(fs.readFileSync(path.join(userDataDir, 'User', 'settings.json'), 'utf8'))[key];
  } catch {
    return undefined; // not there yet, or caught mid-write
  }
}

/**
 * Sets a string setting in the user settings through the Settings editor, waits until VS Code has
 * written it to User/settings.json, and closes the editor again.
 */
export async function setUserSetting(page, codeServer, key, value, { timeout = DEFAULT_TIMEOUT } = {}) {
  await runCommand(page, 'Preferences: Open User Settings');
  const search = page.locator(SETTINGS_SEARCH).first();
  await search.waitFor({ state: 'visible', timeout });
  await search.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(`@id:${key}`);
  // The row of that setting (the list shows others until the search has run).
  const input = page.locator(`.settings-editor .settings-body .setting-item-contents[data-key="${key}"] .setting-item-control input`).first();
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(value);
  await waitFor(() => userSettingValue(codeServer.userDataDir, key) === value, { timeout, message: `${key} = ${value} in User/settings.json` });
  await runCommand(page, 'View: Close Editor');
}
