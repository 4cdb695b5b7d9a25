import { strict as assert } from 'node:assert';
import { formatLocation, reasonText } from '../../src/model/reason';

describe('reasonText', () => {
  it('turns a Playwright JSON error into message, location, snippet and stack without colour codes', () => {
    const reason = JSON.stringify({
      message: 'Error: \u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m).toHaveText()\n\nExpected: "a"',
      location: { file: '/w/tests/a.spec.ts', line: 12, column: 7 },
      snippet: '> 12 |   await expect(x).toHaveText("a");',
      stack: 'Error: boom\n    at /w/tests/a.spec.ts:12:7',
    });
    assert.equal(
      reasonText(reason),
      'Error: expect(received).toHaveText()\n\nExpected: "a"\n\nat /w/tests/a.spec.ts:12:7\n\n> 12 |   await expect(x).toHaveText("a");\n\nError: boom\n    at /w/tests/a.spec.ts:12:7',
    );
  });

  it('keeps plain and non-error JSON reasons as text, minus colour codes', () => {
    assert.equal(reasonText('\u001b[31mExpected 1\u001b[39m\n  at x'), 'Expected 1\n  at x');
    assert.equal(reasonText('{"not":"an error"}'), '{"not":"an error"}');
    assert.equal(reasonText('{broken json'), '{broken json');
  });

  it('formats locations', () => {
    assert.equal(formatLocation({ file: 'a.ts', line: 3, column: 4 }), 'a.ts:3:4');
    assert.equal(formatLocation('{"file":"a.ts","line":3}'), 'a.ts:3');
    assert.equal(formatLocation({ line: 3 }), undefined);
  });
});
