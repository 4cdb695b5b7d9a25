// The details panel's own buttons and keys, clicked in the webview as a user would: "Open in new
// panel" (a second panel with the case), "Reveal in tree" (the case row selected, the tree
// expanded to it), a History button (the same test in another run: the "Run" row changes),
// "Copy reason" (the clipboard), "Open in Tesults" (the browser opens run_url, a link on the Tesults
// server's own origin: the only links it opens), and
// the keys n / p (next / previous failure) with the focus in the panel.
import assert from 'node:assert/strict';
import * as ui from '../ui-helpers.mjs';

export const name = 'details panel buttons: new panel, reveal in tree, history, copy reason, open in Tesults, keys n/p';

const TARGET = 'e2e-web (playwright)';

export async function run({ page, server, harness, codeServer, workbench, shot }) {
  await harness.ensureToken(page, server);
  await ui.grantClipboard(workbench, codeServer);
  const [latest] = await harness.apiRuns(server, TARGET);
  const failing = harness.runCases(latest).filter((c) => c.result === 'fail');
  assert.ok(failing.length >= 2, 'the latest run has at least two failures (for n / p)');

  // The first failing case of the newest run, clicked in the tree.
  await harness.runCommand(page, 'View: Close All Editors');
  await harness.openView(page, 'Tesults');
  await harness.clickViewAction(page, 'Collapse All');
  const runRow = await ui.expandNewestRun(page, TARGET);
  const suite = await harness.waitForTreeRow(page, (r) => r.level === 3 && /failed/.test(r.description));
  await harness.expandTreeRow(page, (r) => r.level === 3 && r.label === suite.label);
  const caseRow = await ui.failingCaseRow(page, suite.label);
  const testCase = failing.find((c) => c.name === caseRow.label && c.suite === harness.suiteName(suite));
  assert.ok(testCase, `${caseRow.label} is a failure of the latest run`);
  await harness.clickTreeRow(page, (r) => r.level === 4 && r.label === caseRow.label);
  const panel = ui.panelOf(testCase.name);
  const shown = await harness.webviewEvaluate(page, panel, ui.readDetails, undefined, {
    until: (d) => d.name === testCase.name && /^\d+ of \d+$/.test(d.position), message: `the details of ${testCase.name}`,
  });
  assert.equal(shown.position.split(' of ')[1], String(failing.length), `"i of ${failing.length}"`);
  for (const b of ['Copy reason', 'Open in Tesults', 'Reveal in tree', 'Go to source', 'Open in new panel']) assert.ok(shown.buttons.includes(b), `button "${b}" in ${shown.buttons}`);

  // ---- Open in new panel: two tabs with the case's title.
  await ui.clickInWebview(page, panel, 'button', { hasText: 'Open in new panel' });
  const tabs = await harness.waitFor(async () => {
    const t = (await ui.editorTabs(page)).filter((x) => x === testCase.name);
    return t.length === 2 ? t : undefined;
  }, { timeout: 10_000, message: `two editor tabs "${testCase.name}"` }).catch(async (e) => { throw new Error(`${e.message}; tabs: ${JSON.stringify(await ui.editorTabs(page))}`); });
  assert.equal(tabs.length, 2);
  const pinned = await harness.webviewEvaluate(page, panel, ui.readDetails, undefined, { until: (d) => d.name === testCase.name, message: 'the new panel showing the case' });
  assert.equal(pinned.meta.Run, shown.meta.Run);
  await shot('two-panels');

  // ---- Reveal in tree: from a collapsed tree, the case row is selected.
  await harness.clickViewAction(page, 'Collapse All');
  await harness.waitForNoTreeRow(page, (r) => r.level === 4);
  await ui.clickInWebview(page, panel, 'button', { hasText: 'Reveal in tree' });
  const revealed = await harness.waitFor(async () => (await harness.treeRows(page)).find((r) => r.selected), { timeout: 10_000, message: 'a selected tree row' });
  assert.equal(revealed.label, testCase.name);
  assert.equal(revealed.level, 4);
  const rows = await harness.treeRowsWithAncestors(page, revealed);
  assert.equal(harness.parentRow(rows, revealed)?.label, suite.label, 'in its suite');
  assert.equal(harness.parentRow(rows, harness.parentRow(rows, revealed))?.label, runRow.label, 'in the newest run');

  // ---- History: the same test in another run; the "Run" row and the current marker move.
  const other = shown.history.find((h) => !h.current);
  assert.ok(other, `a history entry of another run: ${JSON.stringify(shown.history)}`);
  const when = / — run of (.+?)(?: \(shown\))?$/.exec(other.label)?.[1];
  assert.ok(when, `a time in "${other.label}"`);
  await ui.clickInWebview(page, panel, `button.hist[data-run-id="${other.runId}"]`);
  const inOther = await harness.webviewEvaluate(page, panel, ui.readDetails, undefined, {
    until: (d) => d.meta.Run?.startsWith(when), message: `the Run row at ${when}`,
  });
  assert.equal(inOther.name, testCase.name, 'the same test');
  assert.equal(inOther.history.find((h) => h.current)?.runId, other.runId, 'the strip marks that run as shown');
  assert.match(inOther.badges, new RegExp(other.label.split(' — ')[0]), `badge as in the strip (${other.label})`);
  // And back to the newest run.
  const back = inOther.history.find((h) => h.runId === shown.history.find((x) => x.current).runId);
  await ui.clickInWebview(page, panel, `button.hist[data-run-id="${back.runId}"]`);
  await harness.webviewEvaluate(page, panel, ui.readDetails, undefined, { until: (d) => d.meta.Run === shown.meta.Run, message: 'back in the newest run' });

  // ---- Copy reason: the clipboard, and "Reason copied" in the panel.
  const copied = await ui.clipboardAfter(page, () => ui.clickInWebview(page, panel, '#btn-copy'), { what: 'the reason in the clipboard' });
  assert.ok(!ui.ANSI_RE.test(copied), `no ANSI escape in the copied reason: ${JSON.stringify(copied.slice(0, 200))}`);
  const firstLine = ui.stripAnsi(JSON.parse(testCase.reason).message).split('\n')[0];
  assert.ok(copied.includes(firstLine), `the copied reason has "${firstLine}"`);
  await harness.webviewEvaluate(page, panel, ui.readDetails, undefined, { until: (d) => d.status === 'Reason copied', message: '"Reason copied" in the panel' });

  // ---- Open in Tesults (the panel's button): the browser opens the run's URL (on the server's origin).
  assert.equal(new URL(latest.run_url).origin, new URL(server.url).origin, 'run_url is on the Tesults origin');
  const openedUrl = await ui.openedUrlAfter(page, () => ui.clickInWebview(page, panel, 'button', { hasText: 'Open in Tesults' }), { link: latest.run_url });
  assert.ok(openedUrl, 'opened');

  // ---- Keys: n shows the next failure of the run, p the previous one.
  const [index, total] = shown.position.split(' of ').map(Number);
  await ui.clickInWebview(page, panel, 'h1.case-name'); // the focus into the panel's document
  await page.keyboard.press('n');
  const next = await harness.webviewEvaluate(page, (c) => c.visible !== false, ui.readDetails, undefined, {
    until: (d) => d.position === `${(index % total) + 1} of ${total}`, message: `"${(index % total) + 1} of ${total}" after n`,
  });
  assert.notEqual(next.name, testCase.name, 'another case');
  assert.ok(failing.some((c) => c.name === next.name), `${next.name} is a failure of the run`);
  await ui.clickInWebview(page, ui.panelOf(next.name), 'h1.case-name');
  await page.keyboard.press('p');
  await harness.webviewEvaluate(page, panel, ui.readDetails, undefined, { until: (d) => d.name === testCase.name && d.position === shown.position, message: `back at ${testCase.name} after p` });
  await shot('keys');
}
