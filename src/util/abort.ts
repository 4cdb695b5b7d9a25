// The error a cancelled operation rejects with: the signal's reason when it is an Error (what the
// caller aborted with), else an `AbortError`.
export function abortError(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('The search was cancelled'), { name: 'AbortError' });
}
