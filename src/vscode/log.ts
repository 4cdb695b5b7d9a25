import * as vscode from 'vscode';

/**
 * The "Tesults" output channel. Every line goes through `redact`, which removes the current
 * token (and anything that looks like a bearer credential) before it is written.
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

  info(line: string): void {
    this.#channel.info(this.redact(line));
  }

  warn(line: string): void {
    this.#channel.warn(this.redact(line));
  }

  error(line: string): void {
    this.#channel.error(this.redact(line));
  }

  show(): void {
    this.#channel.show(true);
  }

  dispose(): void {
    this.#channel.dispose();
  }
}
