import * as vscode from 'vscode';
import { singleLine } from '../model/format';

/** Longest line written: server text in a message cannot make a 100 KB log line. */
const MAX_LINE = 2000;

/**
 * The "Tesults" output channel. Every line goes through `redact`, which removes the current
 * token (and anything that looks like a bearer credential) before it is written, and is then made
 * one clipped line (after redaction, so clipping never cuts a token in half and leaves a piece of
 * it): newlines in server text cannot forge log lines.
 */
export class Log implements vscode.Disposable {
  readonly #channel = vscode.window.createOutputChannel('Tesults', { log: true });
  #secrets = new Set<string>();

  /** Values that must never be written (the token, in all its forms). */
  setSecrets(values: readonly (string | undefined)[]): void {
    this.#secrets = new Set(values.filter((v): v is string => typeof v === 'string' && v.length >= 4));
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) out = out.split(secret).join('***');
    return out.replace(/(Bearer\s+)[^\s"']+/gi, '$1***');
  }

  /** What `info`/`warn`/`error` write for `line`. */
  logLine(line: string): string {
    return singleLine(this.redact(line), MAX_LINE);
  }

  info(line: string): void {
    this.#channel.info(this.logLine(line));
  }

  warn(line: string): void {
    this.#channel.warn(this.logLine(line));
  }

  error(line: string): void {
    this.#channel.error(this.logLine(line));
  }

  show(): void {
    this.#channel.show(true);
  }

  dispose(): void {
    this.#channel.dispose();
  }
}
