import type { TrainingJob } from '../../../core/api/resources/trainingJobTypes';
import { english } from '../../../core/util/translate';
import type { NodeDescription, Translate } from '../node';
import { jobPhaseText } from '../statusText';
import { mdCode, mdText } from '../markdown';

export type JobGroupName = 'Running' | 'Pending' | 'Completed' | 'Failed' | 'Terminated';

export type JobsNode =
  | { readonly kind: 'jobGroup'; readonly group: JobGroupName; readonly jobs: readonly TrainingJob[] }
  | { readonly kind: 'job'; readonly job: TrainingJob }
  /** The view's filter hides every job: a row that clears it, so the view is never a dead end. */
  | { readonly kind: 'noMatch' };

/** Which group a phase falls in (the view groups jobs by status, newest first inside each). */
export function groupOf(phase: string): JobGroupName {
  switch (phase) {
    case 'Running':
    case 'Terminating':
      return 'Running';
    case 'Creating':
    case 'Pending':
    case 'Waiting':
      return 'Pending';
    case 'Completed':
      return 'Completed';
    case 'Terminated':
      return 'Terminated';
    default:
      return 'Failed';
  }
}

export const groupOrder: readonly JobGroupName[] = ['Running', 'Pending', 'Failed', 'Completed', 'Terminated'];

/** Groups jobs, newest first in each group, empty groups left out. */
export function groupJobs(jobs: readonly TrainingJob[]): JobsNode[] {
  return groupOrder
    .map((group) => ({
      kind: 'jobGroup' as const,
      group,
      jobs: jobs.filter((j) => groupOf(j.status.phase) === group).sort((a, b) => b.metadata.create_time - a.metadata.create_time),
    }))
    .filter((g) => g.jobs.length > 0);
}

export function formatDuration(ms: number | undefined, t: Translate = english): string | undefined {
  if (!ms || ms < 0) return undefined;
  const s = Math.round(ms / 1000);
  if (s === 0) return t('<1s');
  if (s < 60) return t('{0}s', s);
  const m = Math.floor(s / 60);
  return m < 60 ? t('{0}m {1}s', m, s % 60) : t('{0}h {1}m', Math.floor(m / 60), m % 60);
}

const groupIcons: Readonly<Record<JobGroupName, string>> = {
  Running: 'sync~spin',
  Pending: 'watch',
  Completed: 'pass|charts.green',
  Failed: 'error|errorForeground',
  Terminated: 'circle-slash',
};

export function isJobTransitional(node: JobsNode): boolean {
  if (node.kind === 'noMatch') return false;
  return node.kind === 'jobGroup'
    ? node.group === 'Running' || node.group === 'Pending'
    : ['Running', 'Pending', 'Creating', 'Terminating', 'Waiting'].includes(node.job.status.phase);
}

/** Literal calls, so the translation check sees every group name. */
export function groupLabel(group: JobGroupName, t: Translate): string {
  switch (group) {
    case 'Running':
      return t('Running');
    case 'Pending':
      return t('Pending');
    case 'Completed':
      return t('Completed');
    case 'Failed':
      return t('Failed');
    case 'Terminated':
      return t('Terminated');
  }
}

export function describeJobsNode(node: JobsNode, t: Translate): NodeDescription {
  if (node.kind === 'noMatch') {
    return {
      id: 'jobs/noMatch',
      label: t('No training job matches the filter.'),
      description: t('click to clear it'),
      icon: 'filter',
      contextValue: 'filter.noMatch',
      command: { command: 'modelarts.trainingJobs.clearFilter', title: t('Clear Filter') },
    };
  }
  if (node.kind === 'jobGroup') {
    return {
      id: `jobGroup/${node.group}`,
      label: groupLabel(node.group, t),
      description: String(node.jobs.length),
      icon: groupIcons[node.group],
      contextValue: `jobGroup.${node.group.toLowerCase()}`,
      collapsible: node.group === 'Completed' || node.group === 'Terminated' ? 'collapsed' : 'expanded',
    };
  }
  const j = node.job;
  const phase =
    j.status.secondary_phase && j.status.secondary_phase !== j.status.phase
      ? `${jobPhaseText(j.status.phase, t)} (${jobPhaseText(j.status.secondary_phase, t)})`
      : jobPhaseText(j.status.phase, t);
  const note = taskNote(j);
  return {
    id: `job/${j.metadata.id}`,
    label: j.metadata.name,
    description: [phase, formatDuration(j.status.duration, t)].filter(Boolean).join(' · '),
    tooltip: [
      `**${mdText(j.metadata.name)}** — ${mdText(phase)}`,
      note,
      `${t('Flavor')}: ${mdText(j.spec.resource.flavor_id)}`,
      `${t('Created')}: ${new Date(j.metadata.create_time).toLocaleString()}`,
      `${t('ID')}: ${mdCode(j.metadata.id)}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    icon: groupIcons[groupOf(j.status.phase)],
    contextValue: `trainingJob.${j.status.phase.toLowerCase()}`,
    // A click opens the job's details, as a click on a file opens it.
    command: { command: 'modelarts.trainingJobs.showDetails', title: t('Show Details'), arguments: [node] },
  };
}

/**
 * What the task's own message adds to the tooltip: a failed job's reason, with a warning sign; a
 * terminated job's ("Killed by SIGTERM") plainly; nothing for a clean exit, which the phase says
 * already ("⚠ Exit code 0" on a Completed job read as a problem).
 */
function taskNote(j: TrainingJob): string | undefined {
  const task = j.status.task_statuses?.[0];
  if (!task?.message) return undefined;
  if (groupOf(j.status.phase) === 'Failed') return `⚠ ${mdText(task.message)}`;
  return task.exit_code === 0 ? undefined : mdText(task.message);
}
