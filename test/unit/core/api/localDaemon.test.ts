import assert from 'node:assert/strict';
import { createPlatformClient, localPlatformConfig, type PlatformClient } from '../../../../extension/core/api/client';
import { PlatformError } from '../../../../extension/core/api/errors';
import { collectItems, workspacePaging } from '../../../../extension/core/api/paging';
import { type TestDaemon, startTestDaemon } from '../../../helpers/localDaemon';

interface Workspace {
  id: string;
  name: string;
  description: string;
}

/** The transport against the real local daemon, which verifies signatures and refuses replays as the gateway does. */
describe('core/api/http against the local daemon (live)', () => {
  let td: TestDaemon;
  let platform: PlatformClient;

  before(async () => {
    td = await startTestDaemon();
    platform = createPlatformClient({ ...localPlatformConfig(td.daemon.discovery), proxy: {} });
  });

  after(async () => {
    platform?.close();
    await td?.stop();
  });

  it('uses the daemon endpoint and project id without any IAM call', async () => {
    assert.equal(platform.endpoints.modelarts, td.daemon.discovery.endpoint);
    assert.equal(await platform.projectId(), td.projectId);
  });

  it('creates, reads, updates, lists and deletes a workspace', async () => {
    const http = platform.modelarts;
    const created = await http.request<Workspace>({
      method: 'POST',
      path: '/v1/{project_id}/workspaces',
      body: { name: 'transport-ws', description: 'from the client' },
    });
    assert.equal(created.status, 200);
    assert.equal(created.body.name, 'transport-ws');
    assert.ok(created.requestId);
    const id = encodeURIComponent(created.body.id);

    const got = await http.request<Workspace>({ method: 'GET', path: `/v1/{project_id}/workspaces/${id}` });
    assert.equal(got.body.description, 'from the client');

    const updated = await http.request<{ workspace_id: string }>({
      method: 'PUT',
      path: `/v1/{project_id}/workspaces/${id}`,
      body: { description: 'changed' },
    });
    assert.equal(updated.body.workspace_id, created.body.id);

    const all = await collectItems(
      (page, signal) =>
        http
          .request<{ total_count: number; workspaces: Workspace[] }>({
            method: 'GET',
            path: '/v1/{project_id}/workspaces',
            query: { offset: page.offset, limit: page.limit },
            ...(signal ? { signal } : {}),
          })
          .then((r) => r.body),
      workspacePaging<Workspace>(),
      { limit: 1 },
    );
    assert.deepEqual(all.map((w) => w.name).sort(), ['default', 'transport-ws']);

    const deleted = await http.request<{ workspace_id: string }>({ method: 'DELETE', path: `/v1/{project_id}/workspaces/${id}` });
    assert.equal(deleted.body.workspace_id, created.body.id);
    const err = await http.request({ method: 'GET', path: `/v1/{project_id}/workspaces/${id}` }).catch((e: unknown) => e);
    assert.ok(err instanceof PlatformError, String(err));
    assert.match(err.hint ?? '', /no longer exists/);
  });

  it('two identical POSTs in a row both succeed (a fresh signed request id each time)', async () => {
    const http = platform.modelarts;
    // Same body, same second: only the signed X-Client-Request-Id keeps the daemon's replay check from refusing the second.
    const search = { offset: 0, limit: 10 };
    const first = await http.request<{ total: number }>({ method: 'POST', path: '/v2/{project_id}/training-job-searches', body: search });
    const second = await http.request<{ total: number }>({ method: 'POST', path: '/v2/{project_id}/training-job-searches', body: search });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    // The control: the same signed bytes twice (fixed id and date) is refused as a replay.
    const fixed = { headers: { 'X-Client-Request-Id': 'fixed-id' }, date: new Date() };
    assert.equal((await td.call('POST', '/v2/{p}/training-job-searches', search, fixed)).status, 200);
    assert.equal((await td.call('POST', '/v2/{p}/training-job-searches', search, fixed)).status, 401);
    const ws = await http.request<Workspace>({ method: 'POST', path: '/v1/{project_id}/workspaces', body: { name: 'twin-ws-1' } });
    for (let i = 0; i < 2; i++)
      await http.request({ method: 'PUT', path: `/v1/{project_id}/workspaces/${ws.body.id}`, body: { description: 'same' } });
    await http.request({ method: 'DELETE', path: `/v1/{project_id}/workspaces/${ws.body.id}` });
  });

  it('a wrong SK gives APIGW.0301 with the AK/SK hint, and no secret in the message', async () => {
    const wrongSk = 'definitely-not-the-secret-key';
    const bad = createPlatformClient({ ...localPlatformConfig({ ...td.daemon.discovery, sk: wrongSk }), proxy: {} });
    try {
      const err = await bad.modelarts.request({ method: 'GET', path: '/v1/{project_id}/workspaces' }).catch((e: unknown) => e);
      assert.ok(err instanceof PlatformError, String(err));
      assert.equal(err.status, 401);
      assert.equal(err.errorCode, 'APIGW.0301');
      assert.match(err.hint ?? '', /secret key \(SK\)/);
      assert.ok(!err.message.includes(wrongSk) && !err.message.includes(td.daemon.discovery.ak), err.message);
    } finally {
      bad.close();
    }
  });
});
