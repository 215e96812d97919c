import assert from 'node:assert/strict';
import { createPlatformClient } from '../../../../extension/core/api/client';
import { effectiveProxySettings } from '../../../../extension/core/api/editorProxy';
import { ModelArtsApi } from '../../../../extension/core/api/resources/modelArtsApi';
import { cloudConnectionConfig } from '../../../../extension/core/config/cloudConnection';
import { StorageClient } from '../../../../extension/core/storage/client';
import { type CountingProxy, selfSignedCert, startCountingProxy } from '../../../helpers/countingProxy';
import { type TestDaemon, startTestDaemon } from '../../../helpers/localDaemon';

/** Only the test proxy "resolves" it (to 127.0.0.1, keeping the port). */
const cloudHost = 'modelarts.proxy-test.invalid';

/**
 * A cloud profile's API and storage clients, built as the extension builds them (editor proxy
 * settings through cloudConnectionConfig), against the real local daemon behind a real proxy.
 */
describe('cloud connection through a proxy (API and storage)', function () {
  this.timeout(60_000);
  let daemon: TestDaemon;
  let proxy: CountingProxy | undefined;
  before(async () => {
    daemon = await startTestDaemon();
  });
  after(async () => {
    await daemon.stop();
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  function profileAt(scheme: 'http' | 'https') {
    const { endpoint, s3_endpoint } = daemon.daemon.discovery;
    const at = (url: string) => `${scheme}://${cloudHost}:${new URL(url).port}`;
    return {
      fields: {
        region: 'cn-north-4',
        projectId: daemon.projectId,
        modelartsEndpoint: at(endpoint),
        iamEndpoint: at(endpoint),
        obsEndpoint: at(s3_endpoint),
      },
      keys: { ak: daemon.daemon.discovery.ak, sk: daemon.daemon.discovery.sk },
    };
  }

  async function useConnection(scheme: 'http' | 'https', editor: Parameters<typeof effectiveProxySettings>[0]) {
    const { fields, keys } = profileAt(scheme);
    const { platform, storage } = cloudConnectionConfig(fields, keys, effectiveProxySettings(editor, {}));
    const client = createPlatformClient({ ...platform, retry: { maxAttempts: 1 } });
    const objects = new StorageClient({ ...storage, maxAttempts: 1 });
    try {
      const workspaces: string[] = [];
      for await (const w of new ModelArtsApi(client).workspaces.list({ pageSize: 5 })) workspaces.push(w.id);
      const buckets = await objects.listBuckets();
      return { workspaces, buckets };
    } finally {
      client.close();
      objects.dispose();
    }
  }

  it('http.proxy carries both over http: absolute-URI forwards to the API and to storage', async () => {
    proxy = await startCountingProxy();
    const { workspaces, buckets } = await useConnection('http', { proxy: proxy.url });
    assert.ok(workspaces.includes('0'), `workspaces: ${workspaces.join(', ')}`);
    assert.ok(Array.isArray(buckets));
    const { endpoint, s3_endpoint } = daemon.daemon.discovery;
    assert.ok(
      proxy.forwards.some((u) => u.startsWith(`http://${cloudHost}:${new URL(endpoint).port}/v1/`)),
      proxy.forwards.join(', '),
    );
    assert.ok(
      proxy.forwards.some((u) => u.startsWith(`http://${cloudHost}:${new URL(s3_endpoint).port}/`)),
      proxy.forwards.join(', '),
    );
    assert.deepEqual(proxy.connects, []);
  });

  it('a TLS-intercepting proxy: refused with strict SSL, carried with http.proxyStrictSSL false (one CONNECT per endpoint)', async function () {
    const cert = selfSignedCert(cloudHost);
    if (!cert) this.skip(); // no openssl on this machine
    proxy = await startCountingProxy({ intercept: cert });
    await assert.rejects(useConnection('https', { proxy: proxy.url }), /certificate/i);
    const refused = proxy.connects.length;
    assert.ok(refused >= 1);
    assert.equal(proxy.intercepted(), 0);

    const { workspaces } = await useConnection('https', { proxy: proxy.url, strictSSL: false });
    assert.ok(workspaces.includes('0'));
    const { endpoint, s3_endpoint } = daemon.daemon.discovery;
    assert.deepEqual(
      proxy.connects.slice(refused).sort(),
      [`${cloudHost}:${new URL(endpoint).port}`, `${cloudHost}:${new URL(s3_endpoint).port}`].sort(),
    );
    assert.equal(proxy.intercepted(), 2);
  });

  it('http.noProxy exempts the profile hosts: nothing reaches the proxy', async () => {
    proxy = await startCountingProxy();
    await assert.rejects(useConnection('http', { proxy: proxy.url, noProxy: ['proxy-test.invalid'] }));
    assert.deepEqual(proxy.forwards, []);
    assert.deepEqual(proxy.connects, []);
  });
});
