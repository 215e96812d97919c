/**
 * How long an SSH link waits before trying to reconnect. Kept apart from the REST retry schedule
 * (core/api/retry.ts) because the two answer different questions: a REST retry gives up after a
 * few tries and may wait zero ("full jitter"), while a dropped notebook link keeps trying for as
 * long as the user has a terminal open, and a zero wait would hammer a notebook that is still
 * restarting.
 */

/** Tunables of the reconnect schedule. */
export interface ReconnectPolicy {
  /** The wait before the first reconnect attempt (before jitter); doubles per attempt. */
  readonly baseDelayMs: number;
  /** No wait exceeds this, so a link that comes back is noticed within this long. */
  readonly maxDelayMs: number;
  /** Attempts before giving up; `Infinity` keeps trying until the connection is disposed. */
  readonly maxAttempts: number;
}

/** 1 s, 2 s, 4 s … capped at 30 s, forever (a terminal tab left open should come back by itself). */
export const defaultReconnectPolicy: ReconnectPolicy = { baseDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: Infinity };

/**
 * "Equal jitter": half the exponential step is fixed, half is random. The fixed half keeps a
 * restarting notebook from being hit at once; the random half spreads many windows (one per
 * terminal and forward) that lost the same link at the same moment.
 *
 * @param attempt 1 for the wait before the first reconnect attempt, 2 before the second, …
 * @param random a [0, 1) source; injected by tests
 */
export function reconnectDelayMs(
  attempt: number,
  policy: ReconnectPolicy = defaultReconnectPolicy,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
