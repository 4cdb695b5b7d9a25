// What every section of the benchmark shares: the arguments, the client and store over the
// local server, the floor load, and output. See bench/run.ts.
import * as path from 'node:path';
import fetch from 'node-fetch';
import { TesultsClient } from '../src/api/client';
import { endpointUrl } from '../src/api/url';
import type { RunsPage, Target } from '../src/model/types';
import { ResultsStore } from '../src/store/store';
import { BENCH_TOKEN } from './server';
import { round, type Stat } from './stats';
import type { BenchServer } from './server-process';

export const ROOT = path.resolve(__dirname, '..');
export const SECTIONS = ['pipeline', 'tree', 'paging', 'memory', 'startup', 'polling', 'rules', 'testing', 'decorations', 'codelens'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Args {
  quick: boolean;
  json?: string;
  only: Set<Section>;
  packageVsix: boolean;
}

/** A section: prints its lines and puts its figures in out (for --json). */
export type BenchSection = (server: BenchServer, args: Args, out: Record<string, unknown>) => Promise<void>;

export const USER_AGENT = 'tesults-vscode-bench';

export function makeClient(url: string): TesultsClient {
  return new TesultsClient({
    apiUrl: url,
    getToken: async () => BENCH_TOKEN,
    timeoutMs: 120_000,
    userAgent: USER_AGENT,
    retry: { maxAttempts: 1 },
    log: () => undefined,
  });
}

/** A store over the real client; the target list is given (loading it is not what is measured). */
export function makeStore(client: TesultsClient, targets: Target[], runsPerPage = 10): ResultsStore {
  return new ResultsStore({
    api: {
      listTargets: async () => targets,
      fetchRuns: (targetId, opts): Promise<RunsPage> => client.fetchRuns(targetId, opts),
      fetchRunsIfChanged: (targetId, opts) => client.fetchRunsIfChanged(targetId, opts),
    },
    runsPerPage: () => runsPerPage,
  });
}

export function resultsUrl(base: string, target: string, limit: number): string {
  return endpointUrl(new URL(base), 'results', { target, limit }).href;
}

/** The floor: node-fetch GET of the URL + JSON.parse of the body (same headers as the client). */
export async function floorLoad(href: string): Promise<{ json: unknown; size: number }> {
  const res = await fetch(href, { headers: { Authorization: `Bearer ${BENCH_TOKEN}`, Accept: 'application/json', 'User-Agent': USER_AGENT } });
  const text = await res.text();
  return { json: JSON.parse(text), size: Buffer.byteLength(text) };
}

export function statJson(s: Stat): Record<string, number> {
  return { n: s.n, min: round(s.min, 3), median: round(s.median, 3), max: round(s.max, 3) };
}

export function line(s = ''): void {
  process.stdout.write(`${s}\n`);
}
