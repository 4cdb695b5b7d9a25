// Terminal text (test failure reasons, stdout) to safe HTML: ANSI SGR colours become CSS classes
// (styled in media/details.css with VS Code's terminal theme colours), every other escape or
// control sequence is removed, and all text is HTML-escaped. Linear in the input length.

import { ANSI_SEQUENCE_RE, hasAnsi, normaliseNewlines, unescapeLiteralEscapes } from '../util/text';
import { escapeHtml } from './html';

/** Bidirectional embedding/override/isolate controls: shown as visible markers, never applied. */
const BIDI_RE = /[\u202a-\u202e\u2066-\u2069]/g;

const COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

interface SgrState {
  fg: string | undefined;
  bold: boolean;
  dim: boolean;
  underline: boolean;
}

function classesOf(s: SgrState): string {
  const parts: string[] = [];
  if (s.fg) parts.push('ansi-' + s.fg);
  if (s.bold) parts.push('ansi-bold');
  if (s.dim) parts.push('ansi-dim');
  if (s.underline) parts.push('ansi-underline');
  return parts.join(' ');
}

function applySgr(state: SgrState, params: string): void {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) {
      state.fg = undefined;
      state.bold = state.dim = state.underline = false;
    } else if (c === 1) state.bold = true;
    else if (c === 2) state.dim = true;
    else if (c === 4) state.underline = true;
    else if (c === 22) state.bold = state.dim = false;
    else if (c === 24) state.underline = false;
    else if (c >= 30 && c <= 37) state.fg = COLOURS[c - 30];
    else if (c >= 90 && c <= 97) state.fg = 'bright-' + COLOURS[c - 90];
    else if (c === 39) state.fg = undefined;
    else if (c === 38 || c === 48 || c === 58) {
      // Extended colour: 38;5;n or 38;2;r;g;b. Not mapped to the theme: skip its arguments.
      i += codes[i + 1] === 5 ? 2 : codes[i + 1] === 2 ? 4 : 0;
    }
    // Backgrounds, blink, inverse and the rest are ignored.
  }
}

/** HTML-escapes plain text and makes bidi controls visible (`[U+202E]`) instead of active. */
export function textToHtml(text: string): string {
  const escaped = escapeHtml(text);
  return escaped.replace(BIDI_RE, (c) => `<span class="ctl">U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}</span>`);
}

export interface TerminalHtmlOptions {
  /**
   * Colour diff lines (starting with `-` / `+`) when the text has no colours of its own and looks
   * like a diff (has both a `- ` line and a `+ ` line).
   */
  readonly diff?: boolean;
}

/** Terminal text to HTML for a `<pre>`: colours as `ansi-*` classes, escapes removed, text escaped. */
export function terminalToHtml(input: string, options: TerminalHtmlOptions = {}): string {
  let text = normaliseNewlines(input);
  if (hasAnsi(text)) return ansiToHtml(unescapeLiteralEscapes(text));
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
  if (options.diff && /^- /m.test(text) && /^\+ /m.test(text)) return diffToHtml(text);
  return textToHtml(text);
}

function diffToHtml(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const first = line.charCodeAt(0);
    const cls = first === 45 /* - */ ? 'diff-del' : first === 43 /* + */ ? 'diff-add' : undefined;
    out.push(cls ? `<span class="${cls}">${textToHtml(line)}</span>` : textToHtml(line));
  }
  return out.join('\n');
}

function ansiToHtml(text: string): string {
  const out: string[] = [];
  const state: SgrState = { fg: undefined, bold: false, dim: false, underline: false };
  let open = ''; // classes of the currently open span, '' when none
  let last = 0;
  const emit = (chunk: string): void => {
    if (chunk === '') return;
    const cls = classesOf(state);
    if (cls !== open) {
      if (open) out.push('</span>');
      if (cls) out.push(`<span class="${cls}">`);
      open = cls;
    }
    out.push(textToHtml(chunk));
  };
  ANSI_SEQUENCE_RE.lastIndex = 0;
  for (let m = ANSI_SEQUENCE_RE.exec(text); m !== null; m = ANSI_SEQUENCE_RE.exec(text)) {
    emit(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[2] === 'm' && m[1] !== undefined && /^[\d;:]*$/.test(m[1])) applySgr(state, m[1]);
    if (m[0].length === 0) ANSI_SEQUENCE_RE.lastIndex++; // cannot happen, but never loop forever
  }
  emit(text.slice(last));
  if (open) out.push('</span>');
  return out.join('');
}
