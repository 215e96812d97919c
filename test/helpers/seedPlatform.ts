import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPlatformClient, localPlatformConfig, type LocalDiscovery } from '../../extension/core/api/client';
import { ModelArtsApi } from '../../extension/core/api/resources/modelArtsApi';
import { generateKeyPair } from '../../extension/core/ssh/keys';
import { pngBytes } from './images';

/** What seedPlatform made, for assertions. */
export interface Seeded {
  readonly notebookName: string;
  readonly completedJob: string;
  readonly failedJob: string;
  readonly datasetName: string;
  readonly customImage: string;
  readonly bucket: string;
}

/**
 * Fills a local daemon with one of each thing the views show: a running notebook with SSH, a
 * completed and a failed training job, a custom image, a dataset of two images, and a bucket.
 */
export async function seedPlatform(discovery: LocalDiscovery): Promise<Seeded> {
  const client = createPlatformClient(localPlatformConfig(discovery));
  const api = new ModelArtsApi(client);
  const s3 = new S3Client({
    endpoint: discovery.s3_endpoint,
    region: 'local',
    forcePathStyle: true,
    credentials: { accessKeyId: discovery.ak, secretAccessKey: discovery.sk },
  });
  try {
    const seeded: Seeded = {
      notebookName: 'nb-seeded',
      completedJob: 'job-ok',
      failedJob: 'job-broken',
      datasetName: 'pets',
      customImage: 'trainer',
      bucket: 'team-data',
    };
    await s3.send(new CreateBucketCommand({ Bucket: seeded.bucket }));
    await s3.send(new PutObjectCommand({ Bucket: seeded.bucket, Key: 'code/ok.py', Body: 'print("MA_METRIC loss=0.1 step=1")\n' }));
    await s3.send(new PutObjectCommand({ Bucket: seeded.bucket, Key: 'code/broken.py', Body: 'raise SystemExit(3)\n' }));
    for (const name of ['cat.png', 'dog.png'])
      await s3.send(new PutObjectCommand({ Bucket: seeded.bucket, Key: `images/${name}`, Body: pngBytes(16, 12) }));

    const pair = generateKeyPair('seed');
    await api.keyPairs.create({ name: 'seed', public_key: pair.publicKey });
    const image = (await api.images.listAll({ chip: 'CPU', service: 'SSH' }))[0];
    if (!image) throw new Error('no CPU image with SSH in the catalog');
    const nb = await api.notebooks.create({
      name: seeded.notebookName,
      flavor: 'modelarts.vm.cpu.2u',
      image_id: image.id,
      endpoints: [{ service: 'SSH', key_pair_names: ['seed'] }],
    });
    await api.notebooks.waitFor(nb.id, 'RUNNING');

    const engine = (await api.trainingJobs.engines()).find((e) => /pytorch/i.test(e.engine_name))?.engine_id;
    for (const [name, boot] of [
      [seeded.completedJob, 'ok.py'],
      [seeded.failedJob, 'broken.py'],
    ] as const) {
      const job = await api.trainingJobs.create({
        kind: 'job',
        metadata: { name },
        algorithm: { code_dir: `obs://${seeded.bucket}/code/`, boot_file: boot, engine: { engine_id: engine } },
        spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
      } as never);
      await api.trainingJobs.waitFor(job.metadata.id, ['Completed', 'Failed']);
    }
    await api.images.register({ swr_path: `swr.local/team/${seeded.customImage}:v1`, resource_category: ['CPU'] } as never);
    await api.datasets.create({
      dataset_name: seeded.datasetName,
      dataset_type: 0,
      data_sources: [{ data_type: 0, data_path: `/${seeded.bucket}/images/` }],
      work_path: `/${seeded.bucket}/work/`,
      labels: [{ name: 'cat' }, { name: 'dog' }],
    });
    return seeded;
  } finally {
    s3.destroy();
    client.close();
  }
}
