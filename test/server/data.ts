// Data of the local Tesults-compatible server: raw JSON as the API would return it, and a
// seeded, deterministic generator of realistic (and hostile) results.

export type RawRun = { [k: string]: unknown; created_time?: unknown; cases?: unknown[] };
export interface ServerTarget {
  id: string;
  name: string;
  [k: string]: unknown;
}
export interface ServerData {
  targets: ServerTarget[];
  /** Raw runs per target id, newest first. */
  runsByTarget: Record<string, RawRun[]>;
}

/**
 * Generated data can't know the server's port in advance: links to the server itself
 * (beacons, case files) use this origin, and the server replaces it with its own
 * (http://127.0.0.1:PORT) when it serialises targets and runs.
 */
export const SERVER_ORIGIN_PLACEHOLDER = 'http://tesults-local-server.invalid';

export type Reporter = 'generic' | 'playwright' | 'jest' | 'mocha';

export interface GenerateOptions {
  seed: number;
  targets: number;
  runsPerTarget: number;
  /** One number for every target, or one per target (the last one repeats). */
  casesPerRun: number | number[];
  suites?: number;
  /** Share of tests that fail at least sometimes (0..1). Default 0.1. */
  failRate?: number;
  /** Adds one target full of hostile data. */
  hostile?: boolean;
  /** e.g. http://127.0.0.1:PORT/__beacon; default: the server placeholder origin + /__beacon. */
  beaconBase?: string;
  /** Targets take the shapes of Tesults' playwright, jest and mocha reporters in turn. */
  reporters?: boolean;
  /** Names of the targets (default "target-N" or "<project> (<reporter>)"). */
  targetNames?: string[];
  /** created_time of the newest run of the first target. Default 1760000000000. */
  baseTime?: number;
  /** Ids of targets: 'mixed' (default: uuid-like and numeric-looking) */
  idStyle?: 'mixed' | 'uuid';
  /** Workspace-relative prefix of test files in `_Location` (playwright). Default "tests". */
  testDir?: string;
}

// ---------------------------------------------------------------------------------------------
// deterministic randomness

/** A hash of a few integers to [0, 1): the same inputs always give the same value. */
export function rnd(a: number, b = 0, c = 0, d = 0, e = 0): number {
  let h = 0x9e3779b9 ^ a;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) + b;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) + c;
  h = Math.imul(h ^ (h >>> 16), 0x27d4eb2f) + d;
  h = Math.imul(h ^ (h >>> 15), 0x165667b1) + e;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

function pick<T>(list: readonly T[], r: number): T {
  return list[Math.floor(r * list.length) % list.length];
}

function hex(n: number, len: number): string {
  let s = '';
  let x = n;
  for (let i = 0; i < len; i++) {
    s += '0123456789abcdef'[x & 15];
    x = x >>> 4 || Math.floor(rnd(x, i, len) * 0xffffffff);
  }
  return s;
}

function uuid(seed: number, a: number, b = 0): string {
  const h = (i: number): string => hex(Math.floor(rnd(seed, a, b, i) * 0xffffffff), 8);
  const x = h(1) + h(2) + h(3) + h(4);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-5${x.slice(13, 16)}-a${x.slice(17, 20)}-${x.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// vocabulary

const AREAS = ['checkout', 'cart', 'login', 'search', 'profile', 'orders', 'payments', 'inventory', 'shipping', 'admin', 'reports', 'notifications'];
const AREA_TITLES: Record<string, string> = {
  checkout: 'Checkout', cart: 'Cart', login: 'Authentication', search: 'Search', profile: 'Profile', orders: 'Orders',
  payments: 'Payments', inventory: 'Inventory', shipping: 'Shipping', admin: 'Admin', reports: 'Reports', notifications: 'Notifications',
};
const VERBS = ['adds', 'removes', 'updates', 'shows', 'validates', 'rejects', 'lists', 'sorts', 'filters', 'exports', 'retries', 'caches'];
const OBJECTS = ['item', 'coupon', 'address', 'card', 'order', 'user', 'session', 'invoice', 'discount', 'report', 'email', 'token'];
const QUALIFIERS = ['', ' when empty', ' for guests', ' with invalid input', ' after reload', ' on slow network', ' in dark mode', ' twice', ' for admins', ' with unicode'];
const BROWSERS = ['chromium', 'firefox', 'webkit'];

interface TestDef {
  i: number;
  area: string;
  suite: string | undefined;
  name: string;
  hash: string;
  file: string;
  line: number;
  /** kind of history */
  kind: 'stable' | 'broken' | 'newfail' | 'fixed' | 'flaky' | 'skipped' | 'scripted';
  /** for newfail / fixed: the run index boundary */
  k: number;
  desc?: string;
  /** for scripted: one letter per run, newest first (see `HistoryTest.pattern`) */
  pattern?: string;
}

function makeTests(seed: number, t: number, count: number, suites: number, failRate: number, reporter: Reporter, testDir: string): TestDef[] {
  const out: TestDef[] = new Array(count);
  const nSuites = Math.max(1, suites);
  // Tests of one file sit 8 lines apart, so `_Location`s never collide (the demo workspace is generated from them).
  const perFile = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const sIdx = Math.floor(rnd(seed, t, i, 1) * nSuites);
    const area = AREAS[sIdx % AREAS.length];
    const variant = Math.floor(sIdx / AREAS.length);
    const title = AREA_TITLES[area] + (variant ? ` ${variant + 1}` : '');
    const base = `${pick(VERBS, rnd(seed, t, i, 2))} ${pick(OBJECTS, rnd(seed, t, i, 3))}${pick(QUALIFIERS, rnd(seed, t, i, 4))}`;
    const name = `${base} #${i + 1}`;
    const file = `${testDir}/${area}${variant ? variant + 1 : ''}.spec.ts`;
    let suite: string | undefined;
    if (reporter === 'playwright') suite = `${area} - ${title} - ${file.split('/').pop()} - ${pick(BROWSERS, rnd(seed, t, i, 5))}`;
    else if (reporter === 'jest') suite = rnd(seed, t, i, 6) < 0.08 ? undefined : `${title}${rnd(seed, t, i, 7) < 0.4 ? ' ' + pick(['shipping', 'totals', 'validation'], rnd(seed, t, i, 8)) : ''}`;
    else if (reporter === 'mocha') suite = rnd(seed, t, i, 6) < 0.08 ? '' : title;
    else suite = title;
    const r = rnd(seed, t, i, 9);
    let kind: TestDef['kind'] = 'stable';
    if (r < failRate) {
      const f = r / failRate;
      kind = f < 0.3 ? 'broken' : f < 0.55 ? 'newfail' : f < 0.75 ? 'fixed' : 'flaky';
    } else if (r > 0.97) kind = 'skipped';
    const slot = perFile.get(file) ?? 0;
    perFile.set(file, slot + 1);
    const d: TestDef = {
      i,
      area,
      suite,
      name,
      hash: uuid(seed, t * 1_000_003 + i),
      file,
      line: 10 + 8 * slot,
      kind,
      k: 1 + Math.floor(rnd(seed, t, i, 11) * 3),
    };
    if (rnd(seed, t, i, 12) < 0.3) d.desc = `Checks that the app ${base.replace(/^(\w+)/, (v) => v.replace(/s$/, ''))} correctly.`;
    out[i] = d;
  }
  return out;
}

/** Whether a test fails in run r (0 = newest). */
function fails(d: TestDef, seed: number, t: number, r: number): boolean {
  switch (d.kind) {
    case 'broken':
      return true;
    case 'newfail':
      return r < d.k;
    case 'fixed':
      return r >= d.k;
    case 'flaky':
      return rnd(seed, t, d.i, r, 77) < 0.4;
    case 'scripted':
      return d.pattern?.[r] === 'F';
    default:
      return false;
  }
}

const ESC = '\u001b';
const red = (s: string): string => `${ESC}[31m${s}${ESC}[39m`;
const green = (s: string): string => `${ESC}[32m${s}${ESC}[39m`;
const dim = (s: string): string => `${ESC}[2m${s}${ESC}[22m`;

function jestReason(d: TestDef, r: number): string {
  const exp = `${10 + d.i}.99`;
  const rec = `${11 + d.i + r}.49`;
  return [
    `Error: expect(received).toEqual(expected) // deep equality`,
    '',
    '- Expected  - 2',
    '+ Received  + 2',
    '',
    '  Object {',
    `-   "total": ${exp},`,
    `+   "total": ${rec},`,
    `-   "currency": "EUR",`,
    `+   "currency": "USD",`,
    '    "items": Array [',
    '      "sku-1",',
    '    ],',
    '  }',
    '',
    `    at Object.<anonymous> (/home/runner/work/shop/shop/src/${d.area}/${d.area}.test.ts:${d.line}:${17})`,
    '    at Promise.then.completed (/home/runner/work/shop/shop/node_modules/jest-circus/build/utils.js:298:28)',
    '    at new Promise (<anonymous>)',
    '    at callAsyncCircusFn (/home/runner/work/shop/shop/node_modules/jest-circus/build/utils.js:231:10)',
  ].join('\n');
}

function playwrightError(d: TestDef, r: number, relFile: string): { message: string; stack: string; location: { file: string; line: number; column: number }; snippet: string } {
  const line = d.line + 4;
  const message = `Error: ${dim('expect(')}${red('received')}${dim(').')}toHaveText${dim('(')}${green('expected')}${dim(')')}\n\nExpected string: ${green('"Order confirmed"')}\nReceived string: ${red(`"Payment declined (${r})"`)}\nCall log:\n  ${dim('- expect.toHaveText with timeout 5000ms')}\n  ${dim('- waiting for getByTestId(\'status\')')}`;
  const abs = `/home/runner/work/shop/shop/${relFile}`;
  return {
    message,
    stack: `${message}\n    at ${abs}:${line}:${36}`,
    location: { file: abs, line, column: 36 },
    snippet: `  ${line - 1} |     await page.getByRole('button', { name: 'Pay' }).click();\n${red('>')} ${line} |     await expect(page.getByTestId('status')).toHaveText('Order confirmed');\n     |                                    ${red('^')}\n  ${line + 1} |   });`,
  };
}

function mochaStack(d: TestDef): string {
  return `AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n'declined' !== 'approved'\n\n    at Context.<anonymous> (test/${d.area}.test.js:${d.line}:12)\n    at process.processImmediate (node:internal/timers:478:21)`;
}

/** How many failed attempts came before a passing one (playwright retries); 0 when none. */
function retriesBeforePass(d: TestDef, seed: number, t: number, r: number): number {
  if (d.kind === 'flaky') return rnd(seed, t, d.i, r, 5) < 0.5 ? 1 : 0;
  const p = d.pattern?.[r];
  return p === 'R' || p === 'J' ? 1 : p === '2' ? 2 : 0;
}

function makeCase(
  seed: number,
  t: number,
  r: number,
  d: TestDef,
  reporter: Reporter,
  createdTime: number,
  num: number,
  filesBase: string,
  /** Builds a failed attempt (for `_Retries`) whatever the test's history says. */
  failedAttempt = false,
): Record<string, unknown> {
  const fail = failedAttempt || fails(d, seed, t, r);
  const skipped = d.kind === 'skipped';
  const dur = Math.floor(20 + rnd(seed, t, d.i, r, 1) * (reporter === 'playwright' ? 8000 : 400));
  const end = createdTime - 1000 - Math.floor(rnd(seed, t, d.i, r, 2) * 500_000);
  const start = end - dur;
  switch (reporter) {
    case 'jest': {
      const c: Record<string, unknown> = { name: d.name, result: skipped ? 'unknown' : fail ? 'fail' : 'pass' };
      if (d.suite !== undefined) c.suite = d.suite;
      if (d.desc) c.desc = d.desc;
      c.duration = skipped ? null : dur;
      if (fail) c.reason = jestReason(d, r);
      if (rnd(seed, t, d.i, 3) < 0.1) c._Owner = pick(['alice', 'bob', 'chen', 'dana'], rnd(seed, t, d.i, 4));
      c.num = num;
      c.hash = d.hash;
      return c;
    }
    case 'mocha': {
      const c: Record<string, unknown> = {
        name: d.name,
        suite: d.suite ?? '',
        result: skipped ? 'unknown' : fail ? 'fail' : 'pass',
        rawResult: skipped ? 'pending' : fail ? 'failed' : 'passed',
      };
      if (!skipped) {
        c.start = start;
        c.end = end;
      }
      if (fail) {
        c.reason = "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n'declined' !== 'approved'\n";
        c['_Stack trace'] = mochaStack(d);
      }
      c.num = num;
      c.hash = d.hash;
      return c;
    }
    case 'playwright': {
      // a flaky test (by the reporter's definition) passes on retry after a failed attempt
      const retries = fail || d.kind === 'skipped' ? 0 : retriesBeforePass(d, seed, t, r);
      const flakyPass = retries > 0;
      const rawResult = skipped ? 'skipped' : fail ? (rnd(seed, t, d.i, r, 6) < 0.2 ? 'timedOut' : 'failed') : 'passed';
      const outDir = `/home/runner/work/shop/shop/test-results/${d.area}-${d.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
      const steps: unknown[] = [
        {
          name: 'Before Hooks', result: 'pass', start, end: start + 120, duration: 120,
          steps: [
            { name: 'fixture: browser', result: 'pass', start, end: start + 80, duration: 80 },
            { name: 'fixture: page', result: 'pass', start: start + 80, end: start + 120, duration: 40, steps: [{ name: 'browserContext.newPage', result: 'pass', start: start + 81, end: start + 119, duration: 38 }] },
          ],
        },
        { name: `page.goto(/${d.area})`, result: 'pass', start: start + 120, end: start + 600, duration: 480 },
        { name: "locator.click(getByRole('button', { name: 'Pay' }))", result: 'pass', start: start + 600, end: start + 700, duration: 100 },
      ];
      const c: Record<string, unknown> = {
        name: d.name,
        suite: d.suite,
        rawResult,
        result: skipped ? 'pass' : fail ? 'fail' : 'pass',
        start,
        end,
        duration: dur,
      };
      if (skipped) {
        c.steps = [];
        c._Outcome = 'skipped';
        c['_Annotation 1'] = JSON.stringify({ type: 'skip', description: 'Not supported on webkit yet' });
      } else {
        const err = fail ? playwrightError(d, r, d.file) : undefined;
        if (err) {
          steps.push({ name: "expect(getByTestId('status')).toHaveText", result: 'fail', start: start + 700, end: end, duration: end - start - 700, reason: err.message });
          c.reason = JSON.stringify(err);
          c._Errors = [{ message: err.message, stack: err.stack, location: err.location, snippet: err.snippet }];
          c.files = [`${outDir}/test-failed-1.png`, `${outDir}/trace.zip`, `${outDir}/video.webm`];
        } else {
          steps.push({ name: "expect(getByTestId('status')).toHaveText", result: 'pass', start: start + 700, end, duration: end - start - 700 });
        }
        steps.push({ name: 'After Hooks', result: 'pass', start: end, end, duration: 0 });
        c.steps = steps;
        c._Outcome = fail ? 'unexpected' : flakyPass ? 'flaky' : 'expected';
        c._Retry = retries;
        if (flakyPass) {
          // Earlier attempts as whole case objects, as the reporter sends them.
          const attempts: Record<string, unknown>[] = [];
          for (let a = 0; a < retries; a++) {
            const at = makeCase(seed, t, r + 100 * (a + 1), d, reporter, createdTime - (retries - a) * 40_000, num, filesBase, true);
            at._Retry = a;
            attempts.push(at);
          }
          if (d.pattern?.[r] === 'J') {
            // An uploader that JSON-encodes custom values, without `_Outcome`: only `_Retries` says it was flaky.
            c._Retries = JSON.stringify(attempts);
            delete c._Outcome;
          } else c._Retries = attempts;
        }
        c['_Standard output'] = `[${d.area}] opening /${d.area}\n[${d.area}] user signed in as test-${d.i}@example.com\n`;
        if (fail) c['_Standard error'] = `Warning: slow response from /api/${d.area} (${dur} ms)\n`;
      }
      // Data-driven tests: the reporter's users add params (e.g. from test.use / fixtures).
      if ((d.i & 1) === 0) c.params = { project: d.suite?.split(' - ').pop() ?? 'chromium', viewport: (d.i & 2) === 0 ? '1280x720' : '390x844' };
      c._Location = { file: d.file, line: d.line, column: 5 };
      c['_Suite location'] = { file: d.file, line: 3, column: 6 };
      c._Timeout = 30000;
      c._Ok = !fail;
      c.num = num;
      c.hash = d.hash;
      return c;
    }
    default: {
      const c: Record<string, unknown> = {
        name: d.name,
        desc: d.desc ?? `Checks ${d.name}`,
        suite: d.suite,
        result: skipped ? 'unknown' : fail ? 'fail' : 'pass',
        rawResult: skipped ? 'skipped' : fail ? 'failed' : 'passed',
        start,
        end,
        duration: dur,
        num,
        hash: d.hash,
      };
      if (fail) c.reason = `Expected status 200 but was ${pick(['500', '404', '503'], rnd(seed, t, d.i, r, 8))} (${d.area} service)`;
      if ((d.i & 3) === 0) c.params = { browser: pick(BROWSERS, rnd(seed, t, d.i, 9)), locale: pick(['en-GB', 'de-DE', 'ja-JP'], rnd(seed, t, d.i, 10)) };
      if ((d.i & 7) === 1 || fail) {
        c.files = fail ? ['screenshot.png', 'test.log'] : ['test.log'];
        c.files_base_path = `${filesBase}/files/t${t}/r${r}/c${d.i}/`;
      }
      if ((d.i & 7) === 2) {
        c.steps = [
          { name: 'Open page', desc: `Opens /${d.area}`, result: 'pass' },
          { name: 'Submit form', desc: 'Fills and submits the form', result: fail ? 'fail' : 'pass', reason: fail ? 'Button was disabled' : undefined },
        ];
      }
      if ((d.i & 15) === 3) c._CustomField = 'Custom value';
      if ((d.i & 15) === 5) c._Ticket = `SHOP-${100 + d.i}`;
      return c;
    }
  }
}

function reporterFor(t: number, opts: GenerateOptions): Reporter {
  if (!opts.reporters) return 'generic';
  return (['playwright', 'jest', 'mocha'] as const)[t % 3];
}

/** The runs of one target, newest first: run r was made `r * runEveryMs` before `newestTime`. */
function makeRuns(seed: number, t: number, tests: TestDef[], reporter: Reporter, runCount: number, name: string, newestTime: number, runEveryMs: number): RawRun[] {
  const count = tests.length;
  const runs: RawRun[] = [];
  for (let r = 0; r < runCount; r++) {
    const createdTime = newestTime - r * runEveryMs;
    const cases: unknown[] = new Array(count + 1);
    let fails = 0;
    // completion order differs between runs: rotate the order
    const rot = count ? Math.floor(rnd(seed, t, r, 13) * count) : 0;
    for (let j = 0; j < count; j++) {
      const d = tests[(j + rot) % count];
      const c = makeCase(seed, t, r, d, reporter, createdTime, j + 1, SERVER_ORIGIN_PLACEHOLDER);
      if (c.result === 'fail') fails++;
      cases[j + 1] = c;
    }
    const buildNo = `${runCount - r + 100}`;
    cases[0] = {
      name: `1.4.${buildNo}`,
      desc: `Build 1.4.${buildNo} (commit ${hex(Math.floor(rnd(seed, t, r, 14) * 0xffffffff), 7)})`,
      suite: '[build]',
      result: fails ? 'fail' : 'pass',
      ...(fails ? { reason: `${fails} test${fails === 1 ? '' : 's'} failed` } : {}),
      num: 0,
      hash: uuid(seed, t, 424242),
    };
    runs.push({
      created_time: createdTime,
      // On the server's own origin, as on tesults.com: "Open in Tesults" opens only links there.
      run_url: `${SERVER_ORIGIN_PLACEHOLDER}/shop/${encodeURIComponent(name.split(' ')[0])}/${createdTime}`,
      pass: count - fails,
      total: count,
      cases,
    });
  }
  return runs;
}

/** Generates realistic data, deterministic for a seed. */
export function generateData(opts: GenerateOptions): ServerData {
  const seed = opts.seed | 0;
  const failRate = opts.failRate ?? 0.1;
  const baseTime = opts.baseTime ?? 1_760_000_000_000;
  const suites = opts.suites ?? 6;
  const testDir = opts.testDir ?? 'tests';
  const beaconBase = opts.beaconBase ?? `${SERVER_ORIGIN_PLACEHOLDER}/__beacon`;
  const data: ServerData = { targets: [], runsByTarget: {} };
  for (let t = 0; t < opts.targets; t++) {
    const reporter = reporterFor(t, opts);
    const id = opts.idStyle !== 'uuid' && t % 2 === 1 ? String(1000 + t * 17 + (seed % 100)) : uuid(seed, 9_000_000 + t);
    const name = opts.targetNames?.[t] ?? (opts.reporters ? `target-${t + 1} (${reporter})` : `target-${t + 1}`);
    data.targets.push({ id, name, created: baseTime - 90 * 86_400_000 + t * 1000 });
    const count = Array.isArray(opts.casesPerRun)
      ? (opts.casesPerRun[Math.min(t, opts.casesPerRun.length - 1)] ?? 0)
      : opts.casesPerRun;
    const tests = makeTests(seed, t, count, suites, failRate, reporter, testDir);
    data.runsByTarget[id] = makeRuns(seed, t, tests, reporter, opts.runsPerTarget, name, baseTime - t * 7 * 60_000, 6 * 3_600_000);
  }
  if (opts.hostile) addHostile(data, seed, beaconBase, baseTime);
  return data;
}

// ---------------------------------------------------------------------------------------------
// a scripted history: what changed between runs, and what is flaky

/**
 * One test of the history target. `pattern` has one letter per run, newest first:
 * P passed, F failed, R passed on retry 1 (`_Retries` of one failed attempt, `_Outcome` "flaky"),
 * 2 passed on retry 2, J passed on retry 1 with `_Retries` JSON-encoded and no `_Outcome`,
 * S skipped. Runs in `HISTORY_INFRA_RUNS` fail for every test but the one marked `survivesInfra`.
 */
export interface HistoryTest {
  area: string;
  name: string;
  /** What the test shows (documentation for the readers of the data, not sent). */
  role: string;
  pattern: string;
  survivesInfra?: boolean;
}

export const HISTORY_RUNS = 22;
/** Runs (0 = newest) where the environment was down: more than 80 % of the cases failed. */
export const HISTORY_INFRA_RUNS: readonly number[] = [5, 11, 16];

const p = (head: string): string => head.padEnd(HISTORY_RUNS, 'P');
export const HISTORY_TESTS: readonly HistoryTest[] = [
  { area: 'checkout', name: 'applies a discount code', role: 'passed on retry 2 in the newest run (whole attempts in _Retries, _Outcome flaky); on retry 1 in run 3', pattern: p('2PPR') },
  { area: 'orders', name: 'shows the order history', role: 'passed on retry in the newest run, _Retries JSON-encoded as a string, no _Outcome', pattern: p('J') },
  { area: 'search', name: 'filters results by price', role: 'unstable: 8 pass/fail flips in the last 20 runs (infrastructure runs left out); passes in the newest two', pattern: p('PPFPPPFPFFPPPFP') },
  { area: 'login', name: 'signs in with SSO', role: 'broken: fails in the newest 3 runs in a row (and flipped before: broken, not flaky)', pattern: p('FFFPPPFPPFP') },
  { area: 'profile', name: 'updates the shipping address', role: 'the one new failure of the newest run', pattern: p('F') },
  { area: 'catalog', name: 'loads the product page', role: 'fails only in the infrastructure runs (not flaky once they are left out)', pattern: p('') },
  { area: 'cart', name: 'removes an item from the cart', role: 'fixed in the newest run (failed in runs 1 and 2)', pattern: p('PFF') },
  { area: 'home', name: 'renders the home page', role: 'always passes, even in the infrastructure runs', pattern: p(''), survivesInfra: true },
  { area: 'invoices', name: 'lists the invoices', role: 'stable', pattern: p('') },
  { area: 'wishlist', name: 'adds an item to the wishlist', role: 'stable', pattern: p('') },
  { area: 'settings', name: 'changes the language', role: 'stable', pattern: p('') },
  { area: 'reports', name: 'exports a report as CSV', role: 'skipped in every run', pattern: ''.padEnd(HISTORY_RUNS, 'S'), survivesInfra: true },
];

export interface HistoryOptions {
  seed: number;
  targetName: string;
  /** created_time of the newest run. Default 30 minutes before 1760000000000. */
  newestTime?: number;
  /** Workspace-relative prefix of the test file in `_Location`. Default "tests". */
  testDir?: string;
}

/**
 * One playwright-shaped target with `HISTORY_RUNS` runs, 3 hours apart, of `HISTORY_TESTS`: passed
 * on retry, unstable across runs, infrastructure runs, broken, one new failure, one fix. All tests
 * live in <testDir>/stability.spec.ts, 8 lines apart.
 */
export function historyData(opts: HistoryOptions): ServerData {
  const seed = opts.seed | 0;
  const file = `${opts.testDir ?? 'tests'}/stability.spec.ts`;
  const tests: TestDef[] = HISTORY_TESTS.map((h, i) => {
    let pattern = h.pattern;
    if (!h.survivesInfra) for (const r of HISTORY_INFRA_RUNS) pattern = pattern.slice(0, r) + 'F' + pattern.slice(r + 1);
    return {
      i,
      area: h.area,
      suite: `stability - Stability - stability.spec.ts - chromium`,
      name: `${h.area}: ${h.name}`,
      hash: uuid(seed, 7_000_000 + i),
      file,
      line: 10 + 8 * i,
      kind: pattern.includes('S') ? 'skipped' : 'scripted',
      k: 0,
      pattern,
    };
  });
  const id = uuid(seed, 9_500_000);
  const newestTime = opts.newestTime ?? 1_760_000_000_000 - 30 * 60_000;
  return {
    targets: [{ id, name: opts.targetName, created: newestTime - 90 * 86_400_000 }],
    runsByTarget: { [id]: makeRuns(seed, 50, tests, 'playwright', HISTORY_RUNS, opts.targetName, newestTime, 3 * 3_600_000) },
  };
}

/** The cases of the hostile target: markup, dangerous URLs, wrong types, huge values. */
export function hostileCases(beaconBase: string): unknown[] {
  const img = `${beaconBase}/img`;
  const big = 'A very long reason line. <b>not bold</b> '.repeat(2600); // ~100 KB
  return [
    { name: '1.0.0-<script>alert(1)</script>', suite: '[build]', result: 'fail', desc: `<img src="${beaconBase}/build" onerror="alert(1)">` },
    { name: '<script>alert(1)</script>', suite: '<script>alert("suite")</script>', result: 'fail', reason: '<script>alert(1)</script>', num: 1, hash: 'h-script' },
    { name: `<img src=x onerror="fetch('${img}')">`, suite: 'Markup', result: 'fail', reason: `<img src="${img}" onerror="alert(1)">`, desc: `<img src="${img}">`, num: 2, hash: 'h-img' },
    { name: '"><svg onload=alert(1)>', suite: 'Markup', result: 'pass', desc: `'"><svg/onload=fetch('${beaconBase}/svg')>`, params: { '"><svg onload=alert(1)>': `<img src=${img}>` }, num: 3, hash: 'h-svg' },
    { name: 'javascript: links', suite: 'Links', result: 'fail', files: ['javascript:alert(1)', 'JaVaScRiPt:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', `${img}.png`, '../../../../etc/passwd'], files_base_path: 'javascript:alert(1)//', params: { url: 'javascript:alert(1)', link: `${beaconBase}/param` }, reason: `[click](javascript:alert(1)) ![x](${img})`, num: 4, hash: 'h-js' },
    { name: 'Line\u2028separator\u2029paragraph', suite: 'Unicode', result: 'pass', reason: 'a\u2028b\u2029c', num: 5, hash: 'h-lsep' },
    { name: 'RTL \u202Egnp.exe\u202C override', suite: 'Unicode', result: 'fail', reason: 'file \u202Etxt.exe', num: 6, hash: 'h-rtl' },
    { name: 'Emoji 🎉🔥 and CJK 测试用例 テスト 테스트', suite: 'Unicode 🌏 套件', result: 'pass', desc: '👩‍👩‍👧‍👦 family ZWJ', num: 7, hash: 'h-emoji' },
    { name: 'Huge reason', suite: 'Sizes', result: 'fail', reason: big, num: 8, hash: 'h-huge' },
    { name: 'Very long name ' + 'abcdefghij'.repeat(200), suite: 'Sizes ' + 'x'.repeat(500), result: 'pass', num: 9, hash: 'h-longname' },
    { name: 42, suite: null, result: 'pass', num: 10, hash: 'h-num-name' },
    { suite: 'Types', result: 'fail', reason: 'this case has no name', num: 11, hash: 'h-noname' },
    { name: 'params is a string', suite: 'Types', result: 'pass', params: 'x', files: {}, num: 12, hash: 'h-params-str' },
    { name: 'result PASSED', suite: 'Types', result: 'PASSED', num: 13, hash: 'h-passed' },
    { name: 'result 3', suite: 'Types', result: 3, num: 14, hash: 'h-result-3' },
    { name: 'duration as string', suite: 'Types', result: 'pass', duration: '12', start: '1760000000000', end: 'soon', num: 15, hash: 'h-dur-str' },
    { name: 'negative duration', suite: 'Types', result: 'pass', duration: -5, num: 16, hash: 'h-dur-neg' },
    { name: ['array', 'name'], suite: { nested: 'object' }, result: null, desc: 7, reason: false, num: 17, hash: 'h-arrays' },
    { name: 'closing script in custom JSON', suite: 'Custom', result: 'fail', _Json: '{"a":"</script><script>alert(1)</script>"}', '_Raw html': '</script><img src=x onerror=alert(1)>', _Object: { html: '</script>', list: [1, null, '<b>'] }, num: 18, hash: 'h-close-script' },
    JSON.parse(`{"name":"prototype keys","suite":"Custom","result":"pass","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"_Custom __proto__":"x","params":{"__proto__":{"polluted":true},"toString":"not a function"},"num":19,"hash":"h-proto"}`) as unknown,
    { name: 'steps gone wrong', suite: 'Types', result: 'fail', steps: [null, 5, 'just a string', { name: '<script>alert(1)</script>', result: 'FAIL', reason: `<img src=${img}>`, steps: [{ name: 'nested', result: 'weird', steps: 'no' }] }], num: 20, hash: 'h-steps' },
    { name: 'unknown fields', suite: 'Types', result: 'unknown', surprise: { deep: [1, 2, 3] }, another: 'x', num: 'not a number', hash: 99, num2: null, num3: 1 },
    { name: 'control chars \u0000\u0007\u001b[31mred\u001b[0m', suite: 'Unicode', result: 'fail', reason: '\u001b[31mError\u001b[39m: bell \u0007 nul \u0000', num: 22, hash: 'h-ctrl' },
    { name: 'markdown [link](https://evil.example) **bold** `code`', suite: 'Markup', result: 'pass', desc: '# heading\n<iframe src="https://evil.example"></iframe>', num: 23, hash: 'h-md' },
    null,
    'a string where a case should be',
    7,
  ];
}

export const HOSTILE_TARGET_ID = 'hostile-<script>alert(1)</script>';

/** Adds the hostile target (3 runs of `hostileCases`) to a data set. */
export function addHostile(
  data: ServerData,
  seed = 1,
  beaconBase = `${SERVER_ORIGIN_PLACEHOLDER}/__beacon`,
  baseTime = 1_760_000_000_000,
): void {
  const id = HOSTILE_TARGET_ID;
  data.targets.push({
    id,
    name: `Hostile <img src="${beaconBase}/target" onerror="alert(1)"> 🎯`,
    description: '<script>alert("target")</script>',
  });
  const runs: RawRun[] = [];
  for (let r = 0; r < 3; r++) {
    runs.push({
      created_time: baseTime - r * 3_600_000 - (seed % 1000),
      run_url: r === 0 ? 'javascript:alert(1)' : `${beaconBase}/run`,
      cases: hostileCases(beaconBase),
      '<script>': 'unknown run field',
    });
  }
  data.runsByTarget[id] = runs;
}

/** One target, one run of `cases` generic cases: for benchmarks (100,000 cases in well under a second or two). */
export function singleRunData(cases: number, seed = 1): ServerData {
  return generateData({ seed, targets: 1, runsPerTarget: 1, casesPerRun: cases, suites: 40, failRate: 0.05, idStyle: 'uuid', targetNames: ['bench'] });
}
