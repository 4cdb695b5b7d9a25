// The contract between the case details webview (media/details.js) and the extension: what the
// renderer needs, and the messages the script sends (the extension answers only with
// `{type: "status", text}`, shown in an aria-live region). No `vscode` import. The script never
// sends a URL: it names a file or a run, and the extension builds and checks the link itself.

import type { HistoryRunResult } from '../model/caseView';
import type { Run, TestCase } from '../model/types';
import { own } from '../util/record';

/** What every page (details, empty state, message) needs from the extension. */
export interface PageResources {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** A fresh random nonce per render (base64/hex; only used inside the CSP and `nonce=` attributes). */
  readonly nonce: string;
  /** `webview.asWebviewUri(media/details.css)` as a string. */
  readonly styleUri: string;
  /** `webview.asWebviewUri(media/details.js)` as a string. */
  readonly scriptUri: string;
}

export interface CaseDetailsInput extends PageResources {
  readonly case: TestCase;
  readonly target: { readonly id: string; readonly name: string };
  readonly run: { readonly id: string; readonly createdTime: number; readonly runUrl?: string; readonly buildName?: string };
  /** The case's result in each loaded run; rendered newest first whatever the order given. */
  readonly history: readonly HistoryRunResult[];
  /** The target's runs, newest first, for the flaky verdict across runs (model/compare.ts `flakyVerdict`). */
  readonly targetRuns?: readonly Run[];
  /** What changed in the run against the run before it: "1 new · 1 fixed" (model/compare.ts `formatChanges`). */
  readonly runChanges?: string;
  /**
   * Position among the failures of the run, for the Previous/Next failure buttons: `index` is
   * 1-based ("2 of 7"); 0 when the shown case is not itself one of the `total` failures.
   * Absent or `total` 0: the buttons are disabled.
   */
  readonly failurePosition?: { readonly index: number; readonly total: number };
  /**
   * Image previews made by the extension after downloading a file with auth: file name ->
   * `data:image/(png|jpeg|gif|webp);base64,...`. Anything else is ignored.
   */
  readonly previews?: Readonly<Record<string, string>>;
  /** "Now" in ms since epoch, for relative times ("5 min ago"); omitted: no relative times. */
  readonly now?: number;
  /**
   * Identity of the shown case, saved by the script with `setState({caseKey})` so the
   * extension can restore the panel. Default: `${target.id}/${run.id}/${case.hash ?? case.index}`.
   */
  readonly caseKey?: string;
}

/** What a message page offers as a way forward (a case that could not be loaded). */
export const PAGE_ACTIONS = ['retry', 'setToken', 'openSettings'] as const;
export type PageAction = (typeof PAGE_ACTIONS)[number];

/** A page with just a title and a message: empty state, or "this case is no longer loaded". */
export interface MessagePageInput extends PageResources {
  readonly title: string;
  readonly message: string;
  /** Buttons under the message, in this order. */
  readonly actions?: readonly PageAction[];
  /** Kept in the webview state so a restored panel still knows which case it showed. */
  readonly caseKey?: string;
}

/** Id of the `<script type="application/json">` block holding `PageData`. */
export const PAGE_DATA_ELEMENT_ID = 'tesults-data';

/** The only data the script receives (as JSON, in the `PAGE_DATA_ELEMENT_ID` element). */
export interface PageData {
  readonly caseKey?: string;
}

// ---- Messages: webview -> extension ----

export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'openFile'; readonly name: string }
  | { readonly type: 'previewFile'; readonly name: string }
  | { readonly type: 'openRun'; readonly runId: string }
  | { readonly type: 'navigateFailure'; readonly direction: 'previous' | 'next' }
  | { readonly type: 'copyReason' }
  | { readonly type: 'openRunUrl' }
  | { readonly type: 'reveal' }
  | { readonly type: 'goToSource' }
  | { readonly type: 'openPinned' }
  | { readonly type: 'pageAction'; readonly action: PageAction };

/** Length bounds for strings in webview messages. */
export const MESSAGE_LIMITS = {
  name: 4096,
  runId: 512,
} as const;

const NO_ARG_TYPES: ReadonlySet<string> = new Set(['ready', 'copyReason', 'openRunUrl', 'reveal', 'goToSource', 'openPinned']);

function boundedString(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max;
}

/**
 * Validates a message received from the webview. Only known `type`s with the expected fields of
 * the expected types (non-empty strings within `MESSAGE_LIMITS`) are accepted; the result is a
 * fresh object with only those fields. Anything else gives `undefined`.
 * (`openFile` and `previewFile` name one of the shown case's files; the extension checks that.)
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const type = own(raw, 'type');
  if (typeof type !== 'string') return undefined;
  if (NO_ARG_TYPES.has(type)) return { type } as WebviewMessage;
  switch (type) {
    case 'openFile':
    case 'previewFile': {
      const name = own(raw, 'name');
      return boundedString(name, MESSAGE_LIMITS.name) ? { type, name } : undefined;
    }
    case 'openRun': {
      const runId = own(raw, 'runId');
      return boundedString(runId, MESSAGE_LIMITS.runId) ? { type, runId } : undefined;
    }
    case 'navigateFailure': {
      const direction = own(raw, 'direction');
      return direction === 'previous' || direction === 'next' ? { type, direction } : undefined;
    }
    case 'pageAction': {
      const action = own(raw, 'action');
      return (PAGE_ACTIONS as readonly unknown[]).includes(action) ? { type, action: action as PageAction } : undefined;
    }
    default:
      return undefined;
  }
}
