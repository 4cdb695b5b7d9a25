import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_EXCLUDE_GLOB, DEFAULT_TEST_FILE_GLOB, findTestInText as findOne, findTestsInText, searchFiles, type SearchFile, type TextMatch } from '../../src/model/sourceSearch';

/**
 * `findTestInText`, checked against the one-pass search for many names (`findTestsInText`, used by
 * the editor decorations): every test below also proves both give the same best match, whatever
 * other names share the pass.
 */
function findTestInText(text: string, name: string, suite?: string): TextMatch[] {
  const all = findOne(text, name, suite);
  const batch = findTestsInText(text, [{ name: 'zz unrelated' }, { name, suite }, { name, suite: 'Other' }, { name: `${name} 2`, suite }]);
  assert.deepEqual(batch[1], all[0], `one pass agrees for ${JSON.stringify(name)} in ${JSON.stringify(suite)}`);
  return all;
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'source-search');

/** Fixture files as the search sees them: path without the `.txt` guard suffix. */
function fixtureFiles(): SearchFile[] {
  const out: SearchFile[] = [];
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const name of readdirSync(path.join(FIXTURES, dir.name)).sort()) {
      const abs = path.join(FIXTURES, dir.name, name);
      out.push({ path: `${dir.name}/${name.replace(/\.txt$/, '')}`, read: async () => readFileSync(abs, 'utf8') });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function fixture(rel: string): string {
  return readFileSync(path.join(FIXTURES, `${rel}.txt`), 'utf8');
}

/** The 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string, from = 0): number {
  const at = text.indexOf(needle, from);
  assert.notEqual(at, -1, needle);
  return text.slice(0, at).split('\n').length;
}

const unlimited = { maxFiles: 1000, maxBytes: 10_000_000 };

/** A tiny matcher for the glob's syntax (one level of braces, **, *), enough to check it. */
function globToRegExp(glob: string): RegExp {
  const inner = glob.startsWith('{') ? glob.slice(1, -1).split(',') : [glob];
  const one = (g: string) =>
    g
      .split('**/')
      .map((part) => part.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
      .join('(?:.*/)?');
  return new RegExp(`^(?:${inner.map(one).join('|')})$`);
}

describe('DEFAULT_TEST_FILE_GLOB', () => {
  const re = globToRegExp(DEFAULT_TEST_FILE_GLOB);
  it('covers the test files of common languages', () => {
    for (const p of ['src/cart.test.ts', 'a/b/cart.spec.js', 'web/__tests__/cart.tsx', 'tests/test_cart.py', 'pkg/cart_test.py', 'src/test/java/CartTest.java', 'CartTests.java', 'Shop.Tests/CartTests.cs', 'CartTest.cs', 'cart/cart_test.go', 'spec/cart_spec.rb', 'test/cart_test.rb']) {
      assert.match(p, re, p);
    }
    for (const p of ['src/cart.ts', 'cart.py', 'Cart.java', '__tests__/data.json', 'README.md', 'cart.go']) assert.doesNotMatch(p, re, p);
  });
  it('has one level of braces only (VS Code globs do not nest)', () => {
    assert.equal(DEFAULT_TEST_FILE_GLOB.slice(1, -1).includes('{'), false);
    for (const dir of ['node_modules', '.git', 'dist', 'out', '.venv', 'target', 'obj']) assert.ok(DEFAULT_EXCLUDE_GLOB.includes(dir), dir);
  });
});

describe('findTestInText', () => {
  it('finds an it() in the matching describe first (JS duplicates)', () => {
    const text = fixture('js/cart.test.js');
    const inCart = findTestInText(text, 'adds item', 'Cart');
    assert.equal(inCart.length, 2);
    assert.equal(inCart[0].line, lineOf(text, "it('adds item'"));
    assert.equal(inCart[0].column, 6);
    const inCheckout = findTestInText(text, 'adds item', 'Checkout');
    assert.equal(inCheckout[0].line, lineOf(text, "it('adds item'", text.indexOf("describe('Checkout'")));
    assert.ok(inCheckout[0].score > inCheckout[1].score);
  });

  it('matches any quote style, escaped quotes and braces in titles', () => {
    const text = fixture('js/cart.test.js');
    assert.equal(findTestInText(text, 'removes item', 'Cart')[0].line, lineOf(text, 'it("removes item"'));
    assert.equal(findTestInText(text, `handles "quotes" and it's fine`, 'Cart')[0].line, lineOf(text, 'handles "quotes"'));
    assert.equal(findTestInText(text, 'keeps a {brace} in the title', 'Cart')[0].line, lineOf(text, 'keeps a {brace}'));
    // The stray apostrophe in a comment and the template braces do not break describe extents:
    const checkout = findTestInText(text, 'adds item', 'Checkout');
    assert.ok(checkout[0].score - checkout[1].score >= 30);
  });

  it('prefers the exact chain of nested describes for jest suite names', () => {
    const text = fixture('ts/shipping.spec.ts');
    const m = findTestInText(text, 'adds item', 'Cart shipping international');
    assert.equal(m.length, 1);
    assert.equal(m[0].line, lineOf(text, "it('adds item'"));
    assert.equal(findTestInText(text, 'charges customs', 'Cart shipping international')[0].line, lineOf(text, "'charges customs'"), 'title on the next line');
  });

  it('handles the suite repeated in the name, and a full name without suite', () => {
    const text = fixture('ts/shipping.spec.ts');
    const expected = lineOf(text, "it('is free above 50'");
    assert.equal(findTestInText(text, 'Cart shipping is free above 50', 'Cart shipping')[0].line, expected);
    assert.equal(findTestInText(text, 'Cart shipping is free above 50')[0].line, expected);
    assert.deepEqual(findTestInText(text, 'Nope shipping is free above 50'), []);
  });

  it('handles Playwright suites and title paths', () => {
    const text = fixture('ts/checkout.spec.ts');
    const pays = findTestInText(text, 'pays by card', 'payment - Checkout - checkout.spec.ts - chromium');
    assert.equal(pays[0].line, lineOf(text, "test('pays by card'"));
    assert.equal(findTestInText(text, 'checkout.spec.ts › Checkout › pays by card')[0].line, lineOf(text, "test('pays by card'"));
    assert.equal(findTestInText(text, 'loads home', 'checkout.spec.ts - chromium')[0].line, lineOf(text, "test('loads home'"));
  });

  it('finds Python functions and methods, by class', () => {
    const text = fixture('py/test_cart.py');
    assert.equal(findTestInText(text, 'test_login_works', 'tests/test_cart.py')[0].line, lineOf(text, 'def test_login_works'));
    const wish = findTestInText(text, 'test_adds_item', 'test_cart.TestWishlist');
    assert.equal(wish[0].line, lineOf(text, 'def test_adds_item', text.indexOf('class TestWishlist')));
    const cart = findTestInText(text, 'test_adds_item', 'TestCart');
    assert.equal(cart[0].line, lineOf(text, 'def test_adds_item'));
    assert.equal(findTestInText(text, 'test_counts[2]', 'TestCart')[0].line, lineOf(text, 'def test_counts'));
    assert.equal(findTestInText(text, 'adds item', 'TestCart')[0].line, lineOf(text, 'def test_adds_item'), 'words to snake_case');
  });

  it('finds Go test functions and subtests', () => {
    const text = fixture('go/cart_test.go');
    assert.equal(findTestInText(text, 'TestLoginWorks', 'example.com/cart')[0].line, lineOf(text, 'func TestLoginWorks'));
    assert.equal(findTestInText(text, 'TestCart/adds_item', 'example.com/cart')[0].line, lineOf(text, 't.Run("adds item"'));
    assert.equal(findTestInText(text, 'TestCart/gone_case')[0].line, lineOf(text, 'func TestCart'), 'falls back to the parent');
  });

  it('finds Java and C# methods, not their calls', () => {
    const java = fixture('java/CartTest.java');
    const login = findTestInText(java, 'loginWorks()', 'com.example.CartTest');
    assert.equal(login.length, 1);
    assert.equal(login[0].line, lineOf(java, 'void loginWorks'));
    assert.equal(findTestInText(java, 'com.example.CartTest.loginWorks')[0].line, lineOf(java, 'void loginWorks'));
    assert.equal(findTestInText(java, 'adds an item', 'CartTest')[0].line, lineOf(java, '@DisplayName("adds an item")'));
    const cs = fixture('cs/CartTests.cs');
    assert.equal(findTestInText(cs, 'AddsItem', 'Shop.Tests.CartTests')[0].line, lineOf(cs, 'void AddsItem'));
    assert.equal(findTestInText(cs, 'Shop.Tests.CartTests.LoginWorks')[0].line, lineOf(cs, 'Task LoginWorks'));
  });

  it('ranks RSpec examples by describe/context', () => {
    const text = fixture('rb/cart_spec.rb');
    const empty = findTestInText(text, 'adds item', 'Cart when empty');
    assert.equal(empty[0].line, lineOf(text, "it 'adds item'", text.indexOf("context 'when empty'")));
    const add = findTestInText(text, 'adds item', 'Cart #add');
    assert.equal(add[0].line, lineOf(text, "it 'adds item'"));
  });

  it('returns nothing for junk, empty names and texts without the test', () => {
    assert.deepEqual(findTestInText('', 'x'), []);
    assert.deepEqual(findTestInText('it("a")', ''), []);
    assert.deepEqual(findTestInText('it("a")', '(unnamed case)'), []);
    assert.deepEqual(findTestInText(fixture('js/cart.test.js'), 'not there'), []);
    assert.deepEqual(findTestInText(fixture('js/cart.test.js'), '.*', '(['), []);
    assert.deepEqual(findTestInText(null as never, 'a'), []);
  });

  it('finds the one match in a 5 MB file with many near misses', () => {
    const block = "describe('S', () => {\n  it('adds item 2', () => { call({ a: '}' }); });\n  const x = `${y}`; // don't\n});\n";
    const text = block.repeat(Math.ceil(5_000_000 / block.length)) + "describe('Cart', () => { it('adds item', () => {}); });\n";
    const m = findTestInText(text, 'adds item', 'Cart');
    assert.equal(m.length, 1);
  });
});

describe('findTestsInText (one pass for many names)', () => {
  it('finds hundreds of names in a large file in one pass, in the order asked', () => {
    const names = Array.from({ length: 300 }, (_, i) => `case ${i} works`);
    const body = names.map((n, i) => `  it(${i % 2 ? `"${n}"` : `'${n}'`}, () => { expect(1).toBe(1); });\n`).join('');
    const text = "// don't mind the apostrophe\n" + 'const pad = 1;\n'.repeat(5_000) + `describe('Suite', () => {\n${body}});\n`;
    const found = findTestsInText(text, [...names.map((name) => ({ name, suite: 'Suite' })), { name: 'missing one', suite: 'Suite' }]);
    assert.equal(found.length, 301);
    names.forEach((n, i) => assert.equal(found[i]?.line, lineOf(text, n), n));
    assert.equal(found[300], undefined);
  });

  it('finds the describe-path fallback and definitions by identifier', () => {
    const text = "describe('Cart', () => {\n  describe('shipping', () => {\n    it('adds item', () => {});\n  });\n});\ndef test_removes_item():\n    pass\n";
    const [full, py] = findTestsInText(text, [{ name: 'Cart shipping adds item' }, { name: 'removes item' }]);
    assert.equal(full?.line, 3);
    assert.equal(py?.line, 6);
  });

  it('answers undefined for junk', () => {
    assert.deepEqual(findTestsInText('', [{ name: 'a' }]), [undefined]);
    assert.deepEqual(findTestsInText('it("a")', [{ name: '' }, { name: '(unnamed case)' }]), [undefined, undefined]);
    assert.deepEqual(findTestsInText('it("a")', []), []);
  });
});

describe('searchFiles', () => {
  it('searches every language and ranks duplicates across files by suite', async () => {
    const files = fixtureFiles();
    const r = await searchFiles(files, 'adds item', 'Wishlist', unlimited);
    assert.equal(r.truncated, false);
    assert.equal(r.matches[0].path, 'js/wishlist.test.js');
    const paths = new Set(r.matches.map((m) => m.path));
    for (const p of ['js/cart.test.js', 'ts/shipping.spec.ts', 'rb/cart_spec.rb', 'py/test_cart.py', 'go/cart_test.go']) assert.ok(paths.has(p), p);
    const intl = await searchFiles(files, 'adds item', 'Cart shipping international', unlimited);
    assert.equal(intl.matches[0].path, 'ts/shipping.spec.ts');
    const py = await searchFiles(files, 'test_adds_item', 'test_cart.TestWishlist', unlimited);
    assert.equal(py.matches[0].path, 'py/test_cart.py');
    assert.equal(py.matches[0].line, 20);
  });

  it('prefers a file whose name is a whole word of the suite (regex characters taken literally)', async () => {
    const test = async () => "test('adds item', () => {});\n";
    const files = ['x/cart.spec.ts', 'x/cartography.spec.ts', 'x/c++.spec.ts', 'x/c.spec.ts'].map((path) => ({ path, read: test }));
    const best = async (suite: string): Promise<string> => (await searchFiles(files, 'adds item', suite, unlimited)).matches[0].path;
    assert.equal(await best('cart tests'), 'x/cart.spec.ts');
    assert.equal(await best('cartography tests'), 'x/cartography.spec.ts');
    assert.equal(await best('the c++ parser'), 'x/c++.spec.ts');
    assert.equal(await best('carts'), 'x/c++.spec.ts', '"cart" only inside a word: no bonus for anyone, the first path wins');
  });

  it('uses the file name in a Playwright suite', async () => {
    const files = fixtureFiles();
    files.push({ path: 'other/home.spec.ts', read: async () => "test('loads home', async () => {});\n" });
    const r = await searchFiles(files, 'loads home', 'checkout.spec.ts - chromium', unlimited);
    assert.equal(r.matches[0].path, 'ts/checkout.spec.ts');
    assert.equal(r.matches[1].path, 'other/home.spec.ts');
  });

  it('stops at maxFiles and maxBytes, skipping files too big to fit', async () => {
    const files = fixtureFiles();
    const byFiles = await searchFiles(files, 'adds item', undefined, { maxFiles: 2, maxBytes: 10_000_000 });
    assert.equal(byFiles.truncated, true);
    const firstTwo = files.slice(0, 2).map((f) => f.path);
    assert.ok(byFiles.matches.length > 0 && byFiles.matches.every((m) => firstTwo.includes(m.path)));
    let reads = 0;
    const counted = files.map((f) => ({ path: f.path, read: () => (reads++, f.read()) }));
    await searchFiles(counted, 'adds item', undefined, { maxFiles: 3, maxBytes: 10_000_000 });
    assert.equal(reads, 3);

    const big: SearchFile = { path: 'big.test.js', read: async () => "it('adds item')\n" + 'x'.repeat(5000) };
    const sized: SearchFile = { path: 'sized.test.js', size: 1e9, read: async () => assert.fail('must not be read') };
    const small: SearchFile = { path: 'small.test.js', read: async () => "it('adds item')" };
    const r = await searchFiles([big, sized, small], 'adds item', undefined, { maxFiles: 10, maxBytes: 1000 });
    assert.equal(r.truncated, true);
    assert.deepEqual(r.matches.map((m) => m.path), ['small.test.js']);
    const none = await searchFiles([small], 'adds item', undefined, { maxFiles: 0, maxBytes: 1000 });
    assert.deepEqual(none, { matches: [], truncated: true });
  });

  it('skips unreadable and binary files', async () => {
    const r = await searchFiles(
      [
        { path: 'a.test.js', read: async () => Promise.reject(new Error('EACCES')) },
        { path: 'b.test.js', read: async () => "it('adds item')\u0000" },
        { path: 'c.test.js', read: async () => "it('adds item')" },
      ],
      'adds item',
      undefined,
      unlimited,
    );
    assert.deepEqual(r.matches.map((m) => m.path), ['c.test.js']);
  });

  it('accepts async iterables and stops at once on abort', async () => {
    const controller = new AbortController();
    let yielded = 0;
    async function* gen(): AsyncGenerator<SearchFile> {
      for (let i = 0; i < 1000; i++) {
        yielded++;
        if (i === 3) controller.abort();
        yield { path: `f${i}.test.js`, read: async () => "it('adds item')" };
      }
    }
    await assert.rejects(searchFiles(gen(), 'adds item', undefined, { ...unlimited, signal: controller.signal }), { name: 'AbortError' });
    assert.equal(yielded, 4);

    // A read that never settles is abandoned when the signal aborts.
    const c2 = new AbortController();
    const hanging = searchFiles([{ path: 'slow.test.js', read: () => new Promise<string>(() => undefined) }], 'x', undefined, { ...unlimited, signal: c2.signal });
    setTimeout(() => c2.abort(), 5);
    await assert.rejects(hanging, { name: 'AbortError' });

    const c3 = new AbortController();
    c3.abort();
    await assert.rejects(searchFiles(fixtureFiles(), 'adds item', undefined, { ...unlimited, signal: c3.signal }), { name: 'AbortError' });
  });
});
