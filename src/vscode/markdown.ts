// Markdown built from untrusted text (hover and tooltip content).
import type * as vscode from 'vscode';
import { stripAnsi } from '../util/text';

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
