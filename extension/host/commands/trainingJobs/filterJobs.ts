import * as vscode from 'vscode';
import { MultiStep } from '../../flows/multiStep';
import type { Services } from '../../services';
import { groupLabel, type JobGroupName, groupOrder } from '../../views/trainingJobs/describe';
import { type JobFilter, parseJobFilter } from '../../views/trainingJobs/filter';

const t = vscode.l10n.t;

/** A filter a script passed (`{name: 'resnet', groups: ['Failed']}`), told apart from anything else VS Code may pass. */
function isScriptedFilter(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && ('name' in arg || 'groups' in arg);
}

/**
 * Filter Jobs…: part of the name, then the statuses to show, each starting from the filter in
 * force; an empty name and no status checked show every job again. Returns the filter now in force.
 */
export async function filterJobs(services: Services, filter?: unknown): Promise<JobFilter | undefined> {
  if (isScriptedFilter(filter)) return services.filters.trainingJobs.set(parseJobFilter(filter));
  const current = services.filters.trainingJobs.current();
  const flow = new MultiStep(t('Filter Training Jobs'), 2);
  const chosen = await flow.run<{ name: string; groups: JobGroupName[] }>([
    async () => ({
      name: await flow.inputBox({
        prompt: t('Show jobs whose name contains (empty: any name)'),
        value: current?.name ?? '',
        validate: (v) => (v.trim().length > 64 ? t('Job names are at most 64 characters.') : undefined),
      }),
    }),
    async () => {
      const items = groupOrder.map((group) => ({ label: groupLabel(group, t), picked: current?.groups.includes(group) ?? false, group }));
      return {
        groups: (await flow.pickMany({ placeholder: t('Show jobs in these statuses (none checked: any status)'), items, min: 0 })).map(
          (i) => i.group,
        ),
      };
    },
  ]);
  return services.filters.trainingJobs.set(parseJobFilter(chosen));
}

/** Clear Filter: every job again. */
export async function clearJobFilter(services: Services): Promise<void> {
  await services.filters.trainingJobs.set(undefined);
}
