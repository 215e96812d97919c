import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { localApi, localDiscovery } from './localApi';
import { until } from './wait';

/**
 * Export Annotations… and Import Annotations… on a dataset node, in the real extension host
 * against local mode, with the `{ format, location }` a script passes instead of the quick
 * inputs: the export writes a manifest a person can read, and importing it back after the
 * labels were cleared gives the same annotations.
 */
describe('dataset annotations out and back in, in the real extension host', () => {
  let folder: string;

  before(async function () {
    this.timeout(90_000);
    await until(
      'local mode to run',
      async () => (await vscode.commands.executeCommand<{ state: string }>('modelarts.local.showStatus')).state === 'running' || undefined,
      60_000,
    );
    folder = mkdtempSync(path.join(os.tmpdir(), 'ma-transfer-'));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  it('exports a text dataset as a manifest, and importing it back restores cleared annotations', async function () {
    this.timeout(90_000);
    const { S3Client, CreateBucketCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const d = await localDiscovery();
    const s3 = new S3Client({
      endpoint: d.s3_endpoint,
      region: 'local',
      forcePathStyle: true,
      credentials: { accessKeyId: d.ak, secretAccessKey: d.sk },
    });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'tr-data' }));
      await s3.send(new PutObjectCommand({ Bucket: 'tr-data', Key: 'reviews/lines.txt', Body: 'great product\nbroke in a day\nfine\n' }));
    } finally {
      s3.destroy();
    }
    const a = await localApi();
    const { dataset_id } = await a.datasets.create({
      dataset_name: 'tr-reviews',
      dataset_type: 100,
      data_sources: [{ data_type: 0, data_path: '/tr-data/reviews/' }],
      work_path: '/tr-data/tr-output/',
      labels: [{ name: 'positive' }, { name: 'negative' }],
    });
    const samples = [];
    for await (const s of a.datasets.samples(dataset_id)) samples.push(s);
    const [good, bad] = [
      samples.find((s) => s.sample_data?.[0] === 'great product'),
      samples.find((s) => s.sample_data?.[0] === 'broke in a day'),
    ];
    assert.ok(good && bad, 'the lines became samples');
    await a.datasets.updateAnnotations(dataset_id, [
      { sample_id: good.sample_id, labels: [{ name: 'positive', type: 100 }] },
      { sample_id: bad.sample_id, labels: [{ name: 'negative', type: 100 }] },
    ]);
    const dataset = await a.datasets.get(dataset_id);
    const node = { kind: 'dataset', dataset };

    const exported = await vscode.commands.executeCommand<{ samples: number; annotations: number } | undefined>(
      'modelarts.datasets.exportAnnotations',
      node,
      undefined,
      { format: 'manifest', location: folder },
    );
    assert.ok(exported, 'Export returned no report: see the error it showed');
    assert.equal(exported.annotations, 2);
    const manifest = readdirSync(folder).find((f) => f.endsWith('.manifest'));
    assert.ok(manifest, `a manifest was written: ${readdirSync(folder).join(', ')}`);
    const lines = readFileSync(path.join(folder, manifest), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { annotation?: { name: string }[] });
    assert.deepEqual(lines.flatMap((l) => (l.annotation ?? []).map((x) => x.name)).sort(), ['negative', 'positive']);

    await a.datasets.updateAnnotations(dataset_id, [
      { sample_id: good.sample_id, labels: [] },
      { sample_id: bad.sample_id, labels: [] },
    ]);
    const imported = await vscode.commands.executeCommand<{ applied: number } | undefined>(
      'modelarts.datasets.importAnnotations',
      node,
      undefined,
      {
        format: 'manifest',
        location: folder,
      },
    );
    assert.ok(imported, 'Import returned no report: see the error it showed');
    const after = await a.datasets.getSample(dataset_id, good.sample_id);
    assert.deepEqual(
      after.labels?.map((l) => l.name),
      ['positive'],
    );
    assert.deepEqual(
      (await a.datasets.getSample(dataset_id, bad.sample_id)).labels?.map((l) => l.name),
      ['negative'],
    );
    await a.datasets.delete(dataset_id);
  });
});
