// Markdown built from untrusted text (hover and tooltip content).
import * as vscode from 'vscode';
import { stripAnsi } from '../util/text';

/**
 * The one way to start a tooltip or hover: theme icons on from the start (VS Code's appendText
 * escapes `$(…)` only when the flag is already set, so `$(icon)` in server text stays literal),
 * no HTML, and only the listed commands trusted.
 */
export function serverMarkdown(commands: readonly string[] = []): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.supportHtml = false;
  if (commands.length > 0) md.isTrusted = { enabledCommands: [...commands] };
  return md;
}

/**
 * A `command:` URI for a markdown link. encodeURIComponent leaves `(`, `)` and `'` alone, and a
 * `)` from an id would end the link early: those are encoded too.
 */
export function commandUri(command: string, args: unknown): string {
  const encoded = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command}?${encoded}`;
}

/** The first `max` characters of a text, with a line saying it goes on. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n…` : text;
}

/**
 * A fenced code block whose fence is longer than any backtick run in the text, so hostile
 * text cannot close it and inject markdown (MarkdownString.appendCodeblock does not guard this).
 */
export function appendFencedText(md: vscode.MarkdownString, text: string): void {
  // eslint-disable-next-line no-control-regex
  const clean = stripAnsi(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  let longest = 0;
  for (const run of clean.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  md.appendMarkdown(`\n${fence}text\n${clean}\n${fence}\n`);
}
