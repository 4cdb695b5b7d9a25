// The last loaded targets and latest runs, kept in the extension's global storage so the tree
// shows at once when VS Code starts. Never holds the token.
import * as vscode from 'vscode';
import { parseSnapshot, serializeSnapshot } from '../store/cacheSnapshot';
import type { ResultsStore } from '../store/store';
import type { Log } from './log';

const FILE = 'results-cache-v1.json';
const SAVE_DELAY_MS = 3000;

export class ResultsCache implements vscode.Disposable {
  #timer?: ReturnType<typeof setTimeout>;
  readonly #subscription: vscode.Disposable;

  readonly #dir: vscode.Uri;
  readonly #store: ResultsStore;
  readonly #apiUrl: () => string;
  readonly #log: Log;

  constructor(dir: vscode.Uri, store: ResultsStore, apiUrl: () => string, log: Log) {
    this.#dir = dir;
    this.#store = store;
    this.#apiUrl = apiUrl;
    this.#log = log;
    // Only new data is worth writing: a new target list or new runs (polls that find nothing write nothing).
    this.#subscription = store.onDidChange((e) => {
      if (e.targetId === undefined || (e.newRuns && e.newRuns.length > 0)) this.#scheduleSave();
    });
  }

  get #file(): vscode.Uri {
    return vscode.Uri.joinPath(this.#dir, FILE);
  }

  async restore(): Promise<void> {
    try {
      const bytes = await vscode.workspace.fs.readFile(this.#file);
      if (this.#store.restore(parseSnapshot(Buffer.from(bytes).toString('utf8')), this.#apiUrl())) this.#log.info('Showing cached results until the first refresh.');
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  #scheduleSave(): void {
    // Only fresh data is worth keeping; a store showing the cache or an error has nothing new.
    if (this.#store.targetsFromCache || this.#store.targetsState !== 'loaded') return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#save(), SAVE_DELAY_MS);
  }

  async #save(): Promise<void> {
    this.#timer = undefined;
    try {
      await vscode.workspace.fs.createDirectory(this.#dir);
      const text = serializeSnapshot(this.#store.snapshot(this.#apiUrl()));
      await vscode.workspace.fs.writeFile(this.#file, Buffer.from(text, 'utf8'));
    } catch (err) {
      this.#log.warn(`Could not save the results cache: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async clear(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    try {
      await vscode.workspace.fs.delete(this.#file);
    } catch {
      // Nothing to delete.
    }
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#subscription.dispose();
  }
}
