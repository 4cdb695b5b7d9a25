// Runs inside the VS Code extension host (see runTest.mjs): activates the extension under
// development and checks that every command the manifest contributes is registered.
const assert = require('node:assert/strict');
const path = require('node:path');
const mochaModule = require('mocha');

const Mocha = mochaModule.Mocha ?? mochaModule.default ?? mochaModule; // mocha 12 exports { Mocha }

function suite({ describe, it }) {
  const vscode = require('vscode');
  const manifest = require(path.resolve(__dirname, '../../package.json'));
  const id = `${manifest.publisher}.${manifest.name}`;

  describe('Tesults extension in VS Code', function () {
    this.timeout(60_000);

    it('activates', async () => {
      const ext = vscode.extensions.getExtension(id);
      assert.ok(ext, `extension ${id} not found`);
      await ext.activate();
      assert.equal(ext.isActive, true);
    });

    it('registers every contributed command', async () => {
      const registered = new Set(await vscode.commands.getCommands(true));
      const contributed = manifest.contributes.commands.map((c) => c.command);
      const missing = contributed.filter((c) => !registered.has(c));
      assert.deepEqual(missing, [], `not registered: ${missing.join(', ')}`);
    });
  });
}

/** Entry point called by @vscode/test-electron. */
function run() {
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 60_000, reporter: path.resolve(__dirname, '../reporter.cjs') });
  const bdd = {};
  mocha.suite.emit('pre-require', bdd, 'tesults-suite', mocha);
  suite(bdd);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}

module.exports = { run };
