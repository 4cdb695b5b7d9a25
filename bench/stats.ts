// Small helpers of the benchmark: timing statistics and formatting. No assertions anywhere.
import { performance } from 'node:perf_hooks';

export interface Stat {
  /** Number of measured runs. */
  n: number;
  min: number;
  median: number;
  max: number;
}

export function stat(xs: readonly number[]): Stat {
  const s = xs.slice().sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { n: 0, min: NaN, median: NaN, max: NaN };
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { n, min: s[0], median, max: s[n - 1] };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function ms(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0);
}

export function fmtStat(s: Stat, unit = 'ms'): string {
  return `min ${ms(s.min)}  median ${ms(s.median)}  max ${ms(s.max)} ${unit}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

export function goal(met: boolean): string {
  return met ? 'goal met' : 'GOAL MISSED';
}

/** Runs `fn` warmup + runs times; returns the measured durations (ms). `before` runs untimed. */
export async function measure(warmup: number, runs: number, fn: () => unknown, before?: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    await before?.();
    const t0 = performance.now();
    await fn();
    const t = performance.now() - t0;
    if (i >= warmup) out.push(t);
  }
  return out;
}

const g = globalThis as { gc?: () => void };

/** Full collection (twice, so weak maps and finalisation settle); no-op without --expose-gc. */
export function gc(): void {
  g.gc?.();
  g.gc?.();
}

export const hasGc = (): boolean => typeof g.gc === 'function';

/** Keeps values reachable until the end of a measurement so the optimiser cannot drop work. */
export const sink: unknown[] = [];
