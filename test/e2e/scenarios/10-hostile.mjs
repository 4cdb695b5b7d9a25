// Hostile data renders as text: a Tesults server whose target, runs and cases are full of markup,
// script, javascript: links and beacons (the `hostile` preset). Names and reasons show literally
// in the tree and the details panel, nothing executes (no dialog), nothing loads (no beacon hit
// on the server for the whole scenario), and no markup from the data ends up in the DOM.
import assert from 'node:assert/strict';

export const name = 'hostile data: markup in names/reasons shows as text in the tree and details, no dialog, no beacon';
export const fresh = true;
export const server = { preset: 'hostile' };

/** Elements or attributes that the data could have smuggled in (evaluated in a document). */
function injected() {
  const root = document.querySelector('#workbench\\.parts\\.sidebar') ?? document.documentElement;
  const bad = [];
  for (const el of root.querySelectorAll('*')) {
    for (const a of el.getAttributeNames()) {
      const v = el.getAttribute(a) ?? '';
      if (/^on/i.test(a) && /alert|fetch|__beacon/.test(v)) bad.push(`${el.tagName}[${a}=${v.slice(0, 60)}]`);
      if (/^(src|href|srcset|data|action|formaction|xlink:href)$/i.test(a) && /__beacon|^\s*javascript:/i.test(v)) bad.push(`${el.tagName}[${a}=${v.slice(0, 60)}]`);
    }
    // The details page carries its data in a <script type="application/json">: data, as long as it is one JSON value.
    let json = false;
    if (el.tagName === 'SCRIPT' && el.type === 'application/json') { try { JSON.parse(el.textContent); json = true; } catch { /* not JSON: counts */ } }
    // VS Code's own acquireVsCodeApi script embeds the webview's saved state (which names the case).
    const vscodeApi = el.tagName === 'SCRIPT' && el.id === '_vscodeApiScript' && !el.src;
    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName) && !json && !vscodeApi && /alert|__beacon/.test(el.outerHTML)) bad.push(el.outerHTML.slice(0, 80));
  }
  return bad;
}

/** What the details panel's document shows (evaluated in it). */
function detailsSnapshot(check) {
  return {
    text: document.body.innerText,
    h1: document.querySelector('h1')?.textContent ?? '',
    bad: check(),
    scripts: [...document.scripts].filter((s) => s.type !== 'application/json' && s.id !== '_vscodeApiScript' && (/alert|__beacon/.test(s.textContent) || (s.src && !/details\.js/.test(s.src)))).map((s) => s.outerHTML.slice(0, 80)),
    jsonScripts: document.querySelectorAll('script[type="application/json"]').length,
  };
}

export async function run({ page, server: hostile, harness, workbench, shot }) {
  const beacons = async () => (await hostile.control('beacons')).count;
  assert.equal(await beacons(), 0, 'no beacon before the scenario');
  const beaconBase = `${hostile.baseUrl}/__beacon`;

  await harness.ensureToken(page, hostile);
  const targetRow = await harness.waitForTreeRow(page, (r) => r.level === 1 && r.label.startsWith('Hostile '), { timeout: 20_000 });
  assert.equal(targetRow.label, `Hostile <img src="${beaconBase}/target" onerror="alert(1)"> 🎯`, 'the target name, literally');

  // Target > runs > every suite of the newest run.
  await harness.expandTreeRow(page, (r) => r.level === 1 && r.label === targetRow.label);
  const runRow = await harness.waitFor(async () => {
    const rows = await harness.treeRows(page);
    const target = rows.find((r) => r.level === 1 && r.label === targetRow.label);
    const runs = target ? harness.childRows(rows, target) : [];
    return runs.length >= 3 && /passed/.test(runs[0].description) ? runs[0] : undefined;
  }, { timeout: 20_000, message: 'the 3 runs of the hostile target' });
  assert.match(runRow.label, / — 1\.0\.0-<script>alert\(1\)<\/script>$/, 'the build name, literally');
  await harness.expandTreeRow(page, (r) => r.level === 2 && r.label === runRow.label);
  const suites = await harness.waitFor(async () => {
    const rows = await harness.treeRows(page);
    const run = rows.find((r) => r.level === 2 && r.label === runRow.label);
    const list = run ? harness.childRows(rows, run) : [];
    return list.length >= 5 ? list.map((r) => r.label) : undefined;
  }, { message: 'the suites of the hostile run' });
  assert.ok(suites.includes('<script>alert("suite")</script>'), `suite names: ${JSON.stringify(suites)}`);
  for (const suite of suites) await harness.expandTreeRow(page, (r) => r.level === 3 && r.label === suite);

  const literalRows = [
    '<script>alert(1)</script>',
    `<img src=x onerror="fetch('${beaconBase}/img')">`,
    '"><svg onload=alert(1)>',
    'markdown [link](https://evil.example) **bold** `code`',
    'javascript: links',
  ];
  for (const label of literalRows) await harness.waitForTreeRow(page, (r) => r.level === 4 && r.label === label);
  assert.deepEqual(await page.evaluate(injected), [], 'markup from the data in the workbench DOM');
  await shot('hostile-tree', { clip: await harness.sidebarClip(page) });
  assert.equal(await beacons(), 0, 'beacons after the tree');

  // The details panel of the hostile cases: name (and reason) as text, no markup from the data.
  const opened = [
    { name: '<script>alert(1)</script>', text: ['<script>alert("suite")</script>', '<script>alert(1)</script>'] },
    { name: `<img src=x onerror="fetch('${beaconBase}/img')">`, text: [`<img src="${beaconBase}/img" onerror="alert(1)">`] },
    { name: 'javascript: links', text: ['javascript:alert(1)', `[click](javascript:alert(1)) ![x](${beaconBase}/img)`] },
    { name: 'closing script in custom JSON', text: ['</script><img src=x onerror=alert(1)>'] },
    { name: 'markdown [link](https://evil.example) **bold** `code`', text: ['<iframe src="https://evil.example"></iframe>'] },
  ];
  for (const c of opened) {
    await harness.clickTreeRow(page, (r) => r.level === 4 && r.label === c.name);
    // A string expression (not a function) so that `injected` can be inlined into it.
    const doc = await harness.webviewEvaluate(page, (w) => w.visible && w.title.length > 0 && !/walkthrough/i.test(w.title),
      `(${detailsSnapshot})(${injected})`, undefined,
      { until: (v) => v.text.includes(c.name), timeout: 20_000, message: `the details of ${JSON.stringify(c.name)}` });
    assert.equal(doc.h1.trim(), c.name, 'the heading is the name, literally');
    for (const t of c.text) assert.ok(doc.text.includes(t), `${JSON.stringify(c.name)}: the text ${JSON.stringify(t)} shows literally`);
    assert.deepEqual(doc.bad, [], `${JSON.stringify(c.name)}: markup from the data in the panel`);
    assert.deepEqual(doc.scripts, [], `${JSON.stringify(c.name)}: scripts from the data in the panel`);
  }
  await shot('hostile-details');

  assert.deepEqual(workbench.dialogs, [], 'no alert/confirm/prompt');
  assert.equal(await beacons(), 0, 'no beacon hit during the whole scenario');
}
