import assert from 'node:assert/strict';
import { StorageClient } from '../../../../extension/core/storage/client';
import { s3CompatibleConfig } from '../../../../extension/core/storage/config';
import { parseObsUrl } from '../../../../extension/core/storage/urls';
import { locateStorageNode, storageNodeUrl, storageParent } from '../../../../extension/host/views/storage/locate';
import { type Live, startLive } from '../../core/api/resources/liveHarness';

/** The Storage view's way to a path (what a job's input and output links reveal), against a real local daemon's storage. */
describe('host/views/storage: locating a path in the Storage view', function () {
  this.timeout(60_000);
  let live: Live;

  before(async () => {
    live = await startLive();
    await live.put('team', { 'code/train.sh': 'echo hi\n', 'data/a.txt': 'a\n' });
    await live.put('results', {});
  });

  after(() => live?.close());

  it('finds a storage path in the Storage view’s tree: the object or folder, else the nearest folder that exists', async () => {
    const d = live.td.daemon.discovery;
    const storage = new StorageClient(s3CompatibleConfig(d.s3_endpoint, 'local', { accessKeyId: d.ak, secretAccessKey: d.sk }));
    try {
      const at = (url: string) => locateStorageNode(storage, parseObsUrl(url));
      assert.deepEqual(await at('obs://team/data/'), { node: { kind: 'folder', bucket: 'team', prefix: 'data/' }, exact: true });
      assert.deepEqual(await at('/team/data'), { node: { kind: 'folder', bucket: 'team', prefix: 'data/' }, exact: true });
      const object = await at('obs://team/code/train.sh');
      assert.equal(object?.node.kind, 'object');
      assert.equal(object?.exact, true);
      // An output the job has not written yet: the bucket, the nearest that exists.
      assert.deepEqual(await at('obs://results/run-9/model/'), { node: { kind: 'bucket', bucket: 'results' }, exact: false });
      assert.deepEqual(await at('obs://team/data/none/'), { node: { kind: 'folder', bucket: 'team', prefix: 'data/' }, exact: false });
      assert.equal(await at('obs://no-such-bucket/x/'), undefined);
    } finally {
      storage.dispose();
    }
    assert.deepEqual(storageParent({ kind: 'folder', bucket: 'b', prefix: 'a/c/' }), { kind: 'folder', bucket: 'b', prefix: 'a/' });
    assert.deepEqual(storageParent({ kind: 'folder', bucket: 'b', prefix: 'a/' }), { kind: 'bucket', bucket: 'b' });
    assert.deepEqual(storageParent({ kind: 'object', bucket: 'b', key: 'a/x.txt', size: 1 }), {
      kind: 'folder',
      bucket: 'b',
      prefix: 'a/',
    });
    assert.equal(storageParent({ kind: 'bucket', bucket: 'b' }), undefined);
    assert.equal(storageNodeUrl({ kind: 'folder', bucket: 'b', prefix: 'a/' }), 'obs://b/a/');
  });
});
