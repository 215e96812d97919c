import type { DatasetCreateRequest, DatasetUpdateRequest } from '../../../core/api/resources/datasetTypes';
import type { datasetRoutes, SyncSummary } from '../../../core/api/routes/datasets';
import { Errors } from '../../http/apiError';
import { optionalString, paging, requiredString } from '../../http/json';
import type { Handlers, RequestContext, Untrusted } from '../../http/router';
import type { RecordStore } from '../../store/recordStore';
import { parseStoragePath, type StorageAccess, type StoragePath } from '../../storageAccess';
import { newId } from '../ids';
import { applyLabelUpdates, labelNamesToDelete, parseNewLabels } from './labels';
import { type DatasetRecord, DatasetErrors, type DatasetTypeValue, datasetView, type LabelDef, supportedDatasetTypes } from './model';
import type { SampleStore } from './sampleStore';
import type { SampleStores } from './sampleStores';
import { scanSources } from './scan';

/** What the dataset service needs from the daemon. */
export interface DatasetDeps {
  readonly datasets: RecordStore<DatasetRecord>;
  /** Each dataset's labels and samples; one store per dataset record. */
  readonly samples: SampleStores;
  readonly storage: StorageAccess;
  readonly requireWorkspace: (id: string) => void;
  readonly log: (line: string) => void;
}

/** The local dataset paths all refer to a bucket; ModelArts writes them `/bucket/dir/`. */
function slashPath(where: StoragePath): string {
  return `/${where.bucket}/${where.prefix}`;
}

function description(req: { readonly description?: unknown }): string | undefined {
  const value = optionalString(req, 'description', 256);
  if (value !== undefined && /[\^!<>=&"]/.test(value)) throw Errors.badRequest('description must not contain any of ^ ! < > = & ".');
  return value;
}

function datasetName(req: { readonly dataset_name?: unknown }): string {
  const name = requiredString(req, 'dataset_name', 100);
  if (!/^[\p{L}\p{N}_-]{1,100}$/u.test(name))
    throw Errors.badRequest('dataset_name may hold only letters, digits, - and _ (1 to 100 characters).');
  return name;
}

/**
 * Datasets (`/v2/{project_id}/datasets`): create indexes the data paths before it answers, so a
 * new dataset is at once `status: 1` (normal) with its samples; `POST .../sync-data` re-indexes.
 * Reading never rescans: paging stays stable while a user labels.
 */
export class DatasetService {
  /** One sync at a time per dataset; a second request waits for the first and then runs. */
  private readonly syncing = new Map<string, Promise<unknown>>();

  constructor(readonly deps: DatasetDeps) {}

  /** The handlers of the dataset routes (the annotation routes are in annotations.ts). */
  handlers(): Pick<Handlers<typeof datasetRoutes>, 'list' | 'create' | 'get' | 'update' | 'delete' | 'syncData'> {
    return {
      list: (ctx) => this.list(ctx),
      create: (ctx) => this.create(ctx),
      get: ({ params }) => {
        const d = this.dataset(params.dataset_id);
        return { status: 200, body: datasetView(d, this.store(d.id).summary(), true) };
      },
      update: (ctx) => this.update(ctx),
      delete: async ({ params }) => this.remove(params.dataset_id),
      syncData: async ({ params }) => ({ status: 200, body: await this.sync(params.dataset_id) }),
    };
  }

  /** The dataset or ModelArts.4352. */
  dataset(id: string): DatasetRecord {
    const d = this.deps.datasets.get(id);
    if (!d) throw DatasetErrors.datasetNotFound(id);
    return d;
  }

  /** The dataset's labels and samples (every dataset record has a store; see SampleStores.open). */
  store(id: string): SampleStore {
    const store = this.deps.samples.get(id);
    if (!store) throw DatasetErrors.datasetNotFound(id);
    return store;
  }

  private list({ query }: RequestContext<typeof datasetRoutes.list>) {
    const { offset, limit } = paging(query, 10, 100);
    const order = (query.get('order') ?? 'desc').toLowerCase();
    const sortBy = query.get('sort_by') ?? 'create_time';
    if (order !== 'asc' && order !== 'desc') throw Errors.badRequest('order must be asc or desc.');
    if (sortBy !== 'create_time' && sortBy !== 'dataset_name') throw Errors.badRequest('sort_by must be create_time or dataset_name.');
    const typeFilter = query.get('dataset_type');
    if (typeFilter !== null && !/^\d+$/.test(typeFilter)) throw Errors.badRequest('dataset_type must be a whole number.');
    const withLabels = query.get('with_labels') === 'true';
    const search = query.get('search_content')?.toLowerCase();
    const workspace = query.get('workspace_id');
    const all = this.deps.datasets
      .all()
      .filter(
        (d) =>
          (typeFilter === null || d.dataset_type === Number(typeFilter)) &&
          (!search || d.dataset_name.toLowerCase().includes(search)) &&
          (workspace === null || d.workspace_id === workspace),
      )
      .sort((a, b) => {
        const c =
          sortBy === 'dataset_name'
            ? a.dataset_name.localeCompare(b.dataset_name)
            : a.create_time - b.create_time || a.id.localeCompare(b.id);
        return order === 'asc' ? c : -c;
      });
    const page = all.slice(offset, offset + limit).map((d) => datasetView(d, this.store(d.id).summary(), withLabels));
    return { status: 200 as const, body: { datasets: page, total_number: all.length } };
  }

  private async create({ json }: RequestContext<typeof datasetRoutes.create>) {
    const req = json();
    const name = datasetName(req);
    const type = req.dataset_type;
    if (typeof type !== 'number' || !supportedDatasetTypes.includes(type)) {
      throw Errors.badRequest(
        `dataset_type must be 0 (image classification), 1 (object detection), 100 (text classification) or 101 (named entity recognition); other types are not served in local mode.`,
      );
    }
    const sources = this.dataSources(req);
    const workRaw = requiredString(req, 'work_path', 1024);
    const work = parseStoragePath(workRaw, 'work_path');
    if (work.prefix.replace(/\/+$/, '') === '') throw DatasetErrors.subdirRequired('work_path');
    if (req.work_path_type !== undefined && req.work_path_type !== 0) throw Errors.badRequest('work_path_type must be 0 (OBS).');
    if (!(await this.deps.storage.bucketExists(work.bucket)))
      throw DatasetErrors.pathMissing(workRaw, `is in bucket ${work.bucket}, which does not exist`);
    const labels = parseNewLabels(req.labels, type, [], 'labels');
    const desc = description(req) ?? '';
    const workspaceId = optionalString(req, 'workspace_id', 64) ?? '0';
    this.deps.requireWorkspace(workspaceId);
    if (this.byName(name)) throw DatasetErrors.datasetExists(name);

    const scan = await scanSources(this.deps.storage, sources, type, []);
    // Checked again: another create may have taken the name while this one scanned.
    if (this.byName(name)) throw DatasetErrors.datasetExists(name);
    const id = newId();
    // Strictly increasing, so "newest first" is a total order even for creates in the same millisecond.
    const now = Math.max(Date.now(), ...this.deps.datasets.all().map((x) => x.create_time + 1));
    this.logSkipped(name, scan.skipped);
    // Samples first: a crash before the dataset record leaves a stray store, removed at the next start.
    await this.deps.samples.create(id, labels, scan.samples);
    if (this.byName(name)) {
      // Yet another create took the name while the samples were written.
      await this.deps.samples.delete(id);
      throw DatasetErrors.datasetExists(name);
    }
    this.deps.datasets.put({
      id,
      dataset_name: name,
      dataset_type: type as DatasetTypeValue,
      description: desc,
      data_sources: sources.map((s) => ({ data_type: 0 as const, data_path: slashPath(s) })),
      work_path: slashPath({ bucket: work.bucket, prefix: work.prefix.endsWith('/') ? work.prefix : `${work.prefix}/` }),
      workspace_id: workspaceId,
      create_time: now,
      update_time: now,
      deleted_sample_count: 0,
    });
    this.deps.log(`dataset ${name} (${id}) created with ${scan.samples.length} samples`);
    return { status: 201 as const, body: { dataset_id: id } };
  }

  /** `data_sources[{data_type, data_path}]`, or the shorthand `data_path`; each bucket must exist. */
  private dataSources(req: Untrusted<DatasetCreateRequest>): StoragePath[] {
    let raw: unknown[];
    if (req.data_sources !== undefined) {
      if (!Array.isArray(req.data_sources) || req.data_sources.length === 0 || req.data_sources.length > 10)
        throw Errors.badRequest('data_sources must be an array of 1 to 10 {data_type, data_path} objects.');
      raw = req.data_sources;
    } else if (req.data_path !== undefined) raw = [{ data_path: req.data_path }];
    else
      throw Errors.badRequest(
        'data_sources (or data_path) is required: where the samples are, e.g. [{"data_type": 0, "data_path": "/bucket/images/"}].',
      );
    return raw.map((item, i) => {
      const field = `data_sources[${i}]`;
      if (typeof item !== 'object' || item === null || Array.isArray(item))
        throw Errors.badRequest(`${field} must be an object like {"data_type": 0, "data_path": "/bucket/dir/"}.`);
      const src = item as Record<string, unknown>;
      if (src.data_type !== undefined && src.data_type !== 0)
        throw Errors.badRequest(`${field}.data_type must be 0 (OBS); other sources are not served in local mode.`);
      return parseStoragePath(requiredString(src, 'data_path', 1024), `${field}.data_path`);
    });
  }

  private byName(name: string): DatasetRecord | undefined {
    return this.deps.datasets.all().find((d) => d.dataset_name === name);
  }

  private update({ params, json }: RequestContext<typeof datasetRoutes.update>) {
    const d = this.dataset(params.dataset_id);
    const req: Untrusted<DatasetUpdateRequest> = json();
    const name = req.dataset_name === undefined ? d.dataset_name : datasetName(req);
    if (name !== d.dataset_name && this.byName(name)) throw DatasetErrors.datasetExists(name);
    const desc = description(req) ?? d.description;
    // Label changes, in the order add, update, delete, all checked before anything is written.
    const store = this.store(d.id);
    let labels: readonly LabelDef[] = store.labels;
    let renames = new Map<string, string>();
    let gone = new Set<string>();
    if (req.add_labels !== undefined) labels = [...labels, ...parseNewLabels(req.add_labels, d.dataset_type, labels, 'add_labels')];
    if (req.update_labels !== undefined)
      ({ labels, renames } = applyLabelUpdates(req.update_labels, d.dataset_type, labels, 'update_labels'));
    if (req.delete_labels !== undefined) {
      gone = labelNamesToDelete(req.delete_labels, labels, 'delete_labels');
      labels = labels.filter((l) => !gone.has(l.name));
    }
    if (labels !== store.labels) store.setLabels(labels, renames, gone);
    this.deps.datasets.put({ ...d, dataset_name: name, description: desc, update_time: Date.now() });
    return { status: 200 as const, body: { dataset_id: d.id } };
  }

  /** Forgets the dataset and its annotations; the objects in storage are left as they are. */
  private async remove(id: string) {
    this.dataset(id);
    this.deps.datasets.delete(id);
    await this.deps.samples.delete(id);
    return { status: 204 as const };
  }

  /**
   * Re-indexes the data paths: new objects become unlabelled samples, changed ones are re-read,
   * gone ones are dropped (counted in `deleted_sample_count`). Annotations made while the scan ran
   * are kept: the merge reads the newest set, not the one the scan started from.
   */
  async sync(id: string): Promise<SyncSummary> {
    this.dataset(id);
    const before = this.syncing.get(id) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(() => this.syncNow(id));
    this.syncing.set(id, run);
    try {
      return await run;
    } finally {
      if (this.syncing.get(id) === run) this.syncing.delete(id);
    }
  }

  private async syncNow(id: string): Promise<SyncSummary> {
    const d = this.dataset(id);
    const sources = d.data_sources.map((s, i) => parseStoragePath(s.data_path, `data_sources[${i}].data_path`));
    const scan = await scanSources(this.deps.storage, sources, d.dataset_type, this.store(id).all());
    const current = this.deps.datasets.get(id);
    if (!current) throw DatasetErrors.datasetNotFound(id); // deleted while scanning
    // The merge keeps the newest annotations: those made while the scan ran are in the store now.
    const store = this.store(id);
    const { added, removed } = store.sync(scan.samples);
    this.logSkipped(d.dataset_name, scan.skipped);
    if (removed > 0) this.deps.datasets.put({ ...current, deleted_sample_count: current.deleted_sample_count + removed });
    // The platform answers no body; the counts are a local extension a client may show.
    return { total_sample_count: store.size, added_sample_count: added, removed_sample_count: removed, skipped: scan.skipped };
  }

  private logSkipped(name: string, skipped: readonly { object: string; reason: string }[]): void {
    for (const s of skipped.slice(0, 20)) this.deps.log(`dataset ${name}: skipped ${s.object}: ${s.reason}`);
    if (skipped.length > 20) this.deps.log(`dataset ${name}: skipped ${skipped.length - 20} more objects`);
  }
}

/** How many datasets live in the workspace (it cannot be deleted while any does). */
export function countDatasetsIn(datasets: RecordStore<DatasetRecord>, workspaceId: string): number {
  return datasets.all().filter((d) => d.workspace_id === workspaceId).length;
}
