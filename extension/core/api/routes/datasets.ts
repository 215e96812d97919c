/** Datasets and labeling (`/v2/{project_id}/datasets`, reference §7). */
import type {
  AnnotationResult,
  Dataset,
  DatasetCreateRequest,
  DatasetStats,
  DatasetUpdateRequest,
  Label,
  Sample,
  SampleAnnotation,
  SampleState,
} from '../resources/datasetTypes';
import { route } from './route';

export type DatasetListQuery = {
  readonly offset?: number;
  /** ≤ 100. */
  readonly limit?: number;
  /** Fuzzy match on the name. */
  readonly search_content?: string;
  readonly dataset_type?: number;
  readonly workspace_id?: string;
  /** Include label definitions in each dataset. */
  readonly with_labels?: boolean;
  readonly sort_by?: 'create_time' | 'dataset_name';
  readonly order?: 'asc' | 'desc';
};

export type SampleListQuery = {
  readonly offset?: number;
  readonly limit?: number;
  /** `__ALL__` labelled, `__NONE__` unlabelled. */
  readonly sample_state?: SampleState;
  readonly label_name?: string;
  readonly label_type?: number;
  readonly sample_type?: number;
  readonly version_id?: string;
  /**
   * URL-encoded JSON array of SampleSearchCondition, ANDed. Local mode serves `sample_name` (a
   * case-insensitive part of the name) and `hard` ("1" hard examples, "0" the others).
   */
  readonly search_conditions?: string;
};

/** What a sync found: local mode's answer (the cloud answers nothing). */
export interface SyncSummary {
  readonly total_sample_count?: number;
  readonly added_sample_count?: number;
  readonly removed_sample_count?: number;
  /** Objects that could not become samples, with why. */
  readonly skipped?: readonly { readonly object: string; readonly reason: string }[];
}

/** Local mode's sample content answer, before decoding. */
export interface SampleContentBody {
  readonly sample_id: string;
  readonly content_type: string;
  readonly encoding: 'base64' | 'utf8';
  readonly data: string;
  readonly size: number;
  readonly sha256?: string;
}

/** A page of label definitions. */
export interface LabelPage {
  readonly labels: readonly Label[];
  readonly total_number: number;
}

const base = '/v2/{project_id}/datasets';
const one = '/v2/{project_id}/datasets/{dataset_id}';
const samples = `${one}/data-annotations/samples`;
const labels = `${one}/data-annotations/labels`;

export const datasetRoutes = {
  list: route<undefined, { readonly datasets: readonly Dataset[]; readonly total_number: number }, DatasetListQuery>()({
    method: 'GET',
    path: base,
    action: 'modelarts:dataset:list',
    expect: [200],
  }),
  /** Local mode indexes the samples before it answers. */
  create: route<DatasetCreateRequest, { readonly dataset_id: string; readonly import_task_id?: string }>()({
    method: 'POST',
    path: base,
    action: 'modelarts:dataset:create',
    expect: [201, 200],
  }),
  get: route<undefined, Dataset>()({ method: 'GET', path: one, action: 'modelarts:dataset:get', expect: [200] }),
  update: route<DatasetUpdateRequest, { readonly dataset_id?: string } | undefined>()({
    method: 'PUT',
    path: one,
    action: 'modelarts:dataset:update',
    expect: [200, 204],
  }),
  /** The annotations go; the objects in storage stay. */
  delete: route()({ method: 'DELETE', path: one, action: 'modelarts:dataset:delete', expect: [200, 202, 204] }),
  syncData: route<undefined, SyncSummary | undefined>()({
    method: 'POST',
    path: `${one}/sync-data`,
    action: 'modelarts:dataset:update',
    expect: [200, 202, 204],
  }),
  samples: route<undefined, { readonly sample_count: number; readonly samples: readonly Sample[] }, SampleListQuery>()({
    method: 'GET',
    path: samples,
    action: 'modelarts:dataset:get',
    expect: [200],
  }),
  /**
   * An empty `labels` clears a sample. Local mode applies a batch all or nothing; an item's
   * optional `annotation_revision` makes it conditional (a mismatch answers 200 with
   * `success: false` and per-item results, the changed ones with `sampleChangedErrorCode`).
   */
  updateAnnotations: route<{ readonly samples: readonly SampleAnnotation[] }, AnnotationResult>()({
    method: 'PUT',
    path: samples,
    action: 'modelarts:dataset:update',
    expect: [200],
  }),
  getSample: route<undefined, Sample>()({ method: 'GET', path: `${samples}/{sample_id}`, action: 'modelarts:dataset:get', expect: [200] }),
  /** Local mode's own: the cloud signs an OBS URL into the sample's `source` instead. */
  sampleContent: route<undefined, SampleContentBody>()({
    method: 'GET',
    path: `${samples}/{sample_id}/content`,
    action: 'modelarts:dataset:get',
    expect: [200],
  }),
  labels: route<undefined, LabelPage, { readonly offset?: number; readonly limit?: number; readonly version_id?: string }>()({
    method: 'GET',
    path: labels,
    action: 'modelarts:dataset:get',
    expect: [200],
  }),
  addLabels: route<{ readonly labels: readonly Label[] }, AnnotationResult>()({
    method: 'POST',
    path: labels,
    action: 'modelarts:dataset:update',
    expect: [200, 201],
  }),
  /** By name; `@modelarts:rename_to` in a label's property renames it, in every annotation too. */
  updateLabels: route<{ readonly labels: readonly Label[] }, AnnotationResult>()({
    method: 'PUT',
    path: labels,
    action: 'modelarts:dataset:update',
    expect: [200],
  }),
  /** `delete_policy` 0 keeps the samples (the only policy local mode serves). */
  deleteLabels: route<{ readonly labels: readonly Pick<Label, 'name'>[] }, AnnotationResult, { readonly delete_policy?: 0 | 1 | 2 }>()({
    method: 'POST',
    path: `${labels}/delete`,
    action: 'modelarts:dataset:update',
    expect: [200],
  }),
  stats: route<undefined, DatasetStats, { readonly sample_state?: SampleState }>()({
    method: 'GET',
    path: `${one}/data-annotations/stats`,
    action: 'modelarts:dataset:get',
    expect: [200],
  }),
} as const;
