/** Cancellation helpers for core code, which speaks the web-standard AbortSignal only. */

/**
 * True for the error a cancelled operation rejects with. Checks the name rather than the class,
 * because AbortError and DOMException come from different realms (Node, Electron, the AWS SDK).
 */
export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'name' in err && err.name === 'AbortError';
}

/** The error core code throws when its signal is aborted before or during work. */
export function abortError(reason?: unknown): Error {
  const err = new Error(typeof reason === 'string' ? reason : 'The operation was cancelled.');
  err.name = 'AbortError';
  return err;
}

/** Throws an AbortError if `signal` is already aborted, so long work can check between steps. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal.reason);
}
