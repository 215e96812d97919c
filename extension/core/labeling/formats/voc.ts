import type { SampleLabel } from '../../api/resources/datasetTypes';
import {
  type AnnotatedSample,
  annotationFileNamer,
  baseName,
  dirOf,
  type ExportDocument,
  type ExportSample,
  FEATURE,
  type FileSource,
  flat,
  isNumber,
  isPoint,
  LabelType,
  type Omitted,
  type Problem,
  type ReadOptions,
  type ReadResult,
  SHAPE,
  type Shape,
  shapeOf,
  shapes,
  stemOf,
  type WriteResult,
} from './model';
import { readFiles } from './read';
import { child, childText, escapeXml, parseXml, XmlError, type XmlElement } from './xml';

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

const vocFlags = ['pose', 'truncated', 'occluded', 'difficult'] as const;
const vocDefaults: Readonly<Record<string, string>> = { pose: 'Unspecified', truncated: '0', occluded: '0', difficult: '0' };

/** Reads every `.xml` file under the source as a VOC annotation. */
export async function readVoc(source: FileSource, options: ReadOptions = {}): Promise<ReadResult> {
  const files = source.files.filter((f) => /\.xml$/i.test(f));
  const samples: AnnotatedSample[] = [];
  const problems: Problem[] = [];
  await readFiles(source, files, options, (file, bytes) => {
    const result = parseVocDocument(bytes.toString('utf8'), file, vocSamplePath(file));
    if (result.sample) samples.push(result.sample);
    problems.push(...result.problems);
  });
  if (files.length === 0) problems.push({ file: '.', message: `no .xml files under ${source.root}` });
  return { samples, problems, labelNames: [], filesRead: files.length, records: files.length };
}

/** Where the XML says its image is: its folder below `Annotations/`, then the file name in it. */
function vocSamplePath(xmlFile: string): (fileName: string) => string {
  const parts = dirOf(xmlFile).split('/');
  const at = parts.lastIndexOf('Annotations');
  const folder = at >= 0 ? parts.slice(at + 1).join('/') : dirOf(xmlFile);
  return (fileName) => `${folder}${fileName}`;
}

/**
 * One VOC document. Any problem makes the whole record invalid (an import that skipped one box
 * of an image would save the image with a box missing); every problem is reported, not the first.
 */
export function parseVocDocument(
  text: string,
  file: string,
  samplePath: (fileName: string) => string = (name) => name,
): { sample?: AnnotatedSample; problems: Problem[] } {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    if (err instanceof XmlError)
      return {
        problems: [{ file, line: err.line, message: `not well-formed XML: ${err.message.replace(/^line \d+, column \d+: /, '')}` }],
      };
    throw err;
  }
  const problems: Problem[] = [];
  const bad = (el: XmlElement, element: string, message: string) => problems.push({ file, line: el.line, element, message });
  if (root.name !== 'annotation') {
    bad(root, root.name, `the root element is <${root.name}>, not <annotation>: not a PASCAL VOC file`);
    return { problems };
  }
  const fileName = childText(root, 'filename');
  const sizeEl = child(root, 'size');
  let width: number | undefined;
  let height: number | undefined;
  let depth: number | undefined;
  if (sizeEl) {
    const dim = (name: string): number | undefined => {
      const el = child(sizeEl, name);
      if (!el || el.text.trim() === '') return undefined;
      const v = Number(el.text.trim());
      if (!Number.isInteger(v) || v < 0) {
        bad(el, `annotation/size/${name}`, `must be a whole number of pixels, not ${JSON.stringify(el.text.trim())}`);
        return undefined;
      }
      // Some tools write 0 for "unknown"; the dataset's own size is used then.
      return v === 0 ? undefined : v;
    };
    width = dim('width');
    height = dim('height');
    depth = dim('depth');
  }
  const labels: SampleLabel[] = [];
  let index = 0;
  for (const obj of root.children) {
    if (obj.name !== 'object') continue;
    index++;
    const label = parseObject(obj, `annotation/object[${index}]`, width, height, bad);
    if (label) labels.push(label);
  }
  if (problems.length > 0) return { problems };
  const path = fileName ? samplePath(fileName) : undefined;
  const stem = stemOf(samplePath(baseName(file)));
  return {
    sample: {
      origin: { file, line: root.line },
      ref: path ? { path } : { stems: [stem] },
      ...(width !== undefined && height !== undefined ? { size: { width, height, ...(depth ? { depth } : {}) } } : {}),
      labels,
    },
    problems,
  };
}

const shapeNames: ReadonlySet<string> = new Set(shapes);
type Bad = (el: XmlElement, element: string, message: string) => void;

/** A child's text as a number, or undefined after reporting it. */
function num(el: XmlElement | undefined, parent: XmlElement, at: string, field: string, bad: Bad): number | undefined {
  if (!el) {
    bad(parent, at, `has no <${field}>`);
    return undefined;
  }
  const t = el.text.trim();
  const v = Number(t);
  if (t === '' || !Number.isFinite(v)) {
    bad(el, `${at}/${field}`, `must be a number, not ${JSON.stringify(t)}`);
    return undefined;
  }
  return v;
}

/** One `<object>`: a single pass over its children (100,000 files are millions of objects). */
function parseObject(
  obj: XmlElement,
  where: string,
  width: number | undefined,
  height: number | undefined,
  report: Bad,
): SampleLabel | undefined {
  let failed = false;
  const bad: Bad = (el, element, message) => {
    failed = true;
    report(el, element, message);
  };
  let name: string | undefined;
  let g: XmlElement | undefined;
  let geometries = 0;
  let conf: XmlElement | undefined;
  let props: XmlElement | undefined;
  const property: Record<string, unknown> = {};
  for (const c of obj.children) {
    const tag = c.name;
    if (tag === 'name') name ??= c.text.trim();
    else if (tag === 'confidence') conf = c;
    else if (tag === 'properties') props = c;
    else if (tag === 'pose' || tag === 'truncated' || tag === 'occluded' || tag === 'difficult') {
      const v = c.text.trim();
      // ModelArts writes pose 0 where VOC writes Unspecified; both mean nothing was said.
      if (v !== '' && v !== vocDefaults[tag] && !(tag === 'pose' && v === '0')) property[tag] = v;
    } else if (shapeNames.has(tag)) {
      if (++geometries === 1) g = c;
      else if (geometries === 2) bad(c, where, `has more than one geometry (<${g?.name}>, <${tag}>); an object has one`);
    }
  }
  if (!name) bad(obj, where, 'has no <name>');
  if (!g) {
    bad(obj, where, `has no geometry: one of <${shapes.join('>, <')}>`);
    return undefined;
  }
  const shape = g.name as Shape;
  const at = `${where}/${shape}`;
  const feature = readGeometry(g, shape, at, bad);
  for (let k = 0; k < (shape === 'circle' ? Math.min(1, feature.length) : feature.length); k++) {
    const p = feature[k];
    if (!isPoint(p)) continue;
    if (p[0] < 0 || p[1] < 0 || (width !== undefined && p[0] > width) || (height !== undefined && p[1] > height))
      bad(g, at, `point [${p[0]}, ${p[1]}] lies outside the ${width ?? '?'}x${height ?? '?'} image`);
  }
  if (props) readProperties(props, property);
  let score: number | undefined;
  if (conf) {
    score = Number(conf.text.trim());
    if (!isNumber(score) || score < 0 || score > 1) {
      bad(conf, `${where}/confidence`, `must be a number from 0 to 1, not ${JSON.stringify(conf.text.trim())}`);
      score = undefined;
    }
  }
  if (failed || !name) return undefined;
  property[SHAPE] = shape;
  property[FEATURE] = feature;
  return score !== undefined
    ? { name, type: LabelType.objectDetection, score, property }
    : { name, type: LabelType.objectDetection, property };
}

/** The points of a geometry element, as `@modelarts:feature` holds them. */
function readGeometry(g: XmlElement, shape: Shape, at: string, bad: Bad): unknown[] {
  if (shape === 'bndbox' || shape === 'circle' || shape === 'point') {
    let a: XmlElement | undefined;
    let b: XmlElement | undefined;
    let c: XmlElement | undefined;
    let d: XmlElement | undefined;
    for (const e of g.children) {
      const t = e.name;
      if (t === 'xmin' || t === 'cx' || t === 'x' || (t === 'x1' && shape === 'point')) a = e;
      else if (t === 'ymin' || t === 'cy' || t === 'y' || (t === 'y1' && shape === 'point')) b = e;
      else if (t === 'xmax' || t === 'r') c = e;
      else if (t === 'ymax') d = e;
    }
    if (shape === 'point') {
      const x = num(a, g, at, 'x', bad);
      const y = num(b, g, at, 'y', bad);
      return x !== undefined && y !== undefined ? [[x, y]] : [];
    }
    if (shape === 'circle') {
      const cx = num(a, g, at, 'cx', bad);
      const cy = num(b, g, at, 'cy', bad);
      const r = num(c, g, at, 'r', bad);
      if (r !== undefined && r <= 0) bad(g, `${at}/r`, `the radius must be positive, not ${r}`);
      return cx !== undefined && cy !== undefined && r !== undefined ? [[cx, cy], [r]] : [];
    }
    const xmin = num(a, g, at, 'xmin', bad);
    const ymin = num(b, g, at, 'ymin', bad);
    const xmax = num(c, g, at, 'xmax', bad);
    const ymax = num(d, g, at, 'ymax', bad);
    if (xmin === undefined || ymin === undefined || xmax === undefined || ymax === undefined) return [];
    if (!(xmin < xmax && ymin < ymax)) bad(g, at, `xmin ${xmin} < xmax ${xmax} and ymin ${ymin} < ymax ${ymax} must hold`);
    return [
      [xmin, ymin],
      [xmax, ymax],
    ];
  }
  // x1, y1, x2, y2, … in the order of their numbers (not of the elements).
  const byIndex = new Map<number, { x?: number; y?: number }>();
  let broken = false;
  for (const c of g.children) {
    const m = /^([xy])(\d+)$/.exec(c.name);
    if (!m) continue;
    const v = num(c, g, at, c.name, bad);
    if (v === undefined) broken = true;
    const k = Number(m[2]);
    const entry = byIndex.get(k) ?? {};
    entry[m[1] as 'x' | 'y'] = v;
    byIndex.set(k, entry);
  }
  const feature: [number, number][] = [];
  for (const k of [...byIndex.keys()].sort((a, b) => a - b)) {
    const p = byIndex.get(k) as { x?: number; y?: number };
    if (!('x' in p) || !('y' in p)) bad(g, at, `point ${k} needs both <x${k}> and <y${k}>`);
    else if (p.x !== undefined && p.y !== undefined) feature.push([p.x, p.y]);
  }
  const min = shape === 'polygon' ? 3 : 2;
  if (feature.length < min && !broken) bad(g, at, `needs at least ${min} points, has ${feature.length}`);
  if ((shape === 'line' || shape === 'dashed') && feature.length > 2) bad(g, at, `a ${shape} has 2 points, not ${feature.length}`);
  return feature;
}

/** ModelArts' `<properties>`: `<key>value</key>`, or `<property><key>k</key><value>v</value></property>`. */
function readProperties(el: XmlElement, into: Record<string, unknown>): void {
  for (const c of el.children) {
    const key = c.name === 'property' ? childText(c, 'key') : undefined;
    if (key !== undefined) into[key] = childText(c, 'value') ?? '';
    else into[c.name] = c.text.trim();
  }
}

/**
 * VOC files for every image sample: `Annotations/<path without extension>.xml`, an empty
 * `<annotation>` for a sample without boxes (so importing it back clears it).
 */
export function writeVoc(doc: ExportDocument): WriteResult {
  const files = new Map<string, string>();
  const fileFor = annotationFileNamer(doc.samples, 'Annotations/', '.xml');
  const omitted: Omitted[] = [];
  let annotations = 0;
  for (const s of doc.samples) {
    const { xml, written } = vocXml(s, doc.datasetName, omitted);
    annotations += written;
    files.set(fileFor(s.path), xml);
  }
  return { files, omitted, annotations };
}

/** One sample's VOC document. */
export function vocXml(s: ExportSample, folder: string, omitted: Omitted[]): { xml: string; written: number } {
  let out =
    '<?xml version="1.0" encoding="UTF-8"?>\n<annotation>\n' +
    `  <folder>${escapeXml(folder)}</folder>\n  <filename>${escapeXml(baseName(s.path))}</filename>\n`;
  if (s.size) {
    out += `  <size>\n    <width>${s.size.width}</width>\n    <height>${s.size.height}</height>\n    <depth>${s.size.depth ?? 3}</depth>\n  </size>\n`;
  }
  out += '  <segmented>0</segmented>\n';
  let written = 0;
  for (const label of s.labels) {
    const geometry = geometryXml(label);
    if (geometry === undefined) {
      omitted.push({ sampleId: s.sampleId, path: s.path, label: label.name, reason: 'not a detection shape VOC can hold' });
      continue;
    }
    const p = label.property ?? {};
    out += `  <object>\n    <name>${escapeXml(label.name)}</name>\n`;
    for (const flag of vocFlags) {
      const v = p[flag];
      if (flag === 'occluded' && v === undefined) continue;
      out += `    <${flag}>${v === undefined ? vocDefaults[flag] : escapeXml(String(v))}</${flag}>\n`;
    }
    if (label.score !== undefined) out += `    <confidence>${label.score}</confidence>\n`;
    // Other properties with plain values go to ModelArts' <properties> (a loop, not entries().filter():
    // this runs for every annotation of every image).
    let extra = '';
    for (const k in p) {
      const v = p[k];
      const t = typeof v;
      if (
        (t !== 'string' && t !== 'number' && t !== 'boolean') ||
        k.startsWith('@modelarts:') ||
        (vocFlags as readonly string[]).includes(k)
      )
        continue;
      extra += `      <property>\n        <key>${escapeXml(k)}</key>\n        <value>${escapeXml(String(v))}</value>\n      </property>\n`;
    }
    if (extra !== '') out += `    <properties>\n${extra}    </properties>\n`;
    out += geometry + '  </object>\n';
    written++;
  }
  return { xml: flat(out + '</annotation>\n'), written };
}

function geometryXml(label: SampleLabel): string | undefined {
  const shape = shapeOf(label);
  const f = label.property?.[FEATURE];
  if (!shape || !Array.isArray(f)) return undefined;
  const pts = f as unknown[];
  const el = (tag: string, body: [string, number][]) =>
    `    <${tag}>\n${body.map(([k, v]) => `      <${k}>${v}</${k}>\n`).join('')}    </${tag}>\n`;
  if (shape === 'bndbox') {
    const a = pts[0];
    const b = pts[1];
    if (pts.length !== 2 || !isPoint(a) || !isPoint(b)) return undefined;
    return `    <bndbox>\n      <xmin>${a[0]}</xmin>\n      <ymin>${a[1]}</ymin>\n      <xmax>${b[0]}</xmax>\n      <ymax>${b[1]}</ymax>\n    </bndbox>\n`;
  }
  if (shape === 'circle') {
    const [c, r] = pts as [unknown, unknown];
    if (!isPoint(c) || !Array.isArray(r) || !isNumber(r[0])) return undefined;
    return el('circle', [
      ['cx', c[0]],
      ['cy', c[1]],
      ['r', r[0]],
    ]);
  }
  if (!pts.every(isPoint)) return undefined;
  if (shape === 'point') {
    const [p] = pts;
    if (!p) return undefined;
    return el('point', [
      ['x', p[0]],
      ['y', p[1]],
    ]);
  }
  return el(
    shape,
    pts.flatMap(([x, y], i): [string, number][] => [
      [`x${i + 1}`, x],
      [`y${i + 1}`, y],
    ]),
  );
}
