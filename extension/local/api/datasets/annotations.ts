import { type AnnotationResult, type DatasetStats, sampleChangedErrorCode } from '../../../core/api/resources/datasetTypes';
import type { datasetRoutes, SampleContentBody } from '../../../core/api/routes/datasets';
import { Errors } from '../../http/apiError';
import { paging } from '../../http/json';
import type { Handlers, RequestContext, RouteQuery } from '../../http/router';
import type { AnnotationPatch } from './changes';
import { imageContentType } from '../../../core/labeling/formats/imageSize';
import { applyLabelUpdates, labelNamesToDelete, parseNewLabels, parseSampleLabels } from './labels';
import { parseMetadata } from './metadata';
import { DatasetErrors, type LabelDef, sampleUsages, type SampleUsage, SampleType, sampleView, type StoredSample } from './model';
import { readState, sampleFilter } from './query';
import type { DatasetService } from './service';

/** Content answers are JSON (the REST server speaks JSON only), so bytes travel as base64. */
const maxContentBytes = 32 * 1024 * 1024;

/**
 * Labeling (`/v2/{project_id}/datasets/{dataset_id}/data-annotations/...`): samples with their
 * annotations, batch annotation, label definitions, statistics, and (local extension) a sample's
 * bytes for the labeling panel.
 */
type AnnotationRoutes =
  'samples' | 'updateAnnotations' | 'getSample' | 'sampleContent' | 'labels' | 'addLabels' | 'updateLabels' | 'deleteLabels' | 'stats';
type Ctx<K extends AnnotationRoutes> = RequestContext<(typeof datasetRoutes)[K]>;

export function annotationHandlers(service: DatasetService): Pick<Handlers<typeof datasetRoutes>, AnnotationRoutes> {
  return {
    samples: (ctx) => listSamples(service, ctx),
    updateAnnotations: (ctx) => updateSamples(service, ctx),
    getSample: ({ params }) => ({ status: 200, body: sampleView(findSample(service, params.dataset_id, params.sample_id)) }),
    sampleContent: async ({ params }) => ({ status: 200, body: await sampleContent(service, params.dataset_id, params.sample_id) }),
    labels: ({ params, query }) => {
      const labels = service.store(service.dataset(params.dataset_id).id).labels;
      const { offset, limit } = paging(query, 100000, 100000);
      return { status: 200, body: { labels: labels.slice(offset, offset + limit), total_number: labels.length } };
    },
    addLabels: ({ params, json }) => ({ status: 200, body: changeLabels(service, params.dataset_id, json().labels, 'add') }),
    updateLabels: ({ params, json }) => ({ status: 200, body: changeLabels(service, params.dataset_id, json().labels, 'update') }),
    deleteLabels: ({ params, json, query }) => {
      const policy = query.get('delete_policy') ?? '0';
      if (policy !== '0') throw Errors.badRequest('Only delete_policy=0 (delete the labels, keep the samples) is supported in local mode.');
      return { status: 200, body: changeLabels(service, params.dataset_id, json().labels, 'delete') };
    },
    stats: ({ params, query }) => ({ status: 200, body: stats(service, params.dataset_id, query) }),
  };
}

function findSample(service: DatasetService, datasetId: string, sampleId: string): StoredSample {
  const sample = service.store(service.dataset(datasetId).id).sample(sampleId);
  if (!sample) throw DatasetErrors.sampleNotFound(sampleId);
  return sample;
}

/**
 * A page of samples from the dataset's in-memory indexes (sampleIndex.ts). `offset` is taken as
 * a record offset (the start of the page): the reference calls it "page start" and is unsure
 * whether a page index is meant; record offsets match the other families.
 */
function listSamples(service: DatasetService, { params, query }: Ctx<'samples'>) {
  const store = service.store(service.dataset(params.dataset_id).id);
  const { offset, limit } = paging(query, 10, 100);
  const selection = store.select(sampleFilter(query));
  return { status: 200 as const, body: { sample_count: selection.total, samples: selection.page(offset, limit).map(sampleView) } };
}

interface Target {
  readonly item: Record<string, unknown>;
  readonly sample: StoredSample;
  readonly where: string;
}

/**
 * Batch annotation. All or nothing: every item is checked (sample exists, labels defined, boxes
 * inside the image, spans inside the text, ...) before anything changes, and the whole batch is
 * one journal line. The first bad item fails the request (400) with its index and sample id.
 *
 * An item may carry `annotation_revision`, the revision its sample was read at. When any such
 * sample has changed since, nothing is saved and the answer is 200 with `success: false` and one
 * result per item, as the platform reports per-item failures: the changed ones with
 * sampleChangedErrorCode and their stored revision, the others saying they were not saved. On
 * success every result carries the samples' new revision (one change gives all of them one).
 */
function updateSamples(service: DatasetService, { params, json }: Ctx<'updateAnnotations'>) {
  const d = service.dataset(params.dataset_id);
  const store = service.store(d.id);
  const items = json().samples;
  if (!Array.isArray(items) || items.length === 0 || items.length > 1000)
    throw Errors.badRequest('samples must be an array of 1 to 1000 {sample_id, labels} objects.');
  const targets: Target[] = [];
  const seen = new Set<string>();
  const changed = new Map<number, number>(); // item index → the stored revision it did not expect
  items.forEach((raw, i) => {
    let where = `samples[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw Errors.badRequest(`${where} must be an object like {"sample_id": "...", "labels": [...]}.`);
    const item = raw as Record<string, unknown>;
    if (typeof item.sample_id !== 'string' || item.sample_id === '') throw Errors.badRequest(`${where}.sample_id is required.`);
    where = `samples[${i}] (${item.sample_id})`;
    const sample = store.sample(item.sample_id);
    if (!sample) throw DatasetErrors.sampleNotFound(item.sample_id, `samples[${i}]`);
    if (seen.has(item.sample_id)) throw Errors.badRequest(`${where}: the sample appears twice in the batch.`);
    seen.add(item.sample_id);
    const expected = item.annotation_revision;
    if (expected !== undefined && expected !== null) {
      if (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0)
        throw Errors.badRequest(`${where}.annotation_revision must be a whole number: the revision the sample was read at.`);
      if (expected !== sample.revision) changed.set(i, sample.revision);
    }
    targets.push({ item, sample, where });
  });
  if (changed.size > 0) return { status: 200 as const, body: conflictAnswer(targets, changed) };

  const now = Date.now();
  const patches = targets.map(({ item, sample, where }) => {
    if (item.labels === undefined && item.sample_usage === undefined && item.metadata === undefined)
      throw Errors.badRequest(`${where} needs labels (an empty list removes them), sample_usage or metadata.`);
    const labels = item.labels === undefined ? undefined : parseSampleLabels(item.labels, d.dataset_type, store.labels, sample, where);
    const usage = item.sample_usage;
    if (usage !== undefined && usage !== null && !(sampleUsages as readonly unknown[]).includes(usage))
      throw Errors.badRequest(`${where}.sample_usage must be one of ${sampleUsages.join(', ')}.`);
    const set: AnnotationPatch = {
      ...(labels ? { labels, annotated_time: now } : {}),
      ...(typeof usage === 'string' ? { sample_usage: usage as SampleUsage } : {}),
      ...parseMetadata(item.metadata, sample, where),
    };
    return { sample_id: sample.sample_id, set };
  });
  const revision = store.annotate(patches);
  return {
    status: 200 as const,
    body: { success: true, results: items.map(() => ({ success: true, annotation_revision: revision })) } satisfies AnnotationResult,
  };
}

function conflictAnswer(targets: readonly Target[], changed: ReadonlyMap<number, number>): AnnotationResult {
  const first = [...changed.keys()][0] as number;
  return {
    success: false,
    error_code: sampleChangedErrorCode,
    error_msg: `${changed.size} of ${targets.length} samples changed since they were read (another window or the command line saved them); nothing was saved. Read them again to see both versions.`,
    results: targets.map(({ sample, where }, i) => {
      const stored = changed.get(i);
      return stored === undefined
        ? {
            success: false,
            error_msg: `${where}: not saved, because samples[${first}] changed since it was read and a batch is saved all or nothing.`,
            annotation_revision: sample.revision,
          }
        : {
            success: false,
            error_code: sampleChangedErrorCode,
            error_msg: `${where} changed since it was read: it is at revision ${stored}, not ${String(targets[i]?.item.annotation_revision)}.`,
            annotation_revision: stored,
          };
    }),
  };
}

/**
 * A sample's bytes as `{sample_id, content_type, encoding: "base64", data, size, sha256}`: a local
 * extension for the labeling panel, which otherwise would need the storage client to read
 * `source`. For text samples the content is the line.
 */
async function sampleContent(service: DatasetService, datasetId: string, sampleId: string): Promise<SampleContentBody> {
  const s = findSample(service, datasetId, sampleId);
  if (s.sample_type === SampleType.text) {
    const data = Buffer.from(s.text ?? '', 'utf8');
    return {
      sample_id: s.sample_id,
      content_type: 'text/plain; charset=utf-8',
      encoding: 'base64',
      data: data.toString('base64'),
      size: data.length,
    };
  }
  const objects = await service.deps.storage.list({ bucket: s.bucket, prefix: s.key }).catch(() => []);
  const obj = objects.find((o) => o.key === s.key);
  if (!obj) throw DatasetErrors.pathMissing(`obs://${s.bucket}/${s.key}`, 'no longer exists; sync the dataset (POST .../sync-data)');
  if (obj.size > maxContentBytes)
    throw Errors.badRequest(`The sample is larger than ${maxContentBytes} bytes; read it from storage instead.`);
  const data = await service.deps.storage.read(s.bucket, s.key);
  return {
    sample_id: s.sample_id,
    content_type: imageContentType((s.format ?? 'jpeg') as 'jpeg'),
    encoding: 'base64',
    data: data.toString('base64'),
    size: data.length,
    sha256: obj.sha256,
  };
}

/**
 * Label definitions: add (POST labels), update by name (PUT labels; `@modelarts:rename_to`
 * renames, also in every annotation) and delete (POST labels/delete, which also removes the
 * label's annotations). Only `delete_policy=0` is served: policies 1 and 2 delete samples, and a
 * local sample is an object in storage that the next sync would bring back.
 */
function changeLabels(service: DatasetService, datasetId: string, given: unknown, op: 'add' | 'update' | 'delete'): AnnotationResult {
  const d = service.dataset(datasetId);
  const store = service.store(d.id);
  let labels: readonly LabelDef[] = store.labels;
  let renames = new Map<string, string>();
  let gone = new Set<string>();
  if (op === 'add') {
    if (!Array.isArray(given) || given.length === 0)
      throw Errors.badRequest('labels must be a non-empty array of labels like {"name": "cat"}.');
    labels = [...labels, ...parseNewLabels(given, d.dataset_type, labels, 'labels')];
  } else if (op === 'update') {
    ({ labels, renames } = applyLabelUpdates(given, d.dataset_type, labels, 'labels'));
  } else {
    gone = labelNamesToDelete(given, labels, 'labels');
    labels = labels.filter((l) => !gone.has(l.name));
  }
  store.setLabels(labels, renames, gone);
  const count = Array.isArray(given) ? given.length : 0;
  return { success: true, results: Array.from({ length: count }, () => ({ success: true })) };
}

/**
 * `GET .../data-annotations/stats` (OTC GetDatasetStats): per-label and per-state counts, kept
 * up to date by the store on every change, so an answer is O(labels) at any dataset size. Every
 * annotated sample is labelled, so the counts of `__ALL__` are the dataset's; `__NONE__` (and a
 * review state no local sample is in) has none.
 */
function stats(service: DatasetService, datasetId: string, query: RouteQuery<{ readonly sample_state?: string }>): DatasetStats {
  const d = service.dataset(datasetId);
  const store = service.store(d.id);
  const state = readState(query);
  const counted = state === null || state === '__ALL__';
  const labelStats = store.labels.map((l) => {
    const c = counted ? store.labelCount(l.name) : { annotations: 0, samples: 0 };
    return { name: l.name, type: l.type, property: l.property, attributes: l.attributes, count: c.annotations, sample_count: c.samples };
  });
  const { total, annotated } = store.summary();
  return {
    label_stats: labelStats,
    sample_stats: { __ALL__: annotated, __NONE__: total - annotated },
    data_path: d.data_sources[0]?.data_path,
    data_spliting_enable: false,
    key_sample_stats: {},
    metadata_stats: {},
    grouped_label_stats: {},
  };
}
