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
  private byId: Map<string, DatasetSample> | undefined;
  private stemPaths: Set<string> | undefined;
  private readonly textTaken = new Map<string, number>();
  /**
   * The indexes, each made on first use: a format needs two or three of them (a manifest ids and
   * objects, YOLO paths and stems), and 100,000 keys cost.
   */
  private readonly indexes = new Map<IndexKind, Map<string, Entry>>();

  constructor(readonly samples: readonly DatasetSample[]) {}

  private ids(): Map<string, DatasetSample> {
    if (this.byId) return this.byId;
    const m = new Map<string, DatasetSample>();
    for (const s of this.samples) m.set(s.id, s);
    return (this.byId = m);
  }

  private index(kind: IndexKind): Map<string, Entry> {
    let m = this.indexes.get(kind);
    if (m) return m;
    m = new Map();
    for (const s of this.samples) {
      if (kind === 'text') {
        if (s.text !== undefined) add(m, s.text, s);
      } else if (s.text !== undefined) continue;
      else if (kind === 'location') {
        if (s.location) add(m, `${s.location.bucket}/${s.location.key}`, s);
      } else
        add(
          m,
          kind === 'path' ? s.path : kind === 'stem' ? stemOf(s.path) : kind === 'name' ? baseName(s.path) : stemOf(baseName(s.path)),
          s,
        );
    }
    this.indexes.set(kind, m);
    return m;
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
      const s = this.ids().get(ref.sampleId);
      if (s) return { kind: 'match', sample: s };
    }
    if (ref.text !== undefined) {
      const e = this.index('text').get(ref.text);
      if (!e) return none;
      const list = Array.isArray(e) ? e : [e];
      const taken = this.textTaken.get(ref.text) ?? 0;
      if (take) this.textTaken.set(ref.text, taken + 1);
      return { kind: 'match', sample: list[Math.min(taken, list.length - 1)] as DatasetSample };
    }
    // Levels from the most to the least specific; written out rather than looped over a table,
    // because an import of 100,000 records calls this twice per record.
    let r: MatchResult | undefined;
    if (ref.location && (r = level(this.index('location'), `${ref.location.bucket}/${ref.location.key}`, 'OBS object'))) return r;
    if (ref.path !== undefined && (r = level(this.index('path'), ref.path, 'path'))) return r;
    if (ref.stems) for (const st of ref.stems) if ((r = this.byStem(st))) return r;
    if (ref.path !== undefined && (r = level(this.index('name'), baseName(ref.path), 'file name'))) return r;
    if (ref.stems)
      for (const st of ref.stems) if ((r = level(this.index('baseStem'), baseName(st), 'file name without extension'))) return r;
    return none;
  }

  /**
   * The level a stem finds: a sample's whole path first (an export names a label file
   * `a.png.txt` when `a.jpg` sits beside it), then a path without extension. A stem that is no
   * sample's path (nearly all) is found with one lookup, not two, since this runs for every
   * YOLO record, when its size is looked up and again when it is matched.
   */
  private byStem(st: string): MatchResult | undefined {
    const e = this.index('stem').get(st);
    if (e !== undefined && !this.stemsThatArePaths().has(st)) return result(e, st, 'path without extension');
    return level(this.index('path'), st, 'path') ?? (e === undefined ? undefined : result(e, st, 'path without extension'));
  }

  /** Paths without extension that are also some sample's whole path (`a.tar` of `a.tar.gz` beside `a.tar`). */
  private stemsThatArePaths(): ReadonlySet<string> {
    if (this.stemPaths) return this.stemPaths;
    const paths = this.index('path');
    const out = new Set<string>();
    for (const stem of this.index('stem').keys()) if (paths.has(stem)) out.add(stem);
    return (this.stemPaths = out);
  }
}

type Entry = DatasetSample | DatasetSample[];
type IndexKind = 'text' | 'location' | 'path' | 'stem' | 'name' | 'baseStem';
const none: MatchResult = { kind: 'none' };

function add(m: Map<string, Entry>, k: string, s: DatasetSample): void {
  const e = m.get(k);
  if (e === undefined) m.set(k, s);
  else if (Array.isArray(e)) e.push(s);
  else m.set(k, [e, s]);
}

/** One level: a match, an ambiguity, or undefined to go on. */
function level(m: Map<string, Entry>, k: string, by: string): MatchResult | undefined {
  const e = m.get(k);
  return e === undefined ? undefined : result(e, k, by);
}

/** What an index entry found by key `k` at a level: one sample, or several. */
function result(e: Entry, k: string, by: string): MatchResult {
  if (!Array.isArray(e)) return { kind: 'match', sample: e };
  return { kind: 'ambiguous', candidates: e, by: `${by} ${k}` };
}

/** A record's reference for messages: its text, path or stem. */
export function describeRef(ref: SampleRef): string {
  if (ref.text !== undefined) return `content://${ref.text.length > 40 ? `${ref.text.slice(0, 40)}…` : ref.text}`;
  if (ref.location) return `obs://${ref.location.bucket}/${ref.location.key}`;
  return ref.path ?? ref.stems?.[0] ?? ref.sampleId ?? '?';
}
