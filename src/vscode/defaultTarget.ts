// The default target: the one `tesults.defaultTarget` names by id or by name. The tree lists it
// first, the status bar and the editor decorations show its latest run, auto refresh polls it,
// and failure navigation falls back to it.
import * as vscode from 'vscode';
import type { Run } from '../model/types';
import type { ResultsStore, TargetEntry } from '../store/store';
import type { Settings } from './settings';

/** Why the default target may be another one now: the setting changed, or the target list did. */
export type DefaultTargetChange = 'setting' | 'targets';

export class DefaultTarget implements vscode.Disposable {
  readonly #changed = new vscode.EventEmitter<DefaultTargetChange>();
  readonly onDidChange = this.#changed.event;
  readonly #subscriptions: vscode.Disposable[];

  readonly #settings: Settings;
  readonly #store: ResultsStore;

  constructor(
    settings: Settings,
    store: ResultsStore,
  ) {
    this.#settings = settings;
    this.#store = store;
    this.#subscriptions = [
      settings.onDidChange((names) => {
        if (names.has('defaultTarget')) this.#changed.fire('setting');
      }),
      store.onDidChange((e) => {
        if (e.targetId === undefined) this.#changed.fire('targets');
      }),
    ];
  }

  /** The setting as written (an id or a name), '' when unset: tells "not set" from "set but not found". */
  get setting(): string {
    return this.#settings.get('defaultTarget');
  }

  is(entry: { readonly target: { readonly id: string; readonly name: string } }): boolean {
    const setting = this.setting;
    return setting !== '' && (entry.target.id === setting || entry.target.name === setting);
  }

  /** The default target's entry, once the targets are loaded. */
  entry(): TargetEntry | undefined {
    return this.setting ? this.#store.targets.find((e) => this.is(e)) : undefined;
  }

  id(): string | undefined {
    return this.entry()?.target.id;
  }

  /** Its latest run, if its runs are loaded. */
  latestRun(): { targetId: string; run: Run } | undefined {
    const entry = this.entry();
    return entry && entry.runs[0] ? { targetId: entry.target.id, run: entry.runs[0] } : undefined;
  }

  /** Makes a target the default one (writes the setting; the change event follows). */
  set(targetId: string): Promise<void> {
    return this.#settings.writeDefaultTarget(targetId);
  }

  dispose(): void {
    for (const d of this.#subscriptions) d.dispose();
    this.#changed.dispose();
  }
}
