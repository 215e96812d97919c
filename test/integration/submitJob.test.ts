import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { localApi } from './localApi';

describe('Submit Training Job from YAML, in the real extension host', () => {
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
