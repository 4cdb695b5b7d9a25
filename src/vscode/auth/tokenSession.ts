import * as vscode from 'vscode';

const TOKEN_KEY = 'tesults.apiToken';

/** The API token, kept only in VS Code's SecretStorage. */
export class TokenStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the token changes here or in another window. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === TOKEN_KEY) this.changed.fire();
    });
  }

  async get(): Promise<string | undefined> {
    const token = await this.secrets.get(TOKEN_KEY);
    return token ? token : undefined;
  }

  set(token: string): Thenable<void> {
    return this.secrets.store(TOKEN_KEY, token);
  }

  clear(): Thenable<void> {
    return this.secrets.delete(TOKEN_KEY);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
