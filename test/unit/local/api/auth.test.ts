import assert from 'node:assert/strict';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';

describe('local daemon: SDK-HMAC-SHA256 authentication', () => {
  let d: TestDaemon;
  before(async () => {
    d = await startTestDaemon();
  });
  after(() => d.stop());

  it('accepts a request signed with its own AK/SK', async () => {
    const res = await d.call('GET', '/v1/{p}/workspaces');
    assert.equal(res.status, 200);
    assert.ok(res.headers.get('x-request-id'));
  });

  it('answers GET /health without a signature and without secrets', async () => {
    const res = await fetch(`${d.daemon.discovery.endpoint}/health`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(!text.includes(d.daemon.discovery.sk) && !text.includes(d.daemon.discovery.ak));
  });

  it('rejects an unsigned request with 401 APIGW.0301', async () => {
    const res = await fetch(`${d.daemon.discovery.endpoint}/v1/${d.projectId}/workspaces`);
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error_code: string; error_msg: string };
    assert.equal(body.error_code, 'APIGW.0301');
  });

  it('rejects a wrong secret key, naming the signature failure', async () => {
    const res = await d.call('GET', '/v1/{p}/workspaces', undefined, { credentials: { ak: d.daemon.discovery.ak, sk: 'not-the-secret' } });
    assert.equal(res.status, 401);
    assert.match(res.json.error_msg, /verify aksk signature fail/);
  });

  it('rejects an unknown access key', async () => {
    const res = await d.call('GET', '/v1/{p}/workspaces', undefined, { credentials: { ak: 'UNKNOWNAK', sk: d.daemon.discovery.sk } });
    assert.equal(res.status, 401);
    assert.match(res.json.error_msg, /ak UNKNOWNAK not exist/);
  });

  it('rejects a date more than 15 minutes off and says to check the clock', async () => {
    const res = await d.call('GET', '/v1/{p}/workspaces', undefined, { date: new Date(Date.now() - 16 * 60 * 1000) });
    assert.equal(res.status, 401);
    assert.match(res.json.error_msg, /15 minutes/);
  });

  it('rejects a body changed after signing', async () => {
    const { endpoint, ak, sk } = d.daemon.discovery;
    const { signRequest } = await import('../../../../extension/core/api/signer');
    const url = new URL(`/v1/${d.projectId}/workspaces`, endpoint);
    const headers = signRequest(
      {
        method: 'POST',
        path: url.pathname,
        query: [],
        headers: { Host: url.host, 'Content-Type': 'application/json' },
        body: '{"name":"good-name"}',
      },
      { ak, sk },
    );
    const res = await fetch(url, { method: 'POST', headers, body: '{"name":"evil-name"}' });
    assert.equal(res.status, 401);
    const list = await d.call('GET', '/v1/{p}/workspaces');
    assert.ok(!list.json.workspaces.some((w: { name: string }) => w.name === 'evil-name'), 'nothing was written');
  });

  it('rejects a replayed state-changing request', async () => {
    const { endpoint, ak, sk } = d.daemon.discovery;
    const { signRequest } = await import('../../../../extension/core/api/signer');
    const url = new URL(`/v1/${d.projectId}/workspaces`, endpoint);
    const body = '{"name":"replay-me"}';
    const headers = signRequest(
      { method: 'POST', path: url.pathname, query: [], headers: { Host: url.host, 'Content-Type': 'application/json' }, body },
      { ak, sk },
    );
    assert.equal((await fetch(url, { method: 'POST', headers, body })).status, 200);
    const again = await fetch(url, { method: 'POST', headers, body });
    assert.equal(again.status, 401);
    assert.match(((await again.json()) as { error_msg: string }).error_msg, /replay/);
  });

  it('signs query strings with reserved and non-ASCII characters the same on both ends', async () => {
    const res = await d.call('GET', `/v1/{p}/workspaces?name=${encodeURIComponent('a b/c+d=é')}&offset=0&limit=5`);
    assert.equal(res.status, 200);
  });

  it('refuses another project id with 403 ModelArts.0210', async () => {
    const res = await d.call('GET', '/v1/0123456789abcdef0123456789abcdef/workspaces');
    assert.equal(res.status, 403);
    assert.equal(res.json.error_code, 'ModelArts.0210');
  });
});
