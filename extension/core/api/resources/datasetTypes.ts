/**
 * Dataset and labeling DTOs (reference §7): datasets, samples, their annotations (SampleLabel),
 * dataset label definitions (Label), batch annotation, statistics. Local mode serves dataset types
 * 0 (image classification), 1 (object detection), 100 (text classification) and 101 (named
 * entity recognition: `@modelarts:start_index`/`@modelarts:end_index` in a label's property,
 * offsets in Unicode code points as Python counts them, end exclusive).
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
 * For named entities it carries `@modelarts:start_index` and `@modelarts:end_index`: integers,
 * 0 ≤ start < end ≤ the text's length, counted in Unicode code points (an emoji is 1, not the 2
 * UTF-16 units of a JavaScript string; convert with `[...text]`).
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
  /**
   * Local mode: the sample's revision, an integer that changes whenever the sample does (its
   * annotations, usage or hard marks, a label rename or delete that reached it, a sync that
   * re-read it). Send it back in {@link SampleAnnotation.annotation_revision} to save only if the
   * sample is still as read.
   */
  readonly annotation_revision?: number;
  /** Local mode: when the sample last changed (ms), for showing how old a version is. */
  readonly update_time?: number;
}

/**
 * Local mode's error code for a sample whose `annotation_revision` no longer matches: it changed
 * since the client read it (another window, the CLI) and nothing in the batch was saved. The
 * platform has no such check, so there is no platform code to copy.
 */
export const sampleChangedErrorCode = 'ModelArts.4425';

/**
 * One condition of the samples list's `search_conditions` (URL-encoded JSON array, conditions
 * ANDed). Local mode serves these two keys: `sample_name`, a case-insensitive part of the sample
 * name (`cat.jpg`, `reviews.txt#L3`), and `hard`, `"1"` hard examples or `"0"` the others.
 */
export interface SampleSearchCondition {
  readonly sample_name?: string;
  readonly hard?: '0' | '1';
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
  /**
   * Local mode keeps the hard example marks: `@modelarts:hard` (0/1 or false/true),
   * `@modelarts:hard_coefficient` (0–1) and `@modelarts:hard_reasons` (reason ids); `null`
   * clears one. The keys it answers itself (`@modelarts:size`…) may be sent back unchanged.
   */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /**
   * Local mode, optional: the `annotation_revision` the client read. When the stored sample's
   * differs, nothing in the batch is saved and this item's result carries
   * {@link sampleChangedErrorCode} and the stored revision.
   */
  readonly annotation_revision?: number;
  readonly sample_type?: number;
  readonly worker_id?: string;
}

/** Answer of a batch annotation. */
export interface AnnotationResult {
  readonly success: boolean;
  readonly results?: readonly {
    readonly success: boolean;
    readonly error_code?: string;
    readonly error_msg?: string;
    /** Local mode: the sample's revision after the call (the new one, or the stored one on a conflict). */
    readonly annotation_revision?: number;
  }[];
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
