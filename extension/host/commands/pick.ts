import * as vscode from 'vscode';
import type { Dataset } from '../../core/api/resources/datasetTypes';
import type { Image } from '../../core/api/resources/images';
import type { Notebook } from '../../core/api/resources/notebookTypes';
import type { JobPhase, TrainingJob } from '../../core/api/resources/trainingJobTypes';
import type { Workspace } from '../../core/api/resources/workspaces';
import { abortError } from '../../core/util/abort';
import type { Connection } from '../platform/session';

/**
 * Quick picks for commands run from the palette (no tree node given). Cancelling the pick
 * cancels the command quietly.
 */
async function pick<T>(
  items: Promise<readonly T[]>,
  toItem: (t: T) => vscode.QuickPickItem,
  placeHolder: string,
  empty: string,
  canPickMany = false,
): Promise<T[]> {
  const list = await items;
  if (list.length === 0) throw new Error(empty);
  const picks = list.map((value) => ({ ...toItem(value), value }));
  const chosen = canPickMany
    ? await vscode.window.showQuickPick(picks, { placeHolder, canPickMany: true, matchOnDescription: true })
    : await vscode.window.showQuickPick(picks, { placeHolder, matchOnDescription: true });
  const result = Array.isArray(chosen) ? chosen : chosen ? [chosen] : [];
  if (result.length === 0) throw abortError();
  return result.map((p) => p.value);
}

export function pickNotebooks(
  connection: Connection,
  filter: (n: Notebook) => boolean,
  placeHolder: string,
  canPickMany = false,
): Promise<Notebook[]> {
  const list = connection.api.notebooks.listAll({ workspaceId: connection.workspaceId }).then((all) => all.filter(filter));
  return pick(
    list,
    (n) => ({ label: n.name, description: n.status, detail: n.id }),
    placeHolder,
    vscode.l10n.t('No notebook in this workspace fits.'),
    canPickMany,
  );
}

/** The newest 200 jobs, in the given phases (filtered by the search API, not by reading every page). */
export async function pickJobs(
  connection: Connection,
  phases: readonly JobPhase[] | undefined,
  placeHolder: string,
  canPickMany = false,
): Promise<TrainingJob[]> {
  const jobs: TrainingJob[] = [];
  for await (const job of connection.api.trainingJobs.search({
    workspaceId: connection.workspaceId,
    sortBy: 'create_time',
    order: 'desc',
    ...(phases ? { phases: [...phases] } : {}),
  })) {
    jobs.push(job);
    if (jobs.length >= 200) break;
  }
  return pick(
    Promise.resolve(jobs),
    (j) => ({ label: j.metadata.name, description: j.status.phase, detail: j.metadata.id }),
    placeHolder,
    vscode.l10n.t('No training job in this workspace fits.'),
    canPickMany,
  );
}

export function pickImages(
  connection: Connection,
  filter: (i: Image) => boolean,
  placeHolder: string,
  canPickMany = false,
): Promise<Image[]> {
  const list = connection.api.images.listAll({ workspaceId: connection.workspaceId }).then((all) => all.filter(filter));
  return pick(
    list,
    (i) => ({ label: i.name, description: i.tag, detail: i.swr_path }),
    placeHolder,
    vscode.l10n.t('No image in this workspace fits.'),
    canPickMany,
  );
}

export function pickDatasets(connection: Connection, placeHolder: string, canPickMany = false): Promise<Dataset[]> {
  const list = connection.api.datasets.listAll({ workspaceId: connection.workspaceId });
  return pick(
    list,
    (d) => ({ label: d.dataset_name, description: d.data_sources?.[0]?.data_path, detail: d.dataset_id }),
    placeHolder,
    vscode.l10n.t('There are no datasets in this workspace.'),
    canPickMany,
  );
}

export function pickWorkspace(connection: Connection, placeHolder: string): Promise<Workspace[]> {
  return pick(
    connection.api.workspaces.listAll(),
    (w) => ({ label: w.name, description: w.id === connection.workspaceId ? vscode.l10n.t('current') : w.id }),
    placeHolder,
    vscode.l10n.t('There are no workspaces.'),
  );
}
