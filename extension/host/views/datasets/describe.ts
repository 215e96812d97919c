import type { Dataset } from '../../../core/api/resources/datasetTypes';
import type { NodeDescription, Translate } from '../node';
import { mdCode, mdText } from '../markdown';

export interface DatasetNode {
  readonly kind: 'dataset';
  readonly dataset: Dataset;
}

/** Literal calls, so the translation check sees every type name. */
function typeLabel(type: number, t: Translate): string {
  if (type === 0) return t('Image classification');
  if (type === 1) return t('Object detection');
  if (type === 100) return t('Text classification');
  if (type === 101) return t('Named entities');
  return String(type);
}
const typeIcons: Readonly<Record<number, string>> = { 0: 'file-media', 1: 'symbol-ruler', 100: 'symbol-text', 101: 'symbol-key' };
const typeContexts: Readonly<Record<number, string>> = { 0: 'classification', 1: 'detection', 100: 'text', 101: 'entity' };

/** A dataset: type, sample count and labelled count. */
export function describeDataset(node: DatasetNode, t: Translate): NodeDescription {
  const d = node.dataset;
  const total = d.total_sample_count ?? 0;
  const labelled = d.annotated_sample_count ?? 0;
  const type = typeLabel(d.dataset_type, t);
  return {
    id: `dataset/${d.dataset_id}`,
    label: d.dataset_name,
    description: t('{0} · {1}/{2} labelled', type, labelled, total),
    tooltip: [
      `**${mdText(d.dataset_name)}** — ${type}`,
      d.description ? mdText(d.description) : undefined,
      `${t('Samples')}: ${total}, ${t('labelled')}: ${labelled}`,
      d.data_sources?.[0] ? `${t('Data')}: ${mdCode(d.data_sources[0].data_path)}` : undefined,
      `${t('ID')}: ${mdCode(d.dataset_id)}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    icon: typeIcons[d.dataset_type] ?? 'database',
    contextValue: `dataset.${typeContexts[d.dataset_type] ?? 'classification'}`,
  };
}
