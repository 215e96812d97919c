import assert from 'node:assert/strict';
import { mkdtempSync, promises as fsp, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProxySettings } from '../../../../extension/core/api/proxy';
import { StorageClient } from '../../../../extension/core/storage/client';
import { s3CompatibleConfig } from '../../../../extension/core/storage/config';
import { startS3Server, type S3Server } from '../../../../extension/local/s3/server';
import { type CountingProxy, selfSignedCert, startCountingProxy } from '../../../helpers/countingProxy';
import { creds, randomFile, sha256 } from './helpers';

/** Only the test proxy "resolves" this name (to 127.0.0.1); anything that skips the proxy fails to resolve it. */
const cloudHost = 'modelarts.proxy-test.invalid';

/**
 * Storage traffic through a real proxy on loopback: the S3 client makes the API transport's proxy
 * decision (environment or given settings, NO_PROXY, loopback direct), with CONNECT tunnels for
 * https endpoints and absolute-URI forwards for http ones.
 */
describe('storage through a proxy', function () {
  this.timeout(30_000);
  let server: S3Server;
  let rootDir: string;
  let work: string;
  let proxy: CountingProxy | undefined;
  const clients: StorageClient[] = [];

  before(async () => {
    rootDir = mkdtempSync(path.join(os.tmpdir(), 'ma-storage-proxy-'));
    work = mkdtempSync(path.join(os.tmpdir(), 'ma-storage-proxy-work-'));
    server = await startS3Server({ rootDir, credentials: creds });
    const direct = new StorageClient(s3CompatibleConfig(server.endpoint, 'local', creds));
    await direct.createBucket('proxied');
    direct.dispose();
  });
  after(async () => {
    await server.close();
    rmSync(rootDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.dispose();
    await proxy?.close();
    proxy = undefined;
  });

  const port = () => new URL(server.endpoint).port;
  function storageAt(endpoint: string, proxySettings?: ProxySettings): StorageClient {
    const client = new StorageClient({
      ...s3CompatibleConfig(endpoint, 'local', creds),
      maxAttempts: 1,
      ...(proxySettings ? { proxy: proxySettings } : {}),
    });
    clients.push(client);
    return client;
  }

  it('http endpoint: every call is an absolute-URI forward through the proxy, uploads and downloads intact', async () => {
    proxy = await startCountingProxy();
    const storage = storageAt(`http://${cloudHost}:${port()}`, { httpProxy: proxy.url });
    const data = await randomFile(path.join(work, 'up.bin'), 300_000);
    await storage.uploadFile(path.join(work, 'up.bin'), { bucket: 'proxied', key: 'a/up.bin' });
    await storage.downloadFile({ bucket: 'proxied', key: 'a/up.bin' }, path.join(work, 'down.bin'));
    assert.equal(sha256(await fsp.readFile(path.join(work, 'down.bin'))), sha256(data));
    assert.ok((await storage.listBuckets()).some((b) => b.name === 'proxied'));
    assert.deepEqual(proxy.connects, []);
    assert.ok(proxy.forwards.length >= 3, `forwards: ${proxy.forwards.join(', ')}`);
    for (const uri of proxy.forwards) assert.ok(uri.startsWith(`http://${cloudHost}:${port()}/`), uri);
    assert.ok(proxy.forwards.some((uri) => uri.includes('/proxied/a/up.bin')));
  });

  it('https endpoint: a CONNECT tunnel with TLS to the target; an untrusted certificate is refused unless strictSSL is false', async function () {
    const cert = selfSignedCert(cloudHost);
    if (!cert) this.skip(); // no openssl on this machine
    proxy = await startCountingProxy({ intercept: cert });
    const strict = storageAt(`https://${cloudHost}:${port()}`, { httpsProxy: proxy.url });
    await assert.rejects(strict.listBuckets(), /certificate/i);
    assert.equal(proxy.connects.length, 1, 'the refused call went through the proxy too');
    assert.equal(proxy.intercepted(), 0);

    const relaxed = storageAt(`https://${cloudHost}:${port()}`, { httpsProxy: proxy.url, strictSSL: false });
    for (let i = 0; i < 2; i++) assert.ok((await relaxed.listBuckets()).some((b) => b.name === 'proxied'));
    // Two calls, one more tunnel: the TLS connection inside it is kept alive and reused.
    assert.deepEqual(proxy.connects, [`${cloudHost}:${port()}`, `${cloudHost}:${port()}`]);
    assert.equal(proxy.intercepted(), 1);
    assert.deepEqual(proxy.forwards, []);
  });

  it('loopback endpoints and NO_PROXY hosts are reached directly', async () => {
    proxy = await startCountingProxy();
    const settings: ProxySettings = { httpProxy: proxy.url, httpsProxy: proxy.url, noProxy: `.proxy-test.invalid` };
    assert.ok((await storageAt(server.endpoint, settings).listBuckets()).some((b) => b.name === 'proxied'));
    assert.ok((await storageAt(`http://localhost:${port()}`, settings).listBuckets()).some((b) => b.name === 'proxied'));
    // Exempted by NO_PROXY, the name is looked up directly, where it does not exist.
    await assert.rejects(storageAt(`http://${cloudHost}:${port()}`, settings).listBuckets(), /could not be resolved/);
    assert.deepEqual(proxy.connects, []);
    assert.deepEqual(proxy.forwards, []);
  });

  it('without settings it reads HTTP_PROXY/HTTPS_PROXY from the environment, as the CLI does', async () => {
    proxy = await startCountingProxy();
    const saved = { ...process.env };
    try {
      for (const name of ['http_proxy', 'https_proxy', 'no_proxy', 'NO_PROXY']) delete process.env[name];
      process.env.HTTP_PROXY = proxy.url;
      assert.ok((await storageAt(`http://${cloudHost}:${port()}`).listBuckets()).some((b) => b.name === 'proxied'));
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    assert.equal(proxy.forwards.length, 1);
    assert.equal(proxy.forwards[0], `http://${cloudHost}:${port()}/?x-id=ListBuckets`);
  });
});
