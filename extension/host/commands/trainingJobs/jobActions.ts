import * as vscode from 'vscode';
import type { JobPhase, TrainingJob } from '../../../core/api/resources/trainingJobTypes';
import { isAbortError } from '../../../core/util/abort';
import type { Services } from '../../services';
import type { JobsNode } from '../../views/trainingJobs/describe';
import { confirm, pickJobs } from '../pick';

const active: readonly JobPhase[] = ['Creating', 'Pending', 'Running'];

async function targets(
  services: Services,
  node: unknown,
  nodes: unknown,
  phases: readonly JobPhase[] | undefined,
  placeHolder: string,
  many: boolean,
): Promise<TrainingJob[]> {
  const selected = (Array.isArray(nodes) && nodes.length > 0 ? nodes : node ? [node] : []) as JobsNode[];
  if (selected.length > 0) return selected.flatMap((n) => (n?.kind === 'job' ? [n.job] : []));
  return pickJobs(services.session.require(), phases, placeHolder, many);
}

export async function stopJobs(services: Services, node?: unknown, nodes?: unknown): Promise<void> {
  const list = await targets(services, node, nodes, active, vscode.l10n.t('Stop which training jobs?'), true);
  if (list.length === 0) return;
  if (
    !(await confirm(
      vscode.l10n.t('Stop {0}? Their processes end now.', list.map((j) => j.metadata.name).join(', ')),
      vscode.l10n.t('Stop'),
    ))
  )
    return;
  const api = services.session.require().api;
  await Promise.all(list.map((j) => api.trainingJobs.terminate(j.metadata.id)));
  services.trees.refresh();
}

export async function deleteJobs(services: Services, node?: unknown, nodes?: unknown): Promise<void> {
  const list = await targets(services, node, nodes, undefined, vscode.l10n.t('Delete which training jobs?'), true);
  if (list.length === 0) return;
  if (
    !(await confirm(
      vscode.l10n.t('Delete {0}? Running ones are stopped first. This cannot be undone.', list.map((j) => j.metadata.name).join(', ')),
      vscode.l10n.t('Delete'),
    ))
  )
    return;
  const api = services.session.require().api;
  await Promise.all(list.map((j) => api.trainingJobs.delete(j.metadata.id)));
  services.trees.refresh();
}

/** Streams a job's log into its own output channel, following the tail until the job ends. */
export async function showJobLogs(services: Services, node?: unknown): Promise<void> {
  const [job] = await targets(services, node, undefined, undefined, vscode.l10n.t('Show the log of which training job?'), false);
  if (!job) return;
  const channel = services.logChannels.open(`ModelArts: ${job.metadata.name}`);
  channel.clear();
  channel.show(true);
  const controller = services.logChannels.follow(channel.name);
  try {
    for await (const chunk of services.session
      .require()
      .api.trainingJobs.tailLogs(job.metadata.id, job.status.tasks?.[0] ?? 'worker-0', { signal: controller.signal }))
      channel.append(chunk.content);
    channel.appendLine(vscode.l10n.t('— end of log —'));
  } catch (err) {
    if (!isAbortError(err)) throw err;
  }
}
