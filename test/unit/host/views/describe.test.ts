import assert from 'node:assert/strict';
import type { Notebook } from '../../../../extension/core/api/resources/notebookTypes';
import type { TrainingJob } from '../../../../extension/core/api/resources/trainingJobTypes';
import { describeDataset } from '../../../../extension/host/views/datasets/describe';
import { describeImagesNode, engineOf, groupImages } from '../../../../extension/host/views/images/describe';
import { describeCommon, type Translate } from '../../../../extension/host/views/node';
import { describeForward, describeNotebook, isNotebookTransitional, timeLeft } from '../../../../extension/host/views/notebooks/describe';
import { describeStorageNode, formatBytes } from '../../../../extension/host/views/storage/describe';
import { storageParent } from '../../../../extension/host/views/storage/locate';
import {
  describeJobsNode,
  formatDuration,
  groupJobs,
  groupOf,
  isJobTransitional,
} from '../../../../extension/host/views/trainingJobs/describe';
import { describeWorkspace } from '../../../../extension/host/views/workspaces/describe';

/** The translator the extension passes is vscode.l10n.t; identity with {n} filled in here. */
const t: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

const image = {
  id: 'img-1',
  name: 'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04',
  swr_path: 'swr/x:y',
  type: 'BUILD_IN',
  resource_categories: ['CPU', 'GPU'],
  dev_services: ['NOTEBOOK', 'SSH'],
  arch: 'X86_64',
  engine: 'PyTorch',
} as never;

function notebook(status: string, extra: Partial<Notebook> = {}): Notebook {
  return {
    id: 'nb-1',
    name: 'dev',
    status,
    flavor: 'modelarts.vm.cpu.2u',
    image,
    lease: { create_at: 0, duration: 3 * 3_600_000 + 20 * 60_000, enable: true, type: 'TIMING' },
    ...extra,
  } as Notebook;
}

function job(phase: string, created: number, name = `job-${created}`): TrainingJob {
  return {
    kind: 'job',
    metadata: { id: `id-${created}`, name, create_time: created },
    status: { phase, duration: 95_000 },
    algorithm: {},
    spec: { resource: { flavor_id: 'modelarts.vm.cpu.2u', node_count: 1 } },
  } as unknown as TrainingJob;
}

describe('host/views: describe(node) for every node kind and state', () => {
  it('workspaces: the current one is marked and cannot be switched to', () => {
    const ws = { id: '0', name: 'default', status: 'NORMAL' } as never;
    const current = describeWorkspace({ kind: 'workspace', workspace: ws, current: true }, t);
    assert.equal(current.description, 'current');
    assert.equal(current.contextValue, 'workspace.current');
    assert.equal(current.command, undefined);
    const other = describeWorkspace({ kind: 'workspace', workspace: ws, current: false }, t);
    assert.equal(other.contextValue, 'workspace.other');
    assert.equal(other.command?.command, 'modelarts.workspaces.select');
    assert.equal(other.id, 'workspace/0', 'ids are stable server ids');
  });

  it('notebooks: status in the context value, icon and description; time left before auto-stop', () => {
    const running = describeNotebook(
      {
        kind: 'notebook',
        notebook: notebook('RUNNING', { endpoints: [{ service: 'SSH', uri: 'ssh://ma-user@127.0.0.1:2222' }] as never }),
      },
      t,
      0,
    );
    assert.equal(running.contextValue, 'notebook.running');
    assert.equal(running.description, 'running · 3h 20m left');
    assert.match(running.icon ?? '', /^vm-running/);
    assert.match(running.tooltip ?? '', /ssh:\/\/ma-user@127\.0\.0\.1:2222/);
    assert.equal(describeNotebook({ kind: 'notebook', notebook: notebook('STOPPED') }, t, 0).contextValue, 'notebook.stopped');
    const failed = describeNotebook({ kind: 'notebook', notebook: notebook('ERROR', { fail_reason: 'port in use' }) }, t, 0);
    assert.match(failed.icon ?? '', /^error/);
    assert.match(failed.tooltip ?? '', /port in use/);
    assert.equal(describeNotebook({ kind: 'notebook', notebook: notebook('STARTING') }, t, 0).icon, 'loading~spin');
    assert.equal(isNotebookTransitional({ kind: 'notebook', notebook: notebook('STOPPING') }), true);
    assert.equal(isNotebookTransitional({ kind: 'notebook', notebook: notebook('RUNNING') }), false);
    assert.equal(timeLeft(notebook('RUNNING'), 3 * 3_600_000 + 15 * 60_000, t), '5m left');
    assert.equal(timeLeft(notebook('RUNNING'), 10 * 3_600_000, t), 'stopping soon');
    assert.equal(timeLeft(notebook('STOPPED'), 0, t), undefined);
  });

  it('notebooks: counts of forwards and connections take the singular for one', () => {
    const forward = (id: string, totalConnections: number) =>
      ({
        id,
        label: undefined,
        remoteHost: '127.0.0.1',
        remotePort: 8888,
        localHost: '127.0.0.1',
        localPort: 8888,
        requestedLocalPort: 8888,
        activeConnections: 0,
        totalConnections,
        failedConnections: 0,
        bytesToRemote: 0,
        bytesFromRemote: 0,
        lastError: undefined,
      }) as const;
    const withForwards = (n: number) =>
      describeNotebook(
        { kind: 'notebook', notebook: notebook('RUNNING'), forwards: Array.from({ length: n }, (_, i) => forward(`f${i}`, 1)) },
        t,
        0,
      ).description;
    assert.equal(withForwards(1), 'running · 3h 20m left · 1 port forwarded');
    assert.equal(withForwards(2), 'running · 3h 20m left · 2 ports forwarded');
    const one = describeForward({ kind: 'forward', notebookId: 'nb-1', forward: forward('f', 1) }, t);
    assert.match(one.tooltip ?? '', /^.*\n\n1 connection, 0 KB in, 0 KB out$/m);
    assert.match(describeForward({ kind: 'forward', notebookId: 'nb-1', forward: forward('f', 3) }, t).tooltip ?? '', /3 connections,/);
  });

  it('training jobs: grouped by status, newest first, empty groups left out', () => {
    const groups = groupJobs([job('Completed', 1), job('Running', 2), job('Failed', 3), job('Completed', 4), job('Pending', 5)]);
    assert.deepEqual(
      groups.map((g) => (g.kind === 'jobGroup' ? `${g.group}:${g.jobs.map((j) => j.metadata.create_time).join(',')}` : '')),
      ['Running:2', 'Pending:5', 'Failed:3', 'Completed:4,1'],
    );
    assert.equal(groupOf('Terminating'), 'Running');
    assert.equal(groupOf('Abnormal'), 'Failed');
    const node = describeJobsNode({ kind: 'job', job: job('Running', 7, 'resnet') }, t);
    assert.equal(node.contextValue, 'trainingJob.running');
    assert.equal(node.description, 'Running · 1m 35s');
    // A click opens the job's details panel, on this very job.
    assert.equal(node.command?.command, 'modelarts.trainingJobs.showDetails');
    assert.equal((node.command?.arguments?.[0] as { job: { metadata: { name: string } } }).job.metadata.name, 'resnet');
    const group = describeJobsNode(groups[3] as never, t);
    assert.equal(group.collapsible, 'collapsed');
    assert.equal(group.description, '2');
    assert.equal(isJobTransitional({ kind: 'job', job: job('Pending', 1) }), true);
    assert.equal(isJobTransitional({ kind: 'job', job: job('Completed', 1) }), false);
    assert.equal(formatDuration(3_725_000), '1h 2m');
    assert.equal(formatDuration(undefined), undefined);
  });

  it('images: grouped by engine; preset and custom context values', () => {
    const custom = { ...(image as object), id: 'c', name: 'trainer', type: 'DEDICATED', engine: undefined } as never;
    assert.equal(engineOf(custom), 'Custom');
    const groups = groupImages([image, custom]);
    assert.deepEqual(
      groups.map((g) => (g.kind === 'engine' ? g.engine : '')),
      ['Custom', 'PyTorch'],
    );
    assert.equal(describeImagesNode({ kind: 'image', image }, t).contextValue, 'image.preset');
    assert.equal(describeImagesNode({ kind: 'image', image: custom }, t).contextValue, 'image.custom');
    assert.equal(describeImagesNode({ kind: 'image', image }, t).description, 'CPU/GPU');
  });

  it('datasets: type, sample count and labelled count', () => {
    const d = describeDataset(
      {
        kind: 'dataset',
        dataset: { dataset_id: 'd1', dataset_name: 'pets', dataset_type: 1, status: 1, total_sample_count: 10, annotated_sample_count: 4 },
      },
      t,
    );
    assert.equal(d.description, 'Object detection · 4/10 labelled');
    assert.equal(d.contextValue, 'dataset.detection');
  });

  it('storage: buckets, folders and objects keyed by their obs:// URL', () => {
    assert.equal(describeStorageNode({ kind: 'bucket', bucket: 'b' }, t).id, 'obs://b/');
    const folder = describeStorageNode({ kind: 'folder', bucket: 'b', prefix: 'data/train/' }, t);
    assert.equal(folder.label, 'train');
    assert.equal(folder.contextValue, 'storage.folder');
    const object = describeStorageNode(
      {
        kind: 'object',
        bucket: 'b',
        key: 'data/a.bin',
        size: 1536,
        lastModified: new Date(Date.UTC(2026, 0, 2, 3, 4)),
      },
      t,
    );
    assert.equal(object.label, 'a.bin');
    assert.equal(object.description, '1.5 KB · 2026-01-02 03:04');
    assert.equal(formatBytes(512), '512 B');
  });

  it('storage: a click on an object opens its preview; every node knows the row it is listed under', () => {
    const node = { kind: 'object', bucket: 'b', key: 'data/train/notes.txt', size: 5 } as const;
    const object = describeStorageNode(node, t);
    assert.equal(object.command?.command, 'modelarts.storage.preview');
    assert.deepEqual(object.command?.arguments, [node]);
    assert.equal(describeStorageNode({ kind: 'folder', bucket: 'b', prefix: 'data/' }, t).command, undefined, 'a folder click expands it');
    assert.deepEqual(storageParent(node), { kind: 'folder', bucket: 'b', prefix: 'data/train/' });
    assert.deepEqual(storageParent({ kind: 'folder', bucket: 'b', prefix: 'data/train/' }), {
      kind: 'folder',
      bucket: 'b',
      prefix: 'data/',
    });
    assert.deepEqual(storageParent({ kind: 'folder', bucket: 'b', prefix: 'data/' }), { kind: 'bucket', bucket: 'b' });
    assert.deepEqual(storageParent({ kind: 'object', bucket: 'b', key: 'top.txt', size: 1 }), { kind: 'bucket', bucket: 'b' });
    assert.equal(storageParent({ kind: 'bucket', bucket: 'b' }), undefined);
  });

  it('common nodes: an error with retry, and load more', () => {
    const err = describeCommon({ kind: 'error', viewId: 'modelarts.notebooks', message: 'connection refused' }, t);
    assert.equal(err.command?.command, 'modelarts.refresh');
    assert.match(err.icon ?? '', /^error/);
    const more = describeCommon({ kind: 'loadMore', viewId: 'modelarts.trainingJobs', loaded: 50 }, t);
    assert.deepEqual(more.command?.arguments, ['modelarts.trainingJobs']);
  });
});
