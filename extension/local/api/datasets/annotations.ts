import type { AnnotationResult, DatasetStats } from '../../../core/api/resources/datasetTypes';
import type { datasetRoutes, SampleContentBody } from '../../../core/api/routes/datasets';
import { Errors } from '../../http/apiError';
import { paging } from '../../http/json';
import type { Handlers, RequestContext, RouteQuery } from '../../http/router';
import { imageContentType } from './imageSize';
import { applyLabelUpdates, labelNamesToDelete, parseNewLabels, parseSampleLabels } from './labels';
import {
  DatasetErrors,
  type SampleLabel,
  sampleStates,
  sampleStatus,
  sampleUsages,
  type SampleUsage,
  SampleType,
  sampleView,
  type StoredSample,
} from './model';
import { type DatasetService, removeFromSamples, renameInSamples } from './service';

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
      const labels = service.set(service.dataset(params.dataset_id).id).labels;
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
  const sample = service.set(service.dataset(datasetId).id).samples.find((s) => s.sample_id === sampleId);
  if (!sample) throw DatasetErrors.sampleNotFound(sampleId);
  return sample;
}

/** Whether a sample is in a `sample_state`: labelled (`__ALL__`), unlabelled (`__NONE__`), or a review state no local sample is in. */
function inState(s: StoredSample, state: string | null): boolean {
  if (state === null || state === '') return true;
  if (state === '__ALL__') return s.labels.length > 0;
  if (state === '__NONE__') return s.labels.length === 0;
  return false;
}

function readState(query: RouteQuery<{ readonly sample_state?: string }>): string | null {
  const state = query.get('sample_state');
  if (state !== null && state !== '' && !(sampleStates as readonly string[]).includes(state)) {
    throw Errors.badRequest(`sample_state must be one of ${sampleStates.join(', ')} (__ALL__ = labelled, __NONE__ = unlabelled).`);
  }
  return state;
}

function listSamples(service: DatasetService, { params, query }: Ctx<'samples'>) {
  const d = service.dataset(params.dataset_id);
  const { offset, limit } = paging(query, 10, 100);
  const state = readState(query);
  const labelName = query.get('label_name');
  const sampleType = query.get('sample_type');
  if (sampleType !== null && !/^\d+$/.test(sampleType)) throw Errors.badRequest('sample_type must be a whole number (0 image, 1 text).');
  const labelType = query.get('label_type');
  if (labelType !== null && !/^\d+$/.test(labelType)) throw Errors.badRequest('label_type must be a whole number.');
  const matching = service
    .set(d.id)
    .samples.filter(
      (s) =>
        inState(s, state) &&
        (labelName === null || s.labels.some((l) => l.name === labelName)) &&
        (labelType === null || s.labels.some((l) => l.type === Number(labelType))) &&
        (sampleType === null || s.sample_type === Number(sampleType)),
    );
  // `offset` is taken as a record offset (the start of the page): the reference calls it "page
  // start" and is unsure whether a page index is meant; record offsets match the other families.
  return { status: 200 as const, body: { sample_count: matching.length, samples: matching.slice(offset, offset + limit).map(sampleView) } };
}

/**
 * Batch annotation. All or nothing: every item is checked (sample exists, labels defined, boxes
 * inside the image, ...) before anything changes, and the whole batch is one atomic write. The
 * first bad item fails the request with its index and sample id; on success each item's result
 * is `{success: true}`.
 */
function updateSamples(service: DatasetService, { params, json }: Ctx<'updateAnnotations'>) {
  const d = service.dataset(params.dataset_id);
  const items = json().samples;
  if (!Array.isArray(items) || items.length === 0 || items.length > 1000)
    throw Errors.badRequest('samples must be an array of 1 to 1000 {sample_id, labels} objects.');
  const set = service.set(d.id);
  const byId = new Map(set.samples.map((s, i) => [s.sample_id, i]));
  const changes = new Map<number, { labels?: SampleLabel[]; usage?: SampleUsage }>();
  items.forEach((raw, i) => {
    let where = `samples[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw Errors.badRequest(`${where} must be an object like {"sample_id": "...", "labels": [...]}.`);
    const item = raw as Record<string, unknown>;
    if (typeof item.sample_id !== 'string' || item.sample_id === '') throw Errors.badRequest(`${where}.sample_id is required.`);
    where = `samples[${i}] (${item.sample_id})`;
    const index = byId.get(item.sample_id);
    if (index === undefined) throw DatasetErrors.sampleNotFound(item.sample_id, `samples[${i}]`);
    if (changes.has(index)) throw Errors.badRequest(`${where}: the sample appears twice in the batch.`);
    const sample = set.samples[index] as StoredSample;
    if (item.labels === undefined && item.sample_usage === undefined)
      throw Errors.badRequest(`${where} needs labels (an empty list removes them) or sample_usage.`);
    const labels = item.labels === undefined ? undefined : parseSampleLabels(item.labels, d.dataset_type, set.labels, sample, where);
    const usage = item.sample_usage;
    if (usage !== undefined && usage !== null && !(sampleUsages as readonly unknown[]).includes(usage))
      throw Errors.badRequest(`${where}.sample_usage must be one of ${sampleUsages.join(', ')}.`);
    changes.set(index, { labels, usage: (usage ?? undefined) as SampleUsage | undefined });
  });
  const now = Date.now();
  const samples = set.samples.map((s, i) => {
    const change = changes.get(i);
    if (!change) return s;
    return {
      ...s,
      ...(change.labels ? { labels: change.labels, annotated_time: now } : {}),
      ...(change.usage ? { sample_usage: change.usage } : {}),
    };
  });
  service.saveSet({ ...set, samples });
  return { status: 200 as const, body: { success: true, results: items.map(() => ({ success: true })) } satisfies AnnotationResult };
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
  const set = service.set(d.id);
  let { labels, samples } = set;
  if (op === 'add') {
    if (!Array.isArray(given) || given.length === 0)
      throw Errors.badRequest('labels must be a non-empty array of labels like {"name": "cat"}.');
    labels = [...labels, ...parseNewLabels(given, d.dataset_type, labels, 'labels')];
  } else if (op === 'update') {
    const result = applyLabelUpdates(given, d.dataset_type, labels, 'labels');
    labels = result.labels;
    samples = renameInSamples(samples, result.renames);
  } else {
    const gone = labelNamesToDelete(given, labels, 'labels');
    labels = labels.filter((l) => !gone.has(l.name));
    samples = removeFromSamples(samples, gone);
  }
  service.saveSet({ ...set, labels, samples });
  const count = Array.isArray(given) ? given.length : 0;
  return { success: true, results: Array.from({ length: count }, () => ({ success: true })) };
}

/** `GET .../data-annotations/stats` (OTC GetDatasetStats): per-label and per-state counts. */
function stats(service: DatasetService, datasetId: string, query: RouteQuery<{ readonly sample_state?: string }>): DatasetStats {
  const d = service.dataset(datasetId);
  const state = readState(query);
  const set = service.set(d.id);
  const samples = set.samples.filter((s) => inState(s, state));
  const labelStats = set.labels.map((l) => {
    let count = 0;
    let sampleCount = 0;
    for (const s of samples) {
      const n = s.labels.filter((a) => a.name === l.name).length;
      count += n;
      if (n > 0) sampleCount++;
    }
    return { name: l.name, type: l.type, property: l.property, attributes: l.attributes, count, sample_count: sampleCount };
  });
  const labelled = set.samples.filter((s) => sampleStatus(s) === 'MANUAL_ANNOTATION').length;
  return {
    label_stats: labelStats,
    sample_stats: { __ALL__: labelled, __NONE__: set.samples.length - labelled },
    data_path: d.data_sources[0]?.data_path,
    data_spliting_enable: false,
    key_sample_stats: {},
    metadata_stats: {},
    grouped_label_stats: {},
  };
}
