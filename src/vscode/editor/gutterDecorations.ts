// The failures of the default target's latest run, marked in editors: gutter icon, overview-ruler
// mark and a hover with the reason. The extension host never blocks on them: where each failure
// is (its `_Location`, a file inside the workspace) is resolved once per run, asynchronously
// (locator.ts); failures without a location are found in a test file's text in one pass for all
// names (findTestsInText), once per document version; an editor switch reuses what was found.
// That work (failureMarks.ts) is loaded with the source finding the first time a run is placed.
import * as vscode from 'vscode';
import { failuresInTreeOrder } from '../../model/group';
import type { Run } from '../../model/types';
import type { ResultsStore } from '../../store/store';
import type { DefaultTarget } from '../defaultTarget';
import type { Settings } from '../settings';
import type { FailurePlaces } from './failureMarks';
import { sourceFinding } from './loadSourceFinding';
import { workspaceKey } from './locator';

/** Failures marked per run: enough for any real file, bounded for a hostile run. */
const DECORATION_MAX_FAILURES = 500;

/** Documents whose marks are kept, most recently shown last: switching back to one costs nothing. */
const MARKED_DOCUMENTS_KEPT = 32;

/** Where the failures of one run are, resolved once per run and set of workspace folders. */
interface RunPlacement {
  /** Target, run and workspace folders. */
  readonly key: string;
  readonly targetId: string;
  readonly run: Run;
  readonly abort: AbortController;
  /** Set when the locations are resolved. */
  places?: FailurePlaces;
}

/** The marks of one document, valid for one placement, document version and test-file glob. */
interface DocumentMarks {
  readonly placementKey: string;
  readonly version: number;
  readonly glob: string;
  readonly options: vscode.DecorationOptions[];
}

/**
 * Gutter icon, overview-ruler mark and hover on the lines of failing tests of the default
 * target's latest run, in visible editors.
 */
export class FailureEditorDecorations implements vscode.Disposable {
  readonly #type: vscode.TextEditorDecorationType;
  readonly #disposables: vscode.Disposable[] = [];
  #timer?: ReturnType<typeof setTimeout>;
  #placement?: RunPlacement;
  /** By document URI, least recently shown first (at most MARKED_DOCUMENTS_KEPT). */
  readonly #marks = new Map<string, DocumentMarks>();

  readonly #store: ResultsStore;
  readonly #settings: Settings;
  readonly #defaultTarget: DefaultTarget;

  readonly #markedByTesting: (uri: vscode.Uri, line: number) => boolean;
  constructor(
    extensionUri: vscode.Uri,
    store: ResultsStore,
    settings: Settings,
    defaultTarget: DefaultTarget,
    /** True where the Testing integration already marks the line (0-based) with a failure: not marked twice. */
    markedByTesting: (uri: vscode.Uri, line: number) => boolean = () => false,
  ) {
    this.#markedByTesting = markedByTesting;
    this.#store = store;
    this.#settings = settings;
    this.#defaultTarget = defaultTarget;
    this.#type = vscode.window.createTextEditorDecorationType({
      gutterIconPath: vscode.Uri.joinPath(extensionUri, 'media', 'failure.svg'),
      gutterIconSize: '80%',
      overviewRulerColor: new vscode.ThemeColor('testing.iconFailed'),
      overviewRulerLane: vscode.OverviewRulerLane.Left,
      isWholeLine: true,
    });
    this.#disposables.push(
      this.#type,
      store.onDidChange(() => this.schedule()),
      defaultTarget.onDidChange(() => this.schedule()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.schedule()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()),
      settings.onDidChange((names) => {
        if (names.has('editorDecorationsEnabled') || names.has('testFileGlob')) this.schedule();
      }),
    );
    this.schedule();
  }

  /** Coalesces bursts of store and editor events into one update. */
  /** The Testing view marks other lines now: the cached marks are made again. */
  testingMarksChanged(): void {
    this.#marks.clear();
    this.schedule();
  }

  schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.update(), 150);
  }

  /**
   * Marks the visible editors. Synchronous and cheap: without resolved locations for the current
   * run it starts resolving them (and marks the editors when they are ready).
   */
  update(): void {
    this.#timer = undefined;
    const latest = this.#settings.get('editorDecorationsEnabled') ? this.#defaultTarget.latestRun() : undefined;
    if (!latest) {
      this.#setPlacement(undefined);
      for (const editor of vscode.window.visibleTextEditors) editor.setDecorations(this.#type, []);
      return;
    }
    const key = `${latest.targetId}\u0000${latest.run.id}\u0000${workspaceKey()}`;
    if (this.#placement?.key !== key || this.#placement.run !== latest.run) {
      this.#setPlacement(this.#place(key, latest.targetId, latest.run));
      return;
    }
    const places = this.#placement.places;
    if (!places) return; // resolving: marked when done
    const glob = this.#settings.get('testFileGlob');
    for (const editor of vscode.window.visibleTextEditors) {
      const document = editor.document;
      if (document.uri.scheme !== 'file') {
        editor.setDecorations(this.#type, []);
        continue;
      }
      const uri = document.uri.toString();
      let marks = this.#marks.get(uri);
      this.#marks.delete(uri);
      if (marks === undefined || marks.placementKey !== key || marks.version !== document.version || marks.glob !== glob) {
        marks = { placementKey: key, version: document.version, glob, options: sourceFinding().failureMarks(document, this.#placement, places, glob, this.#markedByTesting) };
      }
      this.#marks.set(uri, marks);
      editor.setDecorations(this.#type, marks.options);
    }
    for (const uri of this.#marks.keys()) {
      if (this.#marks.size <= MARKED_DOCUMENTS_KEPT) break;
      this.#marks.delete(uri);
    }
  }

  /** Resolves where the run's failures are, then marks the editors (unless a newer run came first). */
  #place(key: string, targetId: string, run: Run): RunPlacement {
    const placement: RunPlacement = { key, targetId, run, abort: new AbortController() };
    const failures = failuresInTreeOrder(this.#store.model(run)).slice(0, DECORATION_MAX_FAILURES);
    void sourceFinding().placeFailures(failures, placement.abort.signal).then(
      (places) => {
        if (this.#placement !== placement) return;
        placement.places = places;
        this.update();
      },
      () => undefined, // placeFailures does not reject; nothing to mark if it ever did
    );
    return placement;
  }

  #setPlacement(placement: RunPlacement | undefined): void {
    this.#placement?.abort.abort();
    this.#placement = placement;
    this.#marks.clear();
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#placement?.abort.abort();
    for (const d of this.#disposables) d.dispose();
  }
}
