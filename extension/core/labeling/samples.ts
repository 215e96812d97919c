import type { Dataset, Sample } from '../api/resources/datasetTypes';
import { type ObjectLocation, parseObsUrl } from '../storage/urls';
import { baseName, type ExportSample, type ImageSize, isNumber, type SampleRef, stemOf } from './formats/model';

/**
 * A dataset's samples as the converters see them: where each lives (its OBS object and its path
 * relative to the dataset's data folder), its text, its size; and the matcher that finds the
 * sample a record in a file names.
 */

/** One sample of the dataset, with what matching needs. */
export interface DatasetSample {
  readonly sample: Sample;
  readonly id: string;
  readonly location?: ObjectLocation;
  /** Relative to the data folder it is in (`train/a.jpg`); a text sample's `file.txt#L3`. */
  readonly path: string;
  readonly text?: string;
  readonly size?: ImageSize;
}

/** The dataset's data folders as OBS locations (`/bucket/dir/` in the API). */
export function dataFolders(dataset: Dataset): ObjectLocation[] {
  const out: ObjectLocation[] = [];
  for (const s of dataset.data_sources ?? []) {
    try {
      const loc = parseObsUrl(s.data_path);
      out.push({ bucket: loc.bucket, key: loc.key === '' || loc.key.endsWith('/') ? loc.key : `${loc.key}/` });
    } catch {
      // A source that is no OBS path (a table, a database) has no folder to be relative to.
    }
  }
  return out;
}

/**
 * Where a sample is. Local mode answers `obs://bucket/key` in `source`; the cloud a signed
 * `https://bucket.obs.<region>…/key?…` URL, and `sample_dir` (`/bucket/dir/`) with `sample_name`.
 */
export function sampleLocation(s: Sample): ObjectLocation | undefined {
  const src = s.source ?? '';
  if (/^(obs|s3):\/\//i.test(src)) {
    try {
      return parseObsUrl(src);
    } catch {
      return undefined;
    }
  }
  if (s.sample_dir && s.sample_name && s.sample_type !== 1) {
    try {
      const dir = parseObsUrl(s.sample_dir);
      return { bucket: dir.bucket, key: `${dir.key === '' || dir.key.endsWith('/') ? dir.key : `${dir.key}/`}${s.sample_name}` };
    } catch {
      // Fall through to the URL.
    }
  }
  if (/^https?:\/\//i.test(src)) {
    const url = new URL(src);
    const bucket = url.hostname.includes('.obs.') ? url.hostname.slice(0, url.hostname.indexOf('.obs.')) : url.pathname.split('/')[1];
    const key = decodeURIComponent(url.hostname.includes('.obs.') ? url.pathname.slice(1) : url.pathname.split('/').slice(2).join('/'));
    if (bucket && key) return { bucket, key };
  }
  return undefined;
}

/** A sample with its place, text and size worked out. */
export function describeSample(s: Sample, folders: readonly ObjectLocation[]): DatasetSample {
  const text = s.sample_type === 1 ? textOf(s) : undefined;
  const location = text === undefined ? sampleLocation(s) : undefined;
  const folder = location && folders.find((f) => f.bucket === location.bucket && location.key.startsWith(f.key));
  const path = location ? location.key.slice(folder ? folder.key.length : 0) : (s.sample_name ?? s.sample_id);
  const sz = s.metadata?.['@modelarts:size'];
  const size =
    Array.isArray(sz) && isNumber(sz[0]) && isNumber(sz[1]) && sz[0] > 0 && sz[1] > 0
      ? { width: sz[0], height: sz[1], ...(isNumber(sz[2]) ? { depth: sz[2] } : {}) }
      : undefined;
  return {
    sample: s,
    id: s.sample_id,
    ...(location ? { location } : {}),
    path,
    ...(text !== undefined ? { text } : {}),
    ...(size ? { size } : {}),
  };
}

function textOf(s: Sample): string | undefined {
  if (typeof s.sample_data?.[0] === 'string') return s.sample_data[0];
  if (s.source?.startsWith('content://')) return s.source.slice('content://'.length);
  return undefined;
}

/** The form a writer takes. */
export function exportSample(d: DatasetSample): ExportSample {
  return {
    sampleId: d.id,
    path: d.path,
    ...(d.location ? { location: d.location } : {}),
    ...(d.text !== undefined ? { text: d.text } : {}),
    ...(d.size ? { size: d.size } : {}),
    ...(d.sample.sample_usage ? { usage: d.sample.sample_usage } : {}),
    labels: d.sample.labels ?? [],
  };
}

/** What matching a record found. */
export type MatchResult =
  | { readonly kind: 'match'; readonly sample: DatasetSample }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly DatasetSample[]; readonly by: string }
  | { readonly kind: 'none' };

/**
 * Finds the sample a record names: by sample id, then OBS object, then relative path (with and
 * without extension), then file name (with and without extension). A level with one sample is a
 * match; with several it is ambiguous and matching stops there, because a further, looser level
 * would only guess. Text records match by their text; identical lines match in order.
 */
export class SampleMatcher {
  private readonly byId = new Map<string, DatasetSample>();
  private readonly byLocation = new Map<string, DatasetSample[]>();
  private readonly byPath = new Map<string, DatasetSample[]>();
  private readonly byStem = new Map<string, DatasetSample[]>();
  private readonly byName = new Map<string, DatasetSample[]>();
  private readonly byBaseStem = new Map<string, DatasetSample[]>();
  private readonly byText = new Map<string, DatasetSample[]>();
  private readonly textTaken = new Map<string, number>();

  constructor(readonly samples: readonly DatasetSample[]) {
    const add = (m: Map<string, DatasetSample[]>, k: string, s: DatasetSample) => {
      const list = m.get(k);
      if (list) list.push(s);
      else m.set(k, [s]);
    };
    for (const s of samples) {
      this.byId.set(s.id, s);
      if (s.text !== undefined) {
        add(this.byText, s.text, s);
        continue;
      }
      if (s.location) add(this.byLocation, `${s.location.bucket}/${s.location.key}`, s);
      add(this.byPath, s.path, s);
      add(this.byStem, stemOf(s.path), s);
      add(this.byName, baseName(s.path), s);
      add(this.byBaseStem, stemOf(baseName(s.path)), s);
    }
  }

  /** The sample a record names, without consuming a text sample (for size lookups). */
  peek(ref: SampleRef): DatasetSample | undefined {
    const r = this.find(ref, false);
    return r.kind === 'match' ? r.sample : undefined;
  }

  /** The sample a record names; a text match is used up, so the next identical line takes the next sample. */
  match(ref: SampleRef): MatchResult {
    return this.find(ref, true);
  }

  private find(ref: SampleRef, take: boolean): MatchResult {
    if (ref.sampleId) {
      const s = this.byId.get(ref.sampleId);
      if (s) return { kind: 'match', sample: s };
    }
    if (ref.text !== undefined) {
      const list = this.byText.get(ref.text);
      if (!list) return { kind: 'none' };
      const taken = this.textTaken.get(ref.text) ?? 0;
      const s = list[Math.min(taken, list.length - 1)] as DatasetSample;
      if (take) this.textTaken.set(ref.text, taken + 1);
      return { kind: 'match', sample: s };
    }
    const levels: [Map<string, DatasetSample[]>, readonly (string | undefined)[], string][] = [
      [this.byLocation, [ref.location ? `${ref.location.bucket}/${ref.location.key}` : undefined], 'OBS object'],
      [this.byPath, [ref.path], 'path'],
      [this.byStem, ref.stems ?? [], 'path without extension'],
      [this.byName, [ref.path ? baseName(ref.path) : undefined], 'file name'],
      [this.byBaseStem, (ref.stems ?? []).map((s) => baseName(s)), 'file name without extension'],
    ];
    for (const [index, keys, by] of levels) {
      for (const k of keys) {
        if (k === undefined) continue;
        const list = index.get(k);
        if (!list) continue;
        if (list.length === 1) return { kind: 'match', sample: list[0] as DatasetSample };
        return { kind: 'ambiguous', candidates: list, by: `${by} ${k}` };
      }
    }
    return { kind: 'none' };
  }
}

/** A record's reference for messages: its text, path or stem. */
export function describeRef(ref: SampleRef): string {
  if (ref.text !== undefined) return `content://${ref.text.length > 40 ? `${ref.text.slice(0, 40)}…` : ref.text}`;
  if (ref.location) return `obs://${ref.location.bucket}/${ref.location.key}`;
  return ref.path ?? ref.stems?.[0] ?? ref.sampleId ?? '?';
}
