import type { SampleLabel } from '../../api/resources/datasetTypes';
import {
  type AnnotatedSample,
  baseName,
  dirOf,
  FEATURE,
  type FileSource,
  isNumber,
  isPoint,
  LabelType,
  lastSegment,
  type Problem,
  type ReadOptions,
  type ReadResult,
  type SampleRef,
  SHAPE,
  type Shape,
  shapes,
  stemOf,
} from './model';
import { readFiles } from './read';
import { readXml, type XmlDocument, XmlError } from './xml';

/**
 * PASCAL VOC XML, one file per image, as VOC itself, CVAT/Datumaro and ModelArts write it
 * (modelarts-api.md §7.4): `filename`, `size{width,height,depth}`, and one `object` per
 * annotation with `name` and one geometry element. Besides `bndbox`, ModelArts' dialect has
 * `polygon`/`polyline`/`line`/`dashed` (`x1,y1,x2,y2,…`), `circle{cx,cy,r}` and `point{x,y}`;
 * all are read and written, as the API's `@modelarts:shape`/`@modelarts:feature`.
 *
 * Coordinates are taken as they are: ModelArts stores VOC's numbers unchanged as pixel points
 * (VOC's 1-based convention is not shifted). `confidence` is the annotation's score; `pose`,
 * `truncated`, `occluded` and `difficult` are kept in its property when not the default
 * (`Unspecified` or ModelArts' 0, and 0), and ModelArts' `<properties>` become property entries. `<part>`,
 * `<actions>` and `<attributes>` (VOC person layout, Datumaro) have no place in the API's model
 * and are read past.
 *
 * The sample a file annotates: its `filename`, in the folder the XML sits in below an
 * `Annotations/` folder (`Annotations/train/a.xml` with filename `a.jpg` is `train/a.jpg`), so a
 * round trip through an export finds every sample by its path even when names repeat.
 */

/** VOC's flags of an object, and what each is when nothing was said. */
export const vocFlags = ['pose', 'truncated', 'occluded', 'difficult'] as const;
export const vocDefaults: Readonly<Record<string, string>> = { pose: 'Unspecified', truncated: '0', occluded: '0', difficult: '0' };

/** Reads every `.xml` file under the source as a VOC annotation. */
export async function readVoc(source: FileSource, options: ReadOptions = {}): Promise<ReadResult> {
  const files = source.files.filter((f) => /\.xml$/i.test(f));
  const samples: AnnotatedSample[] = [];
  const problems: Problem[] = [];
  await readFiles(source, files, options, (file, bytes) => {
    const sample = readVocDocument(bytes.toString('utf8'), file, vocFolder(file), problems);
    if (sample) samples.push(sample);
  });
  if (files.length === 0) problems.push({ file: '.', message: `no .xml files under ${source.root}` });
  return { samples, problems, labelNames: [], filesRead: files.length, records: files.length };
}

/** The folder of the images an XML file annotates: its own folder below the last `Annotations/`, with a trailing '/'. */
function vocFolder(xmlFile: string): string {
  const dir = dirOf(xmlFile);
  const at = lastSegment(dir, 'Annotations');
  return at >= 0 ? dir.slice(at + 'Annotations/'.length) : dir;
}

/**
 * One VOC document, its image in `folder` (relative to the dataset, '' or ending in '/'). Any
 * problem makes the whole record invalid (an import that skipped one box of an image would save
 * the image with a box missing); every problem is reported, not the first.
 */
export function parseVocDocument(text: string, file: string, folder = ''): { sample?: AnnotatedSample; problems: Problem[] } {
  const problems: Problem[] = [];
  const sample = readVocDocument(text, file, folder, problems);
  return sample ? { sample, problems } : { problems };
}

/** One VOC document: its record, or undefined after adding its problems to `problems`. */
function readVocDocument(text: string, file: string, folder: string, problems: Problem[]): AnnotatedSample | undefined {
  try {
    return readXml(text, (doc) => new VocReader(doc, file, problems).document(folder));
  } catch (err) {
    if (err instanceof XmlError) {
      problems.push({ file, line: err.line, message: `not well-formed XML: ${err.message.replace(/^line \d+, column \d+: /, '')}` });
      return undefined;
    }
    throw err;
  }
}

const shapeNames: ReadonlySet<string> = new Set(shapes);

/** `annotation/object[2]`, and `annotation/object[2]/bndbox` with a shape: made only for a problem's message. */
function objectPath(index: number, shape?: string): string {
  return shape === undefined ? `annotation/object[${index}]` : `annotation/object[${index}]/${shape}`;
}

/**
 * The reading of one document: where its problems go, and the image size points are checked
 * against. Elements are the document's numbers (see XmlDocument); methods rather than closures
 * made per object, and element paths only for a problem: an import of 100,000 files reads
 * millions of elements, nearly all of them fine.
 */
class VocReader {
  /** Problems already there before this document. */
  readonly before: number;
  width: number | undefined;
  height: number | undefined;

  constructor(
    readonly doc: XmlDocument,
    readonly file: string,
    readonly problems: Problem[],
  ) {
    this.before = problems.length;
  }

  bad(el: number, element: string, message: string): void {
    this.problems.push({ file: this.file, line: this.doc.line(el), element, message });
  }

  /** The record, its image in `folder`; undefined when there was a problem. */
  document(folder: string): AnnotatedSample | undefined {
    const doc = this.doc;
    const root = doc.root;
    const rootName = doc.name(root);
    if (rootName !== 'annotation') {
      this.bad(root, rootName, `the root element is <${rootName}>, not <annotation>: not a PASCAL VOC file`);
      return undefined;
    }
    const fileName = doc.childText(root, 'filename');
    const sizeEl = doc.child(root, 'size');
    let depth: number | undefined;
    if (sizeEl >= 0) {
      this.width = this.dimension(sizeEl, 'width');
      this.height = this.dimension(sizeEl, 'height');
      depth = this.dimension(sizeEl, 'depth');
    }
    const labels: SampleLabel[] = [];
    let index = 0;
    for (let obj = doc.firstChild(root); obj >= 0; obj = doc.nextSibling(obj)) {
      if (doc.name(obj) !== 'object') continue;
      const label = this.object(obj, ++index);
      if (label) labels.push(label);
    }
    if (this.problems.length > this.before) return undefined;
    const { width, height } = this;
    const ref: SampleRef = fileName ? { path: folder + fileName } : { stems: [stemOf(folder + baseName(this.file))] };
    const origin = { file: this.file, line: doc.line(root) };
    if (width === undefined || height === undefined) return { origin, ref, labels };
    return { origin, ref, size: depth ? { width, height, depth } : { width, height }, labels };
  }

  /** `size/width` and the like: whole pixels; missing, empty or 0 is unknown. */
  dimension(sizeEl: number, name: string): number | undefined {
    const el = this.doc.child(sizeEl, name);
    if (el < 0) return undefined;
    const t = this.doc.text(el).trim();
    if (t === '') return undefined;
    const v = Number(t);
    if (!Number.isInteger(v) || v < 0) {
      this.bad(el, `annotation/size/${name}`, `must be a whole number of pixels, not ${JSON.stringify(t)}`);
      return undefined;
    }
    // Some tools write 0 for "unknown"; the dataset's own size is used then.
    return v === 0 ? undefined : v;
  }

  /** A child's text as a number (-1: no such child), or undefined after reporting it. */
  num(el: number, parent: number, index: number, shape: string, field: string): number | undefined {
    if (el < 0) {
      this.bad(parent, objectPath(index, shape), `has no <${field}>`);
      return undefined;
    }
    const t = this.doc.text(el).trim();
    const v = Number(t);
    if (t === '' || !Number.isFinite(v)) {
      this.bad(el, `${objectPath(index, shape)}/${field}`, `must be a number, not ${JSON.stringify(t)}`);
      return undefined;
    }
    return v;
  }

  /** The `index`th `<object>` (from 1): a single pass over its children. */
  object(obj: number, index: number): SampleLabel | undefined {
    const doc = this.doc;
    const before = this.problems.length;
    let name: string | undefined;
    let g = -1;
    let shape: string | undefined;
    let geometries = 0;
    let conf = -1;
    let props = -1;
    const property: Record<string, unknown> = {};
    for (let c = doc.firstChild(obj); c >= 0; c = doc.nextSibling(c)) {
      const tag = doc.name(c);
      if (tag === 'name') name ??= doc.text(c).trim();
      else if (tag === 'confidence') conf = c;
      else if (tag === 'properties') props = c;
      else if (tag === 'pose' || tag === 'truncated' || tag === 'occluded' || tag === 'difficult') {
        const v = doc.text(c).trim();
        // ModelArts writes pose 0 where VOC writes Unspecified; both mean nothing was said.
        if (v !== '' && v !== vocDefaults[tag] && !(tag === 'pose' && v === '0')) property[tag] = v;
      } else if (shapeNames.has(tag)) {
        if (++geometries === 1) {
          g = c;
          shape = tag;
        } else if (geometries === 2) this.bad(c, objectPath(index), `has more than one geometry (<${shape}>, <${tag}>); an object has one`);
      }
    }
    if (!name) this.bad(obj, objectPath(index), 'has no <name>');
    if (shape === undefined) {
      this.bad(obj, objectPath(index), `has no geometry: one of <${shapes.join('>, <')}>`);
      return undefined;
    }
    const feature = this.geometry(g, shape as Shape, index);
    this.inside(feature, shape === 'circle' ? Math.min(1, feature.length) : feature.length, g, shape, index);
    if (props >= 0) this.properties(props, property);
    let score: number | undefined;
    if (conf >= 0) {
      const t = doc.text(conf).trim();
      score = Number(t);
      if (!isNumber(score) || score < 0 || score > 1) {
        this.bad(conf, `${objectPath(index)}/confidence`, `must be a number from 0 to 1, not ${JSON.stringify(t)}`);
        score = undefined;
      }
    }
    if (this.problems.length > before || !name) return undefined;
    property[SHAPE] = shape;
    property[FEATURE] = feature;
    return score !== undefined
      ? { name, type: LabelType.objectDetection, score, property }
      : { name, type: LabelType.objectDetection, property };
  }

  /** Reports each of the first `count` points that lies outside the image. */
  private inside(feature: unknown[], count: number, g: number, shape: string, index: number): void {
    const { width, height } = this;
    for (let k = 0; k < count; k++) {
      const p = feature[k];
      if (!isPoint(p)) continue;
      if (p[0] < 0 || p[1] < 0 || (width !== undefined && p[0] > width) || (height !== undefined && p[1] > height))
        this.bad(g, objectPath(index, shape), `point [${p[0]}, ${p[1]}] lies outside the ${width ?? '?'}x${height ?? '?'} image`);
    }
  }

  /** The points of a geometry element, as `@modelarts:feature` holds them. */
  private geometry(g: number, shape: Shape, index: number): unknown[] {
    if (shape !== 'bndbox' && shape !== 'circle' && shape !== 'point') return this.points(g, shape, index);
    const doc = this.doc;
    let a = -1;
    let b = -1;
    let c = -1;
    let d = -1;
    for (let e = doc.firstChild(g); e >= 0; e = doc.nextSibling(e)) {
      const t = doc.name(e);
      if (t === 'xmin' || t === 'cx' || t === 'x' || (t === 'x1' && shape === 'point')) a = e;
      else if (t === 'ymin' || t === 'cy' || t === 'y' || (t === 'y1' && shape === 'point')) b = e;
      else if (t === 'xmax' || t === 'r') c = e;
      else if (t === 'ymax') d = e;
    }
    if (shape === 'point') {
      const x = this.num(a, g, index, shape, 'x');
      const y = this.num(b, g, index, shape, 'y');
      return x !== undefined && y !== undefined ? [[x, y]] : [];
    }
    if (shape === 'circle') {
      const cx = this.num(a, g, index, shape, 'cx');
      const cy = this.num(b, g, index, shape, 'cy');
      const r = this.num(c, g, index, shape, 'r');
      if (r !== undefined && r <= 0) this.bad(g, `${objectPath(index, shape)}/r`, `the radius must be positive, not ${r}`);
      return cx !== undefined && cy !== undefined && r !== undefined ? [[cx, cy], [r]] : [];
    }
    const xmin = this.num(a, g, index, shape, 'xmin');
    const ymin = this.num(b, g, index, shape, 'ymin');
    const xmax = this.num(c, g, index, shape, 'xmax');
    const ymax = this.num(d, g, index, shape, 'ymax');
    if (xmin === undefined || ymin === undefined || xmax === undefined || ymax === undefined) return [];
    if (!(xmin < xmax && ymin < ymax))
      this.bad(g, objectPath(index, shape), `xmin ${xmin} < xmax ${xmax} and ymin ${ymin} < ymax ${ymax} must hold`);
    return [
      [xmin, ymin],
      [xmax, ymax],
    ];
  }

  /** Polygons and lines: x1, y1, x2, y2, … in the order of their numbers (not of the elements). */
  private points(g: number, shape: Shape, index: number): unknown[] {
    const doc = this.doc;
    const byIndex = new Map<number, { x?: number; y?: number }>();
    let broken = false;
    for (let c = doc.firstChild(g); c >= 0; c = doc.nextSibling(c)) {
      const tag = doc.name(c);
      const m = /^([xy])(\d+)$/.exec(tag);
      if (!m) continue;
      const v = this.num(c, g, index, shape, tag);
      if (v === undefined) broken = true;
      const k = Number(m[2]);
      const entry = byIndex.get(k) ?? {};
      entry[m[1] as 'x' | 'y'] = v;
      byIndex.set(k, entry);
    }
    const feature: [number, number][] = [];
    for (const k of [...byIndex.keys()].sort((a, b) => a - b)) {
      const p = byIndex.get(k) as { x?: number; y?: number };
      if (!('x' in p) || !('y' in p)) this.bad(g, objectPath(index, shape), `point ${k} needs both <x${k}> and <y${k}>`);
      else if (p.x !== undefined && p.y !== undefined) feature.push([p.x, p.y]);
    }
    const min = shape === 'polygon' ? 3 : 2;
    if (feature.length < min && !broken) this.bad(g, objectPath(index, shape), `needs at least ${min} points, has ${feature.length}`);
    if ((shape === 'line' || shape === 'dashed') && feature.length > 2)
      this.bad(g, objectPath(index, shape), `a ${shape} has 2 points, not ${feature.length}`);
    return feature;
  }

  /** ModelArts' `<properties>`: `<key>value</key>`, or `<property><key>k</key><value>v</value></property>`. */
  private properties(el: number, into: Record<string, unknown>): void {
    const doc = this.doc;
    for (let c = doc.firstChild(el); c >= 0; c = doc.nextSibling(c)) {
      const tag = doc.name(c);
      const key = tag === 'property' ? doc.childText(c, 'key') : undefined;
      if (key !== undefined) into[key] = doc.childText(c, 'value') ?? '';
      else into[tag] = doc.text(c).trim();
    }
  }
}
