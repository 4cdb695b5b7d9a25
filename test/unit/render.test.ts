import { strict as assert } from 'node:assert';
import { parse } from 'parse5';
import type { TestCase } from '../../src/model/types';
import type { CaseDetailsInput } from '../../src/webview/contract';
import { renderCaseDetails, renderMessage } from '../../src/webview/render';
import { escapeHtml, fileUrl, jsonForScript, safeExternalUrl } from '../../src/webview/html';
import { terminalToHtml } from '../../src/webview/ansi';

// ---- parse5 tree helpers ----------------------------------------------------------------------

interface Node {
  nodeName: string;
  tagName?: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Node[];
  content?: Node; // <template>
  value?: string; // text
}

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const c of node.childNodes ?? []) walk(c, visit);
  if (node.content) walk(node.content, visit);
}

function elements(doc: Node): Node[] {
  const out: Node[] = [];
  walk(doc, (n) => {
    if (n.tagName) out.push(n);
  });
  return out;
}

function attr(n: Node, name: string): string | undefined {
  return n.attrs?.find((a) => a.name === name)?.value;
}

/** All text of the body (scripts excluded), in document order. */
function bodyText(doc: Node): string {
  const parts: string[] = [];
  const rec = (n: Node): void => {
    if (n.nodeName === '#text') parts.push(n.value ?? '');
    if (n.tagName === 'script' || n.tagName === 'head') return;
    for (const c of n.childNodes ?? []) rec(c);
  };
  rec(doc);
  return parts.join('');
}

function byClass(doc: Node, cls: string): Node[] {
  return elements(doc).filter((e) => (attr(e, 'class') ?? '').split(/\s+/).includes(cls));
}

function textOf(n: Node): string {
  const parts: string[] = [];
  walk(n, (x) => {
    if (x.nodeName === '#text') parts.push(x.value ?? '');
  });
  return parts.join('');
}

const ALLOWED_TAGS = new Set([
  'html', 'head', 'body', 'meta', 'link', 'title', 'script', 'header', 'main', 'nav', 'section', 'div', 'span', 'p',
  'h1', 'h2', 'h3', 'dl', 'dt', 'dd', 'ol', 'ul', 'li', 'pre', 'code', 'strong', 'table', 'thead', 'tbody', 'tr', 'th',
  'td', 'button', 'img', 'details', 'summary',
]);

const PAGE = { cspSource: 'vscode-webview://abc', nonce: 'N0nCe123', styleUri: 'vscode-webview://abc/media/details.css', scriptUri: 'vscode-webview://abc/media/details.js' };
const CSP = `default-src 'none'; style-src ${PAGE.cspSource}; script-src 'nonce-${PAGE.nonce}'; img-src ${PAGE.cspSource} data:; font-src ${PAGE.cspSource};`;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

function input(c: Partial<TestCase> & Record<string, unknown>, extra: Partial<CaseDetailsInput> = {}): CaseDetailsInput {
  return {
    ...PAGE,
    case: { index: 0, name: 'a case', result: 'fail', ...c } as TestCase,
    target: { id: 't1', name: 'Target One' },
    run: { id: '1700000000000', createdTime: 1700000000000 },
    history: [],
    ...extra,
  };
}

/** Structural safety checks every rendered page must pass. Returns the parsed document. */
function assertSafe(html: string, previews: Record<string, string> = {}): Node {
  const doc = parse(html) as unknown as Node;
  const okImg = new Set(Object.values(previews).filter((p) => /^data:image\/(png|jpe?g|gif|webp);base64,/.test(p)));
  let cspMetas = 0;
  let scripts = 0;
  for (const el of elements(doc)) {
    assert.ok(ALLOWED_TAGS.has(el.tagName!), `unexpected element <${el.tagName}>`);
    for (const a of el.attrs ?? []) {
      assert.ok(!/^on/i.test(a.name), `event handler attribute ${a.name} on <${el.tagName}>`);
      assert.notEqual(a.name, 'style', 'inline style attribute');
      assert.ok(!['href', 'src', 'action', 'formaction', 'srcset', 'xlink:href'].includes(a.name) || ['link', 'script', 'img'].includes(el.tagName!), `${a.name} on <${el.tagName}>`);
    }
    if (el.tagName === 'link') assert.equal(attr(el, 'href'), PAGE.styleUri);
    if (el.tagName === 'img') assert.ok(okImg.has(attr(el, 'src') ?? ''), `img src not from previews: ${attr(el, 'src')?.slice(0, 60)}`);
    if (el.tagName === 'script') {
      scripts++;
      assert.equal(attr(el, 'nonce'), PAGE.nonce);
      const isData = attr(el, 'type') === 'application/json' && attr(el, 'id') === 'tesults-data' && attr(el, 'src') === undefined;
      const isSrc = attr(el, 'src') === PAGE.scriptUri && textOf(el) === '';
      assert.ok(isData || isSrc, 'unexpected script');
      if (isData) JSON.parse(textOf(el));
    }
    if (el.tagName === 'meta' && attr(el, 'http-equiv') === 'Content-Security-Policy') {
      cspMetas++;
      assert.equal(attr(el, 'content'), CSP);
    }
  }
  assert.equal(cspMetas, 1);
  assert.equal(scripts, 2);
  return doc;
}

// ---- fixtures ---------------------------------------------------------------------------------

const ESC = '\u001b';
const playwrightReason = JSON.stringify({
  message: `${ESC}[2mexpect(${ESC}[22m${ESC}[31mreceived${ESC}[39m${ESC}[2m).${ESC}[22mtoBe${ESC}[2m(${ESC}[22m${ESC}[32mexpected${ESC}[39m${ESC}[2m)${ESC}[22m\n\nExpected: ${ESC}[32m"Paid"${ESC}[39m\nReceived: ${ESC}[31m"Pending"${ESC}[39m`,
  stack: 'Error: expect(received).toBe(expected)\n    at /work/tests/checkout.spec.ts:42:7',
  location: { file: '/work/tests/checkout.spec.ts', column: 7, line: 42 },
  snippet: `${ESC}[0m ${ESC}[90m 41 |${ESC}[39m   ${ESC}[36mawait${ESC}[39m page.click(${ESC}[32m'#pay'${ESC}[39m)\n${ESC}[31m${ESC}[1m>${ESC}[22m${ESC}[39m${ESC}[90m 42 |${ESC}[39m   expect(status).toBe(${ESC}[32m'Paid'${ESC}[39m)`,
});

const jestReason =
  'Error: expect(received).toEqual(expected) // deep equality\n\n- Expected  - 1\n+ Received  + 1\n\n  Object {\n-   "total": 10,\n+   "total": 12,\n  }\n    at Object.<anonymous> (cart.test.js:10:5)';

const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"><svg onload=alert(3)>\'</textarea>';

function hostileCase(): Record<string, unknown> {
  const proto = JSON.parse('{"__proto__": {"polluted": "<b>yes</b>"}, "constructor": "<i>c</i>"}') as Record<string, unknown>;
  return {
    name: hostile + '\u202Eevil\u2028\u2029',
    result: 'fail',
    unrecognisedResult: hostile,
    rawResult: 42,
    suite: hostile,
    desc: hostile,
    reason: hostile + `${ESC}]8;;https://evil.example${ESC}\\link${ESC}]8;;${ESC}\\ ${ESC}[31mred${ESC}[0m ${ESC}[2J${ESC}(B`,
    params: { ...proto, [hostile]: hostile, nul: null, n: 5, obj: { x: '</script><script>alert(4)</script>' } },
    files: [hostile, 'javascript:alert(1)', '../../../etc/passwd.png', 'shot.png', 'trace.zip', 42],
    filesBasePath: 'https://files.example/base/',
    steps: [{ name: hostile, result: hostile, reason: hostile, steps: [{ name: 7, result: 'pass' }] }, null, 'str'],
    custom: {
      ...proto,
      _json: '{"a":"</script><!--\u2028\u2029"}',
      [`_${hostile}`]: hostile,
      '_Standard output': [{ text: hostile }, { buffer: Buffer.from(hostile).toString('base64') }, 5, null],
      _Errors: [{ message: hostile, stack: hostile }, hostile, 3],
      _Retries: [{ result: 'fail', reason: hostile }, null, 'x'],
    },
    extra: { ...proto, [hostile]: [hostile, null, 1] },
    start: 'yesterday',
    end: NaN,
    duration: hostile,
    num: hostile,
    hash: { toString: hostile },
  };
}

// ---- tests ------------------------------------------------------------------------------------

describe('webview render', () => {
  describe('helpers', () => {
    it('escapeHtml escapes & < > " \' and stringifies non-strings', () => {
      assert.equal(escapeHtml(`&<>"'x`), '&amp;&lt;&gt;&quot;&#39;x');
      assert.equal(escapeHtml(5), '5');
      assert.equal(escapeHtml(null), '');
    });

    it('jsonForScript escapes < > & U+2028 U+2029 and round-trips', () => {
      const v = { s: '</script><!-- & \u2028\u2029' };
      const j = jsonForScript(v);
      assert.ok(!/[<>&\u2028\u2029]/.test(j));
      assert.deepEqual(JSON.parse(j), v);
      assert.equal(jsonForScript(undefined), 'null');
    });


    it('safeExternalUrl: https anywhere, http only to loopback, nothing else', () => {
      for (const ok of ['https://x.example/a', 'http://127.0.0.1:8080/f', 'http://127.5.6.7/', 'http://localhost/x', 'http://[::1]:3000/']) {
        assert.ok(safeExternalUrl(ok), ok);
      }
      for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'vbscript:x', '/relative', '//evil.example/x', 'http://evil.example/', 'http://128.0.0.1/', 'http://localhost.evil.example/', ' https://x.example', 'https://x.example/\n', 'ftp://x.example', 42, null]) {
        assert.equal(safeExternalUrl(bad), undefined, String(bad));
      }
    });

    it('fileUrl joins base + name safely and keeps the origin', () => {
      assert.equal(fileUrl('https://f.example/base', 'a b.png'), 'https://f.example/base/a%20b.png');
      assert.equal(fileUrl('https://f.example/base/', '../../x/./y.log'), 'https://f.example/base/x/y.log');
      assert.equal(fileUrl('https://f.example/base/', '/abs/path\\win.txt'), 'https://f.example/base/abs/path/win.txt');
      assert.equal(fileUrl('https://f.example/b', 'https://evil.example/x'), 'https://f.example/b/https%3A/evil.example/x');
      assert.equal(fileUrl('javascript:alert(1)//', 'x'), undefined);
      assert.equal(fileUrl('http://evil.example/', 'x'), undefined);
      assert.equal(fileUrl('https://f.example/', '..'), undefined);
    });

    it('terminalToHtml maps SGR colours to classes and strips other escapes', () => {
      const html = terminalToHtml(`${ESC}[31mred${ESC}[39m ${ESC}[1;92mbold green${ESC}[0m ${ESC}[38;5;196mx${ESC}[0m${ESC}[2K${ESC}]0;title\u0007 <b>\r\n`);
      assert.ok(html.includes('<span class="ansi-red">red</span>'));
      assert.ok(html.includes('<span class="ansi-bright-green ansi-bold">bold green</span>'));
      assert.ok(![ESC, "\u0007", "\r"].some((ch) => html.includes(ch)));
      assert.ok(html.includes('&lt;b&gt;'));
      assert.ok(!html.includes('title'));
      assert.equal(terminalToHtml('\\u001b[31mx\\u001b[39m'), '<span class="ansi-red">x</span>', 'escapes written out literally');
    });
  });

  describe('renderCaseDetails', () => {
    it('has the exact CSP, one nonce-d script by src and the JSON data block', () => {
      const doc = assertSafe(renderCaseDetails(input({ reason: 'boom' })));
      const data = elements(doc).find((e) => attr(e, 'id') === 'tesults-data')!;
      assert.deepEqual(JSON.parse(textOf(data)), { caseKey: 't1/1700000000000/0' });
    });

    it('survives the hostile fixture set: only template elements, no handlers, no script injection', () => {
      const c = hostileCase();
      const previews = { 'shot.png': PNG, 'trace.zip': 'data:text/html;base64,PHNjcmlwdD4=', [hostile]: 'javascript:alert(1)', __proto__x: 'data:image/svg+xml;base64,PHN2Zz4=' };
      const html = renderCaseDetails(input(c, { previews, history: [{ runId: hostile, createdTime: 1, result: 'fail', current: true }, { runId: '2', createdTime: NaN, result: hostile as never, current: false }], failurePosition: { index: NaN, total: '3' as never }, now: 'x' as never, run: { id: hostile, createdTime: hostile as never, runUrl: 'javascript:alert(1)', buildName: hostile } }));
      const doc = assertSafe(html, previews);
      const text = bodyText(doc);
      assert.ok(text.includes('<script>alert(1)</script>'), 'hostile text is shown as text');
      assert.ok(!html.includes(ESC));
      assert.ok(text.includes('U+202E'), 'bidi override made visible');
      assert.ok(!text.includes('\u202E'));
      // Data block still parses, </script> inside custom JSON did not end the script.
      assert.equal(elements(doc).filter((e) => e.tagName === 'img').length, 1);
      // __proto__ keys shown as data, no pollution
      assert.ok(text.includes('__proto__'));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      // Open in Tesults hidden for a javascript: run URL
      assert.equal(elements(doc).filter((e) => attr(e, 'data-action') === 'openRunUrl').length, 0);
    });

    it('links only https and loopback http file URLs; previews only data:image', () => {
      const mk = (base: string) => assertSafe(renderCaseDetails(input({ files: ['a.png', 'b.txt'], filesBasePath: base }, { previews: { 'a.png': PNG, 'b.txt': PNG } })), { x: PNG });
      for (const bad of ['javascript:alert(1)//', 'data:text/html,', 'file:///tmp/', 'vbscript:x/', 'files/rel/', 'http://evil.example/']) {
        const doc = mk(bad);
        assert.equal(elements(doc).filter((e) => attr(e, 'data-action') === 'openFile').length, 0, bad);
        assert.equal(elements(doc).filter((e) => attr(e, 'data-action') === 'previewFile').length, 0, bad);
      }
      for (const [good, first] of [['https://f.example/r/', 'https://f.example/r/a.png'], ['http://127.0.0.1:9/r', 'http://127.0.0.1:9/r/a.png'], ['http://localhost/r', 'http://localhost/r/a.png'], ['http://[::1]/r', 'http://[::1]/r/a.png']]) {
        const doc = mk(good);
        const links = elements(doc).filter((e) => attr(e, 'data-action') === 'openFile');
        assert.equal(links.length, 2, good);
        assert.equal(links[0].tagName, 'button');
        // The page names the file; the extension builds (and checks) the URL, shown only as the title.
        assert.equal(attr(links[0], 'data-name'), 'a.png');
        assert.equal(attr(links[0], 'data-url'), undefined);
        assert.equal(attr(links[0], 'title'), first);
        const prev = elements(doc).filter((e) => attr(e, 'data-action') === 'previewFile');
        assert.deepEqual(prev.map((p) => attr(p, 'data-name')), ['a.png']);
        // the valid preview is shown as <img>, even for the non-image name
        assert.equal(elements(doc).filter((e) => e.tagName === 'img').length, 2);
      }
      const proto = assertSafe(renderCaseDetails(input({ files: ['__proto__', 'constructor.png', 'toString'], filesBasePath: 'https://f.example/' }, { previews: {} })));
      assert.equal(elements(proto).filter((e) => e.tagName === 'img').length, 0);
    });

    it('renders null or non-object params and numbers where strings are expected', () => {
      const doc = assertSafe(renderCaseDetails(input({ name: 12345 as never, suite: 6 as never, params: null as never, reason: 99 as never, files: 'x' as never, steps: {} as never })));
      const text = bodyText(doc);
      assert.ok(text.includes('12345') && text.includes('Parameters') && text.includes('null') && text.includes('99'));
    });

    it('shows the failure reason first, before params', () => {
      const doc = assertSafe(renderCaseDetails(input({ reason: 'REASON-TEXT', params: { p: 'PARAM-VALUE' }, desc: 'DESC-TEXT', steps: [{ name: 'STEP', result: 'pass' }] })));
      const text = bodyText(doc);
      const r = text.indexOf('REASON-TEXT');
      assert.ok(r > 0 && r < text.indexOf('DESC-TEXT') && r < text.indexOf('STEP') && r < text.indexOf('PARAM-VALUE'));
      assert.equal(byClass(doc, 'reason-text')[0].tagName, 'pre');
    });

    it('renders a Playwright JSON reason as message, location, code snippet and stack, ANSI as colours', () => {
      const doc = assertSafe(renderCaseDetails(input({ reason: playwrightReason })));
      const reason = elements(doc).find((e) => attr(e, 'id') === 'reason')!;
      const text = textOf(reason);
      assert.ok(!text.includes('\u001b') && !/\[3\dm/.test(text));
      assert.ok(text.includes('Expected: "Paid"'));
      assert.ok(text.includes("expect(status).toBe('Paid')"));
      assert.ok(text.includes('at /work/tests/checkout.spec.ts:42:7'));
      assert.ok(text.includes('/work/tests/checkout.spec.ts:42:7'));
      assert.ok(!text.includes('"message"'), 'not a raw JSON dump');
      assert.equal(byClass(reason, 'reason-text').length, 1);
      assert.equal(byClass(reason, 'snippet').length, 1);
      assert.equal(byClass(reason, 'stack').length, 1);
      assert.ok(byClass(reason, 'ansi-red').length > 0 && byClass(reason, 'ansi-green').length > 0);
    });

    it('colours jest diffs line by line', () => {
      const doc = assertSafe(renderCaseDetails(input({ reason: jestReason })));
      assert.deepEqual(byClass(doc, 'diff-del').map(textOf), ['- Expected  - 1', '-   "total": 10,']);
      assert.deepEqual(byClass(doc, 'diff-add').map(textOf), ['+ Received  + 1', '+   "total": 12,']);
      assert.ok(bodyText(doc).includes(jestReason));
    });

    it('renders mocha and Playwright custom fields readably', () => {
      const c = {
        custom: {
          '_Stack trace': 'Error: nope\n    at Context.<anonymous> (test/a.js:3:9)',
          '_Standard output': [{ text: 'hello out\n' }, { buffer: Buffer.from('from buffer').toString('base64') }, 'plain'],
          '_Standard error': ['err line'],
          _Errors: [{ message: 'ERR-MSG', stack: 'ERR-STACK', location: { file: 'f.ts', line: 1, column: 2 } }],
          _Location: '{"file":"/w/tests/a.spec.ts","line":12,"column":3}',
          _Outcome: 'unexpected',
          '_Suite location': { file: 's.ts', line: 1 },
          _Ok: false,
        },
      };
      const doc = assertSafe(renderCaseDetails(input(c)));
      const text = bodyText(doc);
      for (const s of ['Stack trace', 'at Context.<anonymous> (test/a.js:3:9)', 'hello out\nfrom buffer\nplain\n', 'err line', 'ERR-MSG', 'ERR-STACK', 'f.ts:1:2', '/w/tests/a.spec.ts:12:3', 'Outcome', 'unexpected', 'Ok', 'false', 'Suite location']) {
        assert.ok(text.includes(s), s);
      }
      assert.ok(!text.includes('{"text"'), 'no raw JSON of output chunks');
      // `_Location` JSON string pretty-printed in the custom table
      assert.ok(text.includes('"line": 12'));
    });

    it('summarises _Retries as attempts and shows the flaky badge', () => {
      const c = { result: 'pass' as const, custom: { _Retries: [{ result: 'fail', reason: 'FIRST-ATTEMPT-FAILED', duration: 1500 }], _Retry: 1 } };
      const doc = assertSafe(renderCaseDetails(input(c)));
      const text = bodyText(doc);
      assert.ok(text.includes('Attempt 1') && text.includes('FIRST-ATTEMPT-FAILED') && text.includes('1.5 s'));
      assert.equal(byClass(doc, 'flaky').length, 1);
      assert.equal(byClass(assertSafe(renderCaseDetails(input({ result: 'pass', custom: { _Outcome: 'flaky' } }))), 'flaky').length, 1);
      assert.equal(byClass(assertSafe(renderCaseDetails(input({ result: 'pass', custom: { _Retries: [] } }))), 'flaky').length, 0);
    });

    it('shows flaky by the model rule: _Outcome in any case, _Retries JSON-encoded, any failed attempt status', () => {
      const flaky = (c: Record<string, unknown>): boolean => byClass(assertSafe(renderCaseDetails(input(c))), 'flaky').length === 1;
      assert.ok(flaky({ result: 'fail', custom: { _Outcome: 'Flaky' } }));
      assert.ok(flaky({ result: 'pass', custom: { _Retries: JSON.stringify([{ result: 'fail' }]) } }));
      assert.ok(flaky({ result: 'pass', custom: { _Retries: [{ result: 'unknown', rawResult: 'timedOut' }] } }));
      assert.ok(flaky({ result: 'pass', custom: { _Retries: [{ status: 'ERROR' }] } }));
      assert.ok(!flaky({ result: 'pass', custom: { _Retries: [{ result: 'pass' }], _Outcome: 'expected' } }));
      assert.ok(!flaky({ result: 'fail', custom: { _Retries: [{ result: 'fail' }] } }));
      assert.ok(!flaky({ result: 'pass', custom: null }));
    });

    it('shows a JSON-encoded _Retries as attempts', () => {
      const doc = assertSafe(renderCaseDetails(input({ result: 'pass', custom: { _Retries: JSON.stringify([{ result: 'fail', rawResult: 'timedOut', reason: 'RETRY-REASON', _Retry: 0 }]) } })));
      const attempts = byClass(doc, 'attempt');
      assert.equal(attempts.length, 1);
      const text = textOf(attempts[0]);
      assert.ok(text.includes('Attempt 1') && text.includes('Failed') && text.includes('timedOut') && text.includes('RETRY-REASON'), text);
    });

    it('shows the run time as the tree does: relative only within a week', () => {
      const created = 1_700_000_000_000;
      const at = (now: number): string => bodyText(assertSafe(renderCaseDetails(input({}, { now, run: { id: 'r', createdTime: created } }))));
      assert.ok(at(created + 5 * 60_000 + 59_000).includes('(5 min ago)'));
      assert.ok(at(created + 30_000).includes('(just now)'));
      assert.ok(!at(created + 8 * 86_400_000).includes('ago'));
      const none = bodyText(assertSafe(renderCaseDetails(input({}, { run: { id: 'r', createdTime: 0 } }))));
      assert.ok(none.includes('(unknown time)') && !none.includes('1970'));
    });

    it('renders nested steps with icons, durations and reasons', () => {
      const steps = [{ name: 'outer', result: 'fail' as const, duration: 2500, steps: [{ name: 'inner', result: 'fail' as const, reason: 'INNER-REASON', start: 1000, end: 1850 }] }];
      const doc = assertSafe(renderCaseDetails(input({ steps })));
      const lists = elements(doc).filter((e) => e.tagName === 'ol' && attr(e, 'class') === 'steps');
      assert.equal(lists.length, 2);
      const text = textOf(lists[0]);
      assert.ok(text.includes('outer') && text.includes('2.5 s') && text.includes('inner') && text.includes('850 ms') && text.includes('INNER-REASON'));
    });

    it('derives duration from end - start and shows start/end', () => {
      const doc = assertSafe(renderCaseDetails(input({ start: 1_700_000_000_000, end: 1_700_000_185_000 })));
      const text = bodyText(doc);
      assert.ok(text.includes('3 min 5 s') && text.includes('Start') && text.includes('End'));
    });

    it('history newest first, clickable, current marked; failure navigation', () => {
      const history = [
        { runId: 'old', createdTime: 1, result: 'pass' as const, current: false },
        { runId: 'new', createdTime: 3, result: 'fail' as const, current: true },
        { runId: 'mid', createdTime: 2, result: 'missing' as const, current: false },
      ];
      const doc = assertSafe(renderCaseDetails(input({}, { history, failurePosition: { index: 2, total: 7 } })));
      const runs = elements(doc).filter((e) => attr(e, 'data-action') === 'openRun');
      assert.deepEqual(runs.map((r) => attr(r, 'data-run-id')), ['new', 'mid', 'old']);
      assert.equal(attr(runs[0], 'aria-current'), 'true');
      assert.ok(bodyText(doc).includes('2 of 7'));
      const nav = elements(doc).filter((e) => attr(e, 'data-action') === 'navigateFailure');
      assert.deepEqual(nav.map((n) => [attr(n, 'data-direction'), attr(n, 'disabled')]), [['previous', undefined], ['next', undefined]]);
      const none = assertSafe(renderCaseDetails(input({})));
      assert.ok(elements(none).filter((e) => attr(e, 'data-action') === 'navigateFailure').every((n) => attr(n, 'disabled') !== undefined));
      const actions = new Set(elements(doc).map((e) => attr(e, 'data-action')));
      for (const a of ['copyReason', 'reveal', 'goToSource', 'openPinned']) assert.ok(actions.has(a), a);
      assert.ok(!actions.has('openRunUrl'));
      const withUrl = assertSafe(renderCaseDetails(input({}, { run: { id: 'r', createdTime: 1, runUrl: 'https://www.tesults.com/x/y' } })));
      assert.ok(elements(withUrl).some((e) => attr(e, 'data-action') === 'openRunUrl' && e.tagName === 'button'));
    });

    it('shows every field of a full case', () => {
      const c: TestCase = {
        index: 3, name: 'F-NAME', result: 'unknown', unrecognisedResult: 'F-UNREC', rawResult: 'F-RAW', suite: 'F-SUITE', desc: 'F-DESC',
        reason: 'F-REASON', params: { 'F-PK': 'F-PV' }, files: ['F-FILE.log'], filesBasePath: 'https://files.example/F-BASE', steps: [{ name: 'F-STEP', result: 'pass', desc: 'F-SDESC', extra: { 'F-SX': 'F-SXV' } }],
        start: 1_700_000_000_000, end: 1_700_000_001_000, duration: 850, num: 31337, hash: 'F-HASH',
        custom: { '_F-CK': 'F-CV', '_F-NUM': 12345, '_F-OBJ': { deep: ['F-DEEP'] } }, extra: { 'F-EK': 'F-EV' },
      };
      const doc = assertSafe(renderCaseDetails(input(c as unknown as Record<string, unknown>, { run: { id: 'r', createdTime: 1, buildName: 'F-BUILD' }, target: { id: 't', name: 'F-TARGET' } })));
      const text = bodyText(doc);
      for (const s of ['F-NAME', 'F-UNREC', 'F-RAW', 'F-SUITE', 'F-DESC', 'F-REASON', 'F-PK', 'F-PV', 'F-FILE.log', 'F-BASE', 'F-STEP', 'F-SDESC', 'F-SX', 'F-SXV', '850 ms', '31337', 'F-HASH', 'F-CK', 'F-CV', 'F-NUM', '12345', 'F-DEEP', 'F-EK', 'F-EV', 'F-BUILD', 'F-TARGET']) {
        assert.ok(text.includes(s), s);
      }
      assert.ok(!text.includes('_F-CK'), 'custom keys shown without underscore');
    });

    it('renders a 1 MB reason and 10,000 params, truncating the reason with a note', () => {
      const reason = (`${ESC}[31mline of a long failure reason${ESC}[0m\n`).repeat(30_000); // ~1 MB
      const params: Record<string, string> = {};
      for (let i = 0; i < 10_000; i++) params[`param${i}`] = `value ${i}`;
      const html = renderCaseDetails(input({ reason, params }));
      const doc = parse(html) as unknown as Node;
      const text = bodyText(doc);
      assert.ok(/\(truncated, \d+ KB more — Copy reason copies everything\)/.test(text));
      assert.ok(text.includes('param9999') && !html.includes('\u001b'));
    });
  });

  describe('message pages', () => {
    it('renderMessage is safe and keeps the case key', () => {
      const doc = assertSafe(renderMessage({ ...PAGE, title: hostile, message: hostile, caseKey: '</script>' }));
      assert.ok(bodyText(doc).includes(hostile));
      const data = elements(doc).find((e) => attr(e, 'id') === 'tesults-data')!;
      assert.deepEqual(JSON.parse(textOf(data)), { caseKey: '</script>' });
    });

    it('renderMessage shows its actions as buttons, in order, and none by default', () => {
      const doc = assertSafe(renderMessage({ ...PAGE, title: 'Could not load this test case', message: hostile, actions: ['setToken', 'retry'] }));
      const buttons = elements(doc).filter((e) => attr(e, 'data-action') === 'pageAction');
      assert.deepEqual(buttons.map((b) => [attr(b, 'data-page-action'), textOf(b)]), [['setToken', 'Set API Token'], ['retry', 'Retry']]);
      const plain = assertSafe(renderMessage({ ...PAGE, title: 't', message: 'm' }));
      assert.equal(elements(plain).filter((e) => attr(e, 'data-action') === 'pageAction').length, 0);
    });
  });
});
