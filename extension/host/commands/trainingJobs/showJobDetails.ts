import * as vscode from 'vscode';
import type { TrainingJob } from '../../../core/api/resources/trainingJobTypes';
import type { Services } from '../../services';
import type { JobsNode } from '../../views/trainingJobs/describe';
import type { CommandHandler } from '../command';
import { pickJobs } from '../pick';
import { selectedNodes } from '../selection';

const t = vscode.l10n.t;

/**
 * Show Details: the job's panel (spec, status history and events, duration, parameters, inputs
 * and outputs, with its log, metrics and resubmit a click away), one per job, revealed again
 * when it is open. From a job's node (a click, its inline button or its menu), `{ jobId }` from a
 * script, or the palette (a pick). Resolves with the panel's key.
 */
export const showJobDetails: CommandHandler<JobsNode> = async (services, node, nodes) => {
  const [job] = await jobFor(services, node, nodes);
  if (!job) return undefined;
  return services.jobDetailsPanels.open(job);
};

async function jobFor(services: Services, node: unknown, nodes: unknown): Promise<TrainingJob[]> {
  const selected = selectedNodes('job', node, nodes);
  if (selected.length > 0) return selected.map((n) => n.job);
  const jobId = (node as { jobId?: unknown } | undefined)?.jobId;
  if (typeof jobId === 'string' && jobId !== '') return [await services.session.require().api.trainingJobs.get(jobId)];
  return pickJobs(services.session.require(), undefined, t('Show the details of which training job?'));
}
