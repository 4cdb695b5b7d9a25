import { strict as assert } from 'node:assert';
import { hasManyProjects, parsePlaywrightSuite, suiteLabel } from '../../src/model/labels';
import { NO_SUITE_LABEL } from '../../src/model/group';

describe('suite labels', () => {
  describe('Playwright (`<inner describe> - … - <outer describe> - <file> - <project>`)', () => {
    it('leads with the describes and the project; the file goes to the description (a describe named as the file too)', () => {
      assert.deepEqual(suiteLabel('payment - Checkout - checkout.spec.ts - chromium'), { label: 'payment · chromium', description: 'checkout.spec.ts' });
    });

    it('drops a describe that repeats the file name or its enclosing describe', () => {
      assert.deepEqual(suiteLabel('checkout - Checkout - checkout.spec.ts - chromium'), { label: 'Checkout · chromium', description: 'checkout.spec.ts' });
      assert.deepEqual(suiteLabel('Cart - cart - tests/cart.test.ts - webkit'), { label: 'cart · webkit', description: 'tests/cart.test.ts' });
    });

    it('two suites that differ only by project get different labels', () => {
      const a = suiteLabel('login - Authentication - login.spec.ts - chromium');
      const b = suiteLabel('login - Authentication - login.spec.ts - webkit');
      assert.notEqual(a.label, b.label);
      assert.equal(a.label, 'Authentication · chromium');
    });

    it('moves the project to the description when every sibling has the same one', () => {
      assert.deepEqual(suiteLabel('Checkout - checkout.spec.ts - chromium', false), { label: 'Checkout', description: 'checkout.spec.ts · chromium' });
      assert.equal(hasManyProjects(['A - a.spec.ts - chromium', 'B - b.spec.ts - chromium', 'Jest suite']), false);
      assert.equal(hasManyProjects(['A - a.spec.ts - chromium', 'B - b.spec.ts - firefox']), true);
    });

    it('a test outside any describe: the file name is the label', () => {
      assert.deepEqual(suiteLabel('checkout.spec.ts - chromium'), { label: 'checkout · chromium', description: 'checkout.spec.ts' });
      assert.deepEqual(suiteLabel('Checkout - e2e/checkout.spec.mjs'), { label: 'Checkout', description: 'e2e/checkout.spec.mjs' });
    });

    it('skips empty segments', () => {
      assert.deepEqual(parsePlaywrightSuite('Checkout -  - checkout.spec.ts - chromium'), { describes: ['Checkout'], file: 'checkout.spec.ts', project: 'chromium' });
      assert.equal(parsePlaywrightSuite('Checkout - checkout.spec.ts - '), undefined);
    });

    it('splits " - " inside a describe title like the separator (the tooltip keeps the whole name)', () => {
      assert.deepEqual(suiteLabel('pay - guest - Checkout - checkout.spec.ts - firefox'), { label: 'pay · guest · firefox', description: 'checkout.spec.ts' });
    });
  });

  describe('other reporters', () => {
    it('jest: describes joined with spaces stay one label', () => {
      assert.deepEqual(suiteLabel('Cart shipping international'), { label: 'Cart shipping international', description: '' });
    });

    it('mocha: the root suite "" and missing suites read "(no suite)"', () => {
      assert.deepEqual(suiteLabel(''), { label: NO_SUITE_LABEL, description: '' });
      assert.deepEqual(suiteLabel('   '), { label: NO_SUITE_LABEL, description: '' });
    });

    it('a plain name with " - " but no test file is not split', () => {
      assert.deepEqual(suiteLabel('Orders - history - paging'), { label: 'Orders - history - paging', description: '' });
    });
  });

  describe('hostile names', () => {
    it('strips ANSI and control characters', () => {
      const { label, description } = suiteLabel('\u001b[31mpay\u001b[0m - Checkout - check\u0007out.spec.ts - chro\nmium');
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(label + description, /[\u0000-\u001f]/);
      assert.match(label, /^pay · Checkout/);
    });

    it('a 100 KB name gives a short label quickly and is not split', () => {
      const huge = `${'x'.repeat(50_000)} - ${'y'.repeat(50_000)} - a.spec.ts - chromium`;
      const { label, description } = suiteLabel(huge);
      assert.ok(label.length <= 200, `label is ${label.length} chars`);
      assert.equal(description, '');
      const many = Array.from({ length: 20_000 }, () => 'a - ').join('') + 'f.spec.ts - p';
      assert.ok(suiteLabel(many).label.length <= 200);
    });

    it('a file-like project ends the name as the file; a segment with spaces is no file', () => {
      assert.deepEqual(parsePlaywrightSuite('A - b.spec.ts - c.spec.ts'), { describes: ['A', 'b.spec.ts'], file: 'c.spec.ts', project: undefined });
      assert.deepEqual(suiteLabel('A - has space.ts - chromium'), { label: 'A - has space.ts - chromium', description: '' });
    });
  });
});
