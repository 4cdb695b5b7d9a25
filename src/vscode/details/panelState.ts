// What a details panel keeps across reloads (its webview state, given back to the serializer):
// the ids of the case it shows, never the data. Webview state is untrusted input when it returns.
/** The details panels' view type, the key of their serializer. */
export const DETAILS_VIEW_TYPE = 'tesults.caseDetails';

/** What identifies a shown case across reloads. */
export interface CaseRefIds {
  targetId: string;
  runId: string;
  caseKey: string;
}

export function encodeRef(ids: CaseRefIds): string {
  return JSON.stringify([ids.targetId, ids.runId, ids.caseKey]);
}

export function decodeRef(value: unknown): CaseRefIds | undefined {
  const key = typeof value === 'object' && value !== null ? (value as { caseKey?: unknown }).caseKey : undefined;
  if (typeof key !== 'string' || key.length > 10_000) return undefined;
  try {
    const parsed: unknown = JSON.parse(key);
    if (Array.isArray(parsed) && parsed.length === 3 && parsed.every((p) => typeof p === 'string')) {
      return { targetId: parsed[0], runId: parsed[1], caseKey: parsed[2] };
    }
  } catch {
    // Not ours.
  }
  return undefined;
}
