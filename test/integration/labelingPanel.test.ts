import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { LocalDiscovery } from '../../extension/core/api/client';
import type { ToolkitExports } from '../../extension/host/exports';
import type { SaveOutcome } from '../../webviews/protocol/labeling';
import { pngBytes } from '../helpers/images';
import { localApi } from './localApi';
import { until } from './wait';

function exports(): ToolkitExports {
  const ext = vscode.extensions.all.find((e) => e.id.toLowerCase().endsWith('.modelarts-toolkit'));
  assert.ok(ext?.isActive, 'the extension is active');
  return ext.exports as ToolkitExports;
}

/**
 * The labeling panel in the real extension host, with its real webview (code-server's browser
 * runs it): Label… opens it on a local dataset, the webview pages the samples and sends back the
 * thumbnails it made; a save reaches the daemon; a change made elsewhere meanwhile is a conflict.
 * The saves are sent the way the webview sends them (`exports.labeling.asWebview`): a test in the
 * extension host cannot click inside a webview (the e2e test in code-server does).
 */
describe('the labeling panel, in the real extension host', () => {
  it('opens on a dataset, a save reaches the daemon, and a change made elsewhere is a conflict', async function () {
    this.timeout(120_000);
    // Activation starts local mode by itself; asking for it again before it is up would race that start.
    const ext = vscode.extensions.all.find((e) => e.id.toLowerCase().endsWith('.modelarts-toolkit'));
    await ext?.activate();
    await until('local mode connected', async () =>
      (await (ext?.exports as ToolkitExports).views.rows('modelarts.workspaces')).length > 0 ? true : undefined,
    );
    const api = await localApi();
    const d = JSON.parse(readFileSync(path.join(process.env.MODELARTS_LOCAL_HOME as string, 'daemon.json'), 'utf8')) as LocalDiscovery;
    const { S3Client, CreateBucketCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client({
      endpoint: d.s3_endpoint,
      region: 'local',
      forcePathStyle: true,
      credentials: { accessKeyId: d.ak, secretAccessKey: d.sk },
    });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'it-label' }));
      for (const [i, name] of ['a.png', 'b.png', 'c.png'].entries())
        await s3.send(new PutObjectCommand({ Bucket: 'it-label', Key: `street/${name}`, Body: pngBytes(80 + i, 60) }));
    } finally {
      s3.destroy();
    }
    const { dataset_id: id } = await api.datasets.create({
      dataset_name: 'it-street',
      dataset_type: 1,
      data_sources: [{ data_path: '/it-label/street/' }],
      work_path: '/it-label/out/',
      labels: [{ name: 'car' }, { name: 'person' }],
    });
    const dataset = await api.datasets.get(id);
    const opened = await vscode.commands.executeCommand<{ key: string } | undefined>('modelarts.datasets.label', {
      kind: 'dataset',
      dataset,
    });
    assert.ok(opened, 'Label… returned no panel: see the error it showed');
    const panel = () =>
      exports()
        .labeling.panels()
        .find((p) => p.key === opened.key);
    // The real webview asked for its first page and made thumbnails of what it shows.
    await until('the webview paged the samples', async () => ((panel()?.served['labeling/page'] ?? 0) > 0 ? true : undefined));
    // The first page is asked for before the panel's state is sent (it does not wait for the handshake).
    await until('the panel sent its state', async () => (panel()?.lastState ? true : undefined));
    assert.equal(panel()?.lastState?.total, 3);
    assert.equal(panel()?.lastState?.kind, 'object-detection');
    await until(
      'the webview sent its thumbnails',
      async () => ((panel()?.served['labeling/thumbnail'] ?? 0) >= 3 ? true : undefined),
      60_000,
    );

    const asWebview = (method: string, params: unknown) => exports().labeling.asWebview(opened.key, method, params);
    const [first] = (await api.datasets.samplePage(id, { offset: 0, limit: 1 })).samples;
    assert.ok(first);
    await asWebview('labeling/sample', { id: first.sample_id });
    const box = { type: 'box', id: 'it1', label: 'car', x0: 4, y0: 5, x1: 60, y1: 44 };
    assert.deepEqual(await asWebview('labeling/save', { sampleId: first.sample_id, annotations: [box] }), { state: 'saved' });
    const stored = await api.datasets.getSample(id, first.sample_id);
    assert.deepEqual(stored.labels?.[0]?.property?.['@modelarts:feature'], [
      [4, 5],
      [60, 44],
    ]);
    await until('the counts follow', async () => (panel()?.lastState?.labelled === 1 ? true : undefined));

    // The CLI (or another window) changes the sample; the panel's next save meets it.
    await api.datasets.updateAnnotations(id, [{ sample_id: first.sample_id, labels: [] }]);
    const outcome = (await asWebview('labeling/save', { sampleId: first.sample_id, annotations: [{ ...box, x1: 70 }] })) as SaveOutcome;
    assert.equal(outcome.state, 'conflict');
    assert.deepEqual(outcome.state === 'conflict' ? [outcome.mine.length, outcome.theirs.length] : [], [1, 0]);
    assert.deepEqual((await api.datasets.getSample(id, first.sample_id)).labels, [], 'nothing was overwritten');
    await until('the panel lists the conflict', async () => (panel()?.lastState?.conflicts.includes(first.sample_id) ? true : undefined));
    await asWebview('labeling/resolve', { sampleId: first.sample_id, keep: 'mine' });
    assert.equal(
      (await api.datasets.getSample(id, first.sample_id)).labels?.[0]?.property?.['@modelarts:feature']?.toString(),
      '4,5,70,44',
    );
    // Bad params from "the webview" are refused before anything runs.
    await assert.rejects(asWebview('labeling/save', { sampleId: first.sample_id, annotations: [{ ...box, x1: 1 }] }), /x0 < x1/);

    // Label… again reveals the same panel.
    await vscode.commands.executeCommand('modelarts.datasets.label', { kind: 'dataset', dataset });
    assert.equal(
      exports()
        .labeling.panels()
        .filter((p) => p.spec.datasetId === id).length,
      1,
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the panel is gone', async () => (panel() === undefined ? true : undefined));
  });
});
