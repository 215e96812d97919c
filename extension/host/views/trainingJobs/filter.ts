import type { JobPhase, TrainingJob } from '../../../core/api/resources/trainingJobTypes';
import type { Translate } from '../node';
import { groupLabel, type JobGroupName, groupOrder } from './describe';

/**
 * The Training Jobs view's filter: a name substring (any case) and the status groups the view
 * shows. Either part may be absent; with neither there is no filter.
 */
export interface JobFilter {
  readonly name?: string;
  readonly groups: readonly JobGroupName[];
}

/** The phases behind each status group, for the search API's `phase in […]` filter (kept in step with groupOf). */
export const groupPhases: Readonly<Record<JobGroupName, readonly JobPhase[]>> = {
  Running: ['Running', 'Terminating'],
  Pending: ['Creating', 'Pending'],
  Completed: ['Completed'],
  Failed: ['Failed', 'Abnormal'],
  Terminated: ['Terminated'],
};

/** Longest name fragment kept: job names are at most 64 characters. */
const maxName = 64;

/**
 * What the search API is asked. Both the cloud and local mode filter `name` (like) and `phase`
 * (in) on the server, so paging ("load more") counts only matching jobs.
 */
export function jobSearchFilter(filter: JobFilter | undefined): { name?: string; phases?: JobPhase[] } {
  if (!filter) return {};
  return {
    ...(filter.name ? { name: filter.name } : {}),
    ...(filter.groups.length > 0 ? { phases: filter.groups.flatMap((g) => groupPhases[g]) } : {}),
  };
}

/** The same test as the server's, for a job the view has not reloaded yet (a clone just made). */
export function matchesJobFilter(job: TrainingJob, filter: JobFilter): boolean {
  const { name, phases } = jobSearchFilter(filter);
  return (!name || job.metadata.name.toLowerCase().includes(name.toLowerCase())) && (!phases || phases.includes(job.status.phase));
}

/** What the view's description shows while filtered, e.g. `“resnet” · Running, Failed`. */
export function describeJobFilter(filter: JobFilter, t: Translate): string {
  return [filter.name ? `“${filter.name}”` : '', filter.groups.map((g) => groupLabel(g, t)).join(', ')].filter(Boolean).join(' · ');
}

/**
 * A filter from what was stored (or passed to the command by a script): the name is trimmed,
 * unknown groups are dropped (any case accepted), and a filter that selects nothing is undefined.
 */
export function parseJobFilter(raw: unknown): JobFilter | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { name, groups } = raw as { name?: unknown; groups?: unknown };
  const text = typeof name === 'string' ? name.trim().slice(0, maxName) : '';
  const wanted = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string').map((g) => g.toLowerCase()) : [];
  const filter: JobFilter = { ...(text ? { name: text } : {}), groups: groupOrder.filter((g) => wanted.includes(g.toLowerCase())) };
  return filter.name || filter.groups.length > 0 ? filter : undefined;
}
