import assert from 'node:assert/strict';
import { akskAuthenticator, tokenAuthenticator } from '../../../../extension/core/api/credentials';
import { PlatformError } from '../../../../extension/core/api/errors';
import { HttpClient, type HttpClientOptions } from '../../../../extension/core/api/http';
import { isAbortError } from '../../../../extension/core/util/abort';
import { SignatureChecker } from '../../../../extension/local/http/signatureCheck';
import { type Fixture, json, startFixture } from './fixtureServer';

const creds = { kind: 'aksk' as const, ak: 'AKFIXTURE0000000001', sk: 'sk-fixture-secret-value' };

describe('core/api/http HttpClient against a fixture server', () => {
  let fixture: Fixture | undefined;
  let client: HttpClient | undefined;
  let sleeps: number[];

  function clientFor(f: Fixture, extra: Partial<HttpClientOptions> = {}): HttpClient {
    sleeps = [];
    client = new HttpClient({
      endpoint: f.url,
      authenticator: akskAuthenticator(creds),
      projectId: 'proj0001',
      proxy: {},
      random: () => 0.5,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      ...extra,
    });
    return client;
  }

  afterEach(async () => {
    client?.close();
    client = undefined;
    await fixture?.close();
    fixture = undefined;
  });

  it('builds URL, headers and body, and signs exactly the bytes it sends', async () => {
    fixture = await startFixture((_req, res) => json(res, 200, { ok: true }));
    const c = clientFor(fixture);
    const res = await c.request<{ ok: boolean }>({
      method: 'POST',
      path: '/v1/{project_id}/workspaces',
      query: { name: 'a b/c', limit: 5, skip: undefined, tag: ['y', 'x'] },
      body: { name: 'ws-é' },
    });
    assert.deepEqual(res.body, { ok: true });
    assert.equal(res.status, 200);
    assert.equal(res.requestId, 'req-fixture');
    const seen = fixture.requests[0];
    assert.ok(seen);
    assert.equal(seen.url, '/v1/proj0001/workspaces?name=a%20b%2Fc&limit=5&tag=y&tag=x');
    assert.equal(seen.body, JSON.stringify({ name: 'ws-é' }));
    assert.equal(seen.headers.host, `127.0.0.1:${fixture.port}`);
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.equal(seen.headers['x-project-id'], 'proj0001');
    assert.match(String(seen.headers['x-client-request-id']), /^[0-9a-f-]{36}$/);
    assert.match(
      String(seen.headers.authorization),
      /^SDK-HMAC-SHA256 Access=AKFIXTURE0000000001, SignedHeaders=content-type;host;x-client-request-id;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/,
    );
    // Verified the way the gateway (and the local daemon) verifies it, from the wire request.
    const [rawPath, rawQuery = ''] = seen.url.split('?') as [string, string?];
    new SignatureChecker(creds).verify({
      method: seen.method,
      rawPath,
      rawQuery,
      headers: seen.headers,
      body: Buffer.from(seen.body, 'utf8'),
    });
  });

  it('temporary credentials send X-Security-Token inside the signature, and keep it out of error messages', async () => {
    const temp = { ...creds, securityToken: 'sts-token-value-123' };
    fixture = await startFixture((req, res) =>
      json(res, 403, { error_code: 'ModelArts.0108', error_msg: `denied for ${req.headers['x-security-token']}` }),
    );
    const c = clientFor(fixture, { authenticator: akskAuthenticator(temp) });
    const err = await c.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    const seen = fixture.requests[0];
    assert.equal(seen?.headers['x-security-token'], temp.securityToken);
    assert.match(String(seen?.headers.authorization), /SignedHeaders=[^,]*x-security-token/);
    new SignatureChecker(temp).verify({ method: 'GET', rawPath: '/x', rawQuery: '', headers: seen?.headers ?? {}, body: Buffer.alloc(0) });
    assert.ok(err instanceof PlatformError);
    assert.equal(err.errorMsg, 'denied for ***');
  });

  it('keeps an endpoint path prefix and sends X-Auth-Token unsigned in token mode', async () => {
    fixture = await startFixture((_req, res) => json(res, 200, { ok: 1 }));
    const c = clientFor(fixture, { endpoint: `${fixture.url}/gw/modelarts/`, authenticator: tokenAuthenticator('tok-123456') });
    await c.request({ method: 'GET', path: '/v1/{project_id}/notebooks' });
    const seen = fixture.requests[0];
    assert.equal(seen?.url, '/gw/modelarts/v1/proj0001/notebooks');
    assert.equal(seen?.headers['x-auth-token'], 'tok-123456');
    assert.equal(seen?.headers.authorization, undefined);
  });

  it('retries a GET on 503 with backoff, then succeeds; every attempt is freshly signed', async () => {
    fixture = await startFixture((_req, res, n) =>
      n < 3 ? json(res, 503, { error_code: 'ModelArts.0010', error_msg: 'busy' }) : json(res, 200, { ok: true }),
    );
    const c = clientFor(fixture);
    const res = await c.request<{ ok: boolean }>({ method: 'GET', path: '/v1/{project_id}/workspaces' });
    assert.deepEqual(res.body, { ok: true });
    assert.equal(fixture.requests.length, 3);
    // Full jitter with random() = 0.5: half of 500 ms, then half of 1000 ms.
    assert.deepEqual(sleeps, [250, 500]);
    const ids = new Set(fixture.requests.map((r) => r.headers['x-client-request-id']));
    assert.equal(ids.size, 3);
  });

  it('honours Retry-After (seconds) on 429', async () => {
    fixture = await startFixture((_req, res, n) =>
      n === 1 ? json(res, 429, { error_code: 'ModelArts.6101', error_msg: 'system busy' }, { 'Retry-After': '7' }) : json(res, 200, {}),
    );
    const c = clientFor(fixture);
    await c.request({ method: 'DELETE', path: '/v1/{project_id}/workspaces/x' });
    assert.deepEqual(sleeps, [7000]);
    assert.equal(fixture.requests.length, 2);
  });

  it('gives up at once when Retry-After asks for longer than the policy allows, with the wait on the error', async () => {
    fixture = await startFixture((_req, res) =>
      json(res, 429, { error_code: 'ModelArts.6101', error_msg: 'system busy' }, { 'Retry-After': '3600' }),
    );
    const c = clientFor(fixture);
    const err = await c.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    assert.ok(err instanceof PlatformError);
    assert.equal(err.retryAfterMs, 3_600_000);
    assert.match(err.hint ?? '', /busy/);
    assert.equal(fixture.requests.length, 1);
  });

  it('does not retry a POST on 503, but does when it is marked idempotent', async () => {
    fixture = await startFixture((_req, res) => json(res, 503, { error_code: 'ModelArts.0010', error_msg: 'unavailable' }));
    const c = clientFor(fixture);
    const err = await c.request({ method: 'POST', path: '/v2/{project_id}/training-jobs', body: {} }).catch((e: unknown) => e);
    assert.ok(err instanceof PlatformError);
    assert.equal(err.status, 503);
    assert.equal(fixture.requests.length, 1);
    await c.request({ method: 'POST', path: '/v2/{project_id}/training-job-searches', body: {}, idempotent: true }).catch(() => undefined);
    assert.equal(fixture.requests.length, 1 + 3);
  });

  it('does not retry 400 or 501, and reports the ModelArts error with a hint', async () => {
    fixture = await startFixture((req, res) =>
      req.url.includes('501')
        ? json(res, 501, { error_code: 'X', error_msg: 'nope' })
        : json(res, 400, { error_code: 'ModelArts.0102', error_msg: 'The workspace abc does not exist.' }),
    );
    const c = clientFor(fixture);
    const err = await c.request({ method: 'GET', path: '/v1/{project_id}/workspaces/abc' }).catch((e: unknown) => e);
    assert.ok(err instanceof PlatformError);
    assert.equal(err.kind, 'http');
    assert.equal(err.status, 400);
    assert.equal(err.errorCode, 'ModelArts.0102');
    assert.equal(err.errorMsg, 'The workspace abc does not exist.');
    assert.equal(err.method, 'GET');
    assert.equal(err.path, '/v1/proj0001/workspaces/abc');
    assert.equal(err.requestId, 'req-fixture');
    assert.match(err.hint ?? '', /no longer exists/);
    assert.ok(err.isClientError);
    await c.request({ method: 'GET', path: '/501' }).catch(() => undefined);
    assert.equal(fixture.requests.length, 2);
  });

  it('retries a network error (the server destroys the socket) on a GET', async () => {
    fixture = await startFixture((req, res, n) => (n === 1 ? res.socket?.destroy() : json(res, 200, { n })));
    const c = clientFor(fixture);
    const res = await c.request<{ n: number }>({ method: 'GET', path: '/x' });
    assert.deepEqual(res.body, { n: 2 });
    assert.equal(sleeps.length, 1);
  });

  it('reports a network error on a POST without retrying, naming the errno', async () => {
    fixture = await startFixture((_req, res) => res.socket?.destroy());
    const c = clientFor(fixture);
    const err = await c.request({ method: 'POST', path: '/x', body: {} }).catch((e: unknown) => e);
    assert.ok(err instanceof PlatformError);
    assert.equal(err.kind, 'network');
    assert.equal(err.status, 0);
    assert.equal(err.errorCode, 'ECONNRESET');
    assert.equal(fixture.requests.length, 1);
  });

  it('an abort mid-request rejects with AbortError and makes no further attempts', async () => {
    const controller = new AbortController();
    fixture = await startFixture(() => controller.abort()); // never answers; aborts once the request arrived
    const c = clientFor(fixture);
    const err = await c.request({ method: 'GET', path: '/slow', signal: controller.signal }).catch((e: unknown) => e);
    assert.ok(isAbortError(err), String(err));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    assert.equal(fixture.requests.length, 1);
    assert.deepEqual(sleeps, []);
  });

  it('an already aborted signal sends nothing', async () => {
    fixture = await startFixture((_req, res) => json(res, 200, {}));
    const c = clientFor(fixture);
    const err = await c.request({ method: 'GET', path: '/x', signal: AbortSignal.abort() }).catch((e: unknown) => e);
    assert.ok(isAbortError(err));
    assert.equal(fixture.requests.length, 0);
  });

  it('a timeout fails with an error naming the timeout; idempotent calls get another attempt', async () => {
    fixture = await startFixture(() => undefined); // never answers
    const c = clientFor(fixture, { retry: { maxAttempts: 2 } });
    const err = await c
      .request({ method: 'POST', path: '/v2/{project_id}/training-jobs', body: {}, timeoutMs: 50 })
      .catch((e: unknown) => e);
    assert.ok(err instanceof PlatformError);
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /50 ms timeout \(timeoutMs\)/);
    assert.equal(fixture.requests.length, 1);
    await c.request({ method: 'GET', path: '/x', timeoutMs: 50 }).catch(() => undefined);
    assert.equal(fixture.requests.length, 3);
  });

  it('redacts the AK and SK from error messages', async () => {
    fixture = await startFixture((_req, res) =>
      json(res, 401, {
        error_code: 'APIGW.0301',
        error_msg: `Incorrect IAM authentication information: ak ${creds.ak} not exist (sk ${creds.sk})`,
      }),
    );
    const c = clientFor(fixture);
    const err = await c.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    assert.ok(err instanceof PlatformError);
    assert.ok(!err.message.includes(creds.ak) && !err.message.includes(creds.sk), err.message);
    assert.match(err.hint ?? '', /access key \(AK\) and secret key \(SK\)/);
  });

  it('a 2xx answer that is not JSON is a "response" error; an empty body is undefined', async () => {
    fixture = await startFixture((req, res) =>
      req.url === '/empty' ? res.writeHead(200).end() : res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>'),
    );
    const c = clientFor(fixture);
    const err = await c.request({ method: 'GET', path: '/html' }).catch((e: unknown) => e);
    assert.ok(err instanceof PlatformError);
    assert.equal(err.kind, 'response');
    assert.equal((await c.request({ method: 'DELETE', path: '/empty' })).body, undefined);
  });

  it('fails before sending when a {project_id} path has no project id', async () => {
    fixture = await startFixture((_req, res) => json(res, 200, {}));
    const c = clientFor(fixture, { projectId: undefined });
    await assert.rejects(c.request({ method: 'GET', path: '/v1/{project_id}/workspaces' }), /project id/);
    assert.equal(fixture.requests.length, 0);
  });
});
