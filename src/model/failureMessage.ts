// A failure as VS Code's Testing view shows its own: readable message, expected/actual for a
// diff, where the error happened, and the stack as frames. Read from what the reporters send
// (jest: message + stack with `- Expected / + Received` blocks; Playwright: a JSON-encoded
// {message, stack, location, snippet} with ANSI colours; mocha/chai: "AssertionError: expected 2
// to equal 3" with the stack in `_Stack trace`). No `vscode` import.
import { stripAnsi } from '../util/text';
import { parseLocationValue, type SourceLocation } from './location';
import { looksLikeErrorObject, tryParseJson } from './reason';
import type { TestCase } from './types';

export interface StackFrame {
  /** The function as V8 names it ("Object.<anonymous>"), else the location text. */
  readonly label: string;
  readonly location?: SourceLocation;
}

export interface FailureMessage {
  /** The message without colour codes and without the stack; Playwright: message + code snippet. */
  readonly message: string;
  /** Present when the reason states both what was expected and what was received. */
  readonly expected?: string;
  readonly actual?: string;
  /** The stack's frames, outermost call last (as printed). */
  readonly frames: readonly StackFrame[];
  /** The stack as text (frames only), for hosts without stack frame support. */
  readonly stackText?: string;
  /** Where the error was raised, as the reporter said (Playwright's `location`), unresolved. */
  readonly reportedLocation?: SourceLocation;
}

/** Longer messages are cut (a reason can be megabytes); the details panel shows everything. */
const MAX_MESSAGE_CHARS = 64 * 1024;
const MAX_FRAMES = 50;
const MAX_DIFF_SIDE = 32 * 1024;

const FRAME_LINE_RE = /^\s*at\s+(.+?)\s*$/;

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return undefined;
  return JSON.stringify(v, null, 2);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n… (cut at ${max} characters)` : text;
}

/** Splits plain text into the message (before the first `at …` frame line) and the stack lines. */
function splitStack(text: string): { message: string; stack: string[] } {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => FRAME_LINE_RE.test(l));
  if (first === -1) return { message: text.trimEnd(), stack: [] };
  const stack = lines.slice(first).filter((l) => FRAME_LINE_RE.test(l));
  return { message: lines.slice(0, first).join('\n').trimEnd(), stack };
}

/** V8 stack lines (`at fn (file:line:col)`, `at file:line:col`, `at async fn (…)`) as frames. */
export function parseStackFrames(text: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stripAnsi(text).split('\n')) {
    if (frames.length >= MAX_FRAMES) break;
    const m = FRAME_LINE_RE.exec(line);
    if (!m) continue;
    const body = m[1];
    const called = /^(?:async\s+)?(.+?)\s+\((.+)\)$/.exec(body);
    const where = called ? called[2] : body;
    const location = /:\d+(?::\d+)?$/.test(where) ? parseLocationValue(where) : undefined;
    frames.push({ label: called ? called[1] : where, ...(location ? { location } : {}) });
  }
  return frames;
}

/** Frames worth pointing at: not dependencies, not the runtime's own (`node:internal`, `<anonymous>`). */
export function isOwnCodeFrame(frame: StackFrame): boolean {
  const file = frame.location?.file;
  return file !== undefined && !/(^|[\\/])node_modules[\\/]/.test(file) && !/^(node|internal)[:/]/.test(file) && !file.startsWith('<');
}

/**
 * Where the error was raised, best first: Playwright's `location`, then the frames of own code
 * (the caller keeps the first that exists in the workspace).
 */
export function errorLocationCandidates(failure: FailureMessage): SourceLocation[] {
  const out: SourceLocation[] = [];
  if (failure.reportedLocation) out.push(failure.reportedLocation);
  for (const f of failure.frames) if (isOwnCodeFrame(f) && f.location?.line !== undefined) out.push(f.location);
  return out.slice(0, 10);
}

/**
 * jest's diff block: "- Expected  - n" / "+ Received  + n", a blank line, then lines marked
 * "- " (expected only), "+ " (received only) or "  " (both).
 */
function diffBlock(lines: readonly string[]): { expected: string; actual: string } | undefined {
  const head = lines.findIndex((l, i) => /^- Expected\b/.test(l) && /^\+ Received\b/.test(lines[i + 1] ?? ''));
  if (head === -1) return undefined;
  let i = head + 2;
  while (i < lines.length && lines[i].trim() === '') i++;
  const expected: string[] = [];
  const actual: string[] = [];
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (l === '' || FRAME_LINE_RE.test(l)) break;
    const mark = l[0];
    const rest = l.slice(2);
    if (mark === '-') expected.push(rest);
    else if (mark === '+') actual.push(rest);
    else if (mark === ' ') {
      expected.push(rest);
      actual.push(rest);
    } else break;
  }
  return expected.length + actual.length > 0 ? { expected: expected.join('\n'), actual: actual.join('\n') } : undefined;
}

/** "Expected: 3" / "Received: 2" (jest), "Expected string: …" / "Received string: …" (Playwright). */
function labelledLines(lines: readonly string[]): { expected: string; actual: string } | undefined {
  let expected: string | undefined;
  for (const l of lines) {
    const e = /^\s*Expected(?: [\w ]{1,30})?: (.*)$/.exec(l);
    if (e && expected === undefined) {
      expected = e[1];
      continue;
    }
    const r = /^\s*Received(?: [\w ]{1,30})?: (.*)$/.exec(l);
    if (r && expected !== undefined) return { expected, actual: r[1] };
  }
  return undefined;
}

/** node:assert "Expected values to be strictly equal:" followed by "actual !== expected". */
function nodeAssert(lines: readonly string[]): { expected: string; actual: string } | undefined {
  const head = lines.findIndex((l) => /Expected values to be (?:strictly|loosely) (?:deep-)?equal:/.test(l));
  if (head === -1) return undefined;
  for (const l of lines.slice(head + 1, head + 4)) {
    const m = /^(.+?) !==? (.+)$/.exec(l.trim());
    if (m) return { expected: m[2], actual: m[1] };
  }
  return undefined;
}

/** chai: "AssertionError: expected 2 to equal 3", "expected [ 1 ] to deeply equal [ 2 ]". */
function chai(lines: readonly string[]): { expected: string; actual: string } | undefined {
  for (const l of lines.slice(0, 5)) {
    const m = /(?:^|:\s)expected (.+) to (?:deeply |strictly |loosely )?(?:equal|eql|be) (.+?)\s*$/.exec(l.trim());
    if (m && !/^(?:true|false|a|an|ok|null|undefined)$/.test(m[2]) && !m[2].startsWith('above') && !m[2].startsWith('below')) {
      return { expected: m[2], actual: m[1] };
    }
  }
  return undefined;
}

/** What the assertion expected and what it got, when the message says both. */
export function extractExpectedActual(message: string): { expected: string; actual: string } | undefined {
  const lines = message.split('\n').map((l) => l.replace(/\r$/, ''));
  const found = diffBlock(lines) ?? labelledLines(lines) ?? nodeAssert(lines) ?? chai(lines);
  if (!found || found.expected.length > MAX_DIFF_SIDE || found.actual.length > MAX_DIFF_SIDE) return undefined;
  return found;
}

/** A case's failure reason (and `_Stack trace`, from the mocha reporter) read as a test message. */
export function failureMessage(c: TestCase): FailureMessage {
  const reason = typeof c.reason === 'string' ? c.reason : '';
  const stackField = c.custom?.['_Stack trace'];
  const extraStack = typeof stackField === 'string' ? stripAnsi(stackField) : undefined;
  const parsed = tryParseJson(reason);
  let message: string;
  let stackLines: string[] = [];
  let reportedLocation: SourceLocation | undefined;
  let diffSource: string;
  if (parsed && looksLikeErrorObject(parsed.value)) {
    const err = parsed.value;
    const head = [str(err.message), str(err.value)].filter((s): s is string => s !== undefined).map(stripAnsi).join('\n\n');
    const snippet = str(err.snippet);
    message = snippet === undefined ? head : `${head}\n\n${stripAnsi(snippet)}`;
    diffSource = head;
    const stack = str(err.stack);
    if (stack !== undefined) stackLines = splitStack(stripAnsi(stack)).stack;
    reportedLocation = parseLocationValue(err.location);
  } else {
    const split = splitStack(stripAnsi(reason));
    message = split.message;
    stackLines = split.stack;
    diffSource = message;
  }
  if (stackLines.length === 0 && extraStack !== undefined) stackLines = splitStack(extraStack).stack;
  const stackText = stackLines.length > 0 ? stackLines.join('\n') : undefined;
  const ea = extractExpectedActual(diffSource);
  return {
    message: clip(message.trim() === '' ? '(no failure reason was reported)' : message, MAX_MESSAGE_CHARS),
    ...(ea ? { expected: ea.expected, actual: ea.actual } : {}),
    frames: stackText ? parseStackFrames(stackText) : [],
    ...(stackText ? { stackText } : {}),
    ...(reportedLocation ? { reportedLocation } : {}),
  };
}
