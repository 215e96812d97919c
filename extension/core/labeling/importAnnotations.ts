import type { ModelArtsApi } from '../api/resources/modelArtsApi';
import type { SampleAnnotation, SampleLabel } from '../api/resources/datasetTypes';
import type { StorageClient } from '../storage/client';
import { throwIfAborted } from '../util/abort';
import { readAnnotations } from './formats';
import {
  type AnnotatedSample,
  type AnnotationFormat,
  END_INDEX,
  FEATURE,
  formatLocation,
  formatProblem,
  isNumber,
  isPoint,
  LabelType,
  type Problem,
  type SourceLocation,
  START_INDEX,
} from './formats/model';
import { checkFormatFits, datasetTypeName, listDatasetSamples, type LabelingProgress } from './common';
import { type DatasetSample, describeRef, SampleMatcher } from './samples';
import { openSource } from './sources';

/**
 * Importing annotation files into a dataset. The policy, all or nothing unless told otherwise:
 *
 * 1. Everything is read and checked before anything changes: each file parsed, each record
 *    matched to a sample (by sample id, OBS object, path relative to the dataset's data folder,
 *    then file name; see SampleMatcher) and checked against the dataset (annotation type, label
 *    names, every point inside the sample's image, entity offsets inside its text, the size the
 *    file states equal to the sample's). Every problem is collected with its file and line or
 *    element, not only the first.
 * 2. If any record is invalid, nothing is applied and ImportError lists every problem, unless
 *    `skipInvalid` is set: then the invalid records are left out and the report lists each one
 *    (`skipped`). A record is left out whole, never in part. Records that match no sample are not
 *    errors (annotation files often cover more images than a dataset); the report lists them
 *    (`unmatched`).
 * 3. Applying: labels the records use and the dataset lacks are added first (in the order the
 *    files declare them), then the matched samples' annotations are replaced by the records' in
 *    batches through the batch annotation API (`batchSize`, default 100). A record without
 *    annotations clears its sample. If a batch fails midway (the platform refuses it, the network
 *    drops, the user cancels), ImportApplyError says how many samples were applied before it;
 *    those stay applied, the labels added stay, and the rest is not touched. Running the same
 *    import again is safe: it sets the same annotations.
 *
 * `dryRun` stops after step 2 and reports what would be applied.
 */

export interface LabelingServices {
  readonly api: ModelArtsApi;
  /** Needed only for obs:// paths. */
  readonly storage?: StorageClient;
}

export interface ImportOptions {
  readonly format: AnnotationFormat;
  /** A local folder or file, or an obs:// folder or object. */
  readonly from: string;
  /** Leave out invalid records (listed in the report) instead of refusing the import. */
  readonly skipInvalid?: boolean;
  /** Check everything, apply nothing. */
  readonly dryRun?: boolean;
  /** Samples per batch annotation call (default 100). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  onProgress?(progress: LabelingProgress): void;
}

export interface ImportReport {
  readonly datasetId: string;
  readonly format: AnnotationFormat;
  readonly from: string;
  /** Files read (annotation files and the VOC files manifests point to). */
  readonly files: number;
  /** Records found, valid or not. */
  readonly records: number;
  /** Samples whose annotations were replaced (would be, in a dry run). */
  readonly applied: number;
  readonly annotations: number;
  readonly labelsAdded: readonly string[];
  readonly unmatched: readonly { readonly origin: SourceLocation; readonly ref: string }[];
  /** With skipInvalid: every problem of the records left out. */
  readonly skipped: readonly Problem[];
  readonly dryRun: boolean;
}

/** The import was refused: nothing was applied. */
export class ImportError extends Error {
  constructor(
    readonly problems: readonly Problem[],
    readonly report: ImportReport,
  ) {
    const shown = problems.slice(0, 20).map((p) => `  ${formatProblem(p)}`);
    if (problems.length > 20) shown.push(`  … and ${problems.length - 20} more`);
    super(
      `${problems.length} problem(s) in ${report.from}; nothing was imported (pass skipInvalid / --skip-invalid to import the valid records):\n${shown.join('\n')}`,
    );
    this.name = 'ImportError';
  }
}

/** A batch failed while applying: `report.applied` samples were applied before it, and stay applied. */
export class ImportApplyError extends Error {
  constructor(
    readonly report: ImportReport,
    readonly total: number,
    override readonly cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `the import stopped after applying ${report.applied} of ${total} samples: ${why} (applied samples keep their new annotations; run the import again to finish)`,
    );
    this.name = 'ImportApplyError';
  }
}

/** Reads, checks and applies annotation files to a dataset (see the policy above). */
export async function importAnnotations(services: LabelingServices, datasetId: string, options: ImportOptions): Promise<ImportReport> {
  const { api } = services;
  const { signal, format } = options;
  const progress = (p: LabelingProgress) => options.onProgress?.(p);
  const dataset = await api.datasets.get(datasetId, { signal });
  checkFormatFits(format, dataset);
  const source = await openSource(options.from, services.storage, signal);
  progress({ phase: 'listing', done: 0 });
  const samples = await listDatasetSamples(api, dataset, {
    signal,
    onProgress: (done, total) => progress({ phase: 'listing', done, total }),
  });
  const matcher = new SampleMatcher(samples);

  const read = await readAnnotations(format, source, {
    ...(signal ? { signal } : {}),
    onProgress: (done, total) => progress({ phase: 'reading', done, total }),
    sizeOf: (ref) => matcher.peek(ref)?.size,
    datasetType: dataset.dataset_type,
  });
  throwIfAborted(signal);
  const problems: Problem[] = [...read.problems];
  const unmatched: { origin: SourceLocation; ref: string }[] = [];
  const claimed = new Map<string, SourceLocation>();
  const changes: { record: AnnotatedSample; target: DatasetSample; labels: SampleLabel[] }[] = [];
  for (const record of read.samples) {
    const m = matcher.match(record.ref);
    if (m.kind === 'none') {
      unmatched.push({ origin: record.origin, ref: describeRef(record.ref) });
      continue;
    }
    if (m.kind === 'ambiguous') {
      problems.push({
        ...record.origin,
        message: `${describeRef(record.ref)} matches ${m.candidates.length} samples by ${m.by} (${m.candidates
          .slice(0, 3)
          .map((c) => c.path)
          .join(', ')}); write the path relative to the dataset's data folder`,
      });
      continue;
    }
    const first = claimed.get(m.sample.id);
    if (first) {
      problems.push({
        ...record.origin,
        message: `sample ${m.sample.path} is annotated twice: also by ${formatLocation(first)}`,
      });
      continue;
    }
    claimed.set(m.sample.id, record.origin);
    const checked = checkRecord(record, m.sample, dataset.dataset_type);
    if (checked.problems.length > 0) problems.push(...checked.problems);
    else changes.push({ record, target: m.sample, labels: checked.labels });
  }

  // The label list itself, not the dataset's copy of it (a cloud answer may leave labels out).
  const have = (await api.datasets.labels(datasetId, { signal })).map((l) => l.name);
  const wanted = missingLabels(have, read.labelNames, changes);
  const report = (applied: number, labelsAdded: readonly string[]): ImportReport => ({
    datasetId,
    format,
    from: options.from,
    files: read.filesRead,
    records: read.records,
    applied,
    annotations: changes.slice(0, applied).reduce((n, c) => n + c.labels.length, 0),
    labelsAdded,
    unmatched,
    skipped: options.skipInvalid ? problems : [],
    dryRun: options.dryRun === true,
  });
  if (problems.length > 0 && !options.skipInvalid) throw new ImportError(problems, report(0, []));
  if (options.dryRun) return report(changes.length, wanted);

  if (wanted.length > 0) {
    throwIfAborted(signal);
    await api.datasets.addLabels(
      datasetId,
      wanted.map((name) => ({ name, type: dataset.dataset_type })),
      { signal },
    );
  }
  const batchSize = Math.max(1, Math.min(1000, options.batchSize ?? 100));
  let applied = 0;
  progress({ phase: 'applying', done: 0, total: changes.length });
  for (let i = 0; i < changes.length; i += batchSize) {
    const batch = changes.slice(i, i + batchSize).map(({ record, target, labels }): SampleAnnotation => {
      const needsSize = dataset.dataset_type === LabelType.objectDetection && !target.size && record.size && labels.length > 0;
      return {
        sample_id: target.id,
        labels,
        ...(record.usage ? { sample_usage: record.usage } : {}),
        ...(needsSize && record.size
          ? { metadata: { '@modelarts:size': [record.size.width, record.size.height, record.size.depth ?? 3] } }
          : {}),
      };
    });
    try {
      throwIfAborted(signal);
      await api.datasets.updateAnnotations(datasetId, batch, { signal });
    } catch (err) {
      throw new ImportApplyError(report(applied, wanted), changes.length, err);
    }
    applied += batch.length;
    progress({ phase: 'applying', done: applied, total: changes.length });
  }
  return report(applied, wanted);
}

/** Labels the changes use that the dataset lacks: declared ones in file order, then by first use. */
function missingLabels(
  existing: readonly string[],
  declared: readonly string[],
  changes: readonly { labels: readonly SampleLabel[] }[],
): string[] {
  const have = new Set(existing);
  const used = new Set<string>();
  for (const c of changes) for (const l of c.labels) used.add(l.name);
  const out: string[] = [];
  for (const n of [...declared, ...used]) if (used.has(n) && !have.has(n) && !out.includes(n)) out.push(n);
  return out;
}

const maxLabelName = 64;

/**
 * One matched record against its sample and the dataset: what the API would refuse, found before
 * anything is sent, with the record's place in the file.
 */
export function checkRecord(
  record: AnnotatedSample,
  target: DatasetSample,
  datasetType: number,
): { labels: SampleLabel[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const bad = (message: string) => problems.push({ ...record.origin, message });
  const labels: SampleLabel[] = [];
  const seen = new Set<string>();
  const size = target.size ?? record.size;
  if (
    datasetType === LabelType.objectDetection &&
    target.size &&
    record.size &&
    (target.size.width !== record.size.width || target.size.height !== record.size.height)
  )
    bad(
      `the file says ${record.size.width}x${record.size.height} pixels, but ${target.path} is ${target.size.width}x${target.size.height}: is it the same image?`,
    );
  record.labels.forEach((l, i) => {
    const what = `annotation ${i + 1} (${JSON.stringify(l.name)})`;
    // eslint-disable-next-line no-control-regex
    if (l.name.length > maxLabelName || l.name.trim() === '' || /[\u0000-\u001f\u007f]/.test(l.name))
      return bad(`${what}: a label name is 1 to ${maxLabelName} characters without control characters`);
    const type = l.type ?? datasetType;
    if (type !== datasetType) return bad(`${what} is ${datasetTypeName(type)}, but the dataset is ${datasetTypeName(datasetType)}`);
    if (datasetType === LabelType.objectDetection) {
      if (!size) return bad(`${what}: ${target.path} has no known image size to place boxes on`);
      const f = l.property?.[FEATURE];
      const pts = Array.isArray(f) ? (l.property?.['@modelarts:shape'] === 'circle' ? f.slice(0, 1) : f) : [];
      for (const p of pts as unknown[]) {
        if (!isPoint(p)) return bad(`${what}: a point is not [x, y]`);
        if (p[0] < 0 || p[1] < 0 || p[0] > size.width || p[1] > size.height)
          return bad(`${what}: point [${p[0]}, ${p[1]}] lies outside the ${size.width}x${size.height} image ${target.path}`);
      }
    } else if (datasetType === LabelType.textEntity) {
      const s = l.property?.[START_INDEX];
      const e = l.property?.[END_INDEX];
      if (!isNumber(s) || !isNumber(e) || s < 0 || s >= e) return bad(`${what}: needs ${START_INDEX} < ${END_INDEX}`);
      // ModelArts counts characters as Python does, in code points: an emoji is one.
      const length = target.text === undefined ? undefined : [...target.text].length;
      if (length !== undefined && e > length)
        return bad(`${what}: ${END_INDEX} ${e} is past the end of the sample's ${length}-character text`);
    } else {
      // A class is given once per sample; a repeat adds nothing.
      if (seen.has(l.name)) return;
      seen.add(l.name);
    }
    labels.push(l);
  });
  return { labels, problems };
}
