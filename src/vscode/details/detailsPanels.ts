// What activation needs of the case details panels: their serializer (so panels come back after a
// reload) and the few calls others make. The controller (panels.ts) is a bundle of its own
// (esbuild.mjs: dist/detailsPanels.js), required the first time a panel is opened or restored, so
// activation stays cheap and the main bundle small. Run from source (unit tests, the bench) it is
// the module itself; esbuild defines TESULTS_BUNDLED, which drops that branch from the bundle.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Run, TestCase } from '../../model/types';
import type { CaseInRun } from '../caseRef';
import { DETAILS_VIEW_TYPE } from './panelState';
import type * as Panels from './panels';

function panelsModule(): typeof Panels {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return process.env.TESULTS_BUNDLED ? require(path.join(__dirname, 'detailsPanels.js')) : require('./panels');
}

export class DetailsPanels implements vscode.Disposable {
  readonly #deps: Panels.DetailsDeps;
  readonly #serializer: vscode.Disposable;
  #controller?: Panels.CaseDetailsPanels;

  constructor(deps: Panels.DetailsDeps) {
    this.#deps = deps;
    this.#serializer = vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => this.#panels().restore(panel, state),
    });
  }

  #panels(): Panels.CaseDetailsPanels {
    this.#controller ??= new (panelsModule().CaseDetailsPanels)(this.#deps);
    return this.#controller;
  }

  show(targetId: string, run: Run, testCase: TestCase, options?: { pinned?: boolean; preserveFocus?: boolean }): void {
    this.#panels().show(targetId, run, testCase, options);
  }

  /** The case of the active (or last active) panel, for failure navigation; none before a panel was opened. */
  shownCase(): CaseInRun | undefined {
    return this.#controller?.shownCase();
  }

  /** True while a restored panel waits for its case to be loaded. */
  hasPending(): boolean {
    return this.#controller?.hasPending() ?? false;
  }

  dispose(): void {
    this.#controller?.dispose();
    this.#serializer.dispose();
  }
}
