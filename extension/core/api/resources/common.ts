/**
 * What every typed resource method shares: argument checks that fail before any traffic, one
 * `send` through a route descriptor that also checks the documented success codes, and an
 * abortable poller with backoff for the `waitFor` methods.
 */
import { abortableSleep } from '../retry';
import { throwIfAborted } from '../../util/abort';
import { PlatformError } from '../errors';
import type { HttpClient, PlatformResponse } from '../http';
import { type AnyRoute, type CallArgs, fillPath, type ResponseOf } from '../routes/route';

/** Options every resource method takes. */
export interface CallOptions {
  /** Cancels the call (and any wait between polls); the method then rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/** Checks a required string field of a request body (TypeError when missing or blank). */
export function requireField(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`${what} is required (a non-empty string).`);
  return value;
}

/** Checks an optional whole number (TypeError otherwise). */
export function checkInteger(value: number | undefined, what: string, min = Number.MIN_SAFE_INTEGER): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min))
    throw new TypeError(`${what} must be a whole number${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ''}, not ${value}.`);
}

/** Drops undefined entries, so optional filters never reach the wire as `undefined`. */
export function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Sends one call through its route descriptor and checks the status against the documented ones.
 * A 2xx the API does not document for the call (say 200 with an empty body where 201 and a Job were
 * promised) means the endpoint is not what we think it is, and is reported rather than half-parsed.
 * Path parameters are checked first: an empty id is a TypeError before anything is sent.
 */
export async function send<R extends AnyRoute>(http: HttpClient, route: R, args: CallArgs<R>): Promise<PlatformResponse<ResponseOf<R>>> {
  const path = fillPath(route, args.params);
  const res = await http.request<ResponseOf<R>>({
    method: route.method,
    path,
    ...(args.query ? { query: args.query } : {}),
    ...(args.body !== undefined ? { body: args.body } : {}),
    ...(args.signal ? { signal: args.signal } : {}),
    ...(route.idempotent !== undefined ? { idempotent: route.idempotent } : {}),
  });
  if (!route.expect.includes(res.status)) {
    throw unexpected(route, path, res.status, `answered HTTP ${res.status}; expected ${route.expect.join(' or ')}`, res.requestId);
  }
  return res;
}

/** {@link send}, returning the body, which must be a JSON object. */
export async function sendJson<R extends AnyRoute>(http: HttpClient, route: R, args: CallArgs<R>): Promise<NonNullable<ResponseOf<R>>> {
  const res = await send(http, route, args);
  if (typeof res.body !== 'object' || res.body === null) {
    throw unexpected(route, fillPath(route, args.params), res.status, 'answered without the JSON object the API documents', res.requestId);
  }
  return res.body;
}

function unexpected(route: AnyRoute, path: string, status: number, what: string, requestId: string | undefined): PlatformError {
  return new PlatformError({
    kind: 'response',
    status,
    errorCode: 'UnexpectedResponse',
    errorMsg: `The platform ${what}.`,
    method: route.method,
    path,
    ...(requestId ? { requestId } : {}),
    advice: { kind: 'notApi' },
  });
}

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts (the retry layer's sleep). */
export const sleep = abortableSleep;

/** Options of the `waitFor` methods. */
export interface WaitOptions<T> extends CallOptions {
  /** First wait between polls; default 1000 ms. Waits grow by half each poll up to `maxPollMs`. */
  readonly pollMs?: number;
  /** Longest wait between polls; default 10 000 ms (never less than `pollMs`). */
  readonly maxPollMs?: number;
  /** Give up after this long with a {@link WaitTimeoutError}; default: wait until aborted. */
  readonly timeoutMs?: number;
  /** Called with every state seen, e.g. to show progress. */
  readonly onUpdate?: (value: T) => void;
}

/** A `waitFor` ran out of time; `last` is the state last seen. */
export class WaitTimeoutError extends Error {
  constructor(
    message: string,
    readonly last: unknown,
  ) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** The resource reached a failed state while being waited for; `reason` is the platform's. */
export class WaitFailedError extends Error {
  constructor(
    message: string,
    readonly state: string,
    readonly reason: string,
    readonly resource: unknown,
  ) {
    super(message);
    this.name = 'WaitFailedError';
  }
}

/**
 * Polls `fetch` until `done` says so, with growing waits. `failure` returns an error to reject
 * with; it is checked after `done`, so a caller may wait for a failed state on purpose, while any
 * failed state it did not ask for stops the wait at once.
 */
export async function pollUntil<T>(
  fetch: (signal?: AbortSignal) => Promise<T>,
  done: (value: T) => boolean,
  failure: (value: T) => Error | undefined,
  describe: (value: T | undefined) => string,
  options: WaitOptions<T>,
): Promise<T> {
  const { signal } = options;
  const first = options.pollMs ?? 1000;
  const max = Math.max(first, options.maxPollMs ?? 10_000);
  checkInteger(first, 'pollMs', 1);
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  let delay = first;
  let last: T | undefined;
  for (;;) {
    throwIfAborted(signal);
    last = await fetch(signal);
    options.onUpdate?.(last);
    if (done(last)) return last;
    const failed = failure(last);
    if (failed) throw failed;
    const left = deadline - Date.now();
    if (left <= 0) throw new WaitTimeoutError(`Gave up after ${options.timeoutMs} ms waiting: ${describe(last)}.`, last);
    await sleep(Math.min(delay, left), signal);
    delay = Math.min(max, Math.ceil(delay * 1.5));
  }
}
