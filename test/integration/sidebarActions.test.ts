import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { localApi, localDiscovery } from './localApi';
import { until } from './wait';

/**
 * Images, Datasets and Training Jobs actions run through their commands in the real extension
 * host against local mode, with the arguments a script passes instead of the quick inputs. The
 * command wrapper reports errors rather than throwing, so every test checks the daemon's state
 * (or a value only a successful run returns), never just that the command came back.
 */
describe('sidebar actions against local mode, in the real extension host', () => {
  const discovery = localDiscovery;
  const api = localApi;

  before(async function () {
    this.timeout(90_000);
    // Also activates the extension and starts local mode when this file runs on its own.
    await until(
      'local mode to run',
      async () => (await vscode.commands.executeCommand<{ state: string }>('modelarts.local.showStatus')).state === 'running' || undefined,
      60_000,
    );
  });

  it('Register Image records a custom image for the chips and services given; Delete Image removes it but never a preset', async function () {
    this.timeout(60_000);
    const a = await api();
    const registration = {
      name: 'sb-trainer',
      location: 'swr.local/sidebar',
      tag: 'v1',
      chips: ['GPU', 'ASCEND'],
      services: ['training'],
      description: 'from the sidebar test',
    };
    // The first command right after local mode starts may find the view's connection still being made.
    const returned = await until(
      'Register Image to return the image',
      async () => await vscode.commands.executeCommand<{ id: string } | undefined>('modelarts.images.register', registration),
    );
    const image = await a.images.get(returned.id);
    assert.equal(image.swr_path, 'swr.local/sidebar/sb-trainer:v1');
    assert.deepEqual(image.resource_categories, ['GPU', 'ASCEND']);
    assert.equal(image.service_type, 'TRAIN');
    assert.deepEqual(image.dev_services, [], 'a training-only image offers no notebook services');
    assert.equal(image.arch, 'AARCH64');

    const preset = (await a.images.listAll({ type: 'BUILD_IN' }))[0];
    assert.ok(preset);
    await vscode.commands.executeCommand(
      'modelarts.images.delete',
      { kind: 'image', image: preset },
      [
        { kind: 'image', image: preset },
        { kind: 'image', image },
      ],
      { confirmed: true },
    );
    assert.equal((await a.images.get(preset.id)).id, preset.id, 'a preset image survives a delete that includes it');
    assert.ok(
      (await a.images.listAll({ type: 'DEDICATED' })).some((i) => i.id === image.id),
      'nothing is deleted when the selection holds a preset',
    );

    await vscode.commands.executeCommand('modelarts.images.delete', { kind: 'image', image }, undefined, { confirmed: true });
    assert.ok(!(await a.images.listAll({ type: 'DEDICATED' })).some((i) => i.id === image.id), 'the custom image is gone');
  });

  it('Filter Images and Filter Training Jobs keep the filter they are given, and Clear Filter drops it', async () => {
    const images = await vscode.commands.executeCommand('modelarts.images.filter', { chips: ['gpu', 'TPU'], services: ['training'] });
    assert.deepEqual(images, { chips: ['GPU'], services: ['training'] });
    assert.deepEqual(await vscode.commands.executeCommand('modelarts.images.filter', { chips: ['GPU'] }), { chips: ['GPU'], services: [] });
    await vscode.commands.executeCommand('modelarts.images.clearFilter');
    assert.equal(
      await vscode.commands.executeCommand('modelarts.images.filter', { chips: [] }),
      undefined,
      'selecting nothing is no filter',
    );
    const jobs = await vscode.commands.executeCommand('modelarts.trainingJobs.filter', { name: ' resnet ', groups: ['failed', 'Running'] });
    assert.deepEqual(jobs, { name: 'resnet', groups: ['Running', 'Failed'] });
    await vscode.commands.executeCommand('modelarts.trainingJobs.clearFilter');
  });

  it('New Dataset creates a dataset over a storage folder, its samples indexed; Delete Dataset deletes it and keeps the files', async function () {
    this.timeout(60_000);
    const { S3Client, CreateBucketCommand, PutObjectCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3');
    const d = await discovery();
    const s3 = new S3Client({
      endpoint: d.s3_endpoint,
      region: 'local',
      forcePathStyle: true,
      credentials: { accessKeyId: d.ak, secretAccessKey: d.sk },
    });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'sb-data' }));
      await s3.send(new PutObjectCommand({ Bucket: 'sb-data', Key: 'reviews/lines.txt', Body: 'great product\nbroke in a day\n' }));
      const a = await api();
      const draft = {
        name: 'sb-reviews',
        type: 100,
        input: 'obs://sb-data/reviews/',
        output: 'obs://sb-data/sb-reviews-output/',
        description: 'sidebar test',
        labels: ['positive', 'negative'],
      };
      const returned = await vscode.commands.executeCommand<{ dataset_id: string } | undefined>('modelarts.datasets.create', draft);
      assert.ok(returned, 'New Dataset returned no dataset: see the error it showed');
      const dataset = await a.datasets.get(returned.dataset_id);
      assert.equal(dataset.dataset_name, 'sb-reviews');
      assert.equal(dataset.dataset_type, 100);
      assert.equal(dataset.data_sources?.[0]?.data_path, '/sb-data/reviews/');
      assert.equal(dataset.work_path, '/sb-data/sb-reviews-output/');
      assert.ok((dataset.total_sample_count ?? 0) > 0, 'the lines were indexed as samples');
      assert.deepEqual(
        dataset.labels?.map((l) => l.name),
        ['positive', 'negative'],
        'the dataset starts with the label set',
      );

      await vscode.commands.executeCommand('modelarts.datasets.delete', { kind: 'dataset', dataset }, undefined, { confirmed: true });
      assert.ok(!(await a.datasets.listAll()).some((x) => x.dataset_id === dataset.dataset_id), 'the dataset is gone');
      await s3.send(new HeadObjectCommand({ Bucket: 'sb-data', Key: 'reviews/lines.txt' }));
    } finally {
      s3.destroy();
    }
  });

  it('Clone Job creates a copy under the new name with the same command, engine and resources', async function () {
    this.timeout(90_000);
    const a = await api();
    const engine = (await a.trainingJobs.engines())[0];
    assert.ok(engine);
    const original = await a.trainingJobs.create({
      kind: 'job',
      metadata: { name: 'sb-job', description: 'to clone' },
      algorithm: {
        command: 'echo "lr=$LR"',
        engine: { engine_id: engine.engine_id },
        parameters: [{ name: 'lr', value: '0.1' }],
        environments: { LR: '0.1' },
      },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    const done = await a.trainingJobs.waitFor(original.metadata.id, ['Completed', 'Failed']);
    const returned = await vscode.commands.executeCommand<{ metadata: { id: string } } | undefined>(
      'modelarts.trainingJobs.clone',
      { kind: 'job', job: done },
      undefined,
      {
        name: 'sb-job-copy',
      },
    );
    assert.ok(returned, 'Clone Job returned no job: see the error it showed');
    const found: unknown[] = [];
    for await (const j of a.trainingJobs.search({ name: 'sb-job-copy' })) found.push(j);
    assert.equal(found.length, 1, 'the copy is on the platform');
    const copy = await a.trainingJobs.get(returned.metadata.id);
    assert.equal(copy.metadata.name, 'sb-job-copy');
    assert.equal(copy.metadata.description, 'to clone');
    assert.equal(copy.algorithm.command, done.algorithm.command);
    assert.equal(copy.algorithm.engine?.engine_id, engine.engine_id);
    assert.deepEqual(
      copy.algorithm.parameters?.map((p) => [p.name, p.value]),
      [['lr', '0.1']],
    );
    assert.deepEqual(copy.algorithm.environments, { LR: '0.1' });
    assert.equal(copy.spec.resource.flavor_id, 'modelarts.vm.cpu.2u');
  });
});
