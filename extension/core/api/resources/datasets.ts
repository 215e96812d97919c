/**
 * Datasets and labeling (`/v2/{project_id}/datasets`, reference §7): datasets, samples with
 * their annotations, batch annotation, label definitions and statistics.
 */
import { PlatformError } from '../errors';
import type { HttpClient } from '../http';
import { collectItems, datasetPaging, items, labelPaging, samplePaging } from '../paging';
import { datasetRoutes, type SyncSummary } from '../routes/datasets';
import { fillPath } from '../routes/route';
import { type CallOptions, compact, requireField, send, sendJson } from './common';
import type {
  AnnotationResult,
  Dataset,
  DatasetCreateRequest,
  DatasetStats,
  DatasetType,
  DatasetUpdateRequest,
  Label,
  Sample,
  SampleAnnotation,
  SampleContent,
  SampleSearchCondition,
  SampleState,
} from './datasetTypes';

export * from './datasetTypes';

/** Filters of list. */
export interface DatasetListOptions extends CallOptions {
  /** Fuzzy match on the name. */
  readonly name?: string;
  readonly datasetType?: DatasetType | number;
  readonly workspaceId?: string;
  /** Include label definitions in each dataset. */
  readonly withLabels?: boolean;
  readonly sortBy?: 'create_time' | 'dataset_name';
  readonly order?: 'asc' | 'desc';
  /** Datasets per request, ≤ 100; default 100. */
  readonly pageSize?: number;
}

/** Filters of samples. */
export interface SampleListOptions extends CallOptions {
  /** `__ALL__` labelled, `__NONE__` unlabelled. */
  readonly state?: SampleState;
  readonly labelName?: string;
  readonly labelType?: number;
  readonly sampleType?: number;
  readonly versionId?: string;
  /** ANDed; local mode serves `sample_name` (part of the name, any case) and `hard`. */
  readonly searchConditions?: readonly SampleSearchCondition[];
  /** Samples per request, ≤ 100; default 100. */
  readonly pageSize?: number;
}

/** Typed dataset calls. */
export class DatasetsApi {
  constructor(private readonly http: HttpClient) {}

  /** Datasets matching the filters, page by page. */
  list(options: DatasetListOptions = {}): AsyncGenerator<Dataset, void, undefined> {
    const fetchPage = (page: { offset: number; limit: number }, signal?: AbortSignal) =>
      sendJson(this.http, datasetRoutes.list, {
        query: {
          offset: page.offset,
          limit: page.limit,
          search_content: options.name,
          dataset_type: options.datasetType,
          workspace_id: options.workspaceId,
          with_labels: options.withLabels,
          sort_by: options.sortBy,
          order: options.order,
        },
        signal,
      });
    return items(fetchPage, datasetPaging<Dataset>(), { limit: options.pageSize ?? 100, signal: options.signal });
  }

  /** {@link list}, collected. */
  async listAll(options: DatasetListOptions = {}): Promise<Dataset[]> {
    const out: Dataset[] = [];
    for await (const d of this.list(options)) out.push(d);
    return out;
  }

  /** One dataset, with its labels. A missing one fails with HTTP 400 ModelArts.4352. */
  get(id: string, options: CallOptions = {}): Promise<Dataset> {
    return sendJson(this.http, datasetRoutes.get, { params: { dataset_id: id }, signal: options.signal });
  }

  /** Creates a dataset over the data paths (HTTP 201). Local mode indexes the samples before it answers. */
  async create(request: DatasetCreateRequest, options: CallOptions = {}): Promise<{ dataset_id: string; import_task_id?: string }> {
    requireField(request?.dataset_name, 'dataset_name');
    if (typeof request.dataset_type !== 'number')
      throw new TypeError('dataset_type is required (0 image classification, 1 object detection, 100 text classification…).');
    if (!Array.isArray(request.data_sources) || request.data_sources.length === 0)
      throw new TypeError('data_sources needs at least one {data_path}.');
    request.data_sources.forEach((s, i) => requireField(s?.data_path, `data_sources[${i}].data_path`));
    requireField(request.work_path, 'work_path');
    const body = compact({ work_path_type: 0, ...request, data_sources: request.data_sources.map((s) => ({ data_type: 0, ...s })) });
    return sendJson(this.http, datasetRoutes.create, { body, signal: options.signal });
  }

  /** Renames, describes, and adds/updates/deletes labels in one call. */
  async update(id: string, changes: DatasetUpdateRequest, options: CallOptions = {}): Promise<void> {
    if (!changes || Object.values(changes).every((v) => v === undefined))
      throw new TypeError('dataset update needs at least one field to change.');
    await send(this.http, datasetRoutes.update, { params: { dataset_id: id }, body: compact({ ...changes }), signal: options.signal });
  }

  /** Deletes the dataset and its annotations; the objects in storage stay. */
  async delete(id: string, options: CallOptions = {}): Promise<void> {
    await send(this.http, datasetRoutes.delete, { params: { dataset_id: id }, signal: options.signal });
  }

  /** Re-reads the data paths: new objects become samples, gone ones are dropped. */
  async syncData(id: string, options: CallOptions = {}): Promise<SyncSummary | undefined> {
    const res = await send(this.http, datasetRoutes.syncData, { params: { dataset_id: id }, signal: options.signal });
    return res.body ?? undefined;
  }

  /** Samples matching the filters, page by page. */
  samples(datasetId: string, options: SampleListOptions = {}): AsyncGenerator<Sample, void, undefined> {
    const fetchPage = (page: { offset: number; limit: number }, signal?: AbortSignal) =>
      sendJson(this.http, datasetRoutes.samples, {
        params: { dataset_id: datasetId },
        query: sampleQuery(page, options),
        signal,
      });
    return items(fetchPage, samplePaging<Sample>(), { limit: options.pageSize ?? 100, signal: options.signal });
  }

  /**
   * One page of samples from record `offset` (the labeling panel's grid asks for the page in
   * view, not the ones before it): `{sample_count, samples}` as the platform answers it.
   */
  samplePage(
    datasetId: string,
    page: { readonly offset: number; readonly limit: number },
    options: Omit<SampleListOptions, 'pageSize'> = {},
  ): Promise<{ readonly sample_count: number; readonly samples: readonly Sample[] }> {
    return sendJson(this.http, datasetRoutes.samples, {
      params: { dataset_id: datasetId },
      query: sampleQuery(page, options),
      signal: options.signal,
    });
  }

  /** One sample. */
  getSample(datasetId: string, sampleId: string, options: CallOptions = {}): Promise<Sample> {
    return sendJson(this.http, datasetRoutes.getSample, { params: { dataset_id: datasetId, sample_id: sampleId }, signal: options.signal });
  }

  /**
   * A sample's bytes (local mode's `…/samples/{id}/content` route). The cloud has no such route:
   * there, read the signed URL in the sample's `source`.
   */
  async sampleContent(datasetId: string, sampleId: string, options: CallOptions = {}): Promise<SampleContent> {
    const body = await sendJson(this.http, datasetRoutes.sampleContent, {
      params: { dataset_id: datasetId, sample_id: sampleId },
      signal: options.signal,
    });
    const data = body.encoding === 'base64' ? Buffer.from(body.data, 'base64') : Buffer.from(body.data, 'utf8');
    return {
      sample_id: body.sample_id,
      content_type: body.content_type,
      data,
      size: body.size,
      ...(body.sha256 ? { sha256: body.sha256 } : {}),
    };
  }

  /**
   * Sets the annotations of a batch of samples (an empty `labels` clears a sample). Resolves with
   * the platform's answer when every item succeeded (local mode: each result's
   * `annotation_revision` is the sample's new revision); rejects with a PlatformError naming the
   * first item that failed for the answer's reason otherwise (local mode applies a batch all or
   * nothing; a stale `annotation_revision` fails with `sampleChangedErrorCode`).
   */
  async updateAnnotations(datasetId: string, samples: readonly SampleAnnotation[], options: CallOptions = {}): Promise<AnnotationResult> {
    if (!Array.isArray(samples) || samples.length === 0) throw new TypeError('updateAnnotations needs at least one {sample_id, labels}.');
    samples.forEach((s, i) => requireField(s?.sample_id, `samples[${i}].sample_id`));
    const res = await send(this.http, datasetRoutes.updateAnnotations, {
      params: { dataset_id: datasetId },
      body: { samples },
      signal: options.signal,
    });
    const result = res.body;
    // The item that failed for the answer's own reason, else the first that failed: in an
    // all-or-nothing batch the others only say they were not applied.
    const ownReason = result?.results?.findIndex((r) => !r.success && r.error_code !== undefined && r.error_code === result.error_code);
    const failedAt = ownReason !== undefined && ownReason >= 0 ? ownReason : (result?.results?.findIndex((r) => !r.success) ?? -1);
    if (result && (result.success === false || failedAt >= 0)) {
      const item = failedAt >= 0 ? result.results?.[failedAt] : undefined;
      const code = item?.error_code ?? result.error_code ?? 'ModelArts.AnnotationFailed';
      const msg = item?.error_msg ?? result.error_msg ?? 'The platform did not apply the annotations.';
      throw new PlatformError({
        kind: 'response',
        status: res.status,
        errorCode: code,
        errorMsg: failedAt >= 0 ? `samples[${failedAt}] (${samples[failedAt]?.sample_id}): ${msg}` : msg,
        method: datasetRoutes.updateAnnotations.method,
        path: fillPath(datasetRoutes.updateAnnotations, { dataset_id: datasetId }),
        ...(res.requestId ? { requestId: res.requestId } : {}),
      });
    }
    return result ?? { success: true };
  }

  /** The dataset's label definitions. */
  labels(datasetId: string, options: CallOptions & { versionId?: string } = {}): Promise<Label[]> {
    const fetchPage = (page: { offset: number; limit: number }, signal?: AbortSignal) =>
      sendJson(this.http, datasetRoutes.labels, {
        params: { dataset_id: datasetId },
        query: { offset: page.offset, limit: page.limit, version_id: options.versionId },
        signal,
      });
    return collectItems(fetchPage, labelPaging<Label>(), { limit: 10_000, signal: options.signal });
  }

  /** Adds label definitions. */
  async addLabels(datasetId: string, labels: readonly Label[], options: CallOptions = {}): Promise<void> {
    if (!Array.isArray(labels) || labels.length === 0) throw new TypeError('addLabels needs at least one {name}.');
    labels.forEach((l, i) => requireField(l?.name, `labels[${i}].name`));
    await send(this.http, datasetRoutes.addLabels, { params: { dataset_id: datasetId }, body: { labels }, signal: options.signal });
  }

  /** Per-label annotation counts and labelled/unlabelled sample counts. */
  stats(datasetId: string, options: CallOptions & { state?: SampleState } = {}): Promise<DatasetStats> {
    return sendJson(this.http, datasetRoutes.stats, {
      params: { dataset_id: datasetId },
      query: { sample_state: options.state },
      signal: options.signal,
    });
  }
}

/** The samples list's query, one builder for the paging generator and the single page. */
function sampleQuery(page: { readonly offset: number; readonly limit: number }, options: SampleListOptions) {
  return {
    offset: page.offset,
    limit: page.limit,
    sample_state: options.state,
    label_name: options.labelName,
    label_type: options.labelType,
    sample_type: options.sampleType,
    version_id: options.versionId,
    search_conditions: options.searchConditions?.length ? JSON.stringify(options.searchConditions) : undefined,
  };
}
