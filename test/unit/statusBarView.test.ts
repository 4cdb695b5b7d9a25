import { strict as assert } from 'node:assert';
import { shouldNotify } from '../../src/model/compare';
import type { Run, RunsPage, Target } from '../../src/model/types';
import { ResultsStore, type ResultsApi } from '../../src/store/store';
import { failureBadge, statusBarView, type StatusBarInput } from '../../src/store/statusBarView';
import { aCase, aRun, aTarget } from './helpers/builders';

const HOUR = 3_600_000;
const NOW = 1_800_000_000_000;
const API = 'https://www.tesults.com/api';

/** Answers with `runs` once `release()` is called; `fail` makes the next answer an error. */
class SlowApi implements ResultsApi {
  runs: Run[] = [];
  fail?: Error & { kind: string };
  #release?: () => void;
  listTargets(): Promise<Target[]> {
    return Promise.resolve([aTarget('t1', 'web')]);
  }
  async fetchRuns(): Promise<RunsPage> {
    await new Promise<void>((resolve) => (this.#release = resolve));
    if (this.fail) throw this.fail;
    return { runs: this.runs };
  }
  release(): void {
    this.#release?.();
  }
}

const previous = aRun(NOW - 5 * HOUR, [
  aCase({ name: 'a', suite: 's', result: 'fail' }),
  aCase({ name: 'b', suite: 's', result: 'fail' }),
  aCase({ name: 'c', suite: 's', result: 'pass' }),
]);
const latest = aRun(NOW - 4 * HOUR, [
  aCase({ name: 'a', suite: 's', result: 'fail' }), // still failing
  aCase({ name: 'b', suite: 's', result: 'pass' }), // fixed
  aCase({ name: 'c', suite: 's', result: 'fail' }), // new
  aCase({ name: 'd', suite: 's', result: 'fail' }), // new
], { build: { name: '1.4.2' } as Run['build'] });

function setup(): { store: ResultsStore; api: SlowApi; input: (over?: Partial<StatusBarInput>) => StatusBarInput } {
  const api = new SlowApi();
  const store = new ResultsStore({ api, runsPerPage: () => 10, now: () => NOW });
  const input = (over: Partial<StatusBarInput> = {}): StatusBarInput => ({
    hasToken: true,
    defaultTargetSetting: 'web',
    entry: store.target('t1'),
    targetsState: store.targetsState,
    targetsError: store.targetsError,
    model: (run) => store.model(run),
    history: (targetId) => store.history(targetId),
    now: NOW,
    ...over,
  });
  return { store, api, input };
}

/** Reloads the target's runs and lets the slow API answer (with api.runs, or api.fail). */
async function reloadAnswered(store: ResultsStore, api: SlowApi): Promise<void> {
  const load = store.reloadRuns('t1');
  api.release();
  await load;
}

/** The store as at start-up: the cache of a session 3 h ago holds the previous run. */
function fromCache(store: ResultsStore): void {
  assert.ok(store.restore({ version: 1, apiUrl: API, savedAt: NOW - 3 * HOUR, targets: [aTarget('t1', 'web')], runs: { t1: [previous] } }, API));
}

describe('statusBarView', () => {
  it('no token: no item', () => {
    const { store, input } = setup();
    fromCache(store);
    assert.deepEqual(statusBarView(input({ hasToken: false })), { kind: 'hidden' });
  });

  it('token but no default target: offers to pick one', () => {
    const { input } = setup();
    const view = statusBarView(input({ defaultTargetSetting: '', entry: undefined }));
    assert.equal(view.kind, 'pickTarget');
    assert.ok(view.kind === 'pickTarget' && view.text.includes('Select Default Target'));
  });

  it('a default target that is not in the list: offers to pick one and names the setting', () => {
    const { input } = setup();
    const view = statusBarView(input({ defaultTargetSetting: 'gone', entry: undefined, targetsState: 'loaded' }));
    assert.ok(view.kind === 'pickTarget' && view.text.includes('Select Default Target') && view.tooltip.includes('"gone"'), JSON.stringify(view));
  });

  it('a default target set but the list not asked for yet (window not focused): waits, does not offer to pick', () => {
    const { input } = setup();
    const view = statusBarView(input({ entry: undefined, targetsState: 'idle' }));
    assert.ok(view.kind === 'pickTarget' && !view.text.includes('Select') && /once this window has focus/.test(view.tooltip), JSON.stringify(view));
  });

  it('cache only: the cached numbers at once, marked as not yet confirmed ("as of 3 h ago")', () => {
    const { store, input } = setup();
    fromCache(store);
    const view = statusBarView(input());
    assert.equal(view.kind, 'results');
    if (view.kind !== 'results') return;
    assert.equal(view.freshness, 'cache');
    assert.equal(view.text, '$(pass) 1  $(error) 2');
    assert.deepEqual(view.tooltipLines.slice(0, 2), ['web', 'As of 3 h ago, refreshing…']);
    assert.match(view.ariaLabel, /1 passed, 2 failed, not yet confirmed/);
    assert.equal(view.color, 'error');
  });

  it('refreshing, then fresh: the new numbers, new failures in the text, the comparison in the tooltip', async () => {
    const { store, api, input } = setup();
    fromCache(store);
    api.runs = [latest, previous];
    const load = store.reloadRuns('t1');
    const refreshing = statusBarView(input());
    assert.ok(refreshing.kind === 'results' && refreshing.freshness === 'refreshing' && refreshing.text.startsWith('$(sync~spin) $(pass) 1  $(error) 2'), JSON.stringify(refreshing));
    assert.match(refreshing.ariaLabel, /not yet confirmed$/, 'the cached numbers are still unconfirmed while the request runs');
    assert.ok(refreshing.tooltipLines.includes('As of 3 h ago, refreshing…'));
    api.release();
    await load;
    const fresh = statusBarView(input());
    assert.equal(fresh.kind, 'results');
    if (fresh.kind !== 'results') return;
    assert.equal(fresh.freshness, 'fresh');
    assert.equal(fresh.text, '$(pass) 1  $(error) 3 (2 new)');
    assert.ok(!fresh.tooltipLines.some((l) => l.startsWith('As of')), 'no longer marked as unconfirmed');
    assert.ok(fresh.tooltipLines.includes('Build: 1.4.2'), fresh.tooltipLines.join('\n'));
    assert.ok(fresh.tooltipLines.some((l) => l.startsWith('Latest run: 4 h ago')), fresh.tooltipLines.join('\n'));
    assert.ok(fresh.tooltipLines.includes('Against the previous run: 2 new failures; 1 still failing; 1 fixed'), fresh.tooltipLines.join('\n'));
    assert.deepEqual(fresh.links, ['refresh', 'firstFailure']);
    assert.match(fresh.ariaLabel, /1 passed, 3 failed, 2 new$/);
  });

  it('counts the known flaky failures apart (text, tooltip, failing list, badge), with the notification\'s numbers and words', async () => {
    const { store, api, input } = setup();
    // Newest first. "flips" passed and failed in turn (flaky by the model's rule) and fails now: a
    // new failure, known flaky. "new" fails for the first time; "broken" fails in a row (not flaky).
    const flips = 'FPFPFP';
    const runs = [...flips].map((r, i) =>
      aRun(NOW - (i + 1) * HOUR, [
        aCase({ name: 'flips', suite: 's', result: r === 'F' ? 'fail' : 'pass' }),
        aCase({ name: 'new', suite: 's', result: i === 0 ? 'fail' : 'pass' }),
        aCase({ name: 'broken', suite: 's', result: 'fail' }),
        aCase({ name: 'steady', suite: 's', result: 'pass' }),
        aCase({ name: 'steady 2', suite: 's', result: 'pass' }),
      ]),
    );
    await store.loadTargets();
    api.runs = runs;
    await reloadAnswered(store, api);
    const view = statusBarView(input());
    assert.equal(view.kind, 'results');
    if (view.kind !== 'results') return;
    assert.equal(view.text, '$(pass) 2  $(error) 3 (2 new, 1 flaky)');
    assert.ok(view.tooltipLines.includes('Known flaky: 1 of the 3 failures'), view.tooltipLines.join('\n'));
    assert.ok(view.tooltipLines.includes('Against the previous run: 2 new failures, 1 of them known flaky; 1 still failing; 0 fixed'), view.tooltipLines.join('\n'));
    assert.deepEqual(view.tooltipLines.slice(view.tooltipLines.indexOf('Failing:') + 1).sort(), ['✗ broken', '✗ flips (flaky)', '✗ new']);
    assert.match(view.ariaLabel, /2 passed, 3 failed, 2 new, 1 known flaky$/);
    assert.deepEqual(failureBadge(input()), { value: 3, tooltip: 'Tesults: 3 failing cases (1 known flaky) in the latest run of web' });
    // The notification for this run counts the same one (same rule, same history).
    const entry = store.target('t1')!;
    const decision = shouldNotify('newFailures', entry.runs[0], entry.runs[1], new Set(), store.history('t1'));
    assert.deepEqual([decision.newFailures.length, decision.knownFlaky], [2, 1]);
  });

  it('without a history to judge by (the cache holds one run), nothing is called flaky', () => {
    const { store, input } = setup();
    fromCache(store);
    const view = statusBarView(input());
    assert.ok(view.kind === 'results' && !view.text.includes('flaky') && !view.tooltipLines.some((l) => l.includes('flaky')), JSON.stringify(view));
  });

  it('a failed refresh with stale data: says so (stale + error) and keeps the numbers', async () => {
    const { store, api, input } = setup();
    fromCache(store);
    api.fail = Object.assign(new Error('The Tesults API did not answer in time.'), { kind: 'timeout' });
    await reloadAnswered(store, api);
    const view = statusBarView(input());
    assert.equal(view.kind, 'results');
    if (view.kind !== 'results') return;
    assert.equal(view.freshness, 'stale');
    assert.equal(view.text, '$(warning) $(pass) 1  $(error) 2');
    assert.equal(view.color, 'warning');
    assert.ok(view.tooltipLines.includes('As of 3 h ago, not refreshed'), view.tooltipLines.join('\n'));
    assert.ok(view.tooltipLines.some((l) => /^Last refresh failed \(.*\): The Tesults API did not answer in time\.$/.test(l)), view.tooltipLines.join('\n'));
    assert.match(view.ariaLabel, /1 passed, 2 failed, last refresh failed/);
  });

  it('an unauthorized refresh offers to set a token; a refresh that failed with nothing to show is "failed"', async () => {
    const { store, api, input } = setup();
    await store.loadTargets();
    api.fail = Object.assign(new Error('The token was refused.'), { kind: 'unauthorized' });
    await reloadAnswered(store, api);
    const view = statusBarView(input());
    assert.ok(view.kind === 'results' && view.freshness === 'failed' && view.text === '$(warning) $(pass) –  $(error) –' && view.links.includes('setToken'), JSON.stringify(view));
  });

  it('with several projects signed in, the item and the badge name the default project; with one, nothing changes', async () => {
    const { store, api, input } = setup();
    fromCache(store);
    api.runs = [latest, previous];
    await reloadAnswered(store, api);
    const one = statusBarView(input());
    const two = statusBarView(input({ project: 'Mobile <app>\nline two' }));
    assert.ok(one.kind === 'results' && two.kind === 'results');
    assert.ok(!one.tooltipLines.some((l) => l.startsWith('Project:')), one.tooltipLines.join('\n'));
    assert.deepEqual(two.tooltipLines.slice(0, 2), ['web', 'Project: Mobile <app> line two']);
    assert.match(two.ariaLabel, /^Tesults Mobile <app> line two \/ web: 1 passed/);
    assert.equal(two.text, one.text, 'the numbers stay as short as they were');
    assert.equal(failureBadge(input({ project: 'Mobile' }))?.tooltip, 'Tesults: 3 failing cases in the latest run of web (Mobile)');
  });

  it('hostile names stay on one line and are clipped', () => {
    const { store, input } = setup();
    store.restore({ version: 1, apiUrl: API, savedAt: NOW, targets: [aTarget('t1', `web\n[x](command:evil)${'y'.repeat(500)}`)], runs: { t1: [aRun(NOW, [aCase({ name: 'bad\nname', result: 'fail' })])] } }, API);
    const view = statusBarView(input());
    assert.ok(view.kind === 'results');
    if (view.kind !== 'results') return;
    for (const line of view.tooltipLines) assert.ok(!line.includes('\n') && line.length <= 120, line);
  });

  it('the activity-bar badge: failing cases of the latest run (cached ones marked "as of"), none when nothing fails, no token or no run', async () => {
    const { store, api, input } = setup();
    assert.equal(failureBadge(input()), undefined, 'nothing loaded');
    fromCache(store);
    assert.deepEqual(failureBadge(input()), { value: 2, tooltip: 'Tesults: 2 failing cases in the latest run of web (as of 3 h ago)' });
    assert.equal(failureBadge(input({ hasToken: false })), undefined);
    api.runs = [latest, previous];
    await reloadAnswered(store, api);
    assert.deepEqual(failureBadge(input()), { value: 3, tooltip: 'Tesults: 3 failing cases in the latest run of web' });
    api.runs = [aRun(NOW, [aCase({ name: 'a', result: 'pass' })])];
    const again = store.reloadRuns('t1');
    api.release();
    await again;
    assert.equal(failureBadge(input()), undefined, 'all green: no badge');
  });
});
