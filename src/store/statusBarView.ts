// What the status bar item says, as a pure function of the store's state: which item (none,
// "pick a target", the numbers), how sure the numbers are (from the cache, refreshing, fresh,
// stale after a failed refresh), and the tooltip's lines. The VS Code layer
// (src/vscode/status/statusBar.ts) only turns this into a StatusBarItem.
import { compareRuns, countFlaky, formatNewFailures, isFlaky } from '../model/compare';
import { formatAbsoluteTime, formatRunTime, singleLine } from '../model/format';
import { failuresInTreeOrder, formatCounts, type RunModel } from '../model/group';
import type { Run } from '../model/types';
import { CANCELLED, type ErrorInfo, type LoadState, type TargetEntry } from './store';

/** How far the numbers shown can be trusted. */
export type Freshness =
  /** From the cache of an earlier session; no request yet (the window has not had focus). */
  | 'cache'
  /** A request is under way (the numbers shown, if any, are the previous ones). */
  | 'refreshing'
  /** Confirmed by the API. */
  | 'fresh'
  /** The last refresh failed; the numbers shown are older. */
  | 'stale'
  /** The last refresh failed and there is nothing to show. */
  | 'failed';

export interface StatusBarInput {
  hasToken: boolean;
  /** The default project's name when several Tesults projects are signed in (the target names its project); undefined with one. */
  project?: string | undefined;
  /** `tesults.defaultTarget` as written ('' when unset). */
  defaultTargetSetting: string;
  /** The default target's entry, when the target list (or the cache) has it. */
  entry: TargetEntry | undefined;
  targetsState: LoadState;
  targetsError: ErrorInfo | undefined;
  model(run: Run): RunModel;
  /** The target's runs, newest first, that the flaky rule looks at (the store's `history`): the notification's. */
  history(targetId: string): readonly Run[];
  now: number;
}

export type StatusBarLink = 'refresh' | 'firstFailure' | 'setToken';

export type StatusBarView =
  | { readonly kind: 'hidden' }
  | {
      /** The API URL setting is unusable: the targets never load, so asking for a target would mislead. */
      readonly kind: 'invalidApiUrl';
      readonly text: string;
      readonly tooltip: string;
      readonly ariaLabel: string;
    }
  | {
      readonly kind: 'pickTarget';
      readonly text: string;
      readonly tooltip: string;
      readonly ariaLabel: string;
    }
  | {
      readonly kind: 'results';
      readonly targetId: string;
      readonly freshness: Freshness;
      /** With codicons: `$(pass) 12  $(error) 3 (2 new, 1 flaky)`: of the failures, how many are new and how many known flaky. */
      readonly text: string;
      /** The first line is the target's name (shown bold); every line is plain text. */
      readonly tooltipLines: readonly string[];
      readonly links: readonly StatusBarLink[];
      readonly color: 'error' | 'warning' | undefined;
      readonly ariaLabel: string;
    };

/** The default project's name as shown, when several projects are signed in. */
function projectName(input: StatusBarInput): string | undefined {
  return input.project ? singleLine(input.project, 60) : undefined;
}

/** Failing cases listed by name in the tooltip. */
export const FAILURES_IN_TOOLTIP = 5;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function statusBarView(input: StatusBarInput): StatusBarView {
  // No token: the user may not use Tesults in this window at all.
  if (!input.hasToken) return { kind: 'hidden' };
  const entry = input.entry;
  if (!entry && input.targetsError?.kind === 'insecureUrl') {
    return {
      kind: 'invalidApiUrl',
      text: '$(warning) Tesults: API URL invalid',
      tooltip: `${singleLine(input.targetsError.message, 300)}\n\nClick to open the tesults.apiUrl setting.`,
      ariaLabel: 'Tesults: the API URL setting is invalid; open settings',
    };
  }
  if (!entry) {
    const setting = input.defaultTargetSetting;
    const loading = input.targetsState === 'loading';
    const waiting = setting !== '' && input.targetsState === 'idle' && !input.targetsError;
    if (loading || waiting) {
      return {
        kind: 'pickTarget',
        text: loading ? '$(sync~spin) Tesults' : '$(beaker) Tesults',
        tooltip: `Loading the default target "${singleLine(setting, 100)}"${loading ? '…' : ' once this window has focus.'}`,
        ariaLabel: 'Tesults: loading the default target',
      };
    }
    return {
      kind: 'pickTarget',
      text: '$(beaker) Tesults: Select Default Target',
      tooltip: setting ? `No target named or with the id "${singleLine(setting, 100)}". Click to choose your main target.` : 'Choose the target whose latest run the status bar shows.',
      ariaLabel: 'Tesults: select default target',
    };
  }

  const name = singleLine(entry.target.name, 100);
  const latest = entry.runs[0];
  const loading = entry.runsState === 'loading';
  // A load the user cancelled is no failure to warn about.
  const runsError = entry.runsError?.kind === CANCELLED ? undefined : entry.runsError;
  const error = runsError ?? (input.targetsError && entry.runs.length === 0 ? input.targetsError : undefined);
  const model = latest ? input.model(latest) : undefined;
  const counts = model?.counts;
  const freshness: Freshness = loading ? 'refreshing' : error ? (counts ? 'stale' : 'failed') : entry.fromCache ? 'cache' : 'fresh';
  // Compared only with a previous run of the same source: the cache holds the latest run alone.
  const comparison = latest && entry.runs[1] ? compareRuns(latest, entry.runs[1]) : undefined;
  const newFailures = comparison?.newFailures.length ?? 0;
  // Known flaky by the model's one rule over the same history the notification uses.
  const history = input.history(entry.target.id);
  const failures = model ? failuresInTreeOrder(model) : [];
  const flakyFailures = countFlaky(failures, history);
  const flakyNewFailures = comparison ? countFlaky(comparison.newFailures, history) : 0;
  const apart = [newFailures > 0 ? `${newFailures} new` : '', flakyFailures > 0 ? `${flakyFailures} flaky` : ''].filter(Boolean).join(', ');

  const prefix = loading ? '$(sync~spin) ' : error ? '$(warning) ' : '';
  const numbers = counts ? `$(pass) ${counts.pass}  $(error) ${counts.fail}${apart ? ` (${apart})` : ''}` : '$(pass) –  $(error) –';

  const project = projectName(input);
  const lines: string[] = [name];
  if (project) lines.push(`Project: ${project}`);
  const asOf = entry.loadedAt > 0 ? formatRunTime(entry.loadedAt, input.now) : 'an earlier session';
  if (counts && entry.fromCache) lines.push(`As of ${asOf}, ${error ? 'not refreshed' : 'refreshing…'}`);
  if (latest && counts && model) {
    lines.push(`Latest run: ${formatRunTime(latest.createdTime, input.now)} (${formatAbsoluteTime(latest.createdTime)})`);
    if (latest.build) lines.push(`Build: ${singleLine(latest.build.name, 100)}`);
    lines.push(`${formatCounts(counts)} — ${counts.total} total`);
    if (flakyFailures > 0) lines.push(`Known flaky: ${flakyFailures} of the ${plural(failures.length, 'failure')}`);
    if (comparison) {
      lines.push(
        `Against the previous run: ${formatNewFailures(newFailures, flakyNewFailures)}; ${comparison.continuingFailures.length} still failing; ${comparison.newPasses.length} fixed`,
      );
    }
    if (failures.length > 0) {
      lines.push('Failing:');
      for (const c of failures.slice(0, FAILURES_IN_TOOLTIP)) lines.push(`✗ ${singleLine(c.name, 100)}${isFlaky(c, history) ? ' (flaky)' : ''}`);
      if (failures.length > FAILURES_IN_TOOLTIP) lines.push(`…and ${failures.length - FAILURES_IN_TOOLTIP} more`);
    }
  } else if (!loading) {
    lines.push('No runs loaded yet.');
  }
  if (error) {
    lines.push(`Last refresh failed (${new Date(error.at).toLocaleTimeString()}): ${error.message}`);
    if (counts) lines.push(`Numbers from ${entry.fromCache || entry.loadedAt === 0 ? asOf : new Date(entry.loadedAt).toLocaleTimeString()}.`);
  }

  const links: StatusBarLink[] = ['refresh'];
  if (counts && counts.fail > 0) links.push('firstFailure');
  if (error?.kind === 'unauthorized') links.push('setToken');

  const state = freshness === 'stale' ? ', last refresh failed' : entry.fromCache ? ', not yet confirmed' : '';
  return {
    kind: 'results',
    targetId: entry.target.id,
    freshness,
    text: `${prefix}${numbers}`,
    tooltipLines: lines,
    links,
    color: error ? 'warning' : counts && counts.fail > 0 ? 'error' : undefined,
    ariaLabel: counts
      ? `Tesults ${project ? `${project} / ` : ''}${name}: ${counts.pass} passed, ${counts.fail} failed${newFailures > 0 ? `, ${newFailures} new` : ''}${flakyFailures > 0 ? `, ${flakyFailures} known flaky` : ''}${state}`
      : `Tesults ${project ? `${project} / ` : ''}${name}: no results yet${error ? ', last refresh failed' : ''}`,
  };
}

/** The badge on the activity-bar icon: failing cases in the default target's latest run; none when nothing fails or nothing is known. */
export function failureBadge(input: StatusBarInput): { value: number; tooltip: string } | undefined {
  const latest = input.hasToken ? input.entry?.runs[0] : undefined;
  if (!input.entry || !latest) return undefined;
  const model = input.model(latest);
  const failing = model.counts.fail;
  if (failing === 0) return undefined;
  const named = projectName(input);
  const project = named ? ` (${named})` : '';
  const name = `${singleLine(input.entry.target.name, 100)}${project}`;
  const flaky = countFlaky(failuresInTreeOrder(model), input.history(input.entry.target.id));
  const asOf = input.entry.fromCache && input.entry.loadedAt > 0 ? ` (as of ${formatRunTime(input.entry.loadedAt, input.now)})` : '';
  return { value: failing, tooltip: `Tesults: ${plural(failing, 'failing case')}${flaky > 0 ? ` (${flaky} known flaky)` : ''} in the latest run of ${name}${asOf}` };
}
