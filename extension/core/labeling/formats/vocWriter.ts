import type { SampleLabel } from '../../api/resources/datasetTypes';
import {
  annotationFileNamer,
  baseName,
  type ExportDocument,
  type ExportSample,
  FEATURE,
  flat,
  isNumber,
  isPoint,
  numberText,
  type Omitted,
  shapeOf,
  type WriteResult,
} from './model';
import { vocDefaults, vocFlags } from './voc';
import { escapeXml } from './xml';

/**
 * Writing PASCAL VOC (see voc.ts for the dialect): one document per image sample, built by
 * concatenation and flattened (model.ts `flat`), since an export writes 100,000 of them.
 */

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
    out += `  <size>\n    <width>${numberText(s.size.width)}</width>\n    <height>${numberText(s.size.height)}</height>\n    <depth>${numberText(s.size.depth ?? 3)}</depth>\n  </size>\n`;
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
    if (p.pose === undefined && p.truncated === undefined && p.occluded === undefined && p.difficult === undefined) out += defaultFlagsXml;
    else
      for (const flag of vocFlags) {
        const v = p[flag];
        if (flag === 'occluded' && v === undefined) continue;
        out += `    <${flag}>${v === undefined ? vocDefaults[flag] : escapeXml(String(v))}</${flag}>\n`;
      }
    if (label.score !== undefined) out += `    <confidence>${numberText(label.score)}</confidence>\n`;
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

/** The flags of an annotation that sets none of them, made once: most annotations (occluded is left out then). */
const defaultFlagsXml = '    <pose>Unspecified</pose>\n    <truncated>0</truncated>\n    <difficult>0</difficult>\n';

/** `<tag>` holding one element per number. */
function elementXml(tag: string, body: [string, number][]): string {
  return `    <${tag}>\n${body.map(([k, v]) => `      <${k}>${numberText(v)}</${k}>\n`).join('')}    </${tag}>\n`;
}

function geometryXml(label: SampleLabel): string | undefined {
  const shape = shapeOf(label);
  const f = label.property?.[FEATURE];
  if (!shape || !Array.isArray(f)) return undefined;
  const pts = f as unknown[];
  if (shape === 'bndbox') {
    const a = pts[0];
    const b = pts[1];
    if (pts.length !== 2 || !isPoint(a) || !isPoint(b)) return undefined;
    return `    <bndbox>\n      <xmin>${numberText(a[0])}</xmin>\n      <ymin>${numberText(a[1])}</ymin>\n      <xmax>${numberText(b[0])}</xmax>\n      <ymax>${numberText(b[1])}</ymax>\n    </bndbox>\n`;
  }
  if (shape === 'circle') {
    const [c, r] = pts as [unknown, unknown];
    if (!isPoint(c) || !Array.isArray(r) || !isNumber(r[0])) return undefined;
    return elementXml('circle', [
      ['cx', c[0]],
      ['cy', c[1]],
      ['r', r[0]],
    ]);
  }
  if (!pts.every(isPoint)) return undefined;
  if (shape === 'point') {
    const [p] = pts;
    if (!p) return undefined;
    return elementXml('point', [
      ['x', p[0]],
      ['y', p[1]],
    ]);
  }
  return elementXml(
    shape,
    pts.flatMap(([x, y], i): [string, number][] => [
      [`x${i + 1}`, x],
      [`y${i + 1}`, y],
    ]),
  );
}
