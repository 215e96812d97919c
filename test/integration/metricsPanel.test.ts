import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ToolkitExports } from '../../extension/host/exports';
import { localApi } from './localApi';
import { until } from './wait';

function exports(): ToolkitExports {
  const ext = vscode.extensions.all.find((e) => e.id.toLowerCase().endsWith('.modelarts-toolkit'));
  assert.ok(ext?.isActive, 'the extension is active');
  return ext.exports as ToolkitExports;
}

describe('the training metrics panel, in the real extension host', () => {
  it('opens for a running local job and receives its points as the job prints them', async function () {
    this.timeout(120_000);
    const api = await localApi();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-it-metrics-'));
    const go = path.join(dir, 'go');
    const stop = path.join(dir, 'stop');
    const job = await api.trainingJobs.create({
      metadata: { name: 'it-metrics-live' },
      algorithm: {
        command: [
          'for i in $(seq 0 9); do echo "MA_METRIC train/loss=$i step=$i"; done',
          'while [ ! -f "$GO" ]; do sleep 0.05; done',
          'for i in $(seq 10 19); do echo "MA_METRIC train/loss=$i step=$i"; done',
          'while [ ! -f "$STOP" ]; do sleep 0.05; done',
        ].join('\n'),
        environments: { GO: go, STOP: stop },
        engine: { engine_name: 'PyTorch', engine_version: '1.8' },
      },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    const id = job.metadata.id;
    await api.trainingJobs.waitFor(id, 'Running', { pollMs: 100 });
    await vscode.commands.executeCommand('modelarts.trainingJobs.showMetrics', { kind: 'job', job });
    const panel = () =>
      exports()
        .metrics.panels()
        .find((p) => p.spec.kind === 'jobs' && p.spec.jobs[0]?.id === id);
    const points = () => panel()?.lastState?.tags.find((t) => t.tag === 'train/loss')?.points[id] ?? 0;

    await until('the panel shows the first 10 points', async () => (points() === 10 ? true : undefined));
    assert.equal(panel()?.lastState?.runs[0]?.live, true);
    writeFileSync(go, '');
    await until('the panel shows the 10 printed next', async () => (points() === 20 ? true : undefined));
    writeFileSync(stop, '');
    await until('the panel says how the job ended', async () => panel()?.lastState?.runs[0]?.outcome?.phase === 'Completed' || undefined);
    assert.ok((panel()?.statesSent ?? 0) >= 3, 'the webview was told of each change');
    // Resource usage comes as resources/ tags of the same run.
    assert.ok(panel()?.lastState?.tags.some((t) => t.tag === 'resources/cpuUsage'));

    // Showing the same job again reveals the open panel instead of a second one.
    await vscode.commands.executeCommand('modelarts.trainingJobs.showMetrics', { kind: 'job', job });
    assert.equal(
      exports()
        .metrics.panels()
        .filter((p) => p.spec.kind === 'jobs' && p.spec.jobs[0]?.id === id).length,
      1,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the panel is gone', async () => (panel() === undefined ? true : undefined));
  });

  it('a job’s log output links to its metrics: the link opens the job’s panel', async function () {
    this.timeout(60_000);
    const api = await localApi();
    const job = await api.trainingJobs.create({
      metadata: { name: 'it-metrics-log-link' },
      algorithm: { command: 'echo "MA_METRIC loss=1 step=0"', engine: { engine_name: 'PyTorch', engine_version: '1.8' } },
      spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
    });
    const id = job.metadata.id;
    await api.trainingJobs.waitFor(id, ['Completed', 'Failed'], { pollMs: 100 });
    await vscode.commands.executeCommand('modelarts.trainingJobs.showLogs', { kind: 'job', job });
    const doc = await until('the log channel as a document', async () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && d.getText().includes(`modelarts-metrics:${id}`)),
    );
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const link = links.find((l) => l.target?.scheme === 'command');
    assert.ok(link?.target, `a command link among ${JSON.stringify(links.map((l) => l.target?.toString()))}`);
    assert.equal(link.target.path, 'modelarts.trainingJobs.showMetrics');
    const args = JSON.parse(decodeURIComponent(link.target.query)) as unknown[];
    await vscode.commands.executeCommand('modelarts.trainingJobs.showMetrics', ...args);
    await until('the job’s panel', async () =>
      exports()
        .metrics.panels()
        .find((p) => p.spec.kind === 'jobs' && p.spec.jobs[0]?.id === id),
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a folder of TensorBoard event files as runs', async function () {
    this.timeout(60_000);
    // This bundle runs from out/test/integration/; the shared fixtures sit beside the repository.
    const fixtures = path.resolve(
      __dirname,
      '..',
      '..',
      '..',
      '..',
      'shared',
      'fixtures',
      'tfevents',
      'pytorch-tensorboard-reducer',
      'strict',
    );
    if (!existsSync(fixtures)) {
      console.log(`skipped: no shared fixtures at ${fixtures}`);
      this.skip();
    }
    await vscode.commands.executeCommand('modelarts.metrics.openTensorBoardLogs', vscode.Uri.file(fixtures));
    const panel = () =>
      exports()
        .metrics.panels()
        .find((p) => p.spec.kind === 'folder' && p.spec.path === fixtures);
    await until('both runs with 100 points each', async () => {
      const tag = panel()?.lastState?.tags.find((t) => t.tag === 'strict/foo');
      return (
        (tag !== undefined && Object.values(tag.points).length === 2 && Object.values(tag.points).every((n) => n === 100)) || undefined
      );
    });
    assert.deepEqual(
      panel()
        ?.lastState?.runs.map((r) => r.name)
        .sort(),
      ['run_1', 'run_2'],
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
