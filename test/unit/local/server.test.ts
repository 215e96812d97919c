import assert from 'node:assert/strict';
import { isModelArtsErrorBody } from '../../../extension/core/platform/errors';
import { startDaemonServer, type DaemonServer } from '../../../extension/local/server';

describe('local/server', () => {
  let server: DaemonServer;
  before(async () => {
    server = await startDaemonServer(0);
  });
  after(() => server.close());

  it('listens on 127.0.0.1 only', () => {
    assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers GET /health with its API version', async () => {
    const res = await fetch(`${server.endpoint}/health`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; api_version: number };
    assert.equal(body.status, 'ok');
    assert.equal(body.api_version, 1);
  });

  it('answers an unknown route with the ModelArts error body, not HTML', async () => {
    const res = await fetch(`${server.endpoint}/v1/abc/nothing-here?x=1`, { method: 'POST', body: '{' });
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const body: unknown = await res.json();
    assert.ok(isModelArtsErrorBody(body));
    assert.equal(body.error_code, 'ModelArts.0404');
    assert.match(body.error_msg, /POST \/v1\/abc\/nothing-here\.$/);
  });
});
