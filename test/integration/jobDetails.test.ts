import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LocalDiscovery } from '../../extension/core/api/client';
import type { ToolkitExports } from '../../extension/host/exports';
import { localApi, localDiscovery } from './localApi';
import { until } from './wait';

function exports(): ToolkitExports {
  const ext = vscode.extensions.all.find((e) => e.id.toLowerCase().endsWith('.modelarts-toolkit'));
  assert.ok(ext?.isActive, 'the extension is active');
  return ext.exports as ToolkitExports;
}

async function bucketWith(d: LocalDiscovery, bucket: string, objects: Record<string, string>): Promise<void> {
  const { S3Client, CreateBucketCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({
    endpoint: d.s3_endpoint,
    region: 'local',
    forcePathStyle: true,
    credentials: { accessKeyId: d.ak, secretAccessKey: d.sk },
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const [key, body] of Object.entries(objects)) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  } finally {
    s3.destroy();
  }
}

/** The rejection of `promise` (fails when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('the training job details panel, in the real extension host', () => {
  it('shows a local job live from Running to Completed with its events, one panel per job; its links and buttons act', async function () {
    this.timeout(120_000);
    const api = await localApi();
    await bucketWith(await localDiscovery(), 'it-details', { 'data/train.csv': 'x,y\n1,2\n' });
    const go = path.join(mkdtempSync(path.join(os.tmpdir(), 'ma-it-details-')), 'go');
    const job = await api.trainingJobs.create({
      metadata: { name: 'it-details-live' },
      algorithm: {
        command: 'echo "MA_METRIC loss=1 step=0"; while [ ! -f "$GO" ]; do sleep 0.05; done',
        environments: { GO: go },
        parameters: [{ name: 'lr', value: '0.1' }],
        engine: { engine_name: 'PyTorch', engine_version: '1.8' },
        inputs: [{ name: 'data_url', remote: { obs: { obs_url: '/it-details/data/' } } }],
        outputs: [{ name: 'train_url', remote: { obs: { obs_url: '/it-details/out/run-1/' } } }],
      },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    const id = job.metadata.id;
    await api.trainingJobs.waitFor(id, 'Running', { pollMs: 100 });
    const opened = await vscode.commands.executeCommand<{ key: string }>('modelarts.trainingJobs.showDetails', { kind: 'job', job });
    assert.ok(opened?.key);
    const panel = () =>
      exports()
        .jobDetails.panels()
        .find((p) => p.key === opened.key);
    const shown = await until('the panel shows the job running', async () =>
      panel()?.lastState?.job?.phase === 'Running' ? panel()?.lastState?.job : undefined,
    );
    assert.equal(panel()?.title, 'Job: it-details-live');
    assert.deepEqual(shown.parameters, [{ name: 'lr', value: '0.1', hidden: false }]);
    assert.equal(shown.inputs[0]?.storage?.url, 'obs://it-details/data/');
    assert.ok(shown.events.some((e) => e.message === 'Training job is running.'));

    // Opening it again reveals the same panel.
    await vscode.commands.executeCommand('modelarts.trainingJobs.showDetails', { kind: 'job', job });
    assert.equal(
      exports()
        .jobDetails.panels()
        .filter((p) => p.spec.jobId === id).length,
      1,
    );

    // The webview is untrusted: an unknown action and a path the job does not show are refused.
    const asWebview = (method: string, params: unknown) => exports().jobDetails.asWebview(opened.key, method, params);
    assert.match((await rejection(asWebview('jobDetails/action', { action: 'delete' }))).message, /action must be one of/);
    assert.match(
      (await rejection(asWebview('jobDetails/revealStorage', { url: 'obs://it-details/elsewhere/' }))).message,
      /not a storage path/,
    );
    // Its input folder shows in the Storage view; its output, not written yet, as the nearest folder that exists.
    assert.deepEqual(await asWebview('jobDetails/revealStorage', { url: 'obs://it-details/data/' }), {
      revealed: 'obs://it-details/data/',
    });
    assert.deepEqual(await asWebview('jobDetails/revealStorage', { url: 'obs://it-details/out/run-1/' }), {
      revealed: 'obs://it-details/',
    });
    // Show Metrics opens the job's metrics panel.
    await asWebview('jobDetails/action', { action: 'showMetrics' });
    await until('the job’s metrics panel', async () =>
      exports()
        .metrics.panels()
        .find((p) => p.spec.kind === 'jobs' && p.spec.jobs[0]?.id === id),
    );

    // The metrics panel took the editor, and a hidden details panel does not poll: bring it back to follow the job's end.
    await vscode.commands.executeCommand('modelarts.trainingJobs.showDetails', { kind: 'job', job });
    writeFileSync(go, '');
    const ended = await until('the panel shows the job completed', async () =>
      panel()?.lastState?.job?.phase === 'Completed' ? panel()?.lastState?.job : undefined,
    );
    assert.equal(ended.history.at(-1)?.step, 'ended');
    assert.ok((panel()?.statesSent ?? 0) >= 2, 'the webview was told of each change');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the panel is gone', async () => (panel() === undefined ? true : undefined));
  });

  it('from the palette with a job id, and a deleted job’s panel says so', async function () {
    this.timeout(60_000);
    const api = await localApi();
    const job = await api.trainingJobs.create({
      metadata: { name: 'it-details-gone' },
      algorithm: { command: 'true', engine: { engine_name: 'PyTorch', engine_version: '1.8' } },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    await api.trainingJobs.waitFor(job.metadata.id, ['Completed', 'Failed'], { pollMs: 100 });
    const opened = await vscode.commands.executeCommand<{ key: string }>('modelarts.trainingJobs.showDetails', { jobId: job.metadata.id });
    const panel = () =>
      exports()
        .jobDetails.panels()
        .find((p) => p.key === opened.key);
    await until('the job read', async () => panel()?.lastState?.job ?? undefined);
    await api.trainingJobs.delete(job.metadata.id);
    const problem = await until('the deletion said', async () => {
      await exports().jobDetails.asWebview(opened.key, 'jobDetails/action', { action: 'refresh' });
      return panel()?.lastState?.problem;
    });
    assert.equal(problem.kind, 'gone');
    assert.match(problem.message, /it-details-gone no longer exists/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
