import type { SampleLabel } from '../../api/resources/datasetTypes';
import {
  type AnnotatedSample,
  boxLabel,
  boxOf,
  type ExportDocument,
  type FileSource,
  isNumber,
  type Omitted,
  type Problem,
  type ReadOptions,
  type ReadResult,
  roundPx,
  type WriteResult,
} from './model';
import { parseJson, readFiles, textOf } from './read';

/**
 * COCO "instances" JSON (the COCO release, CVAT, Datumaro, Roboflow): `categories{id,name}`,
 * `images{id,file_name,width,height}`, `annotations{image_id,category_id,bbox[x,y,w,h]}` with the
 * box in pixels from the top-left, floats allowed. Every image is one record (an image without
 * annotations clears its sample); its boxes become bndbox annotations `[[x,y],[x+w,y+h]]`.
 * `segmentation` (polygons or RLE) is tolerated and not imported: the box is. `iscrowd: 1` and
 * CVAT's `attributes` are kept in the annotation's property, `score` is its score.
 *
 * A box may reach up to 1 px past the image's edge (float rounding in the writers) and is then
 * clamped to the edge; further out it is an error. A file that is not COCO instances (a panoptic
 * file, a Label Studio export) is refused as a whole, saying what it looks like.
 *
 * Writing: one `annotations/instances_default.json` (CVAT's name), categories in the dataset's
 * label order from id 1, every sample an image; shapes other than bndbox are not written and are
 * listed as omitted.
 */

/** How far past the image edge a box may reach before it is wrong rather than rounded. */
export const edgeTolerance = 1;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads every `.json` file under the source as COCO instances. */
export async function readCoco(source: FileSource, options: ReadOptions = {}): Promise<ReadResult> {
  const files = source.files.filter((f) => /\.json$/i.test(f));
  const samples: AnnotatedSample[] = [];
  const problems: Problem[] = [];
  const labelNames: string[] = [];
  let records = 0;
  await readFiles(source, files, options, (file, bytes) => {
    const result = parseCocoText(textOf(bytes), file);
    records += result.records;
    for (const r of result.samples) samples.push(r);
    for (const p of result.problems) problems.push(p);
    for (const n of result.labelNames) if (!labelNames.includes(n)) labelNames.push(n);
  });
  if (files.length === 0) problems.push({ file: '.', message: `no .json file under ${source.root}` });
  return { samples, problems, labelNames, filesRead: files.length, records };
}

/** One COCO file. */
export function parseCocoText(
  text: string,
  file: string,
): { samples: AnnotatedSample[]; problems: Problem[]; labelNames: string[]; records: number } {
  const parsed = parseJson(text, file);
  if ('problem' in parsed) return { samples: [], problems: [parsed.problem], labelNames: [], records: 0 };
  const doc = parsed.value;
  const fatal = (message: string, element?: string) => ({
    samples: [],
    problems: [{ file, ...(element ? { element } : {}), message }],
    labelNames: [],
    records: 0,
  });
  if (Array.isArray(doc))
    return fatal('is a JSON list, not a COCO object with images, annotations and categories (a Label Studio export?)');
  if (!isObject(doc)) return fatal('is not a COCO object with images, annotations and categories');
  for (const key of ['images', 'annotations', 'categories'])
    if (!Array.isArray(doc[key])) return fatal(`has no "${key}" list: not a COCO instances file`, key);
  const anns = doc.annotations as unknown[];
  const cats = doc.categories as unknown[];
  if (anns.some((a) => isObject(a) && 'segments_info' in a))
    return fatal(
      'is COCO panoptic (annotations carry segments_info, no boxes); export COCO instances (detection) JSON instead',
      'annotations[0]',
    );

  const problems: Problem[] = [];
  const categories = new Map<number | string, string>();
  const labelNames: string[] = [];
  cats.forEach((c, i) => {
    const at = `categories[${i}]`;
    if (!isObject(c) || !(isNumber(c.id) || typeof c.id === 'string') || typeof c.name !== 'string' || c.name.trim() === '')
      return problems.push({ file, element: at, message: 'must be {"id": number, "name": "…"}' });
    if (categories.has(c.id)) return problems.push({ file, element: `${at}.id`, message: `category id ${String(c.id)} is given twice` });
    categories.set(c.id, c.name);
    if (!labelNames.includes(c.name)) labelNames.push(c.name);
  });
  // Problems with categories make every box uncertain: the file is refused.
  if (problems.length > 0) return { samples: [], problems, labelNames: [], records: (doc.images as unknown[]).length };

  const images = readImages(doc.images as unknown[], file, problems);
  for (let i = 0; i < anns.length; i++) readAnnotation(anns[i], i, images, categories, file, problems);
  const samples: AnnotatedSample[] = [];
  for (const e of images.entries) {
    if (e.bad || !e.fileName) continue;
    const origin = { file, element: `images[${e.index}]` };
    const ref = { path: e.fileName };
    samples.push(
      e.width !== undefined && e.height !== undefined
        ? { origin, ref, size: { width: e.width, height: e.height }, labels: e.labels }
        : { origin, ref, labels: e.labels },
    );
  }
  return { samples, problems, labelNames, records: (doc.images as unknown[]).length };
}

/** An image of a COCO file, gathering its boxes. */
interface ImageEntry {
  readonly index: number;
  readonly fileName: string | undefined;
  readonly width: number | undefined;
  readonly height: number | undefined;
  readonly labels: SampleLabel[];
  bad: boolean;
}

/**
 * The images by id, in file order. Plain loops and element paths made only for a problem
 * (`images[7].width`): a file may list 100,000 images.
 */
function readImages(images: unknown[], file: string, problems: Problem[]): { byId: Map<unknown, ImageEntry>; entries: ImageEntry[] } {
  const byId = new Map<unknown, ImageEntry>();
  const entries: ImageEntry[] = [];
  for (let i = 0; i < images.length; i++) {
    const img = images[i];
    const before = problems.length;
    if (!isObject(img)) {
      problems.push({ file, element: `images[${i}]`, message: 'must be {"id", "file_name", "width", "height"}' });
      continue;
    }
    if (!(isNumber(img.id) || typeof img.id === 'string')) {
      problems.push({ file, element: `images[${i}].id`, message: 'is required (a number)' });
      continue;
    }
    const twin = byId.get(img.id);
    if (twin) {
      twin.bad = true;
      problems.push({
        file,
        element: `images[${i}].id`,
        message: `image id ${String(img.id)} is given twice (also images[${twin.index}])`,
      });
      continue;
    }
    const fileName = typeof img.file_name === 'string' && img.file_name !== '' ? img.file_name : undefined;
    if (!fileName) problems.push({ file, element: `images[${i}].file_name`, message: 'is required: the image file name' });
    const width = dimension(img, 'width', i, file, problems);
    const height = dimension(img, 'height', i, file, problems);
    const entry: ImageEntry = { index: i, fileName, width, height, labels: [], bad: problems.length > before };
    byId.set(img.id, entry);
    entries.push(entry);
  }
  return { byId, entries };
}

/** An image's width or height: whole pixels; missing or 0 is unknown, and the dataset's own size is used. */
function dimension(
  img: Record<string, unknown>,
  key: 'width' | 'height',
  i: number,
  file: string,
  problems: Problem[],
): number | undefined {
  const v = img[key];
  if (v === undefined || v === null || v === 0) return undefined;
  if (!isNumber(v) || v < 0 || !Number.isInteger(v)) {
    problems.push({ file, element: `images[${i}].${key}`, message: `must be a whole number of pixels, not ${JSON.stringify(v)}` });
    return undefined;
  }
  return v;
}

/** The `i`th annotation: a box added to its image, or a problem that makes the image bad. */
function readAnnotation(
  a: unknown,
  i: number,
  images: { byId: Map<unknown, ImageEntry> },
  categories: Map<number | string, string>,
  file: string,
  problems: Problem[],
): void {
  if (!isObject(a)) {
    problems.push({ file, element: `annotations[${i}]`, message: 'must be an object with image_id, category_id and bbox' });
    return;
  }
  const image = images.byId.get(a.image_id);
  if (!image) {
    problems.push({ file, element: `annotations[${i}].image_id`, message: `image_id ${JSON.stringify(a.image_id)} is not in images` });
    return;
  }
  const label = annotationLabel(a, image, categories);
  if ('why' in label) {
    const message = `${label.why} (image ${image.fileName ?? `images[${image.index}]`})`;
    problems.push({ file, element: `annotations[${i}]${label.element}`, message });
    image.bad = true;
  } else image.labels.push(label);
}

/** An annotation's box, or what is wrong with it and where (`.bbox`). */
function annotationLabel(
  a: Record<string, unknown>,
  image: ImageEntry,
  categories: Map<number | string, string>,
): SampleLabel | { element: string; why: string } {
  const name = categories.get(a.category_id as number);
  if (name === undefined) return { element: '.category_id', why: `category_id ${JSON.stringify(a.category_id)} is not in categories` };
  const bbox = a.bbox;
  if (!Array.isArray(bbox) || bbox.length !== 4 || !isNumber(bbox[0]) || !isNumber(bbox[1]) || !isNumber(bbox[2]) || !isNumber(bbox[3]))
    return { element: '.bbox', why: `must be [x, y, width, height] in pixels, not ${JSON.stringify(bbox)}` };
  const [x, y, w, h] = bbox as [number, number, number, number];
  if (!(w > 0 && h > 0)) return { element: '.bbox', why: `width and height must be positive: [${bbox.join(', ')}]` };
  const clamped = clampBox([x, y, roundPx(x + w), roundPx(y + h)], image.width, image.height);
  if (!clamped)
    return { element: '.bbox', why: `[${bbox.join(', ')}] lies outside the ${image.width ?? '?'}x${image.height ?? '?'} image` };
  const property: Record<string, unknown> = {};
  if (isObject(a.attributes))
    for (const [k, v] of Object.entries(a.attributes)) if (['string', 'number', 'boolean'].includes(typeof v)) property[k] = v;
  if (a.iscrowd === 1) property.iscrowd = 1;
  const score = a.score;
  if (score !== undefined && (!isNumber(score) || score < 0 || score > 1))
    return { element: '.score', why: `must be a number from 0 to 1, not ${JSON.stringify(score)}` };
  return boxLabel(name, clamped, { score: isNumber(score) ? score : undefined, property });
}

/**
 * A box with float overshoot of at most {@link edgeTolerance} clamped to the image; undefined
 * when it lies further out. Without a known size only negatives are checked.
 */
export function clampBox(
  box: readonly [number, number, number, number],
  width: number | undefined,
  height: number | undefined,
): [number, number, number, number] | undefined {
  const [x0, y0, x1, y1] = box;
  if (x0 < -edgeTolerance || y0 < -edgeTolerance) return undefined;
  if ((width !== undefined && x1 > width + edgeTolerance) || (height !== undefined && y1 > height + edgeTolerance)) return undefined;
  const out: [number, number, number, number] = [clamp(x0, width), clamp(y0, height), clamp(x1, width), clamp(y1, height)];
  return out[0] < out[2] && out[1] < out[3] ? out : undefined;
}

/** From 0 to `max` (no upper end when the size is unknown). */
function clamp(v: number, max: number | undefined): number {
  return Math.max(0, max === undefined ? v : Math.min(max, v));
}

/** The file a COCO export writes. */
export const cocoFile = 'annotations/instances_default.json';

/** One COCO instances file for the dataset. */
export function writeCoco(doc: ExportDocument): WriteResult {
  const names = doc.labels.map((l) => l.name);
  for (const s of doc.samples) for (const l of s.labels) if (!names.includes(l.name)) names.push(l.name);
  const catId = new Map(names.map((n, i) => [n, i + 1]));
  const images: unknown[] = [];
  const annotations: unknown[] = [];
  const omitted: Omitted[] = [];
  doc.samples.forEach((s, i) => {
    const imageId = i + 1;
    images.push({ id: imageId, file_name: s.path, ...(s.size ? { width: s.size.width, height: s.size.height } : {}) });
    for (const l of s.labels) {
      const box = boxOf(l);
      if (!box) {
        omitted.push({ sampleId: s.sampleId, path: s.path, label: l.name, reason: 'COCO export writes bounding boxes only' });
        continue;
      }
      const [x0, y0, x1, y1] = box;
      const attributes = Object.fromEntries(
        Object.entries(l.property ?? {}).filter(
          ([k, v]) => !k.startsWith('@modelarts:') && k !== 'iscrowd' && ['string', 'number', 'boolean'].includes(typeof v),
        ),
      );
      annotations.push({
        id: annotations.length + 1,
        image_id: imageId,
        category_id: catId.get(l.name),
        bbox: [x0, y0, roundPx(x1 - x0), roundPx(y1 - y0)],
        area: roundPx((x1 - x0) * (y1 - y0)),
        iscrowd: l.property?.iscrowd === 1 ? 1 : 0,
        segmentation: [],
        ...(l.score !== undefined ? { score: l.score } : {}),
        ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
      });
    }
  });
  const body = {
    info: { description: doc.datasetName, version: '1.0', date_created: new Date().toISOString() },
    licenses: [],
    categories: names.map((name, i) => ({ id: i + 1, name, supercategory: '' })),
    images,
    annotations,
  };
  return { files: new Map([[cocoFile, JSON.stringify(body)]]), omitted, annotations: annotations.length };
}
