// Issue 12 §7: no markup from server text. Tooltips start with theme icons on (so `$(icon)` in a
// name is escaped, not rendered), hover command links survive ids with `)`, and log lines are one
// clipped line written after redaction.
import { strict as assert } from 'node:assert';
import { ResultsStore } from '../../src/store/store';
import type { Run, Target } from '../../src/model/types';
import { registerVscodeStub } from '../support/vscode-stub';
import { aCase, aRun, aTarget } from './helpers/builders';

registerVscodeStub();
/* eslint-disable @typescript-eslint/no-require-imports */
const { ResultsTreeProvider } = require('../../src/vscode/tree/provider') as typeof import('../../src/vscode/tree/provider');
const { commandUri, serverMarkdown } = require('../../src/vscode/markdown') as typeof import('../../src/vscode/markdown');
const { Log } = require('../../src/vscode/log') as typeof import('../../src/vscode/log');
/* eslint-enable @typescript-eslint/no-require-imports */

function storeWith(targets: Target[], runs: Record<string, Run[]>): ResultsStore {
  return new ResultsStore({
    api: { listTargets: async () => targets, fetchRuns: async (id) => ({ runs: runs[id] ?? [] }) },
    runsPerPage: () => 5,
  });
}

/** `$(` that would render as an icon: not written as `\$\(` by appendText's icon escaping. */
const LIVE_ICON = /(^|[^\\])\$\\?\(zap/;

describe('no markup from server text', () => {
  it('the target tooltip shows $(icon) in a name literally (theme icons on before any text)', async () => {
    const store = storeWith([aTarget('t1', '$(zap) deploy')], { t1: [aRun(1000, [aCase({ name: 'x', result: 'fail' })])] });
    const tree = new ResultsTreeProvider(store, { isDefaultTarget: () => true, onlyFailures: () => false, loadRuns: () => undefined });
    await store.loadTargets();
    await store.ensureRuns('t1');
    const tooltip = tree.getTreeItem(tree.getChildren()[0]).tooltip as { value: string; supportThemeIcons?: boolean };
    assert.equal(tooltip.supportThemeIcons, true, 'its own $(pinned) icon renders');
    assert.ok(tooltip.value.includes('$(pinned)'), tooltip.value);
    assert.ok(!LIVE_ICON.test(tooltip.value), `the name's $(zap) would render as an icon: ${tooltip.value}`);
    assert.ok(tooltip.value.includes('\\$\\(zap'), tooltip.value);
  });

  it('serverMarkdown starts with theme icons on, no HTML, only the listed commands trusted', () => {
    const md = serverMarkdown(['tesults.openCase']) as unknown as { supportThemeIcons?: boolean; supportHtml?: boolean; isTrusted?: unknown; value: string };
    assert.equal(md.supportThemeIcons, true);
    assert.equal(md.supportHtml, false);
    assert.deepEqual(md.isTrusted, { enabledCommands: ['tesults.openCase'] });
    assert.equal((serverMarkdown() as unknown as { isTrusted?: unknown }).isTrusted, undefined);
  });

  it('a command link stays one link whatever the id holds', () => {
    const args = [{ targetId: 'a) [x](command:evil', runId: "r'1(2)", caseIndex: 3 }];
    const uri = commandUri('tesults.openCase', args);
    assert.match(uri, /^command:tesults\.openCase\?[A-Za-z0-9%._~-]+$/, uri);
    const link = `[Show details](${uri})`;
    // The markdown link ends at the first `)`: that must be the closing one.
    assert.equal(link.indexOf(')'), link.length - 1, link);
    assert.deepEqual(JSON.parse(decodeURIComponent(uri.slice(uri.indexOf('?') + 1))), args);
  });

  it('a log line is one line, clipped, redacted before it is clipped', () => {
    const log = new Log();
    const token = 'tok-SECRET-0123456789';
    log.setSecrets([token]);
    assert.equal(log.logLine('name\n[error] forged line\r\nmore'), 'name [error] forged line more');
    const long = log.logLine(`x${'a'.repeat(100_000)}`);
    assert.ok(long.length <= 2000, `${long.length} characters`);
    const cut = log.logLine(`${'b'.repeat(1990)}${token}`);
    assert.ok(!cut.includes(token.slice(0, 8)), `a piece of the token survived clipping: ${cut.slice(-20)}`);
    log.dispose();
  });
});
