/**
 * Dataset and labeling DTOs (reference §7): datasets, samples, their annotations (SampleLabel),
 * dataset label definitions (Label), batch annotation, statistics. Local mode serves dataset types
 * 0 (image classification), 1 (object detection) and 100 (text classification).
 */

/** `dataset_type`: 0 image classification, 1 object detection, 3 segmentation, 100 text classification, 101 NER, … 900 custom. */
export type DatasetType = 0 | 1 | 3 | 100 | 101 | 102 | 200 | 201 | 202 | 400 | 600 | 900;

/** `sample_state` filter: `__ALL__` labelled, `__NONE__` unlabelled, and review/team states. */
export type SampleState =
  | '__ALL__'
  | '__NONE__'
  | '__UNCHECK__'
  | '__ACCEPTED__'
  | '__REJECTED__'
  | '__UNREVIEWED__'
  | '__REVIEWED__'
  | '__WORKFORCE_SAMPLED__'
  | '__WORKFORCE_SAMPLED_UNCHECK__'
  | '__WORKFORCE_SAMPLED_CHECKED__'
  | '__WORKFORCE_SAMPLED_ACCEPTED__'
  | '__WORKFORCE_SAMPLED_REJECTED__'
  | '__AUTO_ANNOTATION__';

/** `sample_usage`. */
export type SampleUsage = 'TRAIN' | 'EVAL' | 'TEST' | 'INFERENCE';

/** A dataset-level label definition. `property` keys: `@modelarts:color`, `@modelarts:default_shape`, `@modelarts:shortcut`… */
export interface Label {
  readonly name: string;
  readonly type?: number;
  readonly property?: Readonly<Record<string, string>>;
  readonly attributes?: readonly unknown[];
}

/**
 * One annotation on a sample. For object detection `property` carries `@modelarts:shape`
 * (`bndbox`…) and `@modelarts:feature` (pixel points; a bndbox is `[[xmin,ymin],[xmax,ymax]]`).
 */
export interface SampleLabel {
  readonly id?: string;
  readonly name: string;
  readonly type?: number;
  /** 0–1. */
  readonly score?: number;
  readonly annotated_by?: 'human' | 'auto' | (string & {});
  readonly property?: Readonly<Record<string, unknown>>;
}

/** A dataset, as list and get return it. */
export interface Dataset {
  readonly dataset_id: string;
  readonly dataset_name: string;
  readonly dataset_type: DatasetType | number;
  /** 0 file, 1 table. */
  readonly dataset_format?: number;
  readonly description?: string;
  /** 0 creating, 1 normal, 2 deleting, 3 deleted, 4 abnormal, 5 synchronizing, 6 releasing, 7 version switching, 8 importing. */
  readonly status: number;
  readonly data_sources?: readonly { readonly data_type?: number; readonly data_path: string }[];
  readonly data_url?: string;
  /** `/bucket/dir/`. */
  readonly work_path?: string;
  readonly work_path_type?: number;
  readonly labels?: readonly Label[];
  readonly total_sample_count?: number;
  readonly annotated_sample_count?: number;
  readonly unconfirmed_sample_count?: number;
  readonly deleted_sample_count?: number;
  readonly current_version_id?: string;
  readonly current_version_name?: string;
  readonly dataset_version_count?: number;
  readonly create_time?: number;
  readonly update_time?: number;
  readonly workspace_id?: string;
  readonly enterprise_project_id?: string;
  readonly exist_running_task?: boolean;
  readonly running_tasks_id?: readonly string[];
  readonly import_task_id?: string;
  readonly dataset_tags?: readonly unknown[];
  // Cloud-only fields.
  readonly inner_annotation_path?: string;
  readonly inner_data_path?: string;
  readonly inner_work_path?: string;
  readonly versions?: readonly unknown[];
  readonly samples?: readonly unknown[];
  readonly managed?: boolean;
  readonly schema?: readonly unknown[];
}

/** Body of create. */
export interface DatasetCreateRequest {
  /** 1–100 letters, digits, `_`, `-`. */
  readonly dataset_name: string;
  readonly dataset_type: DatasetType | number;
  /** Where the samples are, e.g. `[{data_type: 0, data_path: '/bucket/images/'}]`. */
  readonly data_sources: readonly { readonly data_type?: number; readonly data_path: string }[];
  /** Local mode also takes one `data_path` in place of `data_sources`. */
  readonly data_path?: string;
  /** Where the platform writes (not a bare bucket), e.g. `/bucket/output/`. */
  readonly work_path: string;
  /** 0 = OBS (the default sent). */
  readonly work_path_type?: number;
  readonly description?: string;
  readonly labels?: readonly Label[];
  readonly workspace_id?: string;
  readonly import_annotations?: boolean;
  readonly label_format?: unknown;
  readonly managed?: boolean;
}

/** Body of update: rename, describe, and label changes (add, update, delete). */
export interface DatasetUpdateRequest {
  readonly dataset_name?: string;
  readonly description?: string;
  readonly add_labels?: readonly Label[];
  readonly update_labels?: readonly Label[];
  readonly delete_labels?: readonly Pick<Label, 'name'>[];
}

/** A sample. */
export interface Sample {
  /** 32 hex characters. */
  readonly sample_id: string;
  /** 0 image, 1 text, 2 audio, 4 table, 6 video, 9 custom. */
  readonly sample_type: number;
  readonly sample_name?: string;
  readonly sample_dir?: string;
  readonly sample_size?: number;
  readonly sample_time?: number;
  /** E.g. `MANUAL_ANNOTATION`; local mode also `UN_ANNOTATION`. */
  readonly sample_status?: string;
  /** Cloud: a temporary signed OBS URL. Local: `obs://bucket/key` for files, `content://text` for text lines. */
  readonly source?: string;
  readonly labels?: readonly SampleLabel[];
  /** `@modelarts:size` = [width, height, depth] for images. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly sample_data?: readonly string[];
  readonly sample_usage?: SampleUsage;
  readonly labelers?: readonly unknown[];
  readonly worker_id?: string;
  /** Local mode: content hash, for caching. */
  readonly sha256?: string;
}

/** Local mode's sample content answer, decoded. */
export interface SampleContent {
  readonly sample_id: string;
  readonly content_type: string;
  readonly data: Buffer;
  readonly size: number;
  readonly sha256?: string;
}

/** One sample's new annotations in a batch. An empty `labels` removes all of them. */
export interface SampleAnnotation {
  readonly sample_id: string;
  readonly labels?: readonly SampleLabel[];
  readonly sample_usage?: SampleUsage;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly sample_type?: number;
  readonly worker_id?: string;
}

/** Answer of a batch annotation. */
export interface AnnotationResult {
  readonly success: boolean;
  readonly results?: readonly { readonly success: boolean; readonly error_code?: string; readonly error_msg?: string }[];
  readonly error_code?: string;
  readonly error_msg?: string;
}

/** Per-label counts and labelled/unlabelled counts. */
export interface DatasetStats {
  readonly label_stats: readonly (Label & { readonly count: number; readonly sample_count: number })[];
  readonly sample_stats: Readonly<Record<string, number>>;
  readonly data_path?: string;
  readonly [extra: string]: unknown;
}
