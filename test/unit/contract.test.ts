import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGE_LIMITS, parseWebviewMessage } from '../../src/webview/contract';

describe('webview message contract', () => {
  it('accepts every known message, returning only the expected fields', () => {
    const ok: unknown[] = [
      { type: 'ready' },
      { type: 'openFile', name: 'trace.zip' },
      { type: 'previewFile', name: 'shot.png' },
      { type: 'openRun', runId: '1700000000000' },
      { type: 'navigateFailure', direction: 'previous' },
      { type: 'navigateFailure', direction: 'next' },
      { type: 'copyReason' },
      { type: 'openRunUrl' },
      { type: 'reveal' },
      { type: 'goToSource' },
      { type: 'openPinned' },
      { type: 'pageAction', action: 'retry' },
      { type: 'pageAction', action: 'setToken' },
      { type: 'pageAction', action: 'openSettings' },
    ];
    for (const m of ok) assert.deepEqual(parseWebviewMessage(m), m);
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', extra: '<x>' }), { type: 'reveal' });
    assert.deepEqual(parseWebviewMessage({ type: 'openRun', runId: 'r', url: 'javascript:x' }), { type: 'openRun', runId: 'r' });
  });

  it('rejects unknown types, missing or wrongly typed fields and oversized strings', () => {
    const bad: unknown[] = [
      undefined, null, 'reveal', 5, [], [{ type: 'reveal' }],
      {}, { type: 5 }, { type: 'unknown' }, { type: 'toString' }, { type: '__proto__' }, { type: 'constructor' },
      { type: 'openFile' }, { type: 'openFile', name: 5 }, { type: 'openFile', name: '' }, { type: 'openFile', name: 'x'.repeat(MESSAGE_LIMITS.name + 1) },
      { type: 'previewFile' }, { type: 'previewFile', name: null }, { type: 'previewFile', name: 'x'.repeat(MESSAGE_LIMITS.name + 1) },
      { type: 'openRun', runId: 17 }, { type: 'openRun', runId: 'r'.repeat(MESSAGE_LIMITS.runId + 1) },
      { type: 'navigateFailure' }, { type: 'navigateFailure', direction: 'up' }, { type: 'navigateFailure', direction: 1 },
      { type: 'pageAction' }, { type: 'pageAction', action: 'workbench.action.openSettings' }, { type: 'pageAction', action: ['retry'] },
      Object.create({ type: 'reveal' }),
      JSON.parse('{"__proto__": {"type": "reveal"}}'),
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m) ?? String(m));
  });

  it('carries no URL from the webview: a link is named by a file name or a run, the extension builds it', () => {
    for (const type of ['openExternal', 'openUrl', 'openLink']) {
      assert.equal(parseWebviewMessage({ type, url: 'https://tesults.com.evil.example/login' }), undefined, type);
    }
    assert.deepEqual(parseWebviewMessage({ type: 'openFile', name: 'a.png', url: 'https://evil.example/' }), { type: 'openFile', name: 'a.png' });
    assert.deepEqual(parseWebviewMessage({ type: 'openRunUrl', url: 'https://evil.example/' }), { type: 'openRunUrl' });
    assert.ok(!('url' in MESSAGE_LIMITS), 'no URL field has a length limit because there is none');
  });

  it('the script (media/details.js) sends no URL field', () => {
    const script = readFileSync(join(__dirname, '..', '..', 'media', 'details.js'), 'utf8');
    assert.ok(!/data-url|\burl\b/.test(script), 'details.js mentions a URL');
  });
});
