// How long a case, step or attempt took: the one rule for the tree, hovers and the details panel.

/** The duration in ms: `duration` when valid, else `end - start` when both are valid and ordered. */
export function caseDurationMs(c: { duration?: unknown; start?: unknown; end?: unknown }): number | undefined {
  const d = c.duration;
  if (typeof d === 'number' && d >= 0 && d < Infinity) return d;
  const s = c.start;
  const e = c.end;
  if (typeof s === 'number' && typeof e === 'number' && s >= 0 && e >= s && e < Infinity) return e - s;
  return undefined;
}
