// Where many tests are defined, in one pass over the test files: every file is read once and
// scanned once for the string literals (and, outside JavaScript, identifiers) that could name any
// of the tests (`searchNeedles`); only where one occurs is the test ranked with the single-test
// search (`searchFiles`), so the work is one read and one linear scan per file, whatever the
// number of tests, never one workspace search per test. No `vscode` import.
import { searchFiles, searchNeedles, type FileMatch, type SearchFile } from './sourceSearch';

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
}

export interface LocateResult {
  /** The best place of each case (same order as the cases), or undefined. */
  readonly matches: ReadonlyArray<FileMatch | undefined>;
  readonly filesRead: number;
  /** True when a bound stopped the pass before every file was read. */
  readonly truncated: boolean;
}

const QUOTES = ["'", '"', '`'];
/** Files of these languages name their tests with string literals, so identifiers are not scanned. */
const LITERAL_ONLY_FILE_RE = /\.(?:[cm]?[jt]sx?)$/i;
const IDENTIFIER_RE = /[A-Za-z_$][\w$]*/g;

function isEscaped(text: string, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 92; i--) n++;
  return (n & 1) === 1;
}

/** The needles of many tests, each mapped to the tests it may name. */
export class TestNameIndex {
  private readonly literals = new Map<string, number[]>();
  private readonly identifiers = new Map<string, number[]>();
  /** literalLength[n] is true when some needle is n characters long (cheap test before a lookup). */
  private readonly literalLength: Uint8Array;

  constructor(cases: readonly LocateCase[]) {
    let maxLength = 0;
    cases.forEach((c, i) => {
      const { literals, identifiers } = searchNeedles(c.name, c.suite);
      for (const l of literals) {
        add(this.literals, l, i);
        maxLength = Math.max(maxLength, l.length);
      }
      for (const id of identifiers) add(this.identifiers, id, i);
    });
    this.literalLength = new Uint8Array(maxLength + 1);
    for (const l of this.literals.keys()) this.literalLength[l.length] = 1;
  }

  get isEmpty(): boolean {
    return this.literals.size === 0 && this.identifiers.size === 0;
  }

  /**
   * The tests whose needles occur in `text`. Every pair of consecutive unescaped quotes of one
   * kind is a possible literal, so a stray quote in a comment cannot hide the next literal; each
   * character is visited a bounded number of times.
   */
  candidates(text: string, path: string): Set<number> {
    const found = new Set<number>();
    const max = this.literalLength.length - 1;
    for (const q of QUOTES) {
      let open = text.indexOf(q);
      while (open !== -1) {
        let close = text.indexOf(q, open + 1);
        while (close !== -1 && isEscaped(text, close)) close = text.indexOf(q, close + 1);
        if (close === -1) break;
        const length = close - open + 1;
        if (length <= max && this.literalLength[length] === 1) {
          const hit = this.literals.get(text.slice(open, close + 1));
          if (hit) for (const i of hit) found.add(i);
        }
        open = close;
      }
    }
    if (this.identifiers.size > 0 && !LITERAL_ONLY_FILE_RE.test(path)) {
      IDENTIFIER_RE.lastIndex = 0;
      for (let m = IDENTIFIER_RE.exec(text); m !== null; m = IDENTIFIER_RE.exec(text)) {
        const hit = this.identifiers.get(m[0]);
        if (hit) for (const i of hit) found.add(i);
      }
    }
    return found;
  }
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

function abortError(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('The search was cancelled'), { name: 'AbortError' });
}

/**
 * Finds where each case is defined among `files`, reading each file once (a few at a time).
 * Files that fail to read or look binary are skipped; rejects when `signal` aborts.
 */
export async function locateMany(cases: readonly LocateCase[], files: Iterable<SearchFile> | AsyncIterable<SearchFile>, opts: LocateOptions): Promise<LocateResult> {
  const { signal } = opts;
  if (signal?.aborted) throw abortError(signal);
  const matches: Array<FileMatch | undefined> = new Array(cases.length).fill(undefined);
  const index = new TestNameIndex(cases);
  if (index.isEmpty) return { matches, filesRead: 0, truncated: false };
  const iterator: Iterator<SearchFile> | AsyncIterator<SearchFile> =
    Symbol.asyncIterator in files ? (files as AsyncIterable<SearchFile>)[Symbol.asyncIterator]() : (files as Iterable<SearchFile>)[Symbol.iterator]();
  let filesRead = 0;
  let bytes = 0;
  let truncated = false;
  let done = false;

  const rank = async (file: SearchFile, text: string, hits: Set<number>): Promise<void> => {
    const once: SearchFile[] = [{ path: file.path, read: () => Promise.resolve(text) }];
    for (const i of hits) {
      const best = (await searchFiles(once, cases[i].name, cases[i].suite, { maxFiles: 1, maxBytes: Infinity, maxMatches: 1 })).matches[0];
      if (best && betterMatch(best, matches[i])) matches[i] = best;
    }
  };

  const worker = async (): Promise<void> => {
    while (!done) {
      const next = await iterator.next();
      if (signal?.aborted) throw abortError(signal);
      if (next.done) {
        done = true;
        return;
      }
      const file = next.value;
      if (filesRead >= opts.maxFiles || bytes >= opts.maxBytes) {
        truncated = true;
        done = true;
        return;
      }
      if (typeof file.size === 'number' && bytes + file.size > opts.maxBytes) {
        truncated = true;
        continue;
      }
      filesRead++;
      let text: string;
      try {
        text = await file.read();
      } catch {
        continue; // unreadable: skip
      }
      if (signal?.aborted) throw abortError(signal);
      if (typeof text !== 'string') continue;
      if (bytes + text.length > opts.maxBytes) {
        truncated = true;
        continue;
      }
      bytes += text.length;
      if (text.slice(0, 4096).includes('\u0000')) continue;
      const hits = index.candidates(text, String(file.path));
      if (hits.size > 0) await rank(file, text, hits);
    }
  };
  const workers = Math.max(1, Math.min(256, opts.concurrency ?? 64));
  await Promise.all(Array.from({ length: workers }, worker));
  return { matches, filesRead, truncated };
}
