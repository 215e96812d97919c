import type { SampleLabel } from '../../api/resources/datasetTypes';
import { clampBox, edgeTolerance } from './coco';
import { boxLabel, END_INDEX, FEATURE, type ImageSize, isNumber, LabelType, roundPx, SHAPE, type Shape, START_INDEX } from './model';

/**
 * One Label Studio annotation's `result[]` turned into ModelArts annotations. Label Studio keeps
 * regions in percent of the image (0–100 from the top-left), a rectangle as its top-left corner,
 * width and height before rotation and a `rotation` in degrees clockwise around that corner;
 * text spans as `start`/`end` offsets with the spanned `text`.
 *
 *   rectanglelabels, rectangle   object detection bndbox; rotated, the exact 4-point polygon
 *   polygonlabels, polygon       object detection polygon
 *   keypointlabels, keypoint     object detection point
 *   choices                      image classification, or text classification on a text
 *   labels                       named entity on a text (or, on an image, whichever region its value holds)
 *
 * Brushes, ellipses and HTML spans have no ModelArts counterpart and are problems; results that
 * annotate nothing ModelArts keeps (textarea, rating, number, taxonomy, relation, …) are passed
 * over. A region with several labels becomes one annotation per label.
 */

export interface ResultTarget {
  readonly kind: 'image' | 'text';
  /** Whether a result is about this task's sample (its `to_name` is the sample's object tag). */
  readonly belongs: (result: Record<string, unknown>) => boolean;
  /** A text task's text. */
  readonly text?: string;
  /** The image's size in pixels: the results' original_width/height, else the dataset's sample's. */
  readonly size?: ImageSize;
  /** The dataset's type when known: results of another type are passed over. */
  readonly datasetType?: number;
}

/** Reports a problem at an element; undefined, so that `return bad(…)` ends a conversion. */
export type Bad = (element: string, message: string) => undefined;

type Region = 'rect' | 'polygon' | 'point' | 'class' | 'span';

const regionOfType: Readonly<Record<string, Region>> = {
  rectanglelabels: 'rect',
  rectangle: 'rect',
  polygonlabels: 'polygon',
  polygon: 'polygon',
  keypointlabels: 'point',
  keypoint: 'point',
  choices: 'class',
};

/** Region types that hold annotations ModelArts cannot: what each is, for the message. */
const unsupported: Readonly<Record<string, { what: string; type: number }>> = {
  brushlabels: { what: 'a brush mask', type: LabelType.objectDetection },
  brush: { what: 'a brush mask', type: LabelType.objectDetection },
  ellipselabels: { what: 'an ellipse', type: LabelType.objectDetection },
  ellipse: { what: 'an ellipse', type: LabelType.objectDetection },
  magicwand: { what: 'a magic-wand mask', type: LabelType.objectDetection },
  hypertextlabels: { what: 'an HTML span (XPath ranges, not offsets into a text)', type: LabelType.textEntity },
  paragraphlabels: { what: 'a dialogue paragraph span', type: LabelType.textEntity },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The region a `labels` result holds, by the keys of its value (Labels can go with any object tag). */
function regionOfLabels(value: Record<string, unknown>, kind: 'image' | 'text'): Region {
  if (kind === 'text' || 'start' in value) return 'span';
  if (Array.isArray(value.points)) return 'polygon';
  return 'width' in value && 'height' in value ? 'rect' : 'point';
}

/** The ModelArts annotation type a region becomes. */
function typeOf(region: Region, kind: 'image' | 'text'): number {
  if (region === 'class') return kind === 'text' ? LabelType.textClassification : LabelType.imageClassification;
  return region === 'span' ? LabelType.textEntity : LabelType.objectDetection;
}

/** The label names of a result's value: `value[type]` (`rectanglelabels: [...]`), else `labels`. */
function namesOf(value: Record<string, unknown>, type: string): unknown {
  return value[type] ?? value.labels;
}

/**
 * The annotations of `results` (problems go to `bad`, with the element under `at`); a region that
 * has a problem is left out, and the caller leaves the task out when any was reported. `taken`
 * counts the results of the dataset's type, `passedOver` names the types of those of another.
 */
export function convertResults(
  results: readonly unknown[],
  at: string,
  target: ResultTarget,
  bad: Bad,
): { labels: SampleLabel[]; taken: number; passedOver: Set<string> } {
  const out: SampleLabel[] = [];
  const passedOver = new Set<string>();
  let taken = 0;
  // `<Rectangle>` with a separate `<Labels>` writes the region twice under one id: bare, and
  // as `labels` with the same geometry and the names. The named one is taken.
  const labelled: unknown[] = [];
  for (const r of results) if (isObject(r) && r.type === 'labels' && r.id !== undefined) labelled.push(r.id);
  let sizeReported = false;
  results.forEach((r, k) => {
    const here = `${at}[${k}]`;
    if (!isObject(r)) return bad(here, 'must be an object with type and value');
    if (!target.belongs(r)) return;
    const type = typeof r.type === 'string' ? r.type.toLowerCase() : undefined;
    if (type === undefined) return bad(`${here}.type`, 'is required (rectanglelabels, polygonlabels, choices, labels, …)');
    const value = r.value;
    const skip = unsupported[type];
    if (skip) {
      if (target.datasetType !== undefined && target.datasetType !== skip.type) return void passedOver.add(type);
      taken++;
      return bad(here, `${type} is ${skip.what}, which ModelArts has no annotation for`);
    }
    if (type !== 'labels' && regionOfType[type] === undefined) return; // textarea, rating, relation, …: nothing ModelArts keeps
    if (!isObject(value)) return bad(`${here}.value`, 'must be an object');
    const region = type === 'labels' ? regionOfLabels(value, target.kind) : (regionOfType[type] as Region);
    const maType = typeOf(region, target.kind);
    if (target.datasetType !== undefined && maType !== target.datasetType) return void passedOver.add(type);
    taken++;
    if (region === 'span' && target.kind !== 'text') return bad(here, 'a text span on an image');
    if (region !== 'span' && region !== 'class' && target.kind !== 'image') return bad(here, `${type} on a text`);

    const rawNames = region === 'class' ? value.choices : namesOf(value, type);
    if (rawNames === undefined && (type === 'rectangle' || type === 'polygon' || type === 'keypoint') && labelled.includes(r.id)) return;
    if (rawNames === undefined) return bad(here, `has no label: a ${type} region needs one (a ${type} tag without Labels names none)`);
    if (!Array.isArray(rawNames) || rawNames.length === 0 || !rawNames.every((n) => typeof n === 'string' && n.trim() !== ''))
      return bad(
        `${here}.value.${region === 'class' ? 'choices' : rawNames === value[type] ? type : 'labels'}`,
        `must be a list of label names, not ${JSON.stringify(rawNames)}`,
      );
    const names = rawNames as string[];
    const score = r.score;
    if (score !== undefined && score !== null && (!isNumber(score) || score < 0 || score > 1))
      return bad(`${here}.score`, `must be a number from 0 to 1, not ${JSON.stringify(score)}`);
    const extra = isNumber(score) ? { score } : {};

    if (region === 'class') {
      for (const name of names) out.push({ name, type: maType, ...extra, property: {} });
      return;
    }
    if (region === 'span') {
      const span = spanOf(value, target.text ?? '', `${here}.value`, bad);
      if (span)
        for (const name of names) out.push({ name, type: maType, ...extra, property: { [START_INDEX]: span[0], [END_INDEX]: span[1] } });
      return;
    }
    const size = target.size;
    if (!size) {
      if (!sizeReported)
        bad(
          here,
          "the image's size is unknown: the result has no original_width/original_height, and the dataset's sample has no size to scale its percentages by",
        );
      sizeReported = true;
      return;
    }
    const geometry = region === 'rect' ? rectOf(value, size, `${here}.value`, bad) : pointsOf(value, region, size, `${here}.value`, bad);
    if (!geometry) return;
    for (const name of names)
      out.push(
        geometry.shape === 'bndbox'
          ? boxLabel(name, geometry.box, extra)
          : { name, type: maType, ...extra, property: { [SHAPE]: geometry.shape, [FEATURE]: geometry.points } },
      );
  });
  return { labels: out, taken, passedOver };
}

type Geometry =
  { shape: 'bndbox'; box: [number, number, number, number] } | { shape: Exclude<Shape, 'bndbox'>; points: [number, number][] };

/** A number field of a value, or a problem. */
function numberAt(value: Record<string, unknown>, key: string, at: string, bad: Bad): number | undefined {
  const v = value[key];
  return isNumber(v) ? v : bad(`${at}.${key}`, `must be a number (percent of the image), not ${JSON.stringify(v)}`);
}

/** A point in percent to pixels, clamped to the image within the edge tolerance; undefined when further out. */
function toPixel(px: number, py: number, size: ImageSize): [number, number] | undefined {
  const x = roundPx((px / 100) * size.width);
  const y = roundPx((py / 100) * size.height);
  const t = edgeTolerance;
  if (x < -t || y < -t || x > size.width + t || y > size.height + t) return undefined;
  return [Math.min(size.width, Math.max(0, x)), Math.min(size.height, Math.max(0, y))];
}

function rectOf(value: Record<string, unknown>, size: ImageSize, at: string, bad: Bad): Geometry | undefined {
  const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => numberAt(value, k, at, bad));
  if (x === undefined || y === undefined || w === undefined || h === undefined) return undefined;
  if (!(w > 0 && h > 0)) return bad(at, `width and height must be positive, not ${w} and ${h}`);
  const rotation = value.rotation ?? 0;
  if (!isNumber(rotation)) return bad(`${at}.rotation`, `must be a number of degrees, not ${JSON.stringify(rotation)}`);
  const outside = () =>
    `reaches outside the ${size.width}x${size.height} image (x ${x}%, y ${y}%, width ${w}%, height ${h}%${rotation ? `, rotated ${rotation}°` : ''})`;
  const turn = ((rotation % 360) + 360) % 360;
  if (turn === 0) {
    const { width: W, height: H } = size;
    const box = clampBox(
      [roundPx((x / 100) * W), roundPx((y / 100) * H), roundPx(((x + w) / 100) * W), roundPx(((y + h) / 100) * H)],
      W,
      H,
    );
    return box ? { shape: 'bndbox', box } : bad(at, outside());
  }
  // Rotation is about the top-left corner, in pixels (a percent of width is not a percent of height).
  const ax = (x / 100) * size.width;
  const ay = (y / 100) * size.height;
  const pw = (w / 100) * size.width;
  const ph = (h / 100) * size.height;
  const cos = Math.cos((turn * Math.PI) / 180);
  const sin = Math.sin((turn * Math.PI) / 180);
  const points: [number, number][] = [];
  for (const [dx, dy] of [
    [0, 0],
    [pw, 0],
    [pw, ph],
    [0, ph],
  ] as const) {
    const p = toPixel(((ax + dx * cos - dy * sin) / size.width) * 100, ((ay + dx * sin + dy * cos) / size.height) * 100, size);
    if (!p) return bad(at, outside());
    points.push(p);
  }
  return { shape: 'polygon', points };
}

function pointsOf(
  value: Record<string, unknown>,
  region: 'polygon' | 'point',
  size: ImageSize,
  at: string,
  bad: Bad,
): Geometry | undefined {
  if (region === 'point') {
    const [x, y] = ['x', 'y'].map((k) => numberAt(value, k, at, bad));
    if (x === undefined || y === undefined) return undefined;
    const p = toPixel(x, y, size);
    if (!p) return bad(at, `the point (${x}%, ${y}%) lies outside the ${size.width}x${size.height} image`);
    return { shape: 'point', points: [p] };
  }
  const raw = value.points;
  if (!Array.isArray(raw) || raw.length < 3)
    return bad(`${at}.points`, 'must be a list of at least 3 [x, y] points in percent of the image');
  const points: [number, number][] = [];
  for (let i = 0; i < raw.length; i++) {
    const q: unknown = raw[i];
    if (!Array.isArray(q) || q.length !== 2 || !isNumber(q[0]) || !isNumber(q[1]))
      return bad(`${at}.points[${i}]`, `must be [x, y] in percent, not ${JSON.stringify(q)}`);
    const p = toPixel(q[0], q[1], size);
    if (!p) return bad(`${at}.points[${i}]`, `(${q[0]}%, ${q[1]}%) lies outside the ${size.width}x${size.height} image`);
    points.push(p);
  }
  return { shape: 'polygon', points };
}

/**
 * A span's offsets in code points, as ModelArts counts them. Label Studio writes code points
 * (what Python's `len` counts) since its fix for texts with emoji; exports made before it counted
 * JavaScript's UTF-16 units. The `text` a result quotes tells them apart: the reading whose slice
 * is that text is taken (code points when both are), and a span neither reading finds is a problem.
 */
function spanOf(value: Record<string, unknown>, text: string, at: string, bad: Bad): [number, number] | undefined {
  const { start, end } = value;
  if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (start as number) >= (end as number))
    return bad(at, `start and end must be whole numbers with 0 ≤ start < end, not ${JSON.stringify(start)} and ${JSON.stringify(end)}`);
  const [s, e] = [start as number, end as number];
  const chars = Array.from(text);
  const quoted = value.text;
  const byCodePoints = chars.slice(s, e).join('');
  if (quoted === undefined || quoted === null || quoted === byCodePoints) {
    if (e > chars.length) return bad(at, `end ${e} is past the end of the ${chars.length}-character text`);
    return [s, e];
  }
  if (typeof quoted === 'string' && text.slice(s, e) === quoted && e <= text.length)
    return [Array.from(text.slice(0, s)).length, Array.from(text.slice(0, e)).length];
  return bad(
    `${at}.text`,
    `${JSON.stringify(quoted)} is not the text at [${s}, ${e}) of the task's text, counted in code points (${JSON.stringify(byCodePoints)}) or in UTF-16 units (${JSON.stringify(text.slice(s, e))})`,
  );
}
