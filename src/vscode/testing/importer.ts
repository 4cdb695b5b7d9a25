// The test controller "Tesults (CI)": a CI run imported into VS Code's Testing view and editor.
// Items are where the tests are (file > suite > case at the test's line; "(no source location)"
// by suite otherwise), results as VS Code shows its own (durations, failure messages with diffs,
// error locations, stack frames where the host has them, standard output and error). Loaded only
// when the first run is imported (see ./index.ts). No run profile: these results were not run here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { caseDurationMs } from '../../model/duration';
import { errorLocationCandidates, failureMessage, type FailureMessage, type StackFrame } from '../../model/failureMessage';
import { singleLine } from '../../model/format';
import { parseLocation, type SourceLocation } from '../../model/location';
import { resolveInWorkspace } from '../editor/locator';
import { DEFAULT_EXCLUDE_GLOB } from '../../model/sourceSearch';
import {
  groupForTesting,
  importedRunName,
  NO_SOURCE_LOCATION_LABEL,
  outputText,
  TESTING_TAGS,
  testingOutcome,
  testingTags,
  type Placement,
  type PlacedCase,
  type SuiteBucket,
  type TestingTag,
} from '../../model/testingRun';
import type { Run, TestCase } from '../../model/types';
import type { Log } from '../log';
import { locateInFiles } from './locateFiles';
import { findRipgrep } from './ripgrep';

export const CONTROLLER_ID = 'tesults';
export const FAILURE_MESSAGE_CONTEXT = 'tesults.failure';
const NO_LOCATION_ID = 'no-source-location';
/** Bounds of the one pass over the workspace's test files. */
const LOCATE_MAX_FILES = 50_000;
const LOCATE_MAX_BYTES = 256 * 1024 * 1024;
/** Cases without `_Location` searched by name: failing ones first. */
const LOCATE_MAX_CASES = 5_000;
/** Frames given a workspace file each (the rest keep their label only). */
const MAX_RESOLVED_FRAMES = 10;

/** What a test item stands for: a case, or (file, suite) its first failing case. */
export interface ItemRef {
  readonly targetId: string;
  readonly run: Run;
  readonly testCase: TestCase;
}

/** `vscode.TestMessageStackFrame` exists from VS Code 1.93; engines.vscode is ^1.90. */
type StackFrameCtor = new (label: string, uri?: vscode.Uri, position?: vscode.Position) => unknown;
function stackFrameClass(): StackFrameCtor | undefined {
  const ctor = (vscode as unknown as { TestMessageStackFrame?: StackFrameCtor }).TestMessageStackFrame;
  return typeof ctor === 'function' ? ctor : undefined;
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** The id path of an item, root first: the key of its ref (the host may hand back another object). */
function idPath(item: vscode.TestItem): string {
  const ids: string[] = [];
  for (let i: vscode.TestItem | undefined = item; i; i = i.parent) ids.unshift(i.id);
  return ids.join('\u0000');
}

export class TestingImporter implements vscode.Disposable {
  private readonly controller: vscode.TestController;
  private readonly tags: ReadonlyMap<TestingTag, vscode.TestTag>;
  private readonly refs = new Map<string, ItemRef>();
  /** `uri \n line` (0-based) of every line the Testing integration marks with a failure. */
  private marks = new Set<string>();
  private pending?: AbortController;

  constructor(
    private readonly log: Log,
    private readonly testFileGlob: () => string,
    private readonly onMarksChanged: () => void,
  ) {
    this.controller = vscode.tests.createTestController(CONTROLLER_ID, 'Tesults (CI)');
    this.tags = new Map(TESTING_TAGS.map((t) => [t, new vscode.TestTag(t)]));
  }

  isMarked(uri: vscode.Uri, line: number): boolean {
    return this.marks.has(`${uri.toString()}\n${line}`);
  }

  refFor(item: vscode.TestItem): ItemRef | undefined {
    return this.refs.get(idPath(item));
  }

  /**
   * Shows `run` in the Testing view. `report` adds it to the results (the Test Results panel and
   * the editor); without it only the items are built, for a run already reported before a reload
   * (VS Code keeps persisted results and matches them to items by id).
   */
  async show(targetId: string, targetName: string, run: Run, previous: Run | undefined, report: boolean): Promise<void> {
    this.pending?.abort();
    const abort = new AbortController();
    this.pending = abort;
    const resolver = new WorkspaceFiles(this.testFileGlob());
    const places = await this.placeCases(run.cases, resolver, abort.signal);
    const failures = new Map<TestCase, vscode.TestMessage>();
    for (const c of run.cases) {
      if (c.result === 'fail') failures.set(c, await this.message(failureMessage(c), places.get(c), resolver));
      if (abort.signal.aborted) return;
    }
    if (abort.signal.aborted) return;
    const tags = testingTags(run, previous);
    const tree = groupForTesting(run.cases, (c) => places.get(c));
    this.refs.clear();
    const marks = new Set<string>();
    const items = new Map<TestCase, vscode.TestItem>();
    const roots: vscode.TestItem[] = [];
    const firstFailing = (cases: readonly PlacedCase[]): TestCase | undefined => (cases.find((p) => p.testCase.result === 'fail') ?? cases[0])?.testCase;
    const suiteItems = (parent: vscode.TestItem, suites: readonly SuiteBucket[], uri: vscode.Uri | undefined): void => {
      for (const s of suites) {
        const suiteItem = this.controller.createTestItem(`suite:${s.id}`, s.label, uri);
        parent.children.add(suiteItem);
        this.remember(suiteItem, targetId, run, firstFailing(s.cases));
        for (const p of s.cases) {
          const c = p.testCase;
          const item = this.controller.createTestItem(p.id, singleLine(c.name), uri);
          if (p.place) item.range = new vscode.Range(p.place.line - 1, (p.place.column ?? 1) - 1, p.place.line - 1, (p.place.column ?? 1) - 1);
          item.tags = (tags.get(c) ?? []).map((t) => this.tags.get(t) as vscode.TestTag);
          if (c.desc) item.description = singleLine(c.desc, 120);
          suiteItem.children.add(item);
          items.set(c, item);
          this.remember(item, targetId, run, c);
          if (c.result === 'fail' && uri && item.range) marks.add(`${uri.toString()}\n${item.range.start.line}`);
        }
      }
    };
    for (const f of tree.files) {
      const uri = vscode.Uri.file(f.file);
      const fileItem = this.controller.createTestItem(`file:${uri.toString()}`, vscode.workspace.asRelativePath(uri, false), uri);
      roots.push(fileItem);
      suiteItems(fileItem, f.suites, uri);
      this.remember(fileItem, targetId, run, firstFailing(f.suites.flatMap((s) => s.cases)));
    }
    if (tree.unplaced.length > 0) {
      const none = this.controller.createTestItem(NO_LOCATION_ID, NO_SOURCE_LOCATION_LABEL);
      roots.push(none);
      suiteItems(none, tree.unplaced, undefined);
      this.remember(none, targetId, run, firstFailing(tree.unplaced.flatMap((s) => s.cases)));
    }
    this.controller.items.replace(roots);
    for (const m of failures.values()) if (m.location) marks.add(`${m.location.uri.toString()}\n${m.location.range.start.line}`);
    this.marks = marks;
    if (report) this.report(importedRunName(targetName, run), run, items, failures);
    this.log.info(`Testing view: ${report ? 'imported' : 'listed'} run ${run.id} of ${targetId}: ${run.cases.length} cases, ${places.size} placed in ${tree.files.length} files.`);
    this.onMarksChanged();
  }

  private remember(item: vscode.TestItem, targetId: string, run: Run, testCase: TestCase | undefined): void {
    if (testCase) this.refs.set(idPath(item), { targetId, run, testCase });
  }

  private report(name: string, run: Run, items: ReadonlyMap<TestCase, vscode.TestItem>, failures: ReadonlyMap<TestCase, vscode.TestMessage>): void {
    const testRun = this.controller.createTestRun(new vscode.TestRunRequest(undefined, undefined, undefined, false), name, true);
    try {
      for (const c of run.cases) {
        const item = items.get(c);
        if (!item) continue;
        const duration = caseDurationMs(c);
        const outcome = testingOutcome(c);
        if (outcome === 'failed') testRun.failed(item, failures.get(c) ?? new vscode.TestMessage('Failed'), duration);
        else if (outcome === 'passed') testRun.passed(item, duration);
        else testRun.skipped(item);
        for (const field of ['_Standard output', '_Standard error']) {
          const text = outputText(c.custom?.[field]);
          if (text) testRun.appendOutput(crlf(text.endsWith('\n') ? text : `${text}\n`), undefined, item);
        }
      }
    } finally {
      testRun.end();
    }
  }

  private async message(f: FailureMessage, place: Placement | undefined, files: WorkspaceFiles): Promise<vscode.TestMessage> {
    const Frame = stackFrameClass();
    const text = Frame || !f.stackText ? f.message : `${f.message}\n\n${f.stackText}`;
    const message = f.expected !== undefined && f.actual !== undefined ? vscode.TestMessage.diff(text, f.expected, f.actual) : new vscode.TestMessage(text);
    message.contextValue = FAILURE_MESSAGE_CONTEXT;
    let location: vscode.Location | undefined;
    for (const candidate of errorLocationCandidates(f)) {
      location = await files.location(candidate);
      if (location) break;
    }
    if (!location && place) location = new vscode.Location(vscode.Uri.file(place.file), new vscode.Position(place.line - 1, (place.column ?? 1) - 1));
    if (location) message.location = location;
    if (Frame && f.frames.length > 0) {
      const frames: unknown[] = [];
      for (const [i, frame] of f.frames.entries()) frames.push(await this.frame(Frame, frame, i < MAX_RESOLVED_FRAMES ? files : undefined));
      (message as unknown as { stackTrace?: unknown[] }).stackTrace = frames;
    }
    return message;
  }

  private async frame(Frame: StackFrameCtor, frame: StackFrame, files: WorkspaceFiles | undefined): Promise<unknown> {
    const where = frame.location && files ? await files.location(frame.location) : undefined;
    return where ? new Frame(frame.label, where.uri, where.range.start) : new Frame(frame.label);
  }

  /** Every case's place: its `_Location` when that file is here, else one pass over the test files for the rest. */
  private async placeCases(cases: readonly TestCase[], files: WorkspaceFiles, signal: AbortSignal): Promise<Map<TestCase, Placement>> {
    const places = new Map<TestCase, Placement>();
    const unplaced: TestCase[] = [];
    for (const c of cases) {
      const loc = parseLocation(c);
      const file = loc ? await files.resolve(loc.file) : undefined;
      if (file && loc) places.set(c, { file, line: loc.line ?? 1, ...(loc.column ? { column: loc.column } : {}) });
      else unplaced.push(c);
      if (signal.aborted) return places;
    }
    if (unplaced.length === 0 || files.roots.length === 0) return places;
    const searched = [...unplaced.filter((c) => c.result === 'fail'), ...unplaced.filter((c) => c.result !== 'fail')].slice(0, LOCATE_MAX_CASES);
    // Listed only when ripgrep cannot narrow the files (then the worker starts while they are listed).
    let listing: Promise<string[]> | undefined;
    const list = (): Promise<string[]> => (listing ??= files.testFiles().then((uris) => uris.filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath)));
    const rgPath = await findRipgrep(vscode.env.appRoot);
    try {
      const result = await locateInFiles(
        searched.map((c) => ({ name: c.name, ...(c.suite !== undefined ? { suite: c.suite } : {}) })),
        list,
        {
          maxFiles: LOCATE_MAX_FILES,
          maxBytes: LOCATE_MAX_BYTES,
          signal,
          workerFile: path.join(__dirname, 'locateWorker.js'),
          onWorkerFailure: (reason) => this.log.warn(`Testing view: the search worker failed (${reason}); searching on the extension host instead.`),
          ...(rgPath !== undefined ? { ripgrep: { rgPath, roots: files.roots, include: files.testFileGlob, exclude: DEFAULT_EXCLUDE_GLOB } } : {}),
          onRipgrepFailure: (reason) => this.log.warn(`Testing view: ripgrep could not narrow the test files (${reason}); reading every test file instead.`),
          onNarrowed: (kept) => this.log.info(`Testing view: ripgrep found ${kept} test file(s) that may define the ${searched.length} test(s) searched by name.`),
        },
      );
      result.matches.forEach((m, i) => {
        if (m) places.set(searched[i], { file: m.path, line: m.line, column: m.column });
      });
      if (result.truncated) this.log.info(`Testing view: the search for tests by name stopped at its bounds after ${result.filesRead} files.`);
    } catch (err) {
      if (listing) await listing; // a listing that failed fails the import, as before
      if (!signal.aborted) this.log.warn(`Testing view: searching the test files failed: ${(err as Error).message}`);
    }
    return places;
  }

  dispose(): void {
    this.pending?.abort();
    this.marks = new Set();
    this.refs.clear();
    this.controller.dispose();
  }
}

/**
 * The workspace's test files, listed once per import; reported paths are resolved inside the
 * workspace folders only, asynchronously (cached per reported path).
 */
class WorkspaceFiles {
  readonly roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  private listed?: Promise<vscode.Uri[]>;
  private readonly resolved = new Map<string, Promise<string | undefined>>();

  constructor(readonly testFileGlob: string) {}

  testFiles(): Promise<vscode.Uri[]> {
    this.listed ??= Promise.resolve(vscode.workspace.findFiles(this.testFileGlob, DEFAULT_EXCLUDE_GLOB, LOCATE_MAX_FILES));
    return this.listed;
  }

  resolve(file: string): Promise<string | undefined> {
    let found = this.resolved.get(file);
    if (found === undefined) {
      found = this.find(file);
      this.resolved.set(file, found);
    }
    return found;
  }

  async location(loc: SourceLocation): Promise<vscode.Location | undefined> {
    const file = await this.resolve(loc.file);
    return file ? new vscode.Location(vscode.Uri.file(file), new vscode.Position((loc.line ?? 1) - 1, (loc.column ?? 1) - 1)) : undefined;
  }

  /** Inside a workspace folder only, links followed (the one rule: editor/locator.ts). */
  private find(file: string): Promise<string | undefined> {
    return this.roots.length === 0 ? Promise.resolve(undefined) : resolveInWorkspace(file, this.roots);
  }
}
