import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Notebook } from '../../../../extension/core/api/resources/notebookTypes';
import type { TrainingJob } from '../../../../extension/core/api/resources/trainingJobTypes';
import type { Translate } from '../../../../extension/core/util/translate';
import { describeNotebook } from '../../../../extension/host/views/notebooks/describe';
import { jobPhaseText, notebookStatusText } from '../../../../extension/host/views/statusText';
import { describeJobsNode, formatDuration } from '../../../../extension/host/views/trainingJobs/describe';
import { repoRoot } from '../../../helpers/repo';

/** vscode.l10n.t under a Chinese display language: the zh-cn bundle, {n} filled in. */
const zhBundle = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
const zh: Translate = (message, ...args) => (zhBundle[message] ?? message).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
const en: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

describe('host/views: statuses in the user’s language', () => {
  it('names every notebook status in Chinese, and keeps the English the view always showed', () => {
    for (const status of [
      'INIT',
      'CREATING',
      'STARTING',
      'RUNNING',
      'STOPPING',
      'STOPPED',
      'DELETING',
      'DELETED',
      'SNAPSHOTTING',
      'ERROR',
      'CREATE_FAILED',
      'START_FAILED',
      'DELETE_FAILED',
      'FROZEN',
    ]) {
      const english = notebookStatusText(status, en);
      assert.notEqual(zh(english), english, `${status}: no Chinese text`);
      assert.match(notebookStatusText(status, zh), /\p{Script=Han}/u, status);
    }
    assert.equal(notebookStatusText('RUNNING', en), 'running');
    assert.equal(notebookStatusText('SOMETHING_NEW', zh), 'something_new', 'an unknown status is shown, not hidden');
  });

  it('names every job phase in Chinese; an unknown phase shows as the platform wrote it', () => {
    for (const phase of ['Creating', 'Pending', 'Waiting', 'Running', 'Failed', 'Completed', 'Terminating', 'Terminated', 'Abnormal'])
      assert.match(jobPhaseText(phase, zh), /\p{Script=Han}/u, phase);
    assert.equal(jobPhaseText('Running', en), 'Running');
    assert.equal(jobPhaseText('Rebooting', zh), 'Rebooting');
  });

  it('a running notebook and a failed job read in Chinese in the tree, durations included', () => {
    const nb = { id: 'n1', name: 'nb', status: 'RUNNING', flavor: 'cpu', image: { name: 'img' } } as unknown as Notebook;
    const row = describeNotebook({ kind: 'notebook', notebook: nb }, zh);
    assert.match(row.description ?? '', /^运行中/);
    assert.doesNotMatch(row.description ?? '', /running/);
    const job = {
      metadata: { id: 'j1', name: 'job', create_time: 0 },
      status: { phase: 'Failed', duration: 61_000 },
      spec: { resource: { flavor_id: 'cpu' } },
    } as unknown as TrainingJob;
    const jobRow = describeJobsNode({ kind: 'job', job }, zh);
    assert.equal(jobRow.description, '失败 · 1分1秒');
    assert.equal(formatDuration(61_000), '1m 1s');
    assert.equal(formatDuration(400, zh), '<1秒');
  });
});
