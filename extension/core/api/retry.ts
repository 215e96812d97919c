/**
 * When and how long to wait before trying a platform call again. Pure decisions plus one loop,
 * with the clock, the randomness and the sleep injected so the schedule is unit-tested without
 * real waiting.
 */
import { abortError, throwIfAborted } from '../util/abort';

/** Tunables of the retry schedule. */
export interface RetryPolicy {
  /** Total attempts including the first; 1 disables retries. */
  readonly maxAttempts: number;
  /** The backoff cap for the first retry; doubles per attempt (before jitter). */
  readonly baseDelayMs: number;
  /** No computed backoff exceeds this. */
  readonly maxDelayMs: number;
  /**
   * A `Retry-After` longer than this is not waited out: the call fails instead, so a UI action
   * does not hang for minutes on a throttled API; the error's hint says to try later.
   */
  readonly maxRetryAfterMs: number;
}

/** 3 attempts, 0–0.5 s then 0–1 s of jittered backoff, Retry-After up to 60 s. */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

/**
 * Methods that can be repeated without repeating their effect (RFC 9110 §9.2.2, minus the ones
 * ModelArts does not use). POST is not, even when a retry would be convenient: a create that
 * timed out may have happened, and doing it twice makes two notebooks.
 */
export function isIdempotentMethod(method: string): boolean {
  return ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].includes(method.toUpperCase());
}

/** 429 and 5xx are worth another try; 501 (not implemented) never gets better, and other 4xx are the request's fault. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

const retryableNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ECONNABORTED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
]);

/**
 * Transient connection failures: reset, refused (a daemon restarting, a load balancer rotating),
 * timed out, "socket hang up" (the server closed without answering), temporary DNS failure.
 * ENOTFOUND is not here: a misspelled host does not start resolving a second later.
 */
export function isRetryableNetworkError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && retryableNetworkCodes.has(code)) return true;
  return typeof message === 'string' && /socket hang up/i.test(message);
}

/**
 * "Full jitter" backoff (AWS architecture blog, "Exponential Backoff And Jitter"): a uniform
 * random wait between 0 and min(max, base·2^(retry-1)). Spreading clients out matters more than
 * the exact curve when many windows poll one throttled API.
 *
 * @param retry 1 for the wait before the second attempt, 2 before the third, …
 * @param random a [0, 1) source; injected by tests
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}

/**
 * A `Retry-After` value in milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What one attempt's outcome means for the loop. */
export type AttemptVerdict = { readonly retry: false } | { readonly retry: true; readonly retryAfterMs?: number };

/** Waits `ms`, or rejects with an AbortError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal.reason));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The injected pieces of {@link withRetry}. */
export interface RetryOptions {
  readonly policy?: RetryPolicy;
  readonly signal?: AbortSignal;
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each wait; for logs and for tests that record the schedule. */
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/**
 * Runs `attempt(n)` (n from 1) until it resolves, `classify` says the error is final, attempts run
 * out, or `signal` aborts. The wait is the larger of the jittered backoff and the server's
 * Retry-After, because a server that asked for 5 s means at least 5 s. An abort is never retried
 * and never waited on.
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  classify: (error: unknown) => AttemptVerdict,
  options: RetryOptions = {},
): Promise<T> {
  const policy = options.policy ?? defaultRetryPolicy;
  const sleep = options.sleep ?? abortableSleep;
  for (let n = 1; ; n++) {
    throwIfAborted(options.signal);
    try {
      return await attempt(n);
    } catch (error) {
      if (options.signal?.aborted) throw abortError(options.signal.reason);
      const verdict = classify(error);
      if (!verdict.retry || n >= policy.maxAttempts) throw error;
      if (verdict.retryAfterMs !== undefined && verdict.retryAfterMs > policy.maxRetryAfterMs) throw error;
      const delayMs = Math.max(backoffDelayMs(n, policy, options.random), verdict.retryAfterMs ?? 0);
      options.onRetry?.({ attempt: n, delayMs, error });
      await sleep(delayMs, options.signal);
    }
  }
}
