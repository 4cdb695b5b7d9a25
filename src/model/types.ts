// The result model: what the rest of the extension sees of the Tesults API, after tolerant
// parsing (src/api/parse.ts). No `vscode` import here or anywhere under src/model.

/** The three documented results. Anything else the API sends is kept in `TestCase.unrecognisedResult`. */
export type ResultKind = 'pass' | 'fail' | 'unknown';

/** Free-form JSON as the API sent it (custom fields, unknown fields, params values). */
export type Json = unknown;

export interface Target {
  /** Always a string, whatever type the API used (ids are uuid-like or numeric). */
  readonly id: string;
  /** Falls back to the id when the API sent no usable name. */
  readonly name: string;
  /** Fields other than id and name, kept as sent. */
  readonly extra?: Readonly<Record<string, Json>>;
}

export interface Step {
  readonly name: string;
  readonly result: ResultKind;
  readonly unrecognisedResult?: string;
  readonly rawResult?: string;
  readonly desc?: string;
  readonly reason?: string;
  readonly start?: number;
  readonly end?: number;
  readonly duration?: number;
  /** Nested steps (Playwright reports steps inside steps). */
  readonly steps?: readonly Step[];
  readonly extra?: Readonly<Record<string, Json>>;
}

export interface TestCase {
  /** Position of the case in its run's `cases` array: part of its identity when there is no hash. */
  readonly index: number;
  /** Never empty: "(unnamed case)" when the API sent none; non-strings are stringified. */
  readonly name: string;
  readonly result: ResultKind;
  /** The `result` value when it was not pass/fail/unknown (e.g. "skipped", 3). */
  readonly unrecognisedResult?: string;
  /** The framework's own status (`rawResult` field), e.g. "skipped", "pending". */
  readonly rawResult?: string;
  /** Undefined when the case has no suite or an empty one. */
  readonly suite?: string;
  readonly desc?: string;
  readonly reason?: string;
  readonly params?: Readonly<Record<string, Json>>;
  readonly files?: readonly string[];
  readonly filesBasePath?: string;
  readonly steps?: readonly Step[];
  readonly start?: number;
  readonly end?: number;
  /** As sent (ms). Use `caseDurationMs` for the derived value (end - start when missing). */
  readonly duration?: number;
  readonly num?: number;
  readonly hash?: string;
  /** Custom fields: every key starting with `_`, keys kept as sent (with the underscore). */
  readonly custom?: Readonly<Record<string, Json>>;
  /** Other fields the API sent that this model does not know, kept as sent. */
  readonly extra?: Readonly<Record<string, Json>>;
}

export interface Run {
  /** ms since epoch; also Tesults' run id. */
  readonly createdTime: number;
  /** Stable id of the run within its target (String(createdTime), or an index fallback). */
  readonly id: string;
  readonly runUrl?: string;
  /** Test cases, without the `[build]` pseudo-case. */
  readonly cases: readonly TestCase[];
  /** The `[build]` pseudo-case, when the run has one: its name is the build name/number. */
  readonly build?: TestCase;
  readonly extra?: Readonly<Record<string, Json>>;
}

export interface RunsPage {
  readonly runs: readonly Run[];
  /** Present when the API says more runs exist. */
  readonly cursor?: string;
}

export interface ResultCounts {
  pass: number;
  fail: number;
  unknown: number;
  total: number;
}

export const BUILD_SUITE = '[build]';

/** Steps nested deeper than this are neither parsed (the raw rest stays in the step's `extra.steps`) nor shown. */
export const MAX_STEP_DEPTH = 32;
