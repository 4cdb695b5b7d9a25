// A workspace never decides where the token goes (issue 12 §1): the opened folder's
// .vscode/settings.json points tesults.apiUrl at a SECOND local Tesults server (one that would
// even accept the token), while the user settings point at the first. The second server receives
// no request at all (none with the token), the tree loads from the user's URL, and the log says
// at most once that the workspace value is ignored.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

export const name = 'workspace apiUrl: a second server named by .vscode/settings.json gets no token; the tree loads from the user URL';
export const fresh = true;
export const workspace = 'test/e2e/fixtures/workspace';

const IGNORED = /Ignoring tesults\.apiUrl "([^"]+)" from the workspace settings/;

export async function run({ page, server, harness, codeServer }) {
  // Same token as the user's server: if the token leaked there, it would even be accepted.
  const second = await harness.startTesultsServer({ preset: 'e2e', token: server.token });
  try {
    // The workspace also pins a target (a setting a workspace may set): when that target shows
    // pinned, VS Code has read the file.
    const targets = await harness.apiTargets(server);
    const pinned = targets[1];
    const settingsDir = path.join(codeServer.workspaceFolder, '.vscode');
    fs.mkdirSync(settingsDir, { recursive: true });
    fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify({ 'tesults.apiUrl': second.url, 'tesults.defaultTarget': pinned.id }, null, 2));

    // The token check, the targets and a refresh all go to the user's server.
    await harness.ensureToken(page, server);
    await harness.openView(page, 'Tesults');
    await harness.waitForTreeRow(page, (r) => r.level === 1 && r.label === pinned.name && /default/.test(r.description), {
      timeout: 20_000, message: `${pinned.name} pinned by the workspace settings`,
    });
    await harness.runCommand(page, 'Tesults: Refresh');
    await harness.expandTreeRow(page, (r) => r.level === 1 && r.label === pinned.name);
    await harness.waitFor(async () => {
      const rows = await harness.treeRows(page);
      const target = rows.find((r) => r.level === 1 && r.label === pinned.name);
      return target && harness.childRows(rows, target).length > 0;
    }, { timeout: 20_000, message: `the runs of ${pinned.name}` });

    const userLog = await server.control('requests');
    assert.ok(userLog.requests.some((r) => r.auth && /\/(targets|results)/.test(r.path)), 'the user server served the token\'s requests');
    const secondLog = await second.control('requests');
    const withToken = secondLog.requests.filter((r) => r.auth && !r.path.startsWith('/__control'));
    assert.deepEqual(withToken.map((r) => `${r.method} ${r.path}`), [], 'requests carrying a token at the workspace\'s server');
    assert.equal(secondLog.requests.filter((r) => !r.path.startsWith('/__control')).length, 0, 'no request at all at the workspace\'s server');
    // VS Code itself may drop an application-scoped value from a workspace file; when it passes
    // it on, the extension says once that it ignores it.
    const log = harness.readExtensionLog(codeServer);
    const said = log.split('\n').filter((l) => IGNORED.test(l));
    assert.ok(said.length <= 1, `said at most once: ${said.join('\n')}`);
    if (said.length === 1) assert.equal(IGNORED.exec(said[0])[1], second.url);
    assert.ok(!log.includes(server.token), 'no token in the log');
  } finally {
    await second.stop();
  }
}
