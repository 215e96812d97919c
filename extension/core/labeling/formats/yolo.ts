import { parse as parseYaml } from 'yaml';
import type { SampleLabel } from '../../api/resources/datasetTypes';
import { clampBox } from './coco';
import { imageFilePattern, imageHeaderBytes, readImageInfo } from './imageSize';
import {
  type AnnotatedSample,
  annotationFileNamer,
  baseName,
  boxLabel,
  boxOf,
  type ExportDocument,
  FEATURE,
  type FileSource,
  flat,
  type ImageSize,
  LabelType,
  type Omitted,
  type Problem,
  type ReadOptions,
  type ReadResult,
  roundPx,
  type SampleRef,
  lastSegment,
  SHAPE,
  stemOf,
  type WriteResult,
} from './model';
import { readFiles, textOf } from './read';

/**
 * YOLO: a class list and one `.txt` per image with a line per object, `class cx cy w h`,
 * normalised to 0–1 of the image's width and height. The layouts read are CVAT's "YOLO 1.1"
 * (`obj.names`, `obj_train_data/x.txt` beside `x.jpg`), Ultralytics/Roboflow (`data.yaml` with
 * `names`, `labels/train/x.txt` for `images/train/x.jpg`) and Label Studio's (`classes.txt`,
 * `labels/`, `images/`). A sixth number is a confidence (Ultralytics `save_conf`); a line of a
 * class and three or more x y pairs is an Ultralytics segmentation polygon.
 *
 * Pixels need the image's size: from the dataset's sample (`options.sizeOf`) first, else from
 * the header of the image file beside the labels (PNG, JPEG, GIF, BMP, WebP). A box up to 1 px
 * past the edge after scaling is clamped to it.
 *
 * Writing: `classes.txt` (the dataset's labels in order) and `labels/<path without extension>.txt`
 * for every image sample, an empty file for one without boxes; boxes only, six decimals.
 */

const classFiles = ['data.yaml', 'data.yml', 'classes.txt', 'obj.names'];
/** Text files in YOLO layouts that are not label files: image lists and readmes. */
const notLabels = /(^|\/)(classes|train|val|valid|test)\.txt$|(^|\/)readme[^/]*\.txt$/i;

/** Reads a YOLO folder. */
export async function readYolo(source: FileSource, options: ReadOptions = {}): Promise<ReadResult> {
  const problems: Problem[] = [];
  const classes = await readClasses(source, problems, options.signal);
  const labelFiles = source.files.filter((f) => /\.txt$/i.test(f) && !notLabels.test(f));
  if (!classes) return { samples: [], problems, labelNames: [], filesRead: 0, records: 0 };
  if (labelFiles.length === 0) problems.push({ file: '.', message: `no label .txt files under ${source.root}` });

  // Images by path without extension, to find each label file's image.
  const images = new Map<string, string>();
  for (const f of source.files) if (imageFilePattern.test(f)) images.set(stemOf(f), f);

  // A file whose size the dataset knows is converted at once; one that needs its image's header
  // waits for it. Records keep the order of the files either way.
  const slots: (AnnotatedSample | undefined)[] = [];
  const waiting: { slot: number; file: string; ref: SampleRef; image: string; lines: YoloLine[] }[] = [];
  const convert = (slot: number, file: string, ref: SampleRef, lines: YoloLine[], size: ImageSize | undefined) => {
    if (!size) {
      if (lines.length > 0)
        problems.push({
          file,
          message: `the image's size is unknown: put the image beside the labels (${ref.stems?.[1] ?? ref.stems?.[0]}.jpg) or import into a dataset whose sample has it`,
        });
      else slots[slot] = { origin: { file }, ref, labels: [] };
      return;
    }
    const labels: SampleLabel[] = [];
    let ok = true;
    for (const l of lines) {
      const label = toPixels(l, size);
      if (typeof label === 'string') {
        problems.push({ file, line: l.line, message: label });
        ok = false;
      } else labels.push(label);
    }
    if (ok) slots[slot] = { origin: { file }, ref, labels };
  };
  await readFiles(source, labelFiles, options, (file, bytes) => {
    const lines = parseYoloText(textOf(bytes), file, classes, problems);
    if (!lines) return;
    const candidates = imageStems(stemOf(file));
    let image: string | undefined;
    for (const c of candidates) if ((image = images.get(c)) !== undefined) break;
    const ref: SampleRef = image ? { path: image, stems: candidates } : { stems: candidates };
    const slot = slots.push(undefined) - 1;
    const size = options.sizeOf?.(ref);
    if (size || !image) convert(slot, file, ref, lines, size);
    else waiting.push({ slot, file, ref, image, lines });
  });
  for (const w of waiting) {
    const info = readImageInfo(await source.readHead(w.image, imageHeaderBytes, options.signal));
    convert(w.slot, w.file, w.ref, w.lines, info ? { width: info.width, height: info.height, depth: info.depth } : undefined);
  }
  const samples = slots.filter((s): s is AnnotatedSample => s !== undefined);
  return { samples, problems, labelNames: classes, filesRead: labelFiles.length + 1, records: labelFiles.length };
}

/**
 * Where a label file's image may be, by path without extension: with its last `labels/` folder
 * left out (Ultralytics' `labels/train/x` for `train/x`), in `images/` instead
 * (`images/train/x`), or beside the labels. Cut from the string rather than split and joined:
 * this runs for every label file.
 */
function imageStems(stem: string): string[] {
  const at = lastSegment(stem, 'labels');
  if (at < 0) return [stem];
  const end = at + 'labels'.length;
  const without = end < stem.length ? stem.slice(0, at) + stem.slice(end + 1) : stem.slice(0, Math.max(0, at - 1));
  return [without, `${stem.slice(0, at)}images${stem.slice(end)}`, stem];
}

/** The class list: data.yaml `names`, classes.txt or obj.names, the shallowest first. */
async function readClasses(source: FileSource, problems: Problem[], signal?: AbortSignal): Promise<string[] | undefined> {
  const found = source.files
    .filter((f) => classFiles.includes(baseName(f).toLowerCase()))
    .sort(
      (a, b) =>
        a.split('/').length - b.split('/').length ||
        classFiles.indexOf(baseName(a).toLowerCase()) - classFiles.indexOf(baseName(b).toLowerCase()),
    );
  const file = found[0];
  if (!file) {
    problems.push({ file: '.', message: `no class list under ${source.root}: YOLO needs classes.txt, obj.names or data.yaml with names` });
    return undefined;
  }
  const text = textOf(await source.read(file, signal));
  if (/\.ya?ml$/i.test(file)) {
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (err) {
      const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
      problems.push({ file, ...(line ? { line } : {}), message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` });
      return undefined;
    }
    const names = (doc as { names?: unknown } | null)?.names;
    if (Array.isArray(names) && names.every((n) => typeof n === 'string' && n.trim() !== '')) return names as string[];
    if (typeof names === 'object' && names !== null && !Array.isArray(names)) {
      const entries = Object.entries(names as Record<string, unknown>);
      const out: string[] = [];
      for (const [k, v] of entries) {
        const i = Number(k);
        if (!Number.isInteger(i) || i < 0 || i >= entries.length || typeof v !== 'string' || out[i] !== undefined) {
          problems.push({ file, element: `names.${k}`, message: `names must map 0, 1, 2, … to class names` });
          return undefined;
        }
        out[i] = v;
      }
      return out;
    }
    problems.push({ file, element: 'names', message: 'has no names: a list of class names, or a map 0: name, 1: name, …' });
    return undefined;
  }
  const names = text.split(/\r?\n/).map((l) => l.trim());
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const blank = names.indexOf('');
  if (names.length === 0) problems.push({ file, message: 'holds no class names' });
  else if (blank >= 0)
    problems.push({ file, line: blank + 1, message: 'a blank line inside the class list would shift every class after it' });
  else return names;
  return undefined;
}

interface YoloLine {
  readonly line: number;
  readonly name: string;
  /** cx cy w h, or x1 y1 x2 y2 … for a polygon. */
  readonly values: number[];
  readonly polygon: boolean;
  readonly score?: number;
}

/** One label file's lines; undefined (with problems) when any line is wrong. */
export function parseYoloText(text: string, file: string, classes: readonly string[], problems: Problem[]): YoloLine[] | undefined {
  const out: YoloLine[] = [];
  const before = problems.length;
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    if (raw === '') continue;
    const l = parseYoloLine(raw, line, classes);
    if (typeof l === 'string') problems.push({ file, line, message: l });
    else out.push(l);
  }
  return problems.length > before ? undefined : out;
}

/** One line, trimmed and not blank: its object, or what is wrong with it. */
function parseYoloLine(raw: string, line: number, classes: readonly string[]): YoloLine | string {
  const fields = raw.split(/\s+/);
  const first = fields[0] as string;
  const cls = Number(first);
  if (!isDigits(first) || cls >= classes.length)
    return `class ${JSON.stringify(first)} is not a class number from 0 to ${classes.length - 1} (${classes.length} classes)`;
  const count = fields.length - 1;
  const polygon = count >= 6 && count % 2 === 0;
  if (!(count === 4 || count === 5 || polygon)) return `expected "class cx cy w h" (5 numbers), not ${fields.length} fields`;
  const values: number[] = new Array<number>(polygon ? count : 4);
  let score: number | undefined;
  for (let k = 0; k < count; k++) {
    const v = Number(fields[k + 1]);
    if (!(v >= 0 && v <= 1)) {
      const field = polygon ? `${k % 2 ? 'y' : 'x'}${Math.floor(k / 2) + 1}` : (['cx', 'cy', 'w', 'h', 'confidence'][k] as string);
      return `${field} ${JSON.stringify(fields[k + 1])} is not a number from 0 to 1 (YOLO values are fractions of the image)`;
    }
    if (k < values.length) values[k] = v;
    else score = v;
  }
  if (!polygon && !((values[2] as number) > 0 && (values[3] as number) > 0)) return `w and h must be greater than 0`;
  const name = classes[cls] as string;
  return score !== undefined ? { line, name, values, polygon, score } : { line, name, values, polygon };
}

/** One or more of 0–9 and nothing else: a class number as YOLO writes it. */
function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A line in pixels, or what is wrong with it. */
function toPixels(l: YoloLine, size: ImageSize): SampleLabel | string {
  const { width: W, height: H } = size;
  if (l.polygon) {
    const points: [number, number][] = [];
    for (let k = 0; k < l.values.length; k += 2)
      points.push([roundPx((l.values[k] as number) * W), roundPx((l.values[k + 1] as number) * H)]);
    return { name: l.name, type: LabelType.objectDetection, property: { [SHAPE]: 'polygon', [FEATURE]: points } };
  }
  const [cx, cy, w, h] = l.values as [number, number, number, number];
  const box = clampBox([roundPx((cx - w / 2) * W), roundPx((cy - h / 2) * H), roundPx((cx + w / 2) * W), roundPx((cy + h / 2) * H)], W, H);
  if (!box) return `the box (cx ${cx}, cy ${cy}, w ${w}, h ${h}) reaches outside the ${W}x${H} image`;
  return boxLabel(l.name, box, l.score !== undefined ? { score: l.score } : {});
}

/** `classes.txt` and a label file per image sample. */
export function writeYolo(doc: ExportDocument): WriteResult {
  const names = doc.labels.map((l) => l.name);
  for (const s of doc.samples) for (const l of s.labels) if (!names.includes(l.name)) names.push(l.name);
  const classOf = new Map(names.map((n, i) => [n, i]));
  const files = new Map<string, string>();
  const fileFor = annotationFileNamer(doc.samples, 'labels/', '.txt');
  files.set('classes.txt', names.length > 0 ? `${names.join('\n')}\n` : '');
  const omitted: Omitted[] = [];
  let annotations = 0;
  for (const s of doc.samples) {
    let out = '';
    if (!s.size && s.labels.length > 0) {
      for (const l of s.labels) omitted.push({ sampleId: s.sampleId, path: s.path, label: l.name, reason: "the image's size is unknown" });
      continue;
    }
    for (const l of s.labels) {
      const box = boxOf(l);
      if (!box || !s.size) {
        omitted.push({ sampleId: s.sampleId, path: s.path, label: l.name, reason: 'YOLO export writes bounding boxes only' });
        continue;
      }
      const { width: W, height: H } = s.size;
      const [x0, y0, x1, y1] = box;
      out += `${classOf.get(l.name)} ${f6((x0 + x1) / 2 / W)} ${f6((y0 + y1) / 2 / H)} ${f6((x1 - x0) / W)} ${f6((y1 - y0) / H)}\n`;
      annotations++;
    }
    files.set(fileFor(s.path), flat(out));
  }
  return { files, omitted, annotations };
}

/** Six decimals, as CVAT writes them. */
function f6(v: number): string {
  return v.toFixed(6);
}
