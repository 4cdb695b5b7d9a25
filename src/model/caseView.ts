// What the case details panel shows about a case, decided here from the model's rules (result
// kind, flaky, durations, times, failures) so the webview only turns it into HTML. Every value may
// be hostile (the panel renders whatever JSON type arrived): nothing here trusts a field's type.
import { flakyVerdict, parseMaybeJson } from './compare';
import { caseDurationMs } from './duration';
import { formatAbsoluteTime, formatDuration, formatRelativeTime } from './format';
import { formatLocation } from './reason';
import { parseResult } from './result';
import type { ResultKind, Run, TestCase } from './types';
import { hasValue, isRecord, own } from '../util/record';
import { displayText } from '../util/text';

/** Runs shown in the history strip. */
const MAX_HISTORY = 100;

/** A result as the panel shows it: a kind, or 'missing' for a run without the case. */
export type ShownResult = ResultKind | 'missing';

export const RESULT_LABEL: Readonly<Record<ShownResult, string>> = { pass: 'Passed', fail: 'Failed', unknown: 'Unknown', missing: 'Not in this run' };

/** The case's result in one loaded run: one mark of the history strip. */
export interface HistoryRunResult {
  readonly runId: string;
  readonly createdTime: number;
  /** The case's result in that run, or 'missing' when the run has no such case. */
  readonly result: ShownResult;
  /** True for the run whose case is being shown. */
  readonly current: boolean;
}

/** The kind of a result value of any type (already parsed or as sent). */
function resultKindOf(v: unknown): ResultKind {
  return parseResult(v).result;
}

/** A duration as shown: "1.5 s"; `derived` when it was computed from end − start. */
export interface DurationView {
  readonly text: string;
  readonly derived: boolean;
}

function durationView(x: unknown): DurationView | undefined {
  if (!isRecord(x)) return undefined;
  const ms = caseDurationMs(x);
  const text = formatDuration(ms);
  return ms === undefined || text === undefined ? undefined : { text, derived: ms !== x.duration };
}

/** The framework's own status when it says more than the result ("skipped", "timedOut"); undefined when it repeats it. */
function frameworkStatus(rawResult: unknown, kind: ResultKind): unknown {
  if (rawResult === undefined || rawResult === null) return undefined;
  const r = displayText(rawResult).trim().toLowerCase();
  const same = r === kind || (kind === 'pass' && r === 'passed') || (kind === 'fail' && r === 'failed');
  return same ? undefined : rawResult;
}

/** One step (or any object in a `steps` list): its result and times, decided. */
export interface StepView {
  readonly kind: ResultKind;
  readonly duration?: DurationView;
  /** "start …, end …" when the step has them. */
  readonly times?: string;
  /** The framework status worth showing next to the result. */
  readonly status?: unknown;
}

export function stepView(step: Record<string, unknown>): StepView {
  const kind = resultKindOf(step.result);
  const times: string[] = [];
  if (step.start !== undefined) times.push(`start ${formatAbsoluteTime(step.start)}`);
  if (step.end !== undefined) times.push(`end ${formatAbsoluteTime(step.end)}`);
  return { kind, duration: durationView(step), times: times.length ? times.join(', ') : undefined, status: frameworkStatus(step.rawResult, kind) };
}

/** One earlier attempt of `_Retries`. */
export interface AttemptView {
  /** 1-based: `_Retry` + 1 when the attempt says which it was, else its position. */
  readonly number: number;
  readonly kind: ResultKind;
  /** The result value as sent when it was not exactly pass/fail/unknown. */
  readonly unrecognisedResult?: string;
  readonly status?: unknown;
  readonly duration?: DurationView;
  readonly reason?: unknown;
  /** The attempt as sent, for "All fields of this attempt". */
  readonly attempt: unknown;
}

/** `_Retries` as attempts when it is a list (or a JSON-encoded list); undefined otherwise. */
export function retryAttempts(retries: unknown): AttemptView[] | undefined {
  const list = parseMaybeJson(retries);
  if (!Array.isArray(list)) return undefined;
  return list.map((attempt: unknown, i) => {
    const { result: kind, unrecognised } = parseResult(own(attempt, 'result'));
    const retryNo = own(attempt, '_Retry');
    const reason = own(attempt, 'reason');
    return {
      number: typeof retryNo === 'number' ? retryNo + 1 : i + 1,
      kind,
      unrecognisedResult: unrecognised,
      status: frameworkStatus(own(attempt, 'rawResult'), kind),
      duration: durationView(attempt),
      reason: hasValue(reason) ? reason : undefined,
      attempt,
    };
  });
}

export interface HistoryMarkView {
  readonly runId: unknown;
  readonly result: ShownResult;
  /** "Failed — run of 2026-11-28 14:05:09 (shown)". */
  readonly label: string;
  readonly current: boolean;
}

/** The history strip: newest first (order given breaks ties), at most `MAX_HISTORY`. */
function historyView(history: unknown): HistoryMarkView[] {
  if (!Array.isArray(history)) return [];
  const timeOf = (h: unknown): number => {
    const t = own(h, 'createdTime');
    return Number.isFinite(t) ? (t as number) : -Infinity;
  };
  return history
    .map((h: unknown, i) => ({ h, i, t: timeOf(h) }))
    .sort((a, b) => b.t - a.t || a.i - b.i)
    .slice(0, MAX_HISTORY)
    .map(({ h }) => {
      const raw = own(h, 'result');
      const result: ShownResult = raw === 'missing' ? 'missing' : resultKindOf(raw);
      const current = own(h, 'current') === true;
      return { runId: own(h, 'runId'), result, current, label: `${RESULT_LABEL[result]} — run of ${formatAbsoluteTime(own(h, 'createdTime'))}${current ? ' (shown)' : ''}` };
    });
}

/** Where the shown case stands among the run's failures, for the Previous/Next failure buttons. */
export interface FailurePositionView {
  /** 0: no failures (the buttons are disabled). */
  readonly total: number;
  /** "2 of 7", "7 failures" (the shown case is not one of them), "No failures". */
  readonly text: string;
}

/** A whole number ≥ 1 (of any type sent), else 0. */
function count(v: unknown): number {
  return Number.isInteger(v) && (v as number) > 0 ? (v as number) : 0;
}

function failurePositionView(fp: unknown): FailurePositionView {
  const total = count(own(fp, 'total'));
  const at = count(own(fp, 'index'));
  const index = at <= total ? at : 0;
  const text = total === 0 ? 'No failures' : index > 0 ? `${index} of ${total}` : `${total} failure${total === 1 ? '' : 's'}`;
  return { total, text };
}

/** The header and meta rows of the case, decided. Text values the panel shows as sent are left to it. */
export interface CaseView {
  readonly kind: ResultKind;
  readonly flaky: boolean;
  /** Why it is flaky: "passed on retry 2", "4 flips in the last 20 runs". */
  readonly flakyReason?: string;
  /** "3 flips in the last 20 runs" for the history strip (when the target's runs were given). */
  readonly flips?: string;
  /** A result value that was not exactly pass/fail/unknown, as sent. */
  readonly unrecognisedResult?: unknown;
  readonly status?: unknown;
  /** A reason to show; `failed` says whether it is a failure reason. */
  readonly hasReason: boolean;
  readonly failed: boolean;
  readonly duration?: DurationView;
  readonly start?: string;
  readonly end?: string;
  readonly location?: string;
  /** The run's time, and how long ago ("5 min ago") when `now` is given and the run is recent. */
  readonly runTime: string;
  readonly runAgo?: string;
  readonly history: HistoryMarkView[];
  readonly failurePosition: FailurePositionView;
}

export interface CaseViewInput {
  readonly case: TestCase;
  readonly run?: { readonly createdTime: number };
  readonly history?: readonly HistoryRunResult[];
  /** The target's loaded runs, newest first, for the flaky verdict across runs. */
  readonly targetRuns?: readonly Run[];
  readonly failurePosition?: { readonly index: number; readonly total: number };
  readonly now?: number;
}

export function caseView(input: CaseViewInput): CaseView {
  const c = input.case;
  const kind = resultKindOf(c.result);
  const unrecognisedResult = c.unrecognisedResult;
  const status = frameworkStatus(c.rawResult, kind);
  const runCreated: unknown = input.run?.createdTime;
  const now: unknown = input.now;
  const verdict = flakyVerdict(c, Array.isArray(input.targetRuns) ? input.targetRuns : undefined);
  return {
    kind,
    flaky: verdict.flaky,
    flakyReason: verdict.flaky ? verdict.text : undefined,
    flips: verdict.flips === undefined ? undefined : `${verdict.flips} flip${verdict.flips === 1 ? '' : 's'} in the last ${verdict.runs ?? 0} run${verdict.runs === 1 ? '' : 's'}`,
    unrecognisedResult,
    status: status === unrecognisedResult ? undefined : status,
    hasReason: hasValue(c.reason),
    failed: kind === 'fail',
    duration: durationView(c),
    start: c.start === undefined ? undefined : formatAbsoluteTime(c.start),
    end: c.end === undefined ? undefined : formatAbsoluteTime(c.end),
    location: formatLocation(own(c.custom, '_Location')),
    runTime: formatAbsoluteTime(runCreated),
    runAgo: typeof now === 'number' && typeof runCreated === 'number' ? formatRelativeTime(runCreated, now) : undefined,
    history: historyView(input.history),
    failurePosition: failurePositionView(input.failurePosition),
  };
}
