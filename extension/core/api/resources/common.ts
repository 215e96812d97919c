/**
 * What every typed resource method shares: argument checks that fail before any traffic, path
 * segment encoding, one `send` that also checks the documented success codes, and an abortable
 * poller with backoff for the `waitFor` methods.
 */
import { abortableSleep } from '../retry';
import { throwIfAborted } from '../../util/abort';
import { PlatformError } from '../errors';
import type { HttpClient, PlatformResponse, QueryValue } from '../http';

/** Options every resource method takes. */
export interface CallOptions {
  /** Cancels the call (and any wait between polls); the method then rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/**
 * Checks a caller-supplied id or name and returns it encoded as one URL path segment. Empty,
 * blank or non-string values are programming mistakes: a TypeError, before any request.
 */
export function idSegment(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new TypeError(
      `${what} must be a non-empty string, not ${value === '' ? 'an empty string' : (JSON.stringify(value) ?? String(value))}.`,
    );
  return encodeURIComponent(value);
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
export function compact<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** One typed call. */
export interface Call {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** The success codes the API documents for this call; another 2xx is reported as an unexpected answer. */
  readonly expect: readonly number[];
  readonly idempotent?: boolean;
}

/**
 * Sends one call and checks the status against the documented ones. A 2xx the API does not
 * document for the call (say 200 with an empty body where 201 and a Job were promised) means the
 * endpoint is not what we think it is, and is reported rather than half-parsed.
 */
export async function send<T>(http: HttpClient, call: Call): Promise<PlatformResponse<T>> {
  const res = await http.request<T>({
    method: call.method,
    path: call.path,
    ...(call.query ? { query: call.query } : {}),
    ...(call.body !== undefined ? { body: call.body } : {}),
    ...(call.signal ? { signal: call.signal } : {}),
    ...(call.idempotent !== undefined ? { idempotent: call.idempotent } : {}),
  });
  if (!call.expect.includes(res.status)) {
    throw unexpected(call, res.status, `answered HTTP ${res.status}; expected ${call.expect.join(' or ')}`, res.requestId);
  }
  return res;
}

/** {@link send}, returning the body, which must be a JSON object. */
export async function sendJson<T>(http: HttpClient, call: Call): Promise<T> {
  const res = await send<T>(http, call);
  if (typeof res.body !== 'object' || res.body === null)
    throw unexpected(call, res.status, 'answered without the JSON object the API documents', res.requestId);
  return res.body;
}

function unexpected(call: Call, status: number, what: string, requestId: string | undefined): PlatformError {
  return new PlatformError({
    kind: 'response',
    status,
    errorCode: 'UnexpectedResponse',
    errorMsg: `The platform ${what}.`,
    method: call.method,
    path: call.path,
    ...(requestId ? { requestId } : {}),
    hint: 'The endpoint may not be a ModelArts API of the expected version; check the endpoint setting.',
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
