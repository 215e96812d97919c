import type { ModelArtsApi } from '../api/resources/modelArtsApi';
import type { Dataset } from '../api/resources/datasetTypes';
import { throwIfAborted } from '../util/abort';
import { formatDatasetTypes } from './formats';
import { type AnnotationFormat, LabelType } from './formats/model';
import { dataFolders, type DatasetSample, describeSample } from './samples';
import { LabelingError } from './sources';

/** What import and export report as they go, for a progress bar with cancel. */
export interface LabelingProgress {
  /** listing: paging through the samples; reading/writing: files; applying: batches; uploading: to OBS. */
  readonly phase: 'listing' | 'reading' | 'applying' | 'writing' | 'uploading';
  readonly done: number;
  /** Unknown while listing the first page. */
  readonly total?: number;
}

const typeNames: Readonly<Record<number, string>> = {
  [LabelType.imageClassification]: 'image classification',
  [LabelType.objectDetection]: 'object detection',
  [LabelType.imageSegmentation]: 'image segmentation',
  [LabelType.textClassification]: 'text classification',
  [LabelType.textEntity]: 'named entity recognition',
  [LabelType.textTriplet]: 'text triplet',
  [LabelType.audioClassification]: 'sound classification',
  [LabelType.audioContent]: 'speech content',
  [LabelType.audioSegmentation]: 'speech paragraph labelling',
};

/** `object detection (type 1)`. */
export function datasetTypeName(type: number): string {
  return `${typeNames[type] ?? 'type'} (type ${type})`;
}

/** Refuses a format that cannot hold the dataset's annotations, saying which can. */
export function checkFormatFits(format: AnnotationFormat, dataset: Dataset): void {
  if (formatDatasetTypes[format].includes(dataset.dataset_type)) return;
  const fits = (Object.keys(formatDatasetTypes) as AnnotationFormat[]).filter((f) => formatDatasetTypes[f].includes(dataset.dataset_type));
  throw new LabelingError(
    `${format} holds ${formatDatasetTypes[format].map(datasetTypeName).join(', ')} annotations; dataset ${dataset.dataset_name} is ${datasetTypeName(
      dataset.dataset_type,
    )}${fits.length > 0 ? `: use ${fits.join(' or ')}` : ', which no format here holds'}`,
  );
}

/** Every sample of the dataset, paged through the samples API (100 a page). */
export async function listDatasetSamples(
  api: ModelArtsApi,
  dataset: Dataset,
  options: { signal?: AbortSignal; onProgress?(done: number, total?: number): void } = {},
): Promise<DatasetSample[]> {
  const folders = dataFolders(dataset);
  const out: DatasetSample[] = [];
  const total = dataset.total_sample_count;
  for await (const s of api.datasets.samples(dataset.dataset_id, {
    pageSize: 100,
    ...(options.signal ? { signal: options.signal } : {}),
  })) {
    out.push(describeSample(s, folders));
    if (out.length % 100 === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(out.length, total);
    }
  }
  options.onProgress?.(out.length, out.length);
  return out;
}
