import * as vscode from 'vscode';
import type { TrainingJob } from '../../../core/api/resources/trainingJobTypes';
import { type CloneChanges, cloneName, cloneRequest, jobDescriptionProblem, jobNameProblem } from '../../flows/jobClone';
import { MultiStep } from '../../flows/multiStep';
import type { Services } from '../../services';
import type { JobsNode } from '../../views/trainingJobs/describe';
import { ViewIds } from '../../views/viewIds';
import { selectedNodes } from '../selection';
import { matchesJobFilter } from '../../views/trainingJobs/filter';
import { pickJobs } from '../pick';
import { notify } from '../../notify';

const t = vscode.l10n.t;

/** Changes a script passed instead of going through the flow. */
function isScriptedChanges(arg: unknown): arg is CloneChanges {
  if (typeof arg !== 'object' || arg === null || !('name' in arg) || typeof arg.name !== 'string') return false;
  return !('description' in arg) || arg.description === undefined || typeof arg.description === 'string';
}

/** Names of jobs that contain the original's, so the default copy name is a free one. */
async function namesLike(services: Services, job: TrainingJob): Promise<Set<string>> {
  const names = new Set<string>();
  const workspaceId = job.metadata.workspace_id ?? services.session.require().workspaceId;
  for await (const j of services.session.require().api.trainingJobs.search({ workspaceId, name: job.metadata.name })) {
    names.add(j.metadata.name);
    if (names.size >= 500) break;
  }
  return names;
}

function askChanges(job: TrainingJob, taken: ReadonlySet<string>): Promise<CloneChanges> {
  const flow = new MultiStep(t('Clone {0}', job.metadata.name), 2);
  return flow.run<CloneChanges>([
    async () => ({
      name: await flow.inputBox({
        prompt: t('Name of the new job (code, engine, hyperparameters, data and resources are copied)'),
        value: cloneName(job.metadata.name, taken),
        validate: (v) => jobNameProblem(v, t),
      }),
    }),
    async () => ({
      description: await flow.inputBox({
        prompt: t('Description (optional)'),
        value: job.metadata.description ?? '',
        validate: (v) => jobDescriptionProblem(v, t),
      }),
    }),
  ]);
}

/** Tells where the new job is, with its log one click away (and the filter, when it hides the job). */
function announce(services: Services, created: TrainingJob, from: TrainingJob): void {
  const showLog = t('Show Log');
  const clear = t('Clear Filter');
  const filter = services.filters.trainingJobs.current();
  const hidden = filter !== undefined && !matchesJobFilter(created, filter);
  const message = hidden
    ? t('Training job {0} created from {1}; the filter of the Training Jobs view hides it.', created.metadata.name, from.metadata.name)
    : t('Training job {0} created from {1}.', created.metadata.name, from.metadata.name);
  const actions: Record<string, () => unknown> = {
    [showLog]: () => vscode.commands.executeCommand('modelarts.trainingJobs.showLogs', { kind: 'job', job: created }),
  };
  if (hidden) actions[clear] = () => services.filters.trainingJobs.set(undefined);
  notify('info', message, actions, services.log);
}

/**
 * Clone Job: a new job with everything of the chosen one but its name (`<name>-copy` unless
 * changed) and, optionally, its description. The spec is read fresh from the platform, not from
 * the view, which may be a poll behind. A script may pass `{name, description?}` as the third
 * argument (after the node and the selection). Returns the new job.
 */
export async function cloneJob(
  services: Services,
  node?: JobsNode,
  _nodes?: readonly JobsNode[],
  changes?: CloneChanges,
): Promise<TrainingJob | undefined> {
  const connection = services.session.require();
  const api = connection.api;
  const clicked = selectedNodes('job', node)[0]?.job;
  const [chosen] = clicked ? [clicked] : await pickJobs(connection, undefined, t('Clone which training job?'));
  if (!chosen) return undefined;
  const job = await api.trainingJobs.get(chosen.metadata.id);
  const wanted = isScriptedChanges(changes) ? changes : await askChanges(job, await namesLike(services, job));
  const problem = jobNameProblem(wanted.name, t) ?? jobDescriptionProblem(wanted.description ?? '', t);
  if (problem) throw new Error(problem);
  const created = await api.trainingJobs.create(cloneRequest(job, wanted));
  services.trees.refresh(ViewIds.trainingJobs);
  announce(services, created, job);
  return created;
}
