import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { localApi, localDiscovery } from './localApi';

describe('Submit Training Job from YAML, in the real extension host', () => {
  // Local mode connected first, so the file also runs on its own (integrationOnly submitJob).
  before(async function () {
    this.timeout(90_000);
    await localDiscovery();
  });

  it('uploads the spec’s local code dir to local mode’s code bucket and creates the job, which runs it', async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-it-job-'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'train.py'), 'print("MA_METRIC loss=0.5 step=1")\n');
    const spec = path.join(dir, 'job.yaml');
    writeFileSync(
      spec,
      'metadata: {name: it-submitted}\nalgorithm: {code_dir: ./src, boot_file: train.py, engine: {engine_name: PyTorch, engine_version: "1.8"}}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u, node_count: 1}}\n',
    );
    const id = await vscode.commands.executeCommand<string | undefined>('modelarts.trainingJobs.submit', vscode.Uri.file(spec));
    assert.ok(id, 'no job id came back');
    const api = await localApi();
    const job = await api.trainingJobs.waitFor(id, ['Completed', 'Failed', 'Abnormal', 'Terminated']);
    assert.equal(job.algorithm?.code_dir, 'obs://modelarts-local/jobs/it-submitted/code/');
    assert.equal(job.status.phase, 'Completed');
    const log = await api.trainingJobs.logPreview(id, 'worker-0');
    assert.match(log.content, /MA_METRIC loss=0\.5/);
  });

  it('checks the spec before uploading: a name with a space uploads no file and creates no job', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-it-job-'));
    mkdirSync(path.join(dir, 'src'));
    for (const f of ['train.py', 'a.py', 'b.py', 'c.py', 'd.py', 'e.py']) writeFileSync(path.join(dir, 'src', f), 'print(1)\n');
    const spec = path.join(dir, 'job.yaml');
    writeFileSync(
      spec,
      'metadata: {name: first run}\nalgorithm: {code_dir: ./src, boot_file: train.py, engine: {engine_name: PyTorch, engine_version: "1.8"}}\nspec: {resource: {flavor_id: modelarts.vm.cpu.2u, node_count: 1}}\n',
    );
    const before = (await collect()).length;
    assert.equal(await vscode.commands.executeCommand('modelarts.trainingJobs.submit', vscode.Uri.file(spec)), undefined);
    assert.equal((await collect()).length, before);
    const d = await localDiscovery();
    const s3 = new S3Client({
      endpoint: d.s3_endpoint,
      region: 'local',
      forcePathStyle: true,
      credentials: { accessKeyId: d.ak, secretAccessKey: d.sk },
    });
    try {
      const listed = await s3
        .send(new ListObjectsV2Command({ Bucket: 'modelarts-local', Prefix: 'jobs/first run/' }))
        .catch(() => undefined);
      assert.deepEqual(listed?.Contents ?? [], [], 'code was uploaded for a spec the platform would refuse');
    } finally {
      s3.destroy();
    }
  });

  it('creates nothing from a spec without metadata.name', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-it-job-'));
    const spec = path.join(dir, 'bad.yaml');
    writeFileSync(spec, 'algorithm: {boot_file: train.py}\n');
    const before = (await collect()).length;
    assert.equal(await vscode.commands.executeCommand('modelarts.trainingJobs.submit', vscode.Uri.file(spec)), undefined);
    assert.equal((await collect()).length, before);
  });
});

async function collect(): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const job of (await localApi()).trainingJobs.search({})) all.push(job);
  return all;
}
