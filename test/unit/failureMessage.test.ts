import { strict as assert } from 'node:assert';
import { errorLocationCandidates, extractExpectedActual, failureMessage, parseStackFrames } from '../../src/model/failureMessage';
import { aCase } from './helpers/builders';

const ESC = '\u001b';
const red = (s: string): string => `${ESC}[31m${s}${ESC}[39m`;
const green = (s: string): string => `${ESC}[32m${s}${ESC}[39m`;
const dim = (s: string): string => `${ESC}[2m${s}${ESC}[22m`;

// As the jest reporter sends it: the whole message and stack, a `- Expected / + Received` block.
const JEST_REASON = [
  'Error: expect(received).toEqual(expected) // deep equality',
  '',
  '- Expected  - 2',
  '+ Received  + 2',
  '',
  '  Object {',
  '-   "total": 10.99,',
  '+   "total": 12.49,',
  '-   "currency": "EUR",',
  '+   "currency": "USD",',
  '    "items": Array [',
  '      "sku-1",',
  '    ],',
  '  }',
  '',
  '    at Object.<anonymous> (/home/runner/work/shop/shop/src/cart/cart.test.ts:42:17)',
  '    at Promise.then.completed (/home/runner/work/shop/shop/node_modules/jest-circus/build/utils.js:298:28)',
  '    at new Promise (<anonymous>)',
  '    at callAsyncCircusFn (/home/runner/work/shop/shop/node_modules/jest-circus/build/utils.js:231:10)',
].join('\n');

// As the Playwright reporter sends it: a JSON-encoded error object whose text has ANSI colours.
function playwrightReason(): string {
  const message = `Error: ${dim('expect(')}${red('received')}${dim(').')}toHaveText${dim('(')}${green('expected')}${dim(')')}\n\nExpected string: ${green('"Order confirmed"')}\nReceived string: ${red('"Payment declined (3)"')}\nCall log:\n  ${dim('- expect.toHaveText with timeout 5000ms')}`;
  return JSON.stringify({
    message,
    stack: `${message}\n    at /home/runner/work/shop/shop/tests/checkout.spec.ts:28:36`,
    location: { file: '/home/runner/work/shop/shop/tests/checkout.spec.ts', line: 28, column: 36 },
    snippet: `  27 |     await page.getByRole('button').click();\n${red('>')} 28 |     await expect(page.getByTestId('status')).toHaveText('Order confirmed');\n     |                                    ${red('^')}`,
  });
}

describe('failureMessage', () => {
  it('reads a jest reason: message without the stack, the diff block as expected/actual, frames', () => {
    const f = failureMessage(aCase({ result: 'fail', reason: JEST_REASON }));
    assert.ok(f.message.startsWith('Error: expect(received).toEqual(expected)'));
    assert.ok(!f.message.includes('    at '), 'no stack in the message');
    assert.equal(f.expected, 'Object {\n  "total": 10.99,\n  "currency": "EUR",\n  "items": Array [\n    "sku-1",\n  ],\n}');
    assert.equal(f.actual, 'Object {\n  "total": 12.49,\n  "currency": "USD",\n  "items": Array [\n    "sku-1",\n  ],\n}');
    assert.equal(f.frames.length, 4);
    assert.deepEqual(f.frames[0], { label: 'Object.<anonymous>', location: { file: '/home/runner/work/shop/shop/src/cart/cart.test.ts', line: 42, column: 17 } });
    assert.deepEqual(f.frames[2], { label: 'new Promise' });
    assert.ok(f.stackText?.startsWith('    at Object.<anonymous>'));
  });

  it('reads a Playwright JSON reason: message + snippet without ANSI, expected/actual, its location', () => {
    const f = failureMessage(aCase({ result: 'fail', reason: playwrightReason() }));
    assert.ok(!f.message.includes(ESC), 'no escape codes');
    assert.ok(f.message.startsWith('Error: expect(received).toHaveText(expected)\n\nExpected string: "Order confirmed"'));
    assert.ok(f.message.includes("> 28 |     await expect(page.getByTestId('status')).toHaveText('Order confirmed');"), 'the snippet follows');
    assert.equal(f.expected, '"Order confirmed"');
    assert.equal(f.actual, '"Payment declined (3)"');
    assert.deepEqual(f.reportedLocation, { file: '/home/runner/work/shop/shop/tests/checkout.spec.ts', line: 28, column: 36 });
    assert.deepEqual(f.frames, [{ label: '/home/runner/work/shop/shop/tests/checkout.spec.ts:28:36', location: { file: '/home/runner/work/shop/shop/tests/checkout.spec.ts', line: 28, column: 36 } }]);
  });

  it('reads a mocha/chai reason and takes the stack from `_Stack trace`', () => {
    const f = failureMessage(
      aCase({
        result: 'fail',
        reason: 'AssertionError: expected 2 to equal 3',
        custom: { '_Stack trace': 'AssertionError: expected 2 to equal 3\n    at Context.<anonymous> (test/cart.test.js:14:12)\n    at process.processImmediate (node:internal/timers:478:21)' },
      }),
    );
    assert.equal(f.message, 'AssertionError: expected 2 to equal 3');
    assert.equal(f.expected, '3');
    assert.equal(f.actual, '2');
    assert.deepEqual(f.frames.map((x) => x.label), ['Context.<anonymous>', 'process.processImmediate']);
    assert.deepEqual(errorLocationCandidates(f), [{ file: 'test/cart.test.js', line: 14, column: 12 }]);
  });

  it('says so when a failure has no reason, and cuts huge ones', () => {
    assert.equal(failureMessage(aCase({ result: 'fail' })).message, '(no failure reason was reported)');
    const huge = failureMessage(aCase({ result: 'fail', reason: 'x'.repeat(200_000) }));
    assert.ok(huge.message.length < 70_000 && huge.message.endsWith('(cut at 65536 characters)'));
  });

  it('keeps a JSON reason that is no error object as text', () => {
    assert.equal(failureMessage(aCase({ result: 'fail', reason: '{"not":"an error"}' })).message, '{"not":"an error"}');
  });
});

describe('extractExpectedActual', () => {
  it('jest Expected: / Received: lines', () => {
    assert.deepEqual(extractExpectedActual('expect(received).toBe(expected) // Object.is equality\n\nExpected: 3\nReceived: 2'), { expected: '3', actual: '2' });
  });
  it('node:assert strict equality', () => {
    assert.deepEqual(extractExpectedActual("AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n'declined' !== 'approved'\n"), {
      expected: "'approved'",
      actual: "'declined'",
    });
  });
  it('chai equal / deep equal', () => {
    assert.deepEqual(extractExpectedActual('AssertionError: expected 2 to equal 3'), { expected: '3', actual: '2' });
    assert.deepEqual(extractExpectedActual("AssertionError: expected [ 1, 2 ] to deeply equal [ 1, 3 ]"), { expected: '[ 1, 3 ]', actual: '[ 1, 2 ]' });
  });
  it('nothing for reasons that state no expectation', () => {
    assert.equal(extractExpectedActual('Timeout of 2000ms exceeded.'), undefined);
    assert.equal(extractExpectedActual('AssertionError: expected false to be true'), undefined);
    assert.equal(extractExpectedActual('Expected: 3 but the test crashed'), undefined);
  });
});

describe('parseStackFrames', () => {
  it('reads V8 frames: named, anonymous, async, Windows paths and file URLs', () => {
    const frames = parseStackFrames(
      [
        'Error: boom',
        '    at fn (/w/a.ts:1:2)',
        '    at /w/b.ts:3:4',
        '    at async Cart.add (C:\\w\\c.ts:5:6)',
        '    at file:///w/d.mjs:7:8',
        '    at new Promise (<anonymous>)',
      ].join('\n'),
    );
    assert.deepEqual(
      frames.map((f) => [f.label, f.location?.file, f.location?.line, f.location?.column]),
      [
        ['fn', '/w/a.ts', 1, 2],
        ['/w/b.ts:3:4', '/w/b.ts', 3, 4],
        ['Cart.add', 'C:\\w\\c.ts', 5, 6],
        ['file:///w/d.mjs:7:8', '/w/d.mjs', 7, 8],
        ['new Promise', undefined, undefined, undefined],
      ],
    );
  });

  it('skips dependency and runtime frames as error locations', () => {
    const f = failureMessage(aCase({ result: 'fail', reason: JEST_REASON }));
    assert.deepEqual(errorLocationCandidates(f), [{ file: '/home/runner/work/shop/shop/src/cart/cart.test.ts', line: 42, column: 17 }]);
  });
});
