import assert from 'node:assert/strict';
import {
  backoffDelayMs,
  defaultRetryPolicy,
  isIdempotentMethod,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfterMs,
  withRetry,
} from '../../../../extension/core/api/retry';
import { isAbortError } from '../../../../extension/core/util/abort';

describe('core/api/retry', () => {
  it('classifies methods, statuses and network errors', () => {
    for (const m of ['GET', 'head', 'PUT', 'DELETE']) assert.ok(isIdempotentMethod(m), m);
    for (const m of ['POST', 'PATCH']) assert.ok(!isIdempotentMethod(m), m);
    for (const s of [429, 500, 502, 503, 504]) assert.ok(isRetryableStatus(s), String(s));
    for (const s of [400, 401, 403, 404, 409, 501]) assert.ok(!isRetryableStatus(s), String(s));
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN'])
      assert.ok(isRetryableNetworkError(Object.assign(new Error('x'), { code })), code);
    assert.ok(isRetryableNetworkError(new Error('socket hang up')));
    assert.ok(!isRetryableNetworkError(Object.assign(new Error('x'), { code: 'ENOTFOUND' })));
    assert.ok(!isRetryableNetworkError('ECONNRESET'));
  });

  it('full-jitter backoff: uniform below a doubling cap, capped at maxDelayMs', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
    const almostOne = () => 0.999999;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, almostOne)),
      [99, 199, 399, 799, 999, 999],
    );
    assert.equal(
      backoffDelayMs(3, policy, () => 0),
      0,
    );
    assert.equal(
      backoffDelayMs(3, policy, () => 0.5),
      200,
    );
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfterMs('5', now), 5000);
    assert.equal(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfterMs('soon', now), undefined);
    assert.equal(parseRetryAfterMs(undefined, now), undefined);
  });

  it('withRetry: the schedule over many attempts, without sleeping', async () => {
    const waits: number[] = [];
    let calls = 0;
    const policy = { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 1500, maxRetryAfterMs: 60_000 };
    const err = await withRetry(
      () => {
        calls++;
        return Promise.reject(new Error('transient'));
      },
      () => ({ retry: true }),
      { policy, random: () => 0.5, sleep: (ms) => (waits.push(ms), Promise.resolve()) },
    ).catch((e: unknown) => e);
    assert.equal((err as Error).message, 'transient');
    assert.equal(calls, 8);
    assert.deepEqual(waits, [50, 100, 200, 400, 750, 750, 750]);
  });

  it('withRetry: Retry-After is a floor under the backoff; too long a Retry-After is not waited', async () => {
    const waits: number[] = [];
    let n = 0;
    const result = await withRetry(
      (attempt) => (attempt < 3 ? Promise.reject(new Error(String(attempt))) : Promise.resolve('ok')),
      () => ({ retry: true, retryAfterMs: ++n === 1 ? 3000 : 10 }),
      { random: () => 0.5, sleep: (ms) => (waits.push(ms), Promise.resolve()) },
    );
    assert.equal(result, 'ok');
    assert.deepEqual(waits, [3000, 500]);
    let calls = 0;
    await assert.rejects(
      withRetry(
        () => (calls++, Promise.reject(new Error('busy'))),
        () => ({ retry: true, retryAfterMs: 120_000 }),
        { sleep: () => Promise.resolve() },
      ),
      /busy/,
    );
    assert.equal(calls, 1);
  });

  it('withRetry: a final verdict stops at once', async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(
        () => (calls++, Promise.reject(new Error('400'))),
        () => ({ retry: false }),
        { sleep: () => Promise.resolve() },
      ),
    );
    assert.equal(calls, 1);
  });

  it('withRetry: an abort during the wait stops retrying with an AbortError', async () => {
    const controller = new AbortController();
    let calls = 0;
    const err = await withRetry(
      () => (calls++, Promise.reject(new Error('503'))),
      () => ({ retry: true }),
      {
        signal: controller.signal,
        sleep: (_ms, signal) => {
          controller.abort();
          return signal?.aborted ? Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' })) : Promise.resolve();
        },
      },
    ).catch((e: unknown) => e);
    assert.ok(isAbortError(err));
    assert.equal(calls, 1);
  });
});
