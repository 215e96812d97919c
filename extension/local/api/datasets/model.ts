import type { Dataset, Label, Sample, SampleLabel as ApiSampleLabel, SampleUsage } from '../../../core/api/resources/datasetTypes';
import { ApiError } from '../../http/apiError';

export type { SampleUsage };

/**
 * Datasets and labeling: the stored records, the enums of modelarts-api.md section 7.1 and the
 * ModelArts error codes of section 7.3. Pure data; no I/O here.
 */

/** `dataset_type` values served locally (7.1). The other platform types are refused at create. */
export const DatasetType = { imageClassification: 0, objectDetection: 1, textClassification: 100, textEntity: 101 } as const;
export type DatasetTypeValue = (typeof DatasetType)[keyof typeof DatasetType];
export const supportedDatasetTypes: readonly number[] = Object.values(DatasetType);

/** Text datasets: every non-blank line of a `.txt` file is a sample. */
export function isTextDataset(type: number): boolean {
  return type === DatasetType.textClassification || type === DatasetType.textEntity;
}

/** `sample_type` (7.1): 0 image, 1 text. */
export const SampleType = { image: 0, text: 1 } as const;

/** Dataset `status` (7.1). Local datasets are indexed before create answers, so they are always normal. */
export const datasetStatusNormal = 1;

/**
 * `sample_state` filter values (7.1, OTC ListSamples). `__ALL__` means labelled, `__NONE__`
 * unlabelled. The review, team and auto-labelling states exist on the platform but no local sample
 * is ever in them, so they are accepted and match nothing.
 */
export const sampleStates = [
  '__ALL__',
  '__NONE__',
  '__UNCHECK__',
  '__ACCEPTED__',
  '__REJECTED__',
  '__UNREVIEWED__',
  '__REVIEWED__',
  '__WORKFORCE_SAMPLED__',
  '__WORKFORCE_SAMPLED_UNCHECK__',
  '__WORKFORCE_SAMPLED_CHECKED__',
  '__WORKFORCE_SAMPLED_ACCEPTED__',
  '__WORKFORCE_SAMPLED_REJECTED__',
  '__AUTO_ANNOTATION__',
] as const;

/**
 * A sample's `sample_status` in answers. The reference shows `MANUAL_ANNOTATION` for a labelled
 * sample [unsure]; `UN_ANNOTATION` for an unlabelled one is our choice, written down here.
 */
export type SampleStatus = 'UN_ANNOTATION' | 'MANUAL_ANNOTATION';

/** `sample_usage` (7.1). */
export const sampleUsages: readonly SampleUsage[] = ['TRAIN', 'EVAL', 'TEST', 'INFERENCE'];

/** Object detection geometry kinds (7.3 `@modelarts:shape`). */
export const shapes = ['bndbox', 'polygon', 'circle', 'line', 'dashed', 'point', 'polyline'] as const;

/** A dataset-level label definition (7.3), as stored: every field filled. */
export type LabelDef = Required<Label>;

/** One annotation on a sample: ModelArts' SampleLabel (7.3), as stored: type, author and property filled. */
export type SampleLabel = ApiSampleLabel & Required<Pick<ApiSampleLabel, 'type' | 'annotated_by' | 'property'>>;

/** A dataset as stored; its labels and samples live in its SampleStore (sampleStore.ts). */
export interface DatasetRecord {
  readonly id: string;
  readonly dataset_name: string;
  readonly dataset_type: DatasetTypeValue;
  readonly description: string;
  readonly data_sources: readonly { readonly data_type: 0; readonly data_path: string }[];
  readonly work_path: string;
  readonly workspace_id: string;
  readonly create_time: number;
  readonly update_time: number;
  /** Samples that sync found gone from storage, cumulative (the platform's `deleted_sample_count`). */
  readonly deleted_sample_count: number;
}

/** One sample as stored: where it comes from, what the scan learnt, and its annotations. */
export interface StoredSample {
  /** 32 hex characters, derived from where the sample is, so it is stable across syncs. */
  readonly sample_id: string;
  readonly sample_type: number;
  readonly bucket: string;
  readonly key: string;
  /** Text samples: the 1-based line in the file, and the line itself. */
  readonly line?: number;
  readonly text?: string;
  readonly size: number;
  readonly sha256: string;
  readonly width?: number;
  readonly height?: number;
  readonly depth?: number;
  readonly format?: string;
  readonly sample_time: number;
  readonly labels: readonly SampleLabel[];
  readonly sample_usage?: SampleUsage;
  readonly annotated_time?: number;
  /** Sample-level hard example marks (`metadata["@modelarts:hard"]` and friends, 7.3). */
  readonly hard?: boolean;
  readonly hard_coefficient?: number;
  readonly hard_reasons?: readonly number[];
  /**
   * The dataset change (journal seq) that last touched this sample: its annotations, usage, hard
   * marks, a label rename or delete that reached it, or a sync that re-read it. Strictly
   * increasing per dataset, never reused, so equal means unchanged (`annotation_revision`).
   */
  readonly revision: number;
  /** When that change was made, ms. */
  readonly update_time: number;
}

/** The fields a client changes through batch annotation; the rest comes from storage. */
export type AnnotationFields = Pick<
  StoredSample,
  'labels' | 'sample_usage' | 'annotated_time' | 'hard' | 'hard_coefficient' | 'hard_reasons'
>;

/**
 * Until the journalled store, a dataset's labels and samples were one record rewritten whole on
 * every change (`state/dataset-samples/<id>.json`). Read only to migrate (migrate.ts).
 */
export interface LegacySampleSet {
  readonly id: string;
  readonly labels: readonly LabelDef[];
  readonly samples: readonly Omit<StoredSample, 'revision' | 'update_time'>[];
}

/**
 * The order samples are listed in: by storage path, then line. A function of the samples alone,
 * so a sync's added samples land where a fresh scan would put them, live and when replayed.
 */
export function compareSamples(a: StoredSample, b: StoredSample): number {
  if (a.bucket !== b.bucket) return a.bucket < b.bucket ? -1 : 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0);
}

/** The ModelArts dataset errors (7.3): HTTP 400, as the platform answers "not found" too. */
export const DatasetErrors = {
  datasetExists: (name: string) => new ApiError(400, 'ModelArts.4351', `A dataset named ${name} already exists.`),
  datasetNotFound: (id: string) => new ApiError(400, 'ModelArts.4352', `The dataset ${id} does not exist.`),
  labelNotFound: (name: string, where: string) =>
    new ApiError(
      400,
      'ModelArts.4410',
      `${where}: label ${JSON.stringify(name)} is not defined in the dataset; add it first (POST .../data-annotations/labels).`,
    ),
  labelExists: (name: string) => new ApiError(400, 'ModelArts.4411', `The label ${JSON.stringify(name)} already exists in the dataset.`),
  sampleNotFound: (id: string, where = 'sample') =>
    new ApiError(400, 'ModelArts.4420', `${where}: the sample ${id} does not exist in the dataset.`),

  pathMissing: (path: string, why: string) => new ApiError(400, 'ModelArts.4312', `The storage path ${path} ${why}.`),
  subdirRequired: (field: string) =>
    new ApiError(400, 'ModelArts.4205', `${field} must be a directory inside a bucket, not the bucket itself.`),
} as const;

/** The labelled state as answered: a sample with at least one annotation is labelled. */
export function sampleStatus(s: StoredSample): SampleStatus {
  return s.labels.length > 0 ? 'MANUAL_ANNOTATION' : 'UN_ANNOTATION';
}

/** `obs://bucket/key`: how answers name a stored object. */
export function obsUri(bucket: string, key: string): string {
  return `obs://${bucket}/${key}`;
}

/** `sample_name` as answered and searched: the file name, `file.txt#L3` for a text line. */
export function sampleName(s: StoredSample): string {
  const fileName = s.key.slice(s.key.lastIndexOf('/') + 1);
  return s.sample_type === SampleType.text ? `${fileName}#L${s.line}` : fileName;
}

/** The metadata a sample is answered with, the read-only keys first (see metadata.ts). */
export function sampleMetadata(s: StoredSample): Record<string, unknown> {
  const metadata: Record<string, unknown> = { '@modelarts:import_origin': 0 };
  if (s.width !== undefined && s.height !== undefined) metadata['@modelarts:size'] = [s.width, s.height, s.depth ?? 3];
  if (s.sample_type === SampleType.text) {
    // Local extension: where the line came from, so a client can show it in context.
    metadata['@modelarts:source_file'] = obsUri(s.bucket, s.key);
    metadata['@modelarts:source_line'] = s.line;
  }
  // The platform types the sample-level mark as a Double, 0 or 1.
  if (s.hard !== undefined) metadata['@modelarts:hard'] = s.hard ? 1 : 0;
  if (s.hard_coefficient !== undefined) metadata['@modelarts:hard_coefficient'] = s.hard_coefficient;
  if (s.hard_reasons !== undefined) metadata['@modelarts:hard_reasons'] = s.hard_reasons;
  return metadata;
}

/** A sample as the API answers it (OTC ListSamples / DescribeSample fields). */
export function sampleView(s: StoredSample): Sample {
  const slash = s.key.lastIndexOf('/');
  const isText = s.sample_type === SampleType.text;
  const metadata = sampleMetadata(s);
  return {
    sample_id: s.sample_id,
    sample_type: s.sample_type,
    sample_name: sampleName(s),
    sample_dir: `/${s.bucket}/${s.key.slice(0, slash + 1)}`,
    sample_size: isText ? Buffer.byteLength(s.text ?? '', 'utf8') : s.size,
    sample_time: s.sample_time,
    sample_status: sampleStatus(s),
    // The cloud answers a temporary signed OBS URL here. Locally: the object's storage path for
    // images (read it through the S3 endpoint, or GET .../samples/{id}/content), and for text the
    // line itself as `content://`, as the manifest format (7.4) writes inline text.
    source: isText ? `content://${s.text ?? ''}` : obsUri(s.bucket, s.key),
    ...(isText ? { sample_data: [s.text ?? ''] } : {}),
    labels: s.labels,
    metadata,
    ...(s.sample_usage ? { sample_usage: s.sample_usage } : {}),
    // Local extension: lets a client cache content and notice that the object changed.
    sha256: s.sha256,
    // Local extensions for conflict detection: send annotation_revision back with a change and it
    // is applied only if the sample is still as read (see the updateAnnotations route).
    annotation_revision: s.revision,
    update_time: s.update_time,
  };
}

/** What a dataset answer needs from its sample store. */
export interface SampleSummary {
  readonly labels: readonly LabelDef[];
  readonly total: number;
  readonly annotated: number;
  /** The last change to labels or samples, ms (0 for none since create). */
  readonly updateTime: number;
}

/** The dataset object of list and detail answers (7.2 dataset fields). */
export function datasetView(d: DatasetRecord, summary: SampleSummary, withLabels: boolean): Dataset {
  const { labels, total, annotated } = summary;
  return {
    dataset_id: d.id,
    dataset_name: d.dataset_name,
    dataset_type: d.dataset_type,
    dataset_format: 0,
    description: d.description,
    status: datasetStatusNormal,
    data_sources: d.data_sources,
    data_url: d.data_sources[0]?.data_path,
    work_path: d.work_path,
    work_path_type: 0,
    ...(withLabels ? { labels } : {}),
    total_sample_count: total,
    annotated_sample_count: annotated,
    unconfirmed_sample_count: 0,
    deleted_sample_count: d.deleted_sample_count,
    current_version_id: '',
    current_version_name: '',
    dataset_version_count: 0,
    create_time: d.create_time,
    update_time: Math.max(d.update_time, summary.updateTime),
    workspace_id: d.workspace_id,
    enterprise_project_id: '0',
    exist_running_task: false,
    running_tasks_id: [],
    dataset_tags: [],
  };
}
