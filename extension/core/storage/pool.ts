import { abortError, isAbortError } from '../util/abort';

/**
 * Runs `task` over `items` with at most `concurrency` in flight. The first failure stops new
 * work and aborts the tasks still running (through the signal each task receives), then the
 * pool waits for them to settle, so nothing keeps writing after the caller has been told it
 * failed. The caller's own cancellation rejects with an AbortError; otherwise the first real
 * error wins over the AbortErrors it caused.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal | undefined,
  task: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  if (signal?.aborted) throw abortError(signal.reason);
  const inner = new AbortController();
  const onAbort = (): void => inner.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (!inner.signal.aborted) {
      const index = next++;
      if (index >= items.length) return;
      try {
        await task(items[index] as T, inner.signal);
      } catch (err) {
        if (failure === undefined || (isAbortError(failure) && !isAbortError(err))) failure = err;
        inner.abort(err);
        return;
      }
    }
  };
  try {
    const n = Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length));
    await Promise.all(Array.from({ length: n }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw abortError(signal.reason);
  if (failure !== undefined) throw failure;
}
