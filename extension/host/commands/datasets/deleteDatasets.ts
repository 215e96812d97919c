import * as vscode from 'vscode';
import type { DatasetNode } from '../../views/datasets/describe';
import { ViewIds } from '../../views/viewIds';
import { actOnEach } from '../actOnEach';
import type { CommandHandler } from '../command';
import { askToConfirm } from '../confirm';
import { pickDatasets } from '../pick';
import { selectedNodes } from '../selection';

const t = vscode.l10n.t;

/**
 * Delete Dataset: deletes datasets (the selection, the clicked node, or a pick) and their labels
 * after confirmation, `{ confirmed: true }` for scripts; the files in storage stay.
 */
export const deleteDatasets: CommandHandler<DatasetNode> = async (services, node, nodes, options) => {
  const connection = services.session.require();
  const selected = selectedNodes('dataset', node, nodes);
  const datasets = selected.length > 0 ? selected.map((n) => n.dataset) : await pickDatasets(connection, t('Delete which datasets?'), true);
  if (datasets.length === 0) return undefined;
  const names = datasets.map((d) => d.dataset_name).join(', ');
  const question = t('Delete {0}? Their labels are deleted too; the files in storage stay. This cannot be undone.', names);
  if (!(await askToConfirm(options, question, t('Delete')))) return undefined;
  return actOnEach(services, datasets, {
    act: (d) => connection.api.datasets.delete(d.dataset_id),
    nameOf: (d) => d.dataset_name,
    couldNot: (name, reason) => t('Could not delete {0}: {1}', name, reason),
    refresh: [ViewIds.datasets],
  });
};
