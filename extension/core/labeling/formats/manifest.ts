import type { SampleLabel } from '../../api/resources/datasetTypes';
import { parseObsUrl } from '../../storage/urls';
import {
  type AnnotatedSample,
  dirOf,
  END_INDEX,
  type FileSource,
  isNumber,
  LabelType,
  normaliseUsage,
  type Problem,
  type ReadOptions,
  type ReadResult,
  type SampleRef,
  START_INDEX,
} from './model';
import { inFlight, parseJson, readAhead, textOf } from './read';
import { parseVocDocument } from './voc';

/**
 * ModelArts manifest (modelarts-api.md §7.4): UTF-8 JSON Lines, one sample per line with its
 * `source` (`s3://bucket/key` for a file, `content://text` for a text sample), `usage`, `id` and
 * `annotation[]`. Image and text classification annotations carry `name`; named entities carry
 * `@modelarts:start_index`/`@modelarts:end_index` (end exclusive, in characters) in `property`;
 * object detection points by `annotation-loc` to a PASCAL VOC file (`annotation-format:
 * "PASCAL VOC"`), read with the VOC converter. `confidence` is the score, `annotated-by` the
 * author, `hard` goes to `@modelarts:hard`. A `property` written as a JSON string (as older
 * ModelArts exports do) is decoded when it holds an object; `creation-time` is not kept.
 *
 * An `annotation-loc` is looked up in the import folder: relative to the manifest, then as an
 * `s3://` URL inside the folder being read, then by the longest tail of its key found in the
 * folder (a manifest copied out of OBS with its VOC files beside it), and last in OBS itself.
 *
 * Writing (manifestWriter.ts): `<dataset>.manifest`, plus `Annotations/<path>.xml` for object
 * detection, referred to by a relative `annotation-loc`, or by its `s3://` URL when the export
 * goes to OBS.
 */

/** Annotation types by the name after `modelarts/`. */
export const typeNumbers: Readonly<Record<string, number>> = {
  image_classification: LabelType.imageClassification,
  object_detection: LabelType.objectDetection,
  image_segmentation: LabelType.imageSegmentation,
  text_classification: LabelType.textClassification,
  text_entity: LabelType.textEntity,
  text_triplet: LabelType.textTriplet,
  audio_classification: LabelType.audioClassification,
  audio_content: LabelType.audioContent,
  audio_segmentation: LabelType.audioSegmentation,
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A parsed line, before its VOC files are read. */
interface Line {
  readonly line: number;
  readonly ref: SampleRef;
  readonly usage: ReturnType<typeof normaliseUsage>;
  readonly labels: readonly SampleLabel[];
  /** The VOC files its detection annotations name, with the index of each annotation. */
  readonly vocLocs: { loc: string; index: number }[];
}

/** A VOC file an annotation-loc names: its parse, or only its name when it was not found. */
interface VocFound {
  readonly file: string;
  readonly sample?: AnnotatedSample;
  readonly problems?: Problem[];
}

/** A checked line waiting for its VOC files (undefined: a bad line, whose problems wait with it). */
interface PendingLine {
  readonly line: Line | undefined;
  readonly problems: readonly Problem[];
  readonly found: readonly Promise<VocFound>[];
}

const noProblems: readonly Problem[] = [];
const noneFound: readonly Promise<VocFound>[] = [];

/** Reads every `.manifest` (or `.jsonl`) file under the source. */
export async function readManifest(source: FileSource, options: ReadOptions = {}): Promise<ReadResult> {
  const files = source.files.filter((f) => /\.(manifest|jsonl)$/i.test(f));
  const samples: AnnotatedSample[] = [];
  const problems: Problem[] = [];
  if (files.length === 0) problems.push({ file: '.', message: `no .manifest file under ${source.root}` });
  // VOC files by annotation-loc, parsed: several lines may name one file (the SDK's test manifest
  // does). A few hundred are kept, not all: an export has one per image, each named once.
  const vocCache = new Map<string, Promise<VocFound>>();
  const listed = new Set(source.files);
  let vocRead = 0;
  const voc = (manifest: string, loc: string): Promise<VocFound> => {
    let pending = vocCache.get(loc);
    if (!pending) {
      vocRead++;
      pending = inFlight(findAnnotationFile(source, listed, manifest, loc, options.signal).then(parseFound));
      vocCache.set(loc, pending);
      if (vocCache.size > 256) vocCache.delete(vocCache.keys().next().value as string);
    }
    return pending;
  };
  /** A line whose VOC files are read: its record, or its problems (in line order: the line's own come first). */
  const finish = async (file: string, p: PendingLine): Promise<void> => {
    for (const problem of p.problems) problems.push(problem);
    const l = p.line;
    if (!l) return;
    let labels = l.labels;
    let ok = true;
    let size: AnnotatedSample['size'];
    for (let k = 0; k < l.vocLocs.length; k++) {
      const { loc, index } = l.vocLocs[k] as Line['vocLocs'][number];
      const found = await (p.found[k] as Promise<VocFound>);
      if (!found.problems || !found.sample) {
        const element = `annotation[${index}].annotation-loc`;
        if (!found.problems)
          problems.push({ file, line: l.line, element, message: `annotation-loc ${loc} was not found in ${source.root} (nor in OBS)` });
        else {
          problems.push({ file, line: l.line, element, message: `annotation-loc ${loc} is not a valid VOC file (see below)` });
          for (const problem of found.problems) problems.push(problem);
        }
        ok = false;
      } else {
        labels = labels.length === 0 ? [...found.sample.labels] : [...labels, ...found.sample.labels];
        size ??= found.sample.size;
      }
    }
    if (ok) samples.push(lineSample(file, l, size, labels));
  };
  let done = 0;
  let records = 0;
  for (const file of files) {
    const text = textOf(await source.read(file, options.signal));
    // Lines are checked as they come and the VOC files they name fetched up to readAhead lines
    // ahead (one at a time from disk or OBS, the import would mostly wait); each line's own
    // problems wait with it, so everything comes out in line order.
    const lineProblems: Problem[] = [];
    const ahead: PendingLine[] = [];
    for (const line of manifestLines(text, file, lineProblems)) {
      records++;
      const found = line && line.vocLocs.length > 0 ? line.vocLocs.map((v) => voc(file, v.loc)) : noneFound;
      ahead.push({ line, problems: lineProblems.length > 0 ? lineProblems.splice(0) : noProblems, found });
      if (ahead.length > readAhead) await finish(file, ahead.shift() as PendingLine);
    }
    for (const p of ahead) await finish(file, p);
    options.onProgress?.(++done, files.length);
  }
  return { samples, problems, labelNames: [], filesRead: files.length + vocRead, records };
}

function parseFound(f: { text?: string; file: string }): VocFound {
  if (f.text === undefined) return { file: f.file };
  const parsed = parseVocDocument(f.text, f.file);
  return parsed.sample ? { file: f.file, sample: parsed.sample, problems: parsed.problems } : { file: f.file, problems: parsed.problems };
}

/** A good line's record, with the labels and size of its VOC files. */
function lineSample(file: string, l: Line, size: AnnotatedSample['size'], labels: readonly SampleLabel[]): AnnotatedSample {
  const sample: { -readonly [K in keyof AnnotatedSample]: AnnotatedSample[K] } = { origin: { file, line: l.line }, ref: l.ref, labels };
  if (size) sample.size = size;
  if (l.usage) sample.usage = l.usage;
  return sample;
}

/**
 * The lines of one manifest, one at a time (a 100,000-line manifest is not held parsed): a Line,
 * or undefined for a bad line, whose problems were added.
 */
export function* manifestLines(text: string, file: string, problems: Problem[]): Generator<Line | undefined> {
  const reader = new LineReader(file, problems);
  let start = 0;
  for (let lineNo = 1; start <= text.length; lineNo++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    start = end + 1;
    if (raw.trim() === '') continue;
    const parsed = parseJson(raw, file, lineNo - 1);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      yield undefined;
      continue;
    }
    yield reader.line(parsed.value, lineNo);
  }
}

type MutableRef = { -readonly [K in keyof SampleRef]: SampleRef[K] };

/**
 * The checking of one manifest's lines: where problems go and the line at hand. Methods rather
 * than closures made per line, and element paths (`annotation[2].name`) only for a problem.
 */
class LineReader {
  private at = 0;

  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {}

  private bad(element: string, message: string): void {
    this.problems.push({ file: this.file, line: this.at, element, message });
  }

  line(value: unknown, line: number): Line | undefined {
    this.at = line;
    const before = this.problems.length;
    if (!isObject(value)) {
      this.bad('', 'a manifest line must be a JSON object like {"source": "s3://bucket/a.jpg", "annotation": [...]}');
      return undefined;
    }
    if (value.id !== undefined && typeof value.id !== 'string') this.bad('id', 'must be a string (the sample id an export wrote)');
    const ref = this.sourceRef(value.source);
    if (typeof value.id === 'string') ref.sampleId = value.id;
    const usage = normaliseUsage(value.usage);
    if (value.usage !== undefined && value.usage !== '' && value.usage !== null && !usage)
      this.bad('usage', `must be TRAIN, EVAL, TEST or INFERENCE, not ${JSON.stringify(value.usage)}`);
    const labels: SampleLabel[] = [];
    const vocLocs: { loc: string; index: number }[] = [];
    const annotations = value.annotation ?? [];
    if (!Array.isArray(annotations)) this.bad('annotation', 'must be a list of annotations');
    else for (let i = 0; i < annotations.length; i++) this.annotation(annotations[i], i, ref.text, labels, vocLocs);
    if (this.problems.length > before) return undefined;
    return { line, ref, usage, labels, vocLocs };
  }

  /** The `i`th annotation: a label, a VOC file to read, or a problem. */
  private annotation(a: unknown, i: number, text: string | undefined, labels: SampleLabel[], vocLocs: Line['vocLocs']): void {
    if (!isObject(a)) return this.bad(`annotation[${i}]`, 'must be an object with "type" and "name"');
    const typeName =
      typeof a.type === 'string' ? (a.type.startsWith('modelarts/') ? a.type.slice('modelarts/'.length) : a.type) : undefined;
    const type = typeName === undefined ? undefined : typeNumbers[typeName];
    if (type === undefined)
      return this.bad(
        `annotation[${i}].type`,
        `${JSON.stringify(a.type)} is not a ModelArts annotation type (e.g. modelarts/image_classification)`,
      );
    const loc = a['annotation-loc'];
    if (type === LabelType.objectDetection && loc !== undefined) {
      if (typeof loc !== 'string' || loc === '')
        return this.bad(`annotation[${i}].annotation-loc`, 'must be the path of a PASCAL VOC file');
      const format = a['annotation-format'];
      if (format !== undefined && format !== 'PASCAL VOC' && String(format).toUpperCase().replace(/\s+/g, '') !== 'PASCALVOC')
        return this.bad(`annotation[${i}].annotation-format`, `only "PASCAL VOC" is defined, not ${JSON.stringify(format)}`);
      vocLocs.push({ loc, index: i });
      return;
    }
    const label = this.label(a, type, `annotation[${i}]`, text);
    if (label) labels.push(label);
  }

  /** `s3://`/`obs://` URLs, `content://` text, `https://` signed URLs and plain paths. */
  private sourceRef(source: unknown): MutableRef {
    if (typeof source !== 'string' || source === '') {
      this.bad('source', 'is required: the URI of the sample (s3://bucket/path/a.jpg or content://text)');
      return {};
    }
    if (source.startsWith('content://')) return { text: source.slice('content://'.length) };
    if (/^(s3|obs):\/\//i.test(source)) {
      try {
        const location = parseObsUrl(source);
        return { location, path: location.key };
      } catch (err) {
        this.bad('source', err instanceof Error ? err.message : String(err));
        return {};
      }
    }
    if (/^https?:\/\//i.test(source)) {
      // A signed OBS URL (`https://bucket.obs.region.…/key?…`): the key is the path.
      const url = new URL(source);
      return { path: decodeURIComponent(url.pathname.replace(/^\//, '')) };
    }
    return { path: source.replace(/^\.?\//, '') };
  }

  private label(a: Record<string, unknown>, type: number, at: string, text: string | undefined): SampleLabel | undefined {
    const name = a.name;
    if (typeof name !== 'string' || name.trim() === '') {
      this.bad(
        `${at}.name`,
        type === LabelType.objectDetection ? 'is required (or an annotation-loc to a VOC file)' : 'is required: the label name',
      );
      return undefined;
    }
    let property: Record<string, unknown> = {};
    if (isObject(a.property)) property = { ...a.property };
    else if (typeof a.property === 'string') {
      // Older exports write property as a JSON string; an object inside is kept, anything else
      // (V002 writes a list of label definitions there) carries no annotation data.
      try {
        const decoded: unknown = JSON.parse(a.property);
        if (isObject(decoded)) property = decoded;
      } catch {
        this.bad(`${at}.property`, 'is a string that is not JSON');
      }
    } else if (a.property !== undefined && a.property !== null) this.bad(`${at}.property`, 'must be an object');
    const hard = a.hard;
    if (hard !== undefined) {
      if (hard === true || hard === 'true') property['@modelarts:hard'] = true;
      else if (hard === false || hard === 'false') property['@modelarts:hard'] = false;
      else this.bad(`${at}.hard`, `must be true or false, not ${JSON.stringify(hard)}`);
    }
    if (type === LabelType.textEntity) {
      const s = property[START_INDEX];
      const e = property[END_INDEX];
      if (!Number.isInteger(s) || !Number.isInteger(e) || (s as number) < 0 || (s as number) >= (e as number))
        this.bad(
          `${at}.property`,
          `a named entity needs whole numbers ${START_INDEX} < ${END_INDEX}, not ${JSON.stringify(s)} and ${JSON.stringify(e)}`,
        );
      else if (text !== undefined && (e as number) > text.length)
        this.bad(`${at}.property`, `${END_INDEX} ${String(e)} is past the end of the ${text.length}-character text`);
    }
    const score = a.confidence;
    if (score !== undefined && (!isNumber(score) || score < 0 || score > 1))
      this.bad(`${at}.confidence`, `must be a number from 0 to 1, not ${JSON.stringify(score)}`);
    const by = a['annotated-by'];
    if (by !== undefined && (typeof by !== 'string' || by === '')) this.bad(`${at}.annotated-by`, 'must be a string such as "human"');
    return {
      name,
      type,
      ...(isNumber(score) ? { score } : {}),
      ...(typeof by === 'string' && by !== '' ? { annotated_by: by } : {}),
      property,
    };
  }
}

/** The text of the VOC file an `annotation-loc` names, and the name to report it by. */
async function findAnnotationFile(
  source: FileSource,
  listed: ReadonlySet<string>,
  manifest: string,
  loc: string,
  signal?: AbortSignal,
): Promise<{ text?: string; file: string }> {
  // A file in the source's listing is there; only others are asked about (over OBS, a request each).
  const read = async (file: string) => ({ text: (await source.read(file, signal)).toString('utf8'), file });
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(loc)) {
    const rel = loc.startsWith('./') ? loc.slice(2) : loc.startsWith('/') ? loc.slice(1) : loc;
    const besideManifest = `${dirOf(manifest)}${rel}`;
    if (listed.has(besideManifest) || (await source.exists(besideManifest, signal))) return read(besideManifest);
    // A manifest at the root has one candidate, not two.
    if (besideManifest !== rel && (listed.has(rel) || (await source.exists(rel, signal)))) return read(rel);
    return { file: loc };
  }
  let location;
  try {
    location = parseObsUrl(loc);
  } catch {
    return { file: loc };
  }
  const root = source.location;
  if (root && location.bucket === root.bucket && location.key.startsWith(root.key)) {
    const rel = location.key.slice(root.key.length);
    if (listed.has(rel) || (await source.exists(rel, signal))) return read(rel);
  }
  const parts = location.key.split('/');
  for (let i = 0; i < parts.length; i++) {
    const tail = parts.slice(i).join('/');
    for (const candidate of [`${dirOf(manifest)}${tail}`, tail])
      if (listed.has(candidate) || (await source.exists(candidate, signal))) return read(candidate);
  }
  const external = await source.readExternal?.(location, signal);
  return external ? { text: external.toString('utf8'), file: loc } : { file: loc };
}
