import * as vscode from 'vscode';
import type { TrainingJob } from '../../../core/api/resources/trainingJobTypes';
import type { MetricsSourceSpec } from '../../panels/metrics/sourceSpec';
import type { Services } from '../../services';
import type { StorageNode } from '../../views/storage/describe';
import type { JobsNode } from '../../views/trainingJobs/describe';
import type { CommandHandler } from '../command';
import { pickJobs } from '../pick';
import { selectedNodes } from '../selection';

const t = vscode.l10n.t;

async function jobsFor(services: Services, node: unknown, nodes: unknown, placeHolder: string, many: boolean): Promise<TrainingJob[]> {
  const selected = selectedNodes('job', node, nodes);
  if (selected.length > 0) return selected.map((n) => n.job);
  // From a link in a job's log output: `{ jobId }`.
  const jobId = (node as { jobId?: unknown } | undefined)?.jobId;
  if (typeof jobId === 'string' && jobId !== '') return [await services.session.require().api.trainingJobs.get(jobId)];
  return pickJobs(services.session.require(), undefined, placeHolder, many);
}

/** Show Metrics: one panel per job (revealed again when it is already open). */
export const showMetrics: CommandHandler<JobsNode> = async (services, node, nodes) => {
  const jobs = await jobsFor(services, node, nodes, t('Show the metrics of which training job?'), false);
  const first = jobs[0];
  if (!first) return undefined;
  // A multi-selection asks for a comparison; one job alone, for its own panel.
  return services.metricsPanels.open(jobsSpec(services, jobs.length > 1 ? jobs : [first]));
};

/** Compare Runs: one panel over several jobs. */
export const compareRuns: CommandHandler<JobsNode> = async (services, node, nodes) => {
  const jobs = await jobsFor(services, node, nodes, t('Compare which training jobs? (pick two or more)'), true);
  if (jobs.length === 0) return undefined;
  return services.metricsPanels.open(jobsSpec(services, jobs));
};

function jobsSpec(services: Services, jobs: readonly TrainingJob[]): MetricsSourceSpec {
  const connection = services.session.require();
  return {
    kind: 'jobs',
    platform: connection.kind === 'local' ? 'local' : `cloud:${connection.label}`,
    jobs: jobs.map((j) => ({ id: j.metadata.id, name: j.metadata.name })),
  };
}

/**
 * Open TensorBoard Logs: any folder of event files, where each subfolder holding event files is a
 * run. From the Explorer (a local folder), a Storage folder (read with ranged GETs), a local
 * notebook (its work folder), or the palette (a folder picker, or an obs:// path typed in).
 */
export const openTensorBoardLogs = async (services: Services, target?: unknown): Promise<unknown> => {
  const spec = await folderSpec(services, target);
  return spec ? services.metricsPanels.open(spec) : undefined;
};

async function folderSpec(services: Services, target: unknown): Promise<MetricsSourceSpec | undefined> {
  if (target instanceof vscode.Uri) {
    if (target.scheme !== 'file') throw new Error(t('Only folders on this machine can be opened here; {0} is not one.', target.toString()));
    return { kind: 'folder', path: target.fsPath };
  }
  const [storage] = selectedNodes<StorageNode['kind']>(['folder', 'bucket'], target);
  if (storage) {
    const prefix = storage.kind === 'folder' ? storage.prefix : '';
    return { kind: 'storage', platform: platformKey(services), bucket: storage.bucket, prefix };
  }
  const [notebook] = selectedNodes('notebook', target);
  if (notebook) {
    const folder = notebook.notebook.volume?.mount_path;
    if (services.session.require().kind !== 'local' || !folder)
      throw new Error(
        t(
          'The work folder of cloud notebook {0} is inside its container: connect to it and open the folder in the remote window.',
          notebook.notebook.name,
        ),
      );
    return { kind: 'folder', path: folder };
  }
  return askForFolder(services);
}

async function askForFolder(services: Services): Promise<MetricsSourceSpec | undefined> {
  const local = t('A folder on this machine…');
  const storage = t('A storage path (obs://bucket/folder/)…');
  const choice = services.session.current()
    ? await vscode.window.showQuickPick([local, storage], { placeHolder: t('Where are the event files?') })
    : local;
  if (choice === local) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: t('Open TensorBoard Logs'),
    });
    return picked?.[0] ? { kind: 'folder', path: picked[0].fsPath } : undefined;
  }
  if (choice !== storage) return undefined;
  const typed = await vscode.window.showInputBox({
    prompt: t('The storage folder that holds the event files'),
    placeHolder: 'obs://bucket/logs/',
    validateInput: (v) => (/^obs:\/\/[^/\s]+(\/\S*)?$/.test(v.trim()) ? undefined : t('Type a path like obs://bucket/logs/.')),
  });
  if (!typed) return undefined;
  const m = /^obs:\/\/([^/]+)\/?(.*)$/.exec(typed.trim());
  if (!m) return undefined;
  return { kind: 'storage', platform: platformKey(services), bucket: m[1] as string, prefix: m[2] ?? '' };
}

function platformKey(services: Services): string {
  const connection = services.session.require();
  return connection.kind === 'local' ? 'local' : `cloud:${connection.label}`;
}
