import * as vscode from 'vscode';
import { platformKeyOf } from '../../panels/labeling/labelingPanels';
import type { DatasetNode } from '../../views/datasets/describe';
import type { CommandHandler } from '../command';
import { pickDatasets } from '../pick';
import { selectedNodes } from '../selection';

const t = vscode.l10n.t;

/**
 * Label…: opens the labeling panel of a dataset (the clicked node, or one picked from the
 * palette), one panel per dataset; one that is open is revealed. Resolves with the panel's key.
 */
export const labelDataset: CommandHandler<DatasetNode> = async (services, node) => {
  const connection = services.session.require();
  const [selected] = selectedNodes('dataset', node);
  const dataset = selected?.dataset ?? (await pickDatasets(connection, t('Label which dataset?')))[0];
  if (!dataset) return undefined;
  return services.labelingPanels.open({
    platform: platformKeyOf(connection) as string,
    datasetId: dataset.dataset_id,
    datasetName: dataset.dataset_name,
  });
};
