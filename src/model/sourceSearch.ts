// "Go to source" without a location: finding where a test is defined from its name (and suite).
// Looks for the name as a string literal (`it('adds item')`, `test("...")`, `t.Run("...")`,
// `it 'adds item' do`, `@DisplayName("...")`) or as a function/method named like it
// (`def test_adds_item`, `func TestAddsItem`, `void addsItem()`), and ranks matches by how well
// the blocks around them (`describe`, `context`, classes, Go test functions) match the suite.
// Linear in the text for files without a match; no `vscode` import.

import { abortError } from '../util/abort';

/** Test files of common frameworks (VS Code glob syntax: one level of braces, no nesting). */
export const DEFAULT_TEST_FILE_GLOB =
  '{**/*.test.*,**/*.spec.*,**/__tests__/**/*.js,**/__tests__/**/*.jsx,**/__tests__/**/*.ts,**/__tests__/**/*.tsx,' +
  '**/__tests__/**/*.mjs,**/__tests__/**/*.cjs,**/test_*.py,**/*_test.py,**/*Test.java,**/*Tests.java,**/*Test.kt,' +
  '**/*Tests.cs,**/*Test.cs,**/*_test.go,**/*_spec.rb,**/*_test.rb}';

/** Folders never worth searching (dependencies, build output, virtual environments). */
export const DEFAULT_EXCLUDE_GLOB = '**/{node_modules,.git,dist,out,build,target,vendor,.venv,venv,__pycache__,bin,obj,coverage}/**';

export interface TextMatch {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  /** Higher is better; only meaningful relative to other matches of the same search. */
  readonly score: number;
}

export interface FileMatch extends TextMatch {
  readonly path: string;
}

export interface SearchFile {
  readonly path: string;
  /** Size in bytes when known: a file that would exceed the byte budget is skipped unread. */
  readonly size?: number;
  read(): Promise<string>;
}

export interface SearchOptions {
  /** At most this many files are read. */
  maxFiles: number;
  /** At most this many characters are searched in total. */
  maxBytes: number;
  /** Aborting rejects the search at once (with the signal's reason, an AbortError). */
  signal?: AbortSignal;
  /** At most this many matches are returned (best first); default 100. */
  maxMatches?: number;
}

export interface SearchResult {
  /** Best first. */
  readonly matches: FileMatch[];
  /** True when a bound stopped the search before every file was searched. */
  readonly truncated: boolean;
}

// ---------------------------------------------------------------------------------------------
// The query: what to look for, prepared once per search.

interface Literal {
  readonly text: string;
  readonly bonus: number;
}

interface Query {
  readonly literals: readonly Literal[];
  /** Quoted forms of the literals: needle -> index into literals. */
  readonly needles: ReadonlyArray<{ readonly needle: string; readonly literal: number }>;
  readonly identifiers: ReadonlyMap<string, number>;
  /** The suite name plus suite parts found in the case name. */
  readonly suite: string;
  readonly hints: readonly string[];
  /** The case name with spaces, for the "describe titles + test title" fallback. */
  readonly fullName: string;
  readonly hasSuite: boolean;
}

const SUITE_SEPARATORS = [' › ', ' > ', ' - ', ' :: ', '::', ' ', '.', '/'];
const MAX_NAME = 2000;

/** Anything `quoted` escapes (any quote kind, to test once for all three). */
const NEEDS_ESCAPE_RE = /[\\'"`\n\r\t]|\$\{/;

function quoted(text: string, quote: string): string {
  if (!NEEDS_ESCAPE_RE.test(text)) return quote + text + quote;
  let s = text.replace(/\\/g, '\\\\').split(quote).join('\\' + quote).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  if (quote === '`') s = s.replace(/\$\{/g, '\\${');
  return quote + s + quote;
}

function identifierForms(text: string): string[] {
  const plain = /^([A-Za-z_$][\w$]*)(?:\(\))?$/.exec(text);
  if (plain) return [plain[1]];
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  if (words.length === 0 || words.length > 12) return [];
  const lower = words.map((w) => w.toLowerCase());
  const cap = lower.map((w) => w[0].toUpperCase() + w.slice(1));
  const snake = lower.join('_');
  const pascal = cap.join('');
  const camel = lower[0] + cap.slice(1).join('');
  const forms = [snake, `test_${snake}`, camel, `test${pascal}`, pascal, `Test${pascal}`];
  return forms.filter((f) => /^[A-Za-z_]/.test(f));
}

function prepareQuery(caseName: string, suiteName: string | undefined): Query {
  const name = String(caseName ?? '').slice(0, MAX_NAME).trim();
  const suite = typeof suiteName === 'string' ? suiteName.slice(0, MAX_NAME).trim() : '';
  const literals = new Map<string, number>();
  const hints: string[] = [];
  const add = (text: string, bonus: number): void => {
    const t = text.trim();
    if (t.length === 0 || t === '(unnamed case)') return;
    if ((literals.get(t) ?? -Infinity) < bonus) literals.set(t, bonus);
  };
  add(name, 10);
  // The suite repeated at the start of the name (some Jest/Playwright reporters).
  if (suite !== '' && name.startsWith(suite)) {
    const rest = name.slice(suite.length);
    for (const sep of SUITE_SEPARATORS) if (rest.startsWith(sep)) add(rest.slice(sep.length), 5);
  }
  // A title path: "file.spec.ts › Checkout › pays".
  for (const sep of [' › ', ' > ']) {
    if (name.includes(sep)) {
      const parts = name.split(sep);
      add(parts[parts.length - 1], 0);
      hints.push(...parts.slice(0, -1));
    }
  }
  // pytest parameters: "test_login[admin]".
  const unparam = name.endsWith(']') ? name.replace(/\s*\[[^\]]*\]$/, '') : name;
  if (unparam !== name) add(unparam, -5);
  // Go subtests: "TestCart/adds_item".
  const go = /^(Test\w*)\/(.+)$/.exec(name);
  const identifiers = new Map<string, number>();
  if (go) {
    hints.push(go[1]);
    const sub = go[2].split('/').pop() as string;
    add(sub, 0);
    add(sub.replace(/_/g, ' '), 0);
    identifiers.set(go[1], -30); // the parent test function, when the subtest is not found
  }
  // Fully qualified names: "com.example.CartTest.loginWorks".
  const dotted = /^(?:[A-Za-z_$][\w$]*\.)+([A-Za-z_$][\w$]*)(?:\(\))?$/.exec(name);
  if (dotted) {
    add(dotted[1], 0);
    hints.push(...name.split('.').slice(0, -1));
  }
  for (const [text, bonus] of literals) {
    for (const id of identifierForms(text)) {
      const b = bonus - (id === text || `${id}()` === text ? 0 : 10);
      if ((identifiers.get(id) ?? -Infinity) < b) identifiers.set(id, b);
    }
  }
  const literalList = [...literals].map(([text, bonus]) => ({ text, bonus }));
  const needles: Array<{ needle: string; literal: number }> = [];
  literalList.forEach((l, i) => {
    const seen = new Set<string>();
    for (const q of ["'", '"', '`']) {
      const needle = quoted(l.text, q);
      if (!seen.has(needle)) needles.push({ needle, literal: i });
      seen.add(needle);
    }
  });
  return { literals: literalList, needles, identifiers, suite, hints, fullName: name, hasSuite: suite !== '' || hints.length > 0 };
}

// ---------------------------------------------------------------------------------------------
// Blocks: describe/context/suite calls, classes, Go test functions, and their extents.

interface Opener {
  readonly title: string;
  /** Offset of the title in the text. */
  readonly at: number;
  readonly start: number;
  readonly end: number;
}

const SUITE_CALL_RE =
  /(?<![\w$.])(?:describe|context|suite|fdescribe|xdescribe|feature|(?:describe|context|suite)\.(?:only|skip|parallel|serial|concurrent)|test\.describe(?:\.(?:only|skip|parallel|serial|fixme))?|RSpec\.describe)\s*\(?\s*(['"`])((?:\\.|(?!\1)[^\\\r\n])*)\1/g;
const RUBY_CONST_RE = /(?<![\w$.])(?:RSpec\.)?describe\s*\(?\s*([A-Z][\w:]*)/g;
const CLASS_RE = /(?<![\w$.])class\s+([A-Za-z_]\w*)/g;
const GO_FUNC_RE = /(?<![\w$.])func\s+(?:\([^)]*\)\s*)?(Test\w*)\s*\(/g;

class TextInfo {
  private lineStarts?: number[];
  private braces?: Map<number, number>;
  private openerList?: Opener[];

  constructor(readonly text: string) {}

  position(offset: number): { line: number; column: number } {
    if (this.lineStarts === undefined) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Matching `}` of every `{`, skipping strings and comments (one pass, on first use). */
  private braceTable(): Map<number, number> {
    if (this.braces !== undefined) return this.braces;
    const t = this.text;
    const close = new Map<number, number>();
    const stack: number[] = [];
    const n = t.length;
    for (let i = 0; i < n; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 123 /* { */) stack.push(i);
      else if (ch === 125 /* } */) {
        const open = stack.pop();
        if (open !== undefined) close.set(open, i);
      } else if (ch === 34 || ch === 39 || ch === 96 /* " ' ` */) {
        // Skip the string; ' and " end at a newline too (stray apostrophes in comments, chars).
        for (i++; i < n; i++) {
          const c = t.charCodeAt(i);
          if (c === 92 /* \ */) i++;
          else if (c === ch || (c === 10 && ch !== 96)) break;
        }
      } else if (ch === 47 /* / */ && t.charCodeAt(i + 1) === 47) {
        const nl = t.indexOf('\n', i);
        i = nl === -1 ? n : nl;
      } else if (ch === 47 && t.charCodeAt(i + 1) === 42 /* * */) {
        const endComment = t.indexOf('*/', i + 2);
        i = endComment === -1 ? n : endComment + 1;
      }
    }
    for (const open of stack) close.set(open, n);
    this.braces = close;
    return close;
  }

  private indent(lineStart: number): number {
    let i = lineStart;
    while (i < this.text.length && (this.text[i] === ' ' || this.text[i] === '\t')) i++;
    return i - lineStart;
  }

  /** End of an indentation block: the first later non-blank line indented no deeper than the opener. */
  private indentBlockEnd(openerOffset: number): number {
    const t = this.text;
    const first = this.lineStart(openerOffset);
    const base = this.indent(first);
    let next = t.indexOf('\n', openerOffset);
    while (next !== -1) {
      const start = next + 1;
      const ind = this.indent(start);
      const c = t[start + ind];
      if (c !== undefined && c !== '\n' && c !== '\r' && ind <= base) return start;
      next = t.indexOf('\n', start);
    }
    return t.length;
  }

  private extent(afterTitle: number): number {
    const t = this.text;
    const eol = t.indexOf('\n', afterTitle);
    const rest = t.slice(afterTitle, eol === -1 ? t.length : eol);
    if (/^[^{]*:\s*(?:#.*)?\r?$/.test(rest) || /\bdo\b\s*(?:\|[^|]*\|)?\s*(?:#.*)?\r?$/.test(rest)) return this.indentBlockEnd(afterTitle);
    const limit = Math.min(t.length, afterTitle + 400);
    for (let i = afterTitle; i < limit; i++) {
      const ch = t[i];
      if (ch === '{') return this.braceTable().get(i) ?? t.length;
      if (ch === ';') break;
    }
    return afterTitle;
  }

  openers(): Opener[] {
    if (this.openerList !== undefined) return this.openerList;
    const list: Opener[] = [];
    const t = this.text;
    const collect = (re: RegExp, group: number): void => {
      re.lastIndex = 0;
      for (let m = re.exec(t); m !== null; m = re.exec(t)) {
        const title = m[group];
        const at = m.index + m[0].lastIndexOf(title);
        const end = this.extent(m.index + m[0].length);
        if (end > at) list.push({ title: unescapeLiteral(title), at, start: m.index, end });
      }
    };
    collect(SUITE_CALL_RE, 2);
    collect(RUBY_CONST_RE, 1);
    collect(CLASS_RE, 1);
    collect(GO_FUNC_RE, 1);
    list.sort((a, b) => a.start - b.start);
    this.openerList = list;
    return list;
  }

  /**
   * Titles of the blocks around each offset, outermost first. One sweep over the openers for
   * all offsets, so many matches in a file with many blocks stay linear-ish.
   */
  chains(offsets: readonly number[]): Map<number, string[]> {
    const sorted = [...new Set(offsets)].sort((a, b) => a - b);
    const openers = this.openers();
    const out = new Map<number, string[]>();
    let open: Opener[] = [];
    let next = 0;
    for (const offset of sorted) {
      while (next < openers.length && openers[next].start <= offset) open.push(openers[next++]);
      if (open.length > 0 && open.some((o) => o.end <= offset)) open = open.filter((o) => o.end > offset);
      // A block titled by the match itself does not enclose it.
      out.set(offset, open.filter((o) => o.at !== offset + 1 && o.at !== offset).map((o) => o.title));
    }
    return out;
  }
}

function unescapeLiteral(s: string): string {
  return s.includes('\\') ? s.replace(/\\(.)/g, '$1') : s;
}

// ---------------------------------------------------------------------------------------------
// Scoring.

const TEST_CALL_RE =
  /(?:^|[^\w$.])(?:it|test|specify|scenario|fit|xit|xtest|(?:it|test|specify)\.(?:only|skip|todo|concurrent|failing|fixme|fail|slow)|t\.Run|s\.Run|suite\.Run|@DisplayName|TestCase|Fact|Theory|Description|Scenario|Example)\s*\(?$/;
const SUITE_CALL_BEFORE_RE = /(?:^|[^\w$.])(?:describe|context|suite|feature|(?:describe|context|suite)\.\w+|test\.describe(?:\.\w+)?|RSpec\.describe)\s*\(?$/;
const DEF_BEFORE_RE = /(?:\b(?:def|func|fn|fun|function)\s+(?:self\.)?|\bfunc\s*\([^)]*\)\s*)$/;
const TYPED_METHOD_BEFORE_RE = /(?:^|[\s(])([\w$<>[\],.?]+)\s+$/;
const NOT_A_TYPE = new Set(['return', 'new', 'await', 'throw', 'yield', 'case', 'typeof', 'in', 'of', 'delete', 'not', 'and', 'or', 'if', 'elif', 'assert', 'else', 'do', 'then', 'go', 'defer', 'print', 'puts']);

function suiteScore(chain: readonly string[], q: Query): number {
  if (!q.hasSuite) return chain.length === 0 ? 5 : -2 * chain.length;
  if (chain.length === 0) return 0;
  const suite = q.suite;
  const suiteLower = suite.toLowerCase();
  let score = 0;
  if (chain.join(' ') === suite) score += 60;
  else if (chain.length > 1 && suite.includes(chain.join(' '))) score += 10;
  for (const title of chain) {
    if (title === '') continue;
    const stripped = title.replace(/^Test(?=[A-Z_])|Tests?$|Spec$/g, '');
    if (suite.includes(title) || q.hints.includes(title)) score += 15;
    else if (suiteLower.includes(title.toLowerCase()) || (stripped.length > 2 && suiteLower.includes(stripped.toLowerCase()))) score += 8;
    else score -= 20;
  }
  return score;
}

function literalKind(text: string, at: number): number {
  const before = text.slice(Math.max(0, at - 120), at).trimEnd();
  if (TEST_CALL_RE.test(before)) return 100;
  if (SUITE_CALL_BEFORE_RE.test(before)) return 20;
  return 40;
}

function definitionKind(text: string, at: number, length: number, lineStart: number): number {
  const before = text.slice(Math.max(lineStart, at - 200), at);
  if (DEF_BEFORE_RE.test(before)) return 90;
  const typed = TYPED_METHOD_BEFORE_RE.exec(before);
  if (typed && !NOT_A_TYPE.has(typed[1]) && /^\s*\(/.test(text.slice(at + length, at + length + 20))) return 85;
  return 0;
}

interface Hit {
  readonly offset: number;
  readonly base: number;
}

/** "describe titles + test title" hits: the quoted title at `offset`, under blocks titled `prefix`. */
interface FallbackHit {
  readonly offset: number;
  readonly prefix: string;
}

function searchText(text: string, q: Query, info = new TextInfo(text)): TextMatch[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const hits: Hit[] = [];
  for (const { needle, literal } of q.needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      hits.push({ offset: at, base: literalKind(text, at) + q.literals[literal].bonus });
    }
  }
  // The identifiers as whole words: each word of the text looked up (no regex made per query).
  if (q.identifiers.size > 0) {
    WORD_RE.lastIndex = 0;
    for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) {
      const bonus = q.identifiers.get(m[0]);
      if (bonus === undefined) continue;
      const kind = definitionKind(text, m.index, m[0].length, info.lineStart(m.index));
      if (kind > 0) hits.push({ offset: m.index, base: kind + bonus });
    }
  }
  return rank(text, info, q, hits, () => {
    const fallback: FallbackHit[] = [];
    for (const { needle, prefix } of fallbackNeedles(q)) {
      for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) fallback.push({ offset: at, prefix });
    }
    return fallback;
  });
}

/** Scores hits by the blocks around them; without hits, tries the "describe titles + test title" form. */
function rank(text: string, info: TextInfo, q: Query, hits: readonly Hit[], fallback: () => readonly FallbackHit[]): TextMatch[] {
  const best = new Map<number, number>(); // offset -> score
  const keep = (offset: number, score: number): void => {
    if ((best.get(offset) ?? -Infinity) < score) best.set(offset, score);
  };
  if (hits.length > 0) {
    const chains = info.chains(hits.map((h) => h.offset));
    for (const h of hits) keep(h.offset, h.base + suiteScore(chains.get(h.offset) ?? [], q));
  } else {
    // "Cart shipping adds item" = describe('Cart') > describe('shipping') > it('adds item').
    const found = fallback();
    if (found.length > 0) {
      const chains = info.chains(found.map((h) => h.offset));
      for (const h of found) if ((chains.get(h.offset) ?? []).join(' ') === h.prefix) keep(h.offset, literalKind(text, h.offset) + 50);
    }
  }
  return [...best]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([offset, score]) => ({ ...info.position(offset), score }));
}

/** The quoted titles of the fallback: the name split after its first words (at most 12 splits). */
function fallbackNeedles(q: Query): Array<{ needle: string; prefix: string }> {
  const name = q.fullName;
  const out: Array<{ needle: string; prefix: string }> = [];
  let space = name.indexOf(' ');
  for (let n = 0; space !== -1 && n < 12; n++, space = name.indexOf(' ', space + 1)) {
    const prefix = name.slice(0, space);
    const title = name.slice(space + 1);
    for (const quote of ["'", '"', '`']) out.push({ needle: quoted(title, quote), prefix });
  }
  return out;
}

const QUOTES = ["'", '"', '`'];
/** Whole words (a run of word characters is never preceded by one); identifiers are those not starting with a digit. */
const WORD_RE = /[\w$]+/g;

/**
 * Every place a quoted literal of `needles` occurs in `text`, in one pass per quote character:
 * from each quote, the literal up to the next unescaped same quote is looked up (a needle is a
 * whole quoted literal, see `quoted`). Literals longer than the longest needle are not read.
 */
function findQuoted(text: string, needles: ReadonlyMap<string, unknown>, onHit: (needle: string, offset: number) => void): void {
  let longest = 0;
  for (const needle of needles.keys()) longest = Math.max(longest, needle.length);
  const n = text.length;
  for (const quote of QUOTES) {
    const q = quote.charCodeAt(0);
    const multiline = quote === '`';
    for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
      const limit = Math.min(n, at + longest);
      let end = -1;
      for (let i = at + 1; i < limit; i++) {
        const c = text.charCodeAt(i);
        if (c === 92 /* \ */) i++;
        else if (c === q) {
          end = i;
          break;
        } else if (c === 10 && !multiline) break;
      }
      if (end !== -1) {
        const literal = text.slice(at, end + 1);
        if (needles.has(literal)) onHit(literal, at);
      }
    }
  }
}

/**
 * Where each of many tests may be defined in one text: the best match of each (or undefined),
 * in the order of `tests`. One pass over the text for all names (quoted literals and
 * identifiers are looked up in tables), so a large file with hundreds of failing tests costs a
 * few passes, not one per test. The ranking is `findTestInText`'s.
 */
export function findTestsInText(text: string, tests: ReadonlyArray<{ readonly name: string; readonly suite?: string }>): Array<TextMatch | undefined> {
  const out: Array<TextMatch | undefined> = new Array<TextMatch | undefined>(tests.length).fill(undefined);
  if (typeof text !== 'string' || text.length === 0 || tests.length === 0) return out;
  const queries = tests.map((t) => prepareQuery(t.name, t.suite));
  const literalNeedles = new Map<string, Array<{ query: number; bonus: number }>>();
  const fallbackTable = new Map<string, Array<{ query: number; prefix: string }>>();
  const identifierTable = new Map<string, Array<{ query: number; bonus: number }>>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else list.push(value);
  };
  queries.forEach((q, query) => {
    if (q.literals.length === 0) return;
    for (const { needle, literal } of q.needles) push(literalNeedles, needle, { query, bonus: q.literals[literal].bonus });
    for (const { needle, prefix } of fallbackNeedles(q)) push(fallbackTable, needle, { query, prefix });
    for (const [id, bonus] of q.identifiers) push(identifierTable, id, { query, bonus });
  });
  const info = new TextInfo(text);
  const hits: Hit[][] = queries.map(() => []);
  const fallback: FallbackHit[][] = queries.map(() => []);
  const allNeedles = new Map<string, true>();
  for (const needle of literalNeedles.keys()) allNeedles.set(needle, true);
  for (const needle of fallbackTable.keys()) allNeedles.set(needle, true);
  findQuoted(text, allNeedles, (needle, offset) => {
    const literal = literalNeedles.get(needle);
    if (literal !== undefined) {
      const kind = literalKind(text, offset);
      for (const { query, bonus } of literal) hits[query].push({ offset, base: kind + bonus });
    }
    for (const { query, prefix } of fallbackTable.get(needle) ?? []) fallback[query].push({ offset, prefix });
  });
  if (identifierTable.size > 0) {
    WORD_RE.lastIndex = 0;
    for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) {
      const wanted = identifierTable.get(m[0]);
      if (wanted === undefined) continue; // (a word starting with a digit is never in the table)
      const kind = definitionKind(text, m.index, m[0].length, info.lineStart(m.index));
      if (kind > 0) for (const { query, bonus } of wanted) hits[query].push({ offset: m.index, base: kind + bonus });
    }
  }
  queries.forEach((q, query) => {
    if (q.literals.length === 0) return;
    out[query] = rank(text, info, q, hits[query], () => fallback[query])[0];
  });
  return out;
}

/**
 * Where the test named `caseName` (in `suiteName`) may be defined in `text`: candidates, best first.
 * Lines and columns are 1-based.
 */
export function findTestInText(text: string, caseName: string, suiteName?: string): TextMatch[] {
  const q = prepareQuery(caseName, suiteName);
  if (q.literals.length === 0) return [];
  return searchText(text, q);
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return p.slice(i + 1);
}

/** Files whose name the suite (or case name) mentions, e.g. Playwright's "... - checkout.spec.ts - chromium". */
function fileScore(p: string, q: Query): number {
  const base = baseName(p);
  if (base === '') return 0;
  const context = `${q.suite}\u0000${q.hints.join('\u0000')}\u0000${q.fullName}`;
  if (context.includes(base)) return 25;
  const stem = base.replace(/\..*$/, '');
  return stem.length > 2 && containsWord(context, stem) ? 10 : 0;
}

const WORD_CHAR_RE = /[\w$]/;

/** True when `word` occurs in `text` with no word character ([\w$]) right before or after it. */
function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if ((at === 0 || !WORD_CHAR_RE.test(text[at - 1])) && (at + word.length === text.length || !WORD_CHAR_RE.test(text[at + word.length]))) return true;
  }
  return false;
}

/** A test's search, prepared once for `searchNeedles` and every `bestMatchInFile` of it. */
export interface PreparedTest {
  readonly query: Query;
}

export function prepareTest(caseName: string, suiteName?: string): PreparedTest {
  return { query: prepareQuery(caseName, suiteName) };
}

/** A file whose first 4,096 characters hold a NUL is not searched. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 4096).includes('\u0000');
}

/** What ranking learns of a text (its lines, braces, blocks), kept to rank several tests in the same text. */
export interface TextContext {
  readonly text: string;
}

export function textContext(text: string): TextContext {
  return new TextInfo(text);
}

/**
 * The best place of the test in one file's text, as `searchFiles` would rank it there (its score
 * includes the file name's bonus, so places in different files compare); synchronous.
 */
export function bestMatchInFile(path: string, text: string, test: PreparedTest, context?: TextContext): FileMatch | undefined {
  const q = test.query;
  if (q.literals.length === 0) return undefined;
  const best = searchText(text, q, context?.text === text ? (context as TextInfo) : undefined)[0];
  return best && { path, line: best.line, column: best.column, score: best.score + fileScore(path, q) };
}

/**
 * Searches `files` (in order) for the test; bounded by `maxFiles` files read and `maxBytes`
 * characters searched (a file that does not fit is skipped and the result marked truncated).
 * Files that fail to read, or look binary, are skipped. Rejects when `signal` aborts.
 */
export async function searchFiles(
  files: AsyncIterable<SearchFile> | Iterable<SearchFile>,
  caseName: string,
  suiteName: string | undefined,
  opts: SearchOptions,
): Promise<SearchResult> {
  const { signal } = opts;
  if (signal?.aborted) throw abortError(signal);
  const q = prepareQuery(caseName, suiteName);
  const maxFiles = Math.max(0, opts.maxFiles);
  const maxBytes = Math.max(0, opts.maxBytes);
  const matches: FileMatch[] = [];
  let read = 0;
  let bytes = 0;
  let truncated = false;
  if (q.literals.length === 0) return { matches, truncated };
  for await (const file of files) {
    if (signal?.aborted) throw abortError(signal);
    if (read >= maxFiles || bytes >= maxBytes) {
      truncated = true;
      break;
    }
    if (typeof file?.size === 'number' && bytes + file.size > maxBytes) {
      truncated = true;
      continue;
    }
    read++;
    let text: string;
    try {
      text = await untilAborted(file.read(), signal);
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      void err; // unreadable: skip
      continue;
    }
    if (signal?.aborted) throw abortError(signal);
    if (typeof text !== 'string') continue;
    if (bytes + text.length > maxBytes) {
      truncated = true;
      continue;
    }
    bytes += text.length;
    if (looksBinary(text)) continue;
    const found = searchText(text, q);
    if (found.length === 0) continue;
    const bonus = fileScore(String(file.path), q);
    for (const m of found) matches.push({ path: file.path, line: m.line, column: m.column, score: m.score + bonus });
  }
  matches.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  return { matches: matches.slice(0, opts.maxMatches ?? 100), truncated };
}

/**
 * Every quoted string literal and identifier whose presence lets `findTestInText` find the test:
 * a file holding none of them has no match for it. Lets a caller look for many tests in one pass
 * over a file (src/model/locateMany.ts), then rank with `findTestInText` only where one occurs.
 */
export function searchNeedles(test: PreparedTest): { literals: string[]; identifiers: string[] } {
  const q = test.query;
  if (q.literals.length === 0) return { literals: [], identifiers: [] };
  const literals = new Set(q.needles.map((n) => n.needle));
  // The "describe titles + test title" fallback looks for every title after a space.
  let space = q.fullName.indexOf(' ');
  for (let n = 0; space !== -1 && n < 12; n++, space = q.fullName.indexOf(' ', space + 1)) {
    for (const quote of ["'", '"', '`']) literals.add(quoted(q.fullName.slice(space + 1), quote));
  }
  return { literals: [...literals], identifiers: [...q.identifiers.keys()] };
}
