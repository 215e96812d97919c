import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LocalDiscovery } from '../../extension/core/api/client';
import { StorageClient } from '../../extension/core/storage/client';
import { s3CompatibleConfig } from '../../extension/core/storage/config';
import type { ToolkitExports } from '../../extension/host/exports';
import { type CountingProxy, startCountingProxy } from '../helpers/countingProxy';
import { localDiscovery } from './localApi';
import { until } from './wait';

/** Only the test proxy "resolves" it (to 127.0.0.1); the extension host cannot reach it without the proxy. */
const cloudHost = 'modelarts.proxy-test.invalid';

function exports(): ToolkitExports {
  const ext = vscode.extensions.getExtension('modelarts.modelarts-toolkit');
  assert.ok(ext?.isActive, 'the extension is not active');
  return ext.exports as ToolkitExports;
}

/**
 * VS Code's `http.proxy` in the real extension host: a cloud profile whose storage endpoint only
 * the proxy can reach lists its buckets once the setting names the proxy, without a reload, and
 * the counting proxy saw the calls.
 */
describe('http.proxy routes cloud storage through the proxy, in the real extension host', () => {
  const http = () => vscode.workspace.getConfiguration('http');
  let discovery: LocalDiscovery;
  let proxy: CountingProxy;
  const bucket = 'it-proxy-bucket';

  before(async function () {
    this.timeout(90_000);
    discovery = await localDiscovery();
    proxy = await startCountingProxy();
    const direct = new StorageClient(
      s3CompatibleConfig(discovery.s3_endpoint, 'local', { accessKeyId: discovery.ak, secretAccessKey: discovery.sk }),
    );
    try {
      if (!(await direct.listBuckets()).some((b) => b.name === bucket)) await direct.createBucket(bucket);
    } finally {
      direct.dispose();
    }
  });

  after(async () => {
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await http().update('proxySupport', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('modelarts.profiles.switch', '');
    await vscode.workspace.getConfiguration('modelarts').update('profiles', [], vscode.ConfigurationTarget.Global);
    await proxy?.close();
  });

  it('a storage call goes through the counting proxy once http.proxy is set, and stops when it is cleared', async function () {
    this.timeout(120_000);
    // With VS Code's default http.proxySupport "override", VS Code's own agent replaces every
    // agent of an extension's requests (and reads http.proxy itself); "off" leaves the requests to
    // the extension's agents, which are what this test is about.
    await http().update('proxySupport', 'off', vscode.ConfigurationTarget.Global);
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    const s3Port = new URL(discovery.s3_endpoint).port;
    const added = await vscode.commands.executeCommand('modelarts.profiles.add', {
      name: 'it-proxy',
      region: 'cn-north-4',
      ak: discovery.ak,
      sk: discovery.sk,
      projectId: discovery.project_id,
      // The API stays on loopback (never proxied); storage is the cloud host only the proxy reaches.
      modelartsEndpoint: discovery.endpoint,
      iamEndpoint: discovery.endpoint,
      obsEndpoint: `http://${cloudHost}:${s3Port}`,
    });
    assert.equal(added, 'it-proxy');
    assert.equal(await vscode.commands.executeCommand('modelarts.profiles.switch', 'it-proxy'), 'it-proxy');
    const labels = async () => (await exports().views.rows('modelarts.storage')).map((r) => r.label);
    // While the storage host cannot be reached, loading the view fails (with the reason shown in it).
    const labelsOrNone = () => labels().catch(() => [] as string[]);

    // No proxy: the name does not resolve, so no bucket shows and the proxy saw nothing.
    await assert.rejects(labels(), /could not be resolved/);
    assert.equal(proxy.forwards.length + proxy.connects.length, 0);

    await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
    await until(
      'the storage view to list the bucket through the proxy',
      async () => (await labelsOrNone()).includes(bucket) || undefined,
      30_000,
    );
    assert.ok(
      proxy.forwards.some((uri) => uri.startsWith(`http://${cloudHost}:${s3Port}/`)),
      `the proxy carried: ${proxy.forwards.join(', ')}`,
    );
    assert.deepEqual(proxy.connects, []);

    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    const carried = proxy.forwards.length;
    await until(
      'the storage view to lose the bucket without the proxy',
      async () => !(await labelsOrNone()).includes(bucket) || undefined,
      30_000,
    );
    assert.equal(proxy.forwards.length, carried, 'a call went through the proxy after http.proxy was cleared');
  });
});
