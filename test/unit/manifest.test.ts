// The manifest is a public contract (command ids, settings): check it against the code.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TEST_FILE_GLOB } from '../../src/model/sourceSearch';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? readFileSync(join(dir, e.name), 'utf8') : ''))
    .join('\n');
}

describe('package.json', () => {
  const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const code = sources(join(root, 'src'));

  it('has the identity and entry point the issues fix, and no start-up activation', () => {
    assert.equal(pkg.name, 'tesults-vscode');
    assert.equal(pkg.displayName, 'Tesults');
    assert.equal(pkg.main, './dist/extension.js');
    assert.match(pkg.engines.vscode, /^\^1\.(\d+)\.0$/);
    assert.ok(Number(/^\^1\.(\d+)/.exec(pkg.engines.vscode)![1]) <= 90);
    // Views and commands activate implicitly; the only explicit event restores a details panel after a reload.
    assert.deepEqual(pkg.activationEvents, ['onWebviewPanel:tesults.caseDetails']);
    assert.ok(code.includes("DETAILS_VIEW_TYPE = 'tesults.caseDetails'"));
  });

  it('registers every contributed command in the code, and contributes every registered one', () => {
    for (const id of contributed) assert.ok(code.includes(`registerCommand('${id}'`), `${id} is never registered`);
    for (const m of code.matchAll(/registerCommand\('([^']+)'/g)) assert.ok(contributed.has(m[1]), `${m[1]} is registered but not contributed`);
  });

  it('only refers to contributed commands in menus, keybindings and welcome views', () => {
    const menus = Object.values(pkg.contributes.menus).flat() as { command: string }[];
    for (const item of [...menus, ...pkg.contributes.keybindings]) assert.ok(contributed.has(item.command), item.command);
    for (const welcome of pkg.contributes.viewsWelcome) {
      for (const m of (welcome.contents as string).matchAll(/\(command:([\w.]+)/g)) {
        assert.ok(contributed.has(m[1]) || m[1].startsWith('workbench.'), m[1]);
      }
    }
  });

  it('keeps the public settings and their defaults', () => {
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['tesults.apiUrl'].default, 'https://www.tesults.com/api');
    assert.equal(props['tesults.runsPerPage'].default, 10);
    assert.equal(props['tesults.runsPerPage'].minimum, 1);
    assert.equal(props['tesults.runsPerPage'].maximum, 100);
    assert.equal(props['tesults.refreshIntervalSeconds'].default, 60);
    assert.equal(props['tesults.requestTimeoutSeconds'].default, 30);
    assert.equal(props['tesults.testFileGlob'].default, DEFAULT_TEST_FILE_GLOB);
    for (const key of Object.keys(props)) assert.ok(!/token|secret|password/i.test(key), `${key}: secrets never live in settings`);
  });
});
