// Named data sets of the local server (cli --preset).
import { generateData, addHostile, historyData, singleRunData, type ServerData } from './data';

export type PresetName = 'demo' | 'e2e' | 'hostile' | 'large';
export const PRESETS: readonly PresetName[] = ['demo', 'e2e', 'hostile', 'large'];

/** Concatenates data sets (their target ids must differ). */
export function mergeData(...sets: ServerData[]): ServerData {
  const out: ServerData = { targets: [], runsByTarget: {} };
  for (const s of sets) {
    for (const t of s.targets) {
      if (out.runsByTarget[t.id]) throw new Error(`duplicate target id ${t.id}`);
      out.targets.push(t);
      out.runsByTarget[t.id] = s.runsByTarget[t.id] ?? [];
    }
  }
  return out;
}

/**
 * e2e: 5 targets (served 2 per page by the cli), failures in the three reporter-shaped
 * targets, 12 runs on the first one ("Load more runs"), "e2e-green" without failures, and
 * "e2e-history (playwright)": 22 scripted runs of `HISTORY_TESTS` (flaky on retry, unstable,
 * infrastructure runs, broken, exactly one new failure in the newest run).
 */
export function e2eData(): ServerData {
  return mergeData(
    generateData({
      seed: 7,
      targets: 3,
      runsPerTarget: 12,
      casesPerRun: [24, 16, 12],
      suites: 4,
      failRate: 0.25,
      reporters: true,
      targetNames: ['e2e-web (playwright)', 'e2e-api (jest)', 'e2e-backend (mocha)'],
    }),
    generateData({ seed: 8, targets: 1, runsPerTarget: 3, casesPerRun: 6, suites: 2, failRate: 0, targetNames: ['e2e-green'], idStyle: 'uuid' }),
    historyData({ seed: 15, targetName: 'e2e-history (playwright)' }),
  );
}

/**
 * demo: realistic history of a small shop's test jobs; playwright `_Location`s under
 * demo/workspace/tests. "web-stability (playwright)" has the scripted history of `HISTORY_TESTS`.
 */
export function demoData(baseTime?: number): ServerData {
  return mergeData(
    generateData({
      baseTime,
      seed: 2024,
      targets: 3,
      runsPerTarget: 15,
      casesPerRun: [36, 48, 40],
      suites: 6,
      failRate: 0.14,
      reporters: true,
      testDir: 'demo/workspace/tests',
      targetNames: ['web-e2e (playwright)', 'api-unit (jest)', 'backend (mocha)'],
    }),
    generateData({ baseTime, seed: 2025, targets: 1, runsPerTarget: 10, casesPerRun: 20, suites: 4, failRate: 0.1, targetNames: ['nightly-smoke'], idStyle: 'uuid' }),
    historyData({
      seed: 2026,
      targetName: 'web-stability (playwright)',
      testDir: 'demo/workspace/tests',
      newestTime: (baseTime ?? 1_760_000_000_000) - 30 * 60_000,
    }),
  );
}

/** `baseTime`: when the newest runs were made (default: a fixed day, so fixtures are deterministic). */
export function presetData(name: PresetName, beaconBase?: string, baseTime?: number): ServerData {
  switch (name) {
    case 'demo':
      return demoData(baseTime);
    case 'e2e':
      return e2eData();
    case 'hostile': {
      const d = e2eData();
      addHostile(d, 7, beaconBase);
      return d;
    }
    case 'large':
      return singleRunData(100_000);
  }
}

/** Target page size the cli uses for a preset unless told otherwise. */
export function presetTargetsPageSize(name: PresetName): number | undefined {
  return name === 'e2e' || name === 'hostile' ? 2 : undefined;
}
