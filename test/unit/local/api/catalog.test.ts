import assert from 'node:assert/strict';
import { generateKeyPair } from '../../../../extension/core/ssh/keys';
import { startTestDaemon, type TestDaemon } from '../../../helpers/localDaemon';

describe('local daemon: images, key pairs and flavors', () => {
  let d: TestDaemon;
  before(async () => {
    d = await startTestDaemon();
  });
  after(() => d.stop());

  it('lists the preset catalog with engine, chip, architecture and SSH support', async () => {
    const res = await d.call('GET', '/v1/{p}/images?limit=100');
    assert.equal(res.status, 200);
    const images = res.json.data as {
      name: string;
      engine: string;
      type: string;
      arch: string;
      resource_categories: string[];
      dev_services: string[];
    }[];
    assert.equal(res.json.total, images.length);
    for (const engine of ['PyTorch', 'TensorFlow', 'MindSpore', 'Conda'])
      assert.ok(
        images.some((i) => i.engine === engine),
        engine,
      );
    assert.ok(images.every((i) => i.type === 'BUILD_IN'));
    assert.ok(images.some((i) => i.resource_categories.includes('ASCEND') && i.arch === 'AARCH64'));
    assert.ok(
      images.some((i) => !i.dev_services.includes('SSH')),
      'some presets have no SSH, as on the platform',
    );
  });

  it('filters by engine and chip, and pages in the {current,data,pages,size,total} shape', async () => {
    const gpu = await d.call('GET', '/v1/{p}/images?engine=pytorch&resource_category=GPU');
    assert.ok(gpu.json.data.length > 0);
    assert.ok(
      gpu.json.data.every(
        (i: { engine: string; resource_categories: string[] }) => i.engine === 'PyTorch' && i.resource_categories.includes('GPU'),
      ),
    );
    const page = await d.call('GET', '/v1/{p}/images?offset=4&limit=4');
    assert.equal(page.json.current, 1);
    assert.equal(page.json.size, 4);
    assert.equal(page.json.pages, Math.ceil(page.json.total / 4));
  });

  it('registers, gets and deletes a custom image; presets cannot be deleted', async () => {
    const reg = await d.call('POST', '/v1/{p}/images', {
      swr_path: 'swr.local/my-team/trainer:v1.2',
      resource_category: ['CPU'],
      description: 'ours',
    });
    assert.equal(reg.status, 200);
    assert.equal(reg.json.type, 'DEDICATED');
    assert.equal(reg.json.namespace, 'my-team');
    assert.equal(reg.json.name, 'trainer');
    assert.equal(reg.json.tag, 'v1.2');
    assert.equal((await d.call('GET', `/v1/{p}/images/${reg.json.id}`)).json.swr_path, 'swr.local/my-team/trainer:v1.2');
    const dup = await d.call('POST', '/v1/{p}/images', { swr_path: 'swr.local/my-team/trainer:v1.2' });
    assert.equal(dup.json.error_code, 'ModelArts.6737');
    assert.equal((await d.call('DELETE', `/v1/{p}/images/${reg.json.id}`)).status, 200);
    assert.equal((await d.call('GET', `/v1/{p}/images/${reg.json.id}`)).json.error_code, 'ModelArts.6797');
    const preset = (await d.call('GET', '/v1/{p}/images?limit=1')).json.data[0].id;
    assert.equal((await d.call('DELETE', `/v1/{p}/images/${preset}`)).status, 400);
  });

  it('rejects bad image registrations', async () => {
    for (const body of [
      {},
      { swr_path: 'short' },
      { swr_path: 'swr.local/ns/name-without-tag' },
      { swr_path: 'swr.local/ns/x:v1', arch: 'MIPS' },
      { swr_path: 'swr.local/ns/x:v1', resource_category: ['TPU'] },
      { swr_path: 'swr.local/ns/x:v1', workspace_id: 'nope' },
    ]) {
      const res = await d.call('POST', '/v1/{p}/images', body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
  });

  it('records what a registered image is for: service_type, and no dev services for a training-only image', async () => {
    const both = await d.call('POST', '/v1/{p}/images', { swr_path: 'swr.local/team/both:v1', service_type: 'common' });
    assert.equal(both.json.service_type, 'COMMON');
    assert.deepEqual(both.json.dev_services, ['NOTEBOOK', 'SSH'], 'services default to NOTEBOOK and SSH');
    const training = await d.call('POST', '/v1/{p}/images', {
      swr_path: 'swr.local/team/train-only:v1',
      service_type: 'TRAIN',
      services: [],
    });
    assert.equal(training.status, 200);
    assert.equal(training.json.service_type, 'TRAIN');
    assert.deepEqual(training.json.dev_services, []);
    const unsaid = await d.call('POST', '/v1/{p}/images', { swr_path: 'swr.local/team/unsaid:v1' });
    assert.equal(unsaid.json.service_type, 'UNKNOWN', 'as the cloud answers a registration that names none');
    const bad = await d.call('POST', '/v1/{p}/images', { swr_path: 'swr.local/team/bad:v1', service_type: 'GAMES' });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error_msg, /service_type/);
    for (const image of [both, training, unsaid]) await d.call('DELETE', `/v1/{p}/images/${image.json.id}`);
  });

  it('registers, lists, gets and deletes key pairs by name', async () => {
    const pair = generateKeyPair('dev@laptop');
    const created = await d.call('POST', '/v3/{p}/keypairs', { keypair: { name: 'laptop', public_key: pair.publicKey } });
    assert.equal(created.status, 200);
    assert.equal(created.json.keypair.fingerprint, pair.fingerprint);
    assert.equal((await d.call('GET', '/v3/{p}/keypairs')).json.keypairs.length, 1);
    assert.equal((await d.call('GET', '/v3/{p}/keypairs/laptop')).json.keypair.public_key, pair.publicKey);
    assert.equal((await d.call('POST', '/v3/{p}/keypairs', { keypair: { name: 'laptop', public_key: pair.publicKey } })).status, 409);
    assert.equal((await d.call('POST', '/v3/{p}/keypairs', { keypair: { name: 'bad/name', public_key: pair.publicKey } })).status, 400);
    assert.equal(
      (await d.call('POST', '/v3/{p}/keypairs', { keypair: { name: 'junk', public_key: 'ssh-ed25519 AAAAnotakey' } })).status,
      400,
    );
    assert.equal((await d.call('DELETE', '/v3/{p}/keypairs/laptop')).status, 204);
    assert.equal((await d.call('GET', '/v3/{p}/keypairs/laptop')).status, 404);
    assert.equal((await d.call('DELETE', '/v3/{p}/keypairs/..')).status, 404);
  });

  it('lists notebook flavors with both data and flavors arrays', async () => {
    const res = await d.call('GET', '/v1/{p}/notebooks/flavors');
    assert.equal(res.status, 200);
    assert.ok(res.json.data.length > 0);
    assert.deepEqual(res.json.flavors, res.json.data);
    assert.equal(res.json.data[0].category, 'CPU');
  });

  it('keeps what it acknowledged across a restart on the same data dir', async () => {
    const ws = await d.call('POST', '/v1/{p}/workspaces', { name: 'survives-restart' });
    const { ak } = d.daemon.discovery;
    await d.restart();
    assert.equal(d.daemon.discovery.project_id, d.projectId, 'the project id is fixed per data dir');
    assert.equal(d.daemon.discovery.ak, ak, 'so are the credentials');
    assert.equal((await d.call('GET', `/v1/{p}/workspaces/${ws.json.id}`)).json.name, 'survives-restart');
  });
});

describe('local daemon: its storage endpoint', () => {
  it('serves S3 with the same AK/SK, published in the discovery object', async () => {
    const { S3Client, CreateBucketCommand, PutObjectCommand, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    const d = await startTestDaemon();
    try {
      const { s3_endpoint: endpoint, ak, sk } = d.daemon.discovery;
      assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      const s3 = new S3Client({ endpoint, region: 'local', forcePathStyle: true, credentials: { accessKeyId: ak, secretAccessKey: sk } });
      await s3.send(new CreateBucketCommand({ Bucket: 'datasets' }));
      await s3.send(new PutObjectCommand({ Bucket: 'datasets', Key: 'cats/1.jpg', Body: 'meow' }));
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'datasets', Prefix: 'cats/' }));
      assert.deepEqual(
        listed.Contents?.map((o) => o.Key),
        ['cats/1.jpg'],
      );
      s3.destroy();
    } finally {
      await d.stop();
    }
  });
});
