// Where many tests are defined, in one pass over the test files: every file is read once and
// scanned once for the string literals (and, outside JavaScript, identifiers) that could name any
// of the tests (`searchNeedles`); only where one occurs is the test ranked with the single-test
// search (`bestMatchInFile`), so the work is one read and one linear scan per file, whatever the
// number of tests, never one workspace search per test. The synchronous pass (`locateManyInBytes`,
// the worker's) scans each file's bytes and decodes only the files that name a test, as ripgrep
// searches bytes. No `vscode` import.
import { abortError } from '../util/abort';
import { bestMatchInFile, looksBinary, prepareTest, searchNeedles, textContext, type FileMatch, type PreparedTest, type SearchFile } from './sourceSearch';

export interface LocateCase {
  readonly name: string;
  readonly suite?: string;
}

export interface LocateOptions {
  /** At most this many files are read. */
  readonly maxFiles: number;
  /** At most this many characters are scanned in total. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
  /** Files read at the same time (default 64: small files are mostly round trips through the thread pool). */
  readonly concurrency?: number;
  /** The cases' index, when built beforehand. */
  readonly index?: TestNameIndex;
}

export interface LocateResult {
  /** The best place of each case (same order as the cases), or undefined. */
  readonly matches: ReadonlyArray<FileMatch | undefined>;
  readonly filesRead: number;
  /** True when a bound stopped the pass before every file was read. */
  readonly truncated: boolean;
}

const QUOTES = ["'", '"', '`'];
/** Files of these languages (JavaScript, TypeScript) name their tests with string literals, so identifiers are not scanned. */
export const LITERAL_ONLY_EXTENSIONS: readonly string[] = ['js', 'jsx', 'ts', 'tsx', 'cjs', 'cjsx', 'cts', 'ctsx', 'mjs', 'mjsx', 'mts', 'mtsx'];
const LITERAL_ONLY_FILE_RE = new RegExp(`\\.(?:${LITERAL_ONLY_EXTENSIONS.join('|')})$`, 'i');

/** True for a file whose tests are found by their string literals only (no identifiers). */
export function isLiteralOnlyFile(path: string): boolean {
  return LITERAL_ONLY_FILE_RE.test(path);
}

/**
 * True when every file a VS Code glob can match is a literal-only file: each of its alternatives
 * ends in a literal JavaScript/TypeScript extension (`.test.ts`, `.{js,ts}`). False when unsure
 * (a wildcard in the extension, nested braces).
 */
export function globMatchesOnlyLiteralOnlyFiles(glob: string): boolean {
  const top = /^\{([^{}]*)\}$/.exec(glob);
  const alternatives = top ? top[1].split(',') : [glob];
  return alternatives.every((alternative) => {
    const exts = /\.\{([^{}]*)\}$/.exec(alternative);
    if (exts && !top && !alternative.slice(0, exts.index).includes('{')) return exts[1].split(',').every((ext) => isLiteralOnlyFile(`x.${ext}`));
    return !/[{}]/.test(alternative) && isLiteralOnlyFile(alternative);
  });
}
const IDENTIFIER_RE = /[A-Za-z_$][\w$]*/g;
/** A lone surrogate or U+FFFD: a needle whose UTF-8 bytes do not stand for exactly its text. */
const NOT_BYTE_EXACT_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/;

const utf8 = new TextEncoder();
/** Printable ASCII: its UTF-8 bytes are its characters. */
const PRINTABLE_ASCII_RE = /^[ -~]*$/;

function isEscaped(text: string, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 92; i--) n++;
  return (n & 1) === 1;
}

/** A string's UTF-8 bytes, one character per byte (what Buffer's 'latin1' decoding of them gives). */
function bytesAsText(text: string): string {
  if (PRINTABLE_ASCII_RE.test(text)) return text;
  let out = '';
  for (const b of utf8.encode(text)) out += String.fromCharCode(b);
  return out;
}

/** Literal needles by their text, each mapped to the tests it may name, and what they look like. */
interface LiteralTable {
  readonly needles: ReadonlyMap<string, readonly number[]>;
  /** length[n] is 1 when some needle is n characters long. */
  readonly length: Uint8Array;
  /** Bit `literalShape(...)` is set when some needle has that shape: most literals are ruled out before a lookup. */
  readonly shapes: Uint32Array;
}

/** A quoted literal's length and the characters just inside its quotes, folded into 19 bits. */
function literalShape(text: string, open: number, close: number): number {
  return (((close - open) & 31) << 14) | ((text.charCodeAt(open + 1) & 127) << 7) | (text.charCodeAt(close - 1) & 127);
}

function hasShape(shapes: Uint32Array, shape: number): boolean {
  return (shapes[shape >>> 5] & (1 << (shape & 31))) !== 0;
}

function literalTable(needles: ReadonlyMap<string, readonly number[]>): LiteralTable {
  let max = 0;
  for (const l of needles.keys()) max = Math.max(max, l.length);
  const length = new Uint8Array(max + 1);
  const shapes = new Uint32Array(1 << 14); // 2^19 bits, 64 KB
  for (const l of needles.keys()) {
    length[l.length] = 1;
    const shape = literalShape(l, 0, l.length - 1);
    shapes[shape >>> 5] |= 1 << (shape & 31);
  }
  return { needles, length, shapes };
}

/** The tests, prepared, and their needles, each mapped to the tests it may name. */
interface Needles {
  readonly tests: PreparedTest[];
  readonly literals: Map<string, number[]>;
  readonly identifiers: Map<string, number[]>;
}

function collectNeedles(into: Needles, cases: readonly LocateCase[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const test = prepareTest(cases[i].name, cases[i].suite);
    into.tests.push(test);
    const needles = searchNeedles(test);
    for (const l of needles.literals) add(into.literals, l, i);
    for (const id of needles.identifiers) add(into.identifiers, id, i);
  }
}

/** The needles of many tests, each mapped to the tests it may name. */
export class TestNameIndex {
  private readonly literals: LiteralTable;
  private readonly identifiers: Map<string, number[]>;
  /** Each case's search, prepared once for the needles and the ranking. */
  readonly tests: PreparedTest[];
  /** The literals as UTF-8 bytes (see `candidatesInBytes`), made on first use; null when some needle's bytes are not exact. */
  private literalBytes?: LiteralTable | null;

  constructor(cases: readonly LocateCase[], needles?: Needles) {
    if (needles === undefined) {
      needles = { tests: [], literals: new Map(), identifiers: new Map() };
      collectNeedles(needles, cases, 0, cases.length);
    }
    this.tests = needles.tests;
    this.identifiers = needles.identifiers;
    this.literals = literalTable(needles.literals);
  }

  /** The same index, built `slice` cases at a time with `pause()` between slices (the host thread stays responsive). */
  static async build(cases: readonly LocateCase[], pause: () => Promise<void>, slice = 100): Promise<TestNameIndex> {
    const needles: Needles = { tests: [], literals: new Map(), identifiers: new Map() };
    for (let from = 0; from < cases.length; from += slice) {
      if (from > 0) await pause();
      collectNeedles(needles, cases, from, Math.min(cases.length, from + slice));
    }
    return new TestNameIndex(cases, needles);
  }

  private bytesTable(): LiteralTable | undefined {
    if (this.literalBytes === undefined) {
      const literals = this.literals.needles;
      this.literalBytes = [...literals.keys()].some((l) => NOT_BYTE_EXACT_RE.test(l)) ? null : literalTable(new Map([...literals].map(([l, tests]) => [bytesAsText(l), tests])));
    }
    return this.literalBytes ?? undefined;
  }

  /**
   * Fixed strings that narrow the files before the pass (ripgrep's prefilter): a file in which
   * the pass could find one of the tests contains one of `literals`, or, outside literal-only
   * files (`isLiteralOnlyFile`), one of `identifiers`. Each needle is reduced to a substring of
   * itself, so the narrowing only drops files where no needle occurs:
   * - a literal loses its opening quote, so `'the item 1-2'`, `'item 1-2'` and `'1-2'` (the
   *   "describe titles + test title" suffixes) collapse into `1-2'` (a short one keeps it: `'A'`);
   * - a literal with a character no fixed string can carry keeps its longest piece between them;
   * - `test_adds_item` and `TestAddsItem` give way to `adds_item` and `AddsItem`.
   * Undefined when some needle has no such piece of `MIN_PATTERN` characters: a pattern that
   * short keeps nearly every file, and reading them all is the workers' job.
   */
  prefilterPatterns(): PrefilterPatterns | undefined {
    const literals = new Set<string>();
    for (const needle of this.literals.needles.keys()) {
      // Without its opening quote unless that leaves too little: `'A'` stays whole.
      let piece = longestPiece(needle.slice(1));
      if (piece.length < MIN_PATTERN) piece = longestPiece(needle);
      if (piece.length < MIN_PATTERN) return undefined;
      literals.add(piece);
    }
    const identifiers = [...this.identifiers.keys()].filter((id) => {
      const prefix = TEST_PREFIX_RE.exec(id);
      return prefix === null || !this.identifiers.has(id.slice(prefix[0].length));
    });
    return { literals: [...literals].filter((p) => !hasPatternSuffix(p, literals)), identifiers };
  }

  get isEmpty(): boolean {
    return this.literals.needles.size === 0 && this.identifiers.size === 0;
  }

  /**
   * The tests whose needles occur in `text`. Every pair of consecutive unescaped quotes of one
   * kind is a possible literal, so a stray quote in a comment cannot hide the next literal; each
   * character is visited a bounded number of times.
   */
  candidates(text: string, path: string): Set<number> {
    return this.find(text, path, this.literals);
  }

  /**
   * `candidates` of a file given as its UTF-8 bytes, one character per byte (Buffer's 'latin1'),
   * which costs a copy where decoding costs a conversion: quotes, backslashes and identifiers are
   * ASCII, so they sit at the same places and the literals compare as bytes. Undefined when some
   * needle has no exact bytes (a lone surrogate, U+FFFD): then only the decoded text can tell.
   */
  candidatesInBytes(bytes: string, path: string): Set<number> | undefined {
    const table = this.bytesTable();
    return table && this.find(bytes, path, table);
  }

  private find(text: string, path: string, literals: LiteralTable): Set<number> {
    const found = new Set<number>();
    const max = literals.length.length - 1;
    for (const q of QUOTES) {
      let open = text.indexOf(q);
      while (open !== -1) {
        let close = text.indexOf(q, open + 1);
        while (close !== -1 && isEscaped(text, close)) close = text.indexOf(q, close + 1);
        if (close === -1) break;
        const length = close - open + 1;
        if (length <= max && literals.length[length] === 1 && hasShape(literals.shapes, literalShape(text, open, close))) {
          const hit = literals.needles.get(text.slice(open, close + 1));
          if (hit) for (const i of hit) found.add(i);
        }
        open = close;
      }
    }
    // Identifiers are ASCII: the same words in the text and in its bytes.
    if (this.identifiers.size > 0 && !isLiteralOnlyFile(path)) {
      IDENTIFIER_RE.lastIndex = 0;
      for (let m = IDENTIFIER_RE.exec(text); m !== null; m = IDENTIFIER_RE.exec(text)) {
        const hit = this.identifiers.get(m[0]);
        if (hit) for (const i of hit) found.add(i);
      }
    }
    return found;
  }
}

/** See `TestNameIndex.prefilterPatterns`. */
export interface PrefilterPatterns {
  readonly literals: readonly string[];
  readonly identifiers: readonly string[];
}

/** The shortest pattern worth a prefilter (`x'` is in most test files). */
const MIN_PATTERN = 3;
/** Characters a fixed-string pattern cannot carry (line ends, NUL) or whose bytes are not exact (lone surrogates, U+FFFD). */
const NOT_A_PATTERN_RE = new RegExp(`[\\r\\n\\0]|${NOT_BYTE_EXACT_RE.source}`);
const NOT_A_PATTERN_SPLIT_RE = new RegExp(NOT_A_PATTERN_RE.source, 'g');
/** Identifier forms that contain another form of the same name (`test_` + snake, `test`/`Test` + Pascal). */
const TEST_PREFIX_RE = /^(?:test_|test|Test)(?=[A-Za-z_])/;

function longestPiece(text: string): string {
  if (!NOT_A_PATTERN_RE.test(text)) return text;
  return text.split(NOT_A_PATTERN_SPLIT_RE).reduce((best, p) => (p.length > best.length ? p : best), '');
}

/** True when a part of `pattern` after one of its spaces is itself a pattern (so `pattern` adds nothing). */
function hasPatternSuffix(pattern: string, patterns: ReadonlySet<string>): boolean {
  for (let space = pattern.indexOf(' '); space !== -1; space = pattern.indexOf(' ', space + 1)) {
    if (space + 1 < pattern.length && patterns.has(pattern.slice(space + 1))) return true;
  }
  return false;
}

function add(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

/** True when `a` is a better place than `b` (higher score; then the first path and line, so the result does not depend on read order). */
export function betterMatch(a: FileMatch, b: FileMatch | undefined): boolean {
  if (b === undefined || a.score !== b.score) return b === undefined || a.score > b.score;
  return a.path !== b.path ? a.path < b.path : a.line < b.line;
}

/** What one pass has found and read so far; the bounds and the ranking both passes share. */
class LocatePass {
  readonly matches: Array<FileMatch | undefined>;
  readonly index: TestNameIndex;
  filesRead = 0;
  bytes = 0;
  truncated = false;

  constructor(
    cases: readonly LocateCase[],
    private readonly bounds: { readonly maxFiles: number; readonly maxBytes: number },
    index = new TestNameIndex(cases),
  ) {
    this.matches = new Array<FileMatch | undefined>(cases.length).fill(undefined);
    this.index = index;
  }

  /** True when a bound stops the pass before the next file (then marked truncated). */
  full(): boolean {
    if (this.filesRead < this.bounds.maxFiles && this.bytes < this.bounds.maxBytes) return false;
    this.truncated = true;
    return true;
  }

  /** Counts `size` into the budget; false (and truncated) when it does not fit, and the file is skipped. */
  fits(size: number): boolean {
    if (this.bytes + size > this.bounds.maxBytes) {
      this.truncated = true;
      return false;
    }
    this.bytes += size;
    return true;
  }

  /** Ranks each test of `hits` in this file's text (unless it looks binary); keeps the better places. */
  rank(path: string, text: string, hits: ReadonlySet<number>): void {
    if (hits.size === 0 || looksBinary(text)) return;
    const context = textContext(text);
    for (const i of hits) {
      const best = bestMatchInFile(path, text, this.index.tests[i], context);
      if (best && betterMatch(best, this.matches[i])) this.matches[i] = best;
    }
  }

  result(): LocateResult {
    return { matches: this.matches, filesRead: this.filesRead, truncated: this.truncated };
  }
}

/**
 * Finds where each case is defined among `files`, reading each file once (a few at a time).
 * Files that fail to read or look binary are skipped; rejects when `signal` aborts.
 */
export async function locateMany(cases: readonly LocateCase[], files: Iterable<SearchFile> | AsyncIterable<SearchFile>, opts: LocateOptions): Promise<LocateResult> {
  const { signal } = opts;
  if (signal?.aborted) throw abortError(signal);
  const pass = new LocatePass(cases, opts, opts.index);
  if (pass.index.isEmpty) return pass.result();
  const iterator: Iterator<SearchFile> | AsyncIterator<SearchFile> =
    Symbol.asyncIterator in files ? (files as AsyncIterable<SearchFile>)[Symbol.asyncIterator]() : (files as Iterable<SearchFile>)[Symbol.iterator]();
  let done = false;

  const worker = async (): Promise<void> => {
    while (!done) {
      const next = await iterator.next();
      if (signal?.aborted) throw abortError(signal);
      if (next.done) {
        done = true;
        return;
      }
      const file = next.value;
      if (pass.full()) {
        done = true;
        return;
      }
      if (typeof file.size === 'number' && pass.bytes + file.size > opts.maxBytes) {
        pass.truncated = true;
        continue;
      }
      pass.filesRead++;
      let text: string;
      try {
        text = await file.read();
      } catch {
        continue; // unreadable: skip
      }
      if (signal?.aborted) throw abortError(signal);
      if (typeof text !== 'string' || !pass.fits(text.length) || looksBinary(text)) continue;
      const path = String(file.path);
      pass.rank(path, text, pass.index.candidates(text, path));
    }
  };
  const workers = Math.max(1, Math.min(256, opts.concurrency ?? 64));
  await Promise.all(Array.from({ length: workers }, worker));
  return pass.result();
}

/** A file for the synchronous pass, read once. Throws when it cannot be read. */
export interface ByteFile {
  readonly path: string;
  read(): {
    /** Its UTF-8 bytes, one character per byte (Buffer's 'latin1'). */
    readonly bytes: string;
    /** Its text, decoded from those bytes (asked for only when the file names a test). */
    text(): string;
  };
}

/**
 * `locateMany` for a thread that may block (the worker): synchronous, and the budget counts bytes.
 * Each file's bytes are scanned for the tests' literals and only a file that names one is decoded
 * and ranked, so most files are never decoded.
 */
export function locateManyInBytes(
  cases: readonly LocateCase[],
  files: Iterable<ByteFile>,
  bounds: { readonly maxFiles: number; readonly maxBytes: number },
  /** The cases' index, when built beforehand (the worker builds it while the files are listed). */
  index = new TestNameIndex(cases),
): LocateResult {
  const pass = new LocatePass(cases, bounds, index);
  if (pass.index.isEmpty) return pass.result();
  for (const file of files) {
    if (pass.full()) break;
    pass.filesRead++;
    let read: ReturnType<ByteFile['read']>;
    try {
      read = file.read();
    } catch {
      continue; // unreadable: skip
    }
    if (!pass.fits(read.bytes.length)) continue;
    const path = String(file.path);
    const hits = pass.index.candidatesInBytes(read.bytes, path);
    if (hits?.size === 0) continue;
    const text = read.text();
    pass.rank(path, text, hits ?? pass.index.candidates(text, path));
  }
  return pass.result();
}
