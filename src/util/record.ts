// Safe reads of untrusted JSON objects. No project imports (this is the ground floor).

/** A plain JSON object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `obj[key]` when `obj` is an object with that key of its own (never an inherited one such as `__proto__`). */
export function own(obj: unknown, key: string): unknown {
  return isRecord(obj) && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** A value that was sent: not undefined, null or the empty string. */
export function hasValue(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}
