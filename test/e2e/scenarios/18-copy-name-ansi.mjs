// "Copy Name" copies the name as the tree shows it. A case name with ANSI colour codes (as some
// reporters send) is shown without them in the tree, the panel title and the details panel;
// the clipboard must not get the escape sequences either. "Copy Failure Reason" already strips
// them (checked here with a raw-ESC reason, as jest/mocha colour output has).
//
// Found a bug once (Copy Name wrote the name with its escapes to the clipboard); it guards the
// fix.
import assert from 'node:assert/strict';
import * as ui from '../ui-helpers.mjs';

export const name = 'copy name of a case with ANSI colours in its name: the clipboard holds the name as shown (no escapes)';

const TARGET = 'e2e-api (jest)';
const ESC = '\u001b';
const RAW_NAME = `totals ${ESC}[1mEUR${ESC}[22m basket ${ESC}[31m(regression)${ESC}[39m`;
const SHOWN_NAME = 'totals EUR basket (regression)';
const RAW_REASON = `${ESC}[31mError${ESC}[39m: expected ${ESC}[32m10${ESC}[39m, received ${ESC}[31m11${ESC}[39m`;

export async function run({ page, server, harness, codeServer, workbench }) {
  await harness.ensureToken(page, server);
  await ui.grantClipboard(workbench, codeServer);
  try {
    const [latest] = await harness.apiRuns(server, TARGET);
    const run = structuredClone(latest);
    delete run.created_time;
    const [c] = harness.runCases(run);
    Object.assign(c, { name: RAW_NAME, result: 'fail', reason: RAW_REASON });
    const targetId = String((await harness.apiTargets(server)).find((t) => t.name === TARGET).id);
    await server.control('runs', { target: targetId, run });

    await harness.runCommand(page, 'Tesults: Refresh');
    await harness.openView(page, 'Tesults');
    await harness.clickViewAction(page, 'Collapse All');
    await ui.expandNewestRun(page, TARGET, { pushed: true });
    await harness.expandTreeRow(page, (r) => r.level === 3 && harness.suiteName(r) === c.suite);
    const row = await harness.waitForTreeRow(page, (r) => r.level === 4 && r.label.startsWith('totals'));
    assert.equal(row.label, SHOWN_NAME, 'the tree shows the name without escapes');
    const isCase = (r) => r.level === 4 && r.label === SHOWN_NAME;

    const reason = await ui.clipboardAfter(page, () => harness.treeRowContextMenu(page, isCase, 'Copy Failure Reason'), { what: 'the reason in the clipboard' });
    assert.equal(reason, 'Error: expected 10, received 11');

    const copied = await ui.clipboardAfter(page, () => harness.treeRowContextMenu(page, isCase, 'Copy Name'), { what: 'the name in the clipboard' });
    assert.equal(copied, SHOWN_NAME, `Copy Name copies the name as the tree shows it (got ${JSON.stringify(copied)})`);
  } finally {
    await server.control('reset', {});
  }
}
