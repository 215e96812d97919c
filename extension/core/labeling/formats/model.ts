import type { Label, SampleLabel, SampleUsage } from '../../api/resources/datasetTypes';
import type { ObjectLocation } from '../../storage/urls';

/**
 * The neutral in-memory form every converter reads into and writes from: the API's own annotation
 * model (SampleLabel with ModelArts properties, modelarts-api.md §7.3), one record per sample, so
 * what an importer produces goes to the batch annotation API as it is and what the samples API
 * answers goes to a writer as it is. Pure data; no I/O here.
 */

export const annotationFormats = ['manifest', 'voc', 'coco', 'yolo', 'label-studio'] as const;
export type AnnotationFormat = (typeof annotationFormats)[number];

/** `dataset_type` and label `type` numbers the converters know (§7.1). */
export const LabelType = {
  imageClassification: 0,
  objectDetection: 1,
  imageSegmentation: 3,
  textClassification: 100,
  textEntity: 101,
  textTriplet: 102,
  audioClassification: 200,
  audioContent: 201,
  audioSegmentation: 202,
} as const;

/** Object detection shapes (§7.3 `@modelarts:shape`). */
export const shapes = ['bndbox', 'polygon', 'circle', 'line', 'dashed', 'point', 'polyline'] as const;
export type Shape = (typeof shapes)[number];

export const SHAPE = '@modelarts:shape';
export const FEATURE = '@modelarts:feature';
export const START_INDEX = '@modelarts:start_index';
export const END_INDEX = '@modelarts:end_index';

/** Where something is in the files read: a path relative to the import root, and a line or an element. */
export interface SourceLocation {
  readonly file: string;
  /** 1-based. */
  readonly line?: number;
  /** E.g. `annotation/object[2]/bndbox/xmax` or `annotations[7].bbox`. */
  readonly element?: string;
}

/** What is wrong, and where. */
export interface Problem extends SourceLocation {
  readonly message: string;
}

/** `file:line element`. */
export function formatLocation(l: SourceLocation): string {
  return `${l.file}${l.line !== undefined ? `:${l.line}` : ''}${l.element ? ` ${l.element}` : ''}`;
}

/** `file:line element: message`, as compilers print. */
export function formatProblem(p: Problem): string {
  return `${formatLocation(p)}: ${p.message}`;
}

/** An image's size in pixels. */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
  readonly depth?: number;
}

/**
 * How a file names the sample it annotates, from the most to the least specific; the importer
 * matches on the first that finds a sample.
 */
export interface SampleRef {
  /** A sample id (a manifest's `id`, written by an export of the same dataset). */
  readonly sampleId?: string;
  /** An OBS object (a manifest's `s3://bucket/key` source). */
  readonly location?: ObjectLocation;
  /** A path relative to the dataset's data folder, or a bare file name: `train/a.jpg`, `a.jpg`. */
  readonly path?: string;
  /** Paths without the extension, when the format does not know it (YOLO label files): `train/1`. */
  readonly stems?: readonly string[];
  /** A text sample's content (`content://…` in a manifest). */
  readonly text?: string;
}

/** One sample's annotations as a file holds them. */
export interface AnnotatedSample {
  readonly origin: SourceLocation;
  readonly ref: SampleRef;
  /** The size the file states (VOC `size`, COCO `width`/`height`), checked against the sample's. */
  readonly size?: ImageSize;
  readonly usage?: SampleUsage;
  /** The sample's annotations; empty means "no annotations" (the import clears the sample). */
  readonly labels: readonly SampleLabel[];
}

/** What a reader found: the good records, every problem with its place, the label names the files declare. */
export interface ReadResult {
  readonly samples: AnnotatedSample[];
  readonly problems: Problem[];
  /** Class lists (COCO categories, YOLO classes) in the files' order; labels used by annotations come on top. */
  readonly labelNames: string[];
  readonly filesRead: number;
  /** Records found, valid or not (manifest lines, VOC files, COCO images, YOLO label files). */
  readonly records: number;
}

/** The files an importer reads: a local folder, an OBS prefix, or memory. Paths are relative with '/'. */
export interface FileSource {
  /** Where, for messages (`./export` or `obs://bucket/prefix/`). */
  readonly root: string;
  /** The OBS folder, when the files are in OBS. */
  readonly location?: ObjectLocation;
  /** Every file under the root (or the one file asked for), sorted. */
  readonly files: readonly string[];
  /** Whether a file exists under the root, listed or not (a file a manifest refers to). */
  exists(file: string, signal?: AbortSignal): Promise<boolean>;
  read(file: string, signal?: AbortSignal): Promise<Buffer>;
  /** The first `bytes` bytes (fewer when the file is shorter): enough for an image header. */
  readHead(file: string, bytes: number, signal?: AbortSignal): Promise<Buffer>;
  /** An object outside the root that a file refers to (a manifest's `annotation-loc`); undefined when unreachable. */
  readExternal?(location: ObjectLocation, signal?: AbortSignal): Promise<Buffer | undefined>;
}

/** A reader's options. */
export interface ReadOptions {
  readonly signal?: AbortSignal;
  /** Called as files are read. */
  onProgress?(filesDone: number, filesTotal: number): void;
  /**
   * The size of the image a record refers to, when the dataset knows it (YOLO needs it to turn
   * normalised numbers into pixels). Consulted before the image headers in the source.
   */
  sizeOf?(ref: SampleRef): ImageSize | undefined;
  /** The dataset's type, when known: a format holding several kinds (Label Studio) reads only this one. */
  readonly datasetType?: number;
}

/** One sample to write, as the samples API answers it. */
export interface ExportSample {
  readonly sampleId: string;
  /** Relative to the dataset's data folder (`train/a.jpg`); a text sample's `file.txt#L3`. */
  readonly path: string;
  /** The OBS object of an image sample, for a manifest's `source`. */
  readonly location?: ObjectLocation;
  readonly text?: string;
  readonly size?: ImageSize;
  readonly usage?: SampleUsage;
  readonly labels: readonly SampleLabel[];
}

/** What a writer writes: a dataset's labels and samples. */
export interface ExportDocument {
  readonly datasetName: string;
  readonly datasetType: number;
  /** The dataset's label definitions, in order (class ids of COCO and YOLO follow it). */
  readonly labels: readonly Label[];
  readonly samples: readonly ExportSample[];
}

/** An annotation a format cannot hold, left out of the files and listed in the report. */
export interface Omitted {
  readonly sampleId: string;
  readonly path: string;
  readonly label: string;
  readonly reason: string;
}

/** What a writer produced: file contents by relative path, and what it left out. */
export interface WriteResult {
  readonly files: Map<string, string>;
  readonly omitted: Omitted[];
  readonly annotations: number;
}

export interface WriteOptions {
  /**
   * Where the files will land when that is OBS: a manifest's `annotation-loc` is then an
   * `s3://` URL; otherwise it is relative to the manifest.
   */
  readonly destination?: ObjectLocation;
}

/** A bounding box annotation in the API's form: `[[xmin, ymin], [xmax, ymax]]` in image pixels. */
export function boxLabel(
  name: string,
  box: readonly [number, number, number, number],
  extra: { score?: number; annotated_by?: string; property?: Record<string, unknown> } = {},
): SampleLabel {
  const [xmin, ymin, xmax, ymax] = box;
  // Assignments rather than spreads of optional parts: importers make one of these per box.
  const property: Record<string, unknown> = extra.property ? { ...extra.property } : {};
  property[SHAPE] = 'bndbox';
  property[FEATURE] = [
    [xmin, ymin],
    [xmax, ymax],
  ];
  const label: { -readonly [K in keyof SampleLabel]: SampleLabel[K] } = { name, type: LabelType.objectDetection };
  if (extra.score !== undefined) label.score = extra.score;
  if (extra.annotated_by !== undefined) label.annotated_by = extra.annotated_by;
  label.property = property;
  return label;
}

/** `[xmin, ymin, xmax, ymax]` of a bndbox annotation, or undefined for another shape or a malformed one. */
export function boxOf(label: SampleLabel): [number, number, number, number] | undefined {
  const p = label.property;
  if (!p || p[SHAPE] !== 'bndbox') return undefined;
  const f = p[FEATURE];
  if (!Array.isArray(f) || f.length !== 2) return undefined;
  const [a, b] = f as unknown[];
  if (!isPoint(a) || !isPoint(b)) return undefined;
  return [a[0], a[1], b[0], b[1]];
}

export function isPoint(p: unknown): p is [number, number] {
  return Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'number';
}

/** The shape of a detection annotation, when it has a known one. */
export function shapeOf(label: SampleLabel): Shape | undefined {
  const s = label.property?.[SHAPE];
  return typeof s === 'string' && (shapes as readonly string[]).includes(s) ? (s as Shape) : undefined;
}

/** Last path segment: `a.jpg` of `train/a.jpg`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The path without its extension: `train/a` of `train/a.jpg` (a dot in a folder name is not an extension). */
export function stemOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') + 1 ? path.slice(0, dot) : path;
}

/** The folder part with its slash: `train/` of `train/a.jpg`, '' at the root. */
export function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** Where the last whole segment `name` of a path starts (`labels` in `a/labels/b`, not in `mylabels/`), or -1. */
export function lastSegment(path: string, name: string): number {
  for (let i = path.lastIndexOf(name); i >= 0; i = i === 0 ? -1 : path.lastIndexOf(name, i - 1)) {
    const end = i + name.length;
    if ((i === 0 || path.charCodeAt(i - 1) === 47) && (end === path.length || path.charCodeAt(end) === 47)) return i;
  }
  return -1;
}

/** A usage as the API spells it (`train` and `Train` occur in real manifests), or undefined. */
export function normaliseUsage(value: unknown): SampleUsage | undefined {
  if (typeof value !== 'string') return undefined;
  const u = value.trim().toUpperCase();
  return u === 'TRAIN' || u === 'EVAL' || u === 'TEST' || u === 'INFERENCE' ? u : undefined;
}

/** Finite, as a JSON number must be. */
export function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * A computed pixel coordinate rounded to 1e-6 px: scaling YOLO fractions and adding COCO widths
 * leave float noise (`9.00000000000001`) that is nobody's annotation.
 */
export function roundPx(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

const powersOfTen = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * `String(v)`, made quickly for the numbers annotation files are full of: integers, and fractions
 * of up to six decimals (CVAT writes two, YOLO six). String() of a fraction runs the general
 * shortest-digits algorithm, a third of a VOC export's time. Here the fewest decimals d are
 * found whose m = round(|v|·10^d) gives m / 10^d === |v|: that quotient is the double nearest
 * the decimal m·10^-d, as reading the text back would give, so the text is the shortest that
 * reads back as v, which is what String() writes (below 1e9 the decimals cannot be off by one,
 * nor two candidates tie). Anything else (more decimals, tiny or huge values) goes to String().
 */
export function numberText(v: number): string {
  const a = Math.abs(v);
  if (Number.isInteger(v) || !(a >= 1e-6 && a < 1e9)) return String(v);
  for (let d = 1; d < powersOfTen.length; d++) {
    const p = powersOfTen[d] as number;
    const m = Math.round(a * p);
    if (m / p !== a) continue;
    const fraction = String(m % p);
    return `${v < 0 ? '-' : ''}${(m - (m % p)) / p}.${'0'.repeat(d - fraction.length)}${fraction}`;
  }
  return String(v);
}

/**
 * Names for each sample's annotation file, `<prefix><path without extension><ext>`; where two
 * samples share a stem (`a.jpg` and `a.png` side by side) both keep their extension in the name
 * (`a.jpg.txt`, `a.png.txt`), which the readers match back by the sample's whole path.
 */
export function annotationFileNamer(
  samples: readonly { readonly path: string }[],
  prefix: string,
  ext: string,
): (samplePath: string) => string {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const s of samples) {
    const stem = stemOf(s.path);
    if (seen.has(stem)) shared.add(stem);
    seen.add(stem);
  }
  return (samplePath) => {
    const stem = stemOf(samplePath);
    return `${prefix}${shared.has(stem) ? samplePath : stem}${ext}`;
  };
}

/**
 * The string flattened: a document built by `+=` is a rope of dozens of pieces, and 100,000 of
 * them kept for writing are millions of objects for the garbage collector to walk. Reading a
 * character makes V8 flatten the rope into one string.
 */
export function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}
