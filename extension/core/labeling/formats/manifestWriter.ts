import type { SampleLabel } from '../../api/resources/datasetTypes';
import { type ExportDocument, LabelType, type Omitted, type WriteOptions, type WriteResult, annotationFileNamer } from './model';
import { typeNumbers } from './manifest';
import { vocXml } from './vocWriter';

/** Writing a ModelArts manifest (see manifest.ts): a line per sample, with VOC files for object detection. */

const typeNames = new Map(Object.entries(typeNumbers).map(([k, v]) => [v, `modelarts/${k}`]));

/** The manifest of a dataset, with VOC files for object detection. */
export function writeManifest(doc: ExportDocument, options: WriteOptions = {}): WriteResult {
  const files = new Map<string, string>();
  const fileFor = annotationFileNamer(doc.samples, 'Annotations/', '.xml');
  const omitted: Omitted[] = [];
  const parts: string[] = [];
  let annotations = 0;
  const detection = doc.datasetType === LabelType.objectDetection;
  const dest = options.destination;
  const locPrefix = dest ? `s3://${dest.bucket}/${dest.key === '' || dest.key.endsWith('/') ? dest.key : `${dest.key}/`}` : '';
  for (const s of doc.samples) {
    const source = s.text !== undefined ? `content://${s.text}` : s.location ? `s3://${s.location.bucket}/${s.location.key}` : s.path;
    let annotation: string | undefined;
    if (s.labels.length > 0) {
      if (detection) {
        const { xml, written } = vocXml(s, doc.datasetName, omitted);
        const vocFile = fileFor(s.path);
        files.set(vocFile, xml);
        annotations += written;
        annotation = `[{"type":"modelarts/object_detection","annotation-loc":${jsonString(`${locPrefix}${vocFile}`)},"annotation-format":"PASCAL VOC"}]`;
      } else {
        annotation = JSON.stringify(s.labels.map((l) => manifestAnnotation(l, doc.datasetType)));
        annotations += s.labels.length;
      }
    }
    parts.push(manifestLine(source, s.usage, s.sampleId, annotation));
  }
  files.set(manifestFileFor(doc.datasetName), parts.length > 0 ? `${parts.join('\n')}\n` : '');
  return { files, omitted, annotations };
}

/**
 * One line, `{"source", "usage", "id", "annotation"}`, as JSON.stringify writes that object, from
 * its parts with the annotation list already in JSON: stringifying the strings alone costs half
 * as much, and a manifest has a line per sample.
 */
function manifestLine(source: string, usage: string | undefined, id: string, annotation: string | undefined): string {
  const u = usage ? `,"usage":${jsonString(usage)}` : '';
  const a = annotation === undefined ? '' : `,"annotation":${annotation}`;
  return `{"source":${jsonString(source)}${u},"id":${jsonString(id)}${a}}`;
}

/**
 * JSON.stringify of a string; one with nothing to escape (a path, an id) is only put in quotes,
 * at half the cost. Escaped are quotes, backslashes, controls and (when alone) surrogates.
 */
function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/** `pets.manifest` (ModelArts names its exports `{dataset}-{version}.manifest`; a live dataset has no version). */
export function manifestFileFor(datasetName: string): string {
  return `${datasetName.replace(/[^\p{L}\p{N}_-]/gu, '_') || 'dataset'}.manifest`;
}

function manifestAnnotation(l: SampleLabel, datasetType: number): Record<string, unknown> {
  const { '@modelarts:hard': hard, ...property } = l.property ?? {};
  return {
    type: typeNames.get(l.type ?? datasetType) ?? typeNames.get(datasetType),
    name: l.name,
    ...(Object.keys(property).length > 0 ? { property } : {}),
    ...(hard !== undefined ? { hard: hard === true || hard === 'true' } : {}),
    ...(l.score !== undefined ? { confidence: l.score } : {}),
    ...(l.annotated_by ? { 'annotated-by': l.annotated_by } : {}),
  };
}
