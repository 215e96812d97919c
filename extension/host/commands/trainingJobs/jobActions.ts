import * as vscode from 'vscode';
import type { JobPhase, TrainingJob } from '../../../core/api/resources/trainingJobTypes';
import { isAbortError } from '../../../core/util/abort';
import type { Connection } from '../../platform/session';
import type { Services } from '../../services';
import type { JobsNode } from '../../views/trainingJobs/describe';
import { ViewIds } from '../../views/viewIds';
import { actOnEach } from '../actOnEach';
import type { CommandHandler } from '../command';
import { askToConfirm } from '../confirm';
import { pickJobs } from '../pick';
import { selectedNodes } from '../selection';
import { metricsLinkText } from '../../panels/metrics/logLinks';

const t = vscode.l10n.t;

const active: readonly JobPhase[] = ['Creating', 'Pending', 'Running'];

/** The jobs a command acts on: the selection or the clicked node; from the palette, a pick of those in `phases`. */
async function targets(
  services: Services,
  node: unknown,
  nodes: unknown,
  phases: readonly JobPhase[] | undefined,
  placeHolder: string,
  many: boolean,
): Promise<TrainingJob[]> {
  const selected = selectedNodes('job', node, nodes);
  if (selected.length > 0) return selected.map((n) => n.job);
  return pickJobs(services.session.require(), phases, placeHolder, many);
}

/** Stop, after confirmation (`{ confirmed: true }` for scripts); each failure is reported, the others stop. */
export const stopJobs: CommandHandler<JobsNode> = async (services, node, nodes, options) => {
  const list = await targets(services, node, nodes, active, t('Stop which training jobs?'), true);
  if (list.length === 0) return undefined;
  const names = list.map((j) => j.metadata.name).join(', ');
  if (!(await askToConfirm(options, t('Stop {0}? Their processes end now.', names), t('Stop')))) return undefined;
  const api = services.session.require().api;
  return actOnEach(services, list, {
    act: (j) => api.trainingJobs.terminate(j.metadata.id),
    nameOf: (j) => j.metadata.name,
    couldNot: (name, reason) => t('Could not stop {0}: {1}', name, reason),
    refresh: [ViewIds.trainingJobs],
  });
};

/** Delete, after confirmation (`{ confirmed: true }` for scripts); running ones are stopped first. */
export const deleteJobs: CommandHandler<JobsNode> = async (services, node, nodes, options) => {
  const list = await targets(services, node, nodes, undefined, t('Delete which training jobs?'), true);
  if (list.length === 0) return undefined;
  const names = list.map((j) => j.metadata.name).join(', ');
  const question = t('Delete {0}? Running ones are stopped first. This cannot be undone.', names);
  if (!(await askToConfirm(options, question, t('Delete')))) return undefined;
  const api = services.session.require().api;
  return actOnEach(services, list, {
    act: (j) => api.trainingJobs.delete(j.metadata.id),
    nameOf: (j) => j.metadata.name,
    couldNot: (name, reason) => t('Could not delete {0}: {1}', name, reason),
    refresh: [ViewIds.trainingJobs],
  });
};

/** Streams a job's log into its own output channel, following the tail until the job ends. */
export const showJobLogs: CommandHandler<JobsNode> = async (services, node) => {
  const [job] = await targets(services, node, undefined, undefined, t('Show the log of which training job?'), false);
  if (!job) return;
  await showJobLogsOn(services, services.session.require(), job);
};

/** The same, for a job on a given connection (a job the editor ran locally while a cloud profile is active). */
export async function showJobLogsOn(services: Services, connection: Connection, job: TrainingJob): Promise<void> {
  // A long log keeps its end here; the whole of it is one command away.
  const channel = services.logChannels.open(
    `ModelArts: ${job.metadata.name}`,
    t('The whole log: `modelarts job logs {0}` in a terminal.', job.metadata.id),
  );
  channel.clear();
  // A link to the job's charts (see panels/metrics/logLinks.ts).
  channel.appendLine(t('[ModelArts] Metrics of this job: {0}', metricsLinkText(job.metadata.id)));
  channel.show(true);
  const controller = services.logChannels.follow(channel.name);
  try {
    for await (const chunk of connection.api.trainingJobs.tailLogs(job.metadata.id, job.status.tasks?.[0] ?? 'worker-0', {
      signal: controller.signal,
    }))
      channel.append(chunk.content);
    channel.appendLine(t('— end of log —'));
  } catch (err) {
    if (!isAbortError(err)) throw err;
  }
}
