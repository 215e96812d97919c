/**
 * Annotation file formats: converters between files and the API's own annotation model (see
 * model.ts), pure TypeScript with no I/O of their own (they read through a FileSource and return
 * file contents), so the CLI, the extension host and the benchmarks share them.
 *
 *   manifest.ts  ModelArts manifest (JSON Lines), image and text datasets; detection via VOC files
 *   manifestWriter.ts  writing manifests
 *   voc.ts       PASCAL VOC XML (with ModelArts' polygon, circle, line, point, polyline dialect)
 *   vocWriter.ts writing VOC documents (the manifest's detection files too)
 *   coco.ts      COCO instances JSON
 *   yolo.ts      YOLO txt (CVAT YOLO 1.1, Ultralytics/Roboflow, Label Studio layouts)
 *   labelStudio.ts  Label Studio JSON export (with labelStudioResults.ts, labelStudioConfig.ts, labelStudioWrite.ts)
 *   xml.ts       the strict XML reader the VOC converter uses (xmlScanner.ts scans, into xmlTables.ts)
 *   imageSize.ts image sizes from PNG/JPEG/GIF/BMP/WebP headers (YOLO needs them)
 *
 * Readers never stop at the first problem: every record is parsed and checked, and each problem
 * comes back with its file and line or element (`Annotations/a.xml:14 annotation/object[2]/bndbox:
 * xmin 30 < xmax 20 …`). A record with any problem is left out of `samples` as a whole, never in
 * part. What to do about problems, refuse the import or skip those records, is the importer's
 * policy (../importAnnotations.ts).
 */
import { readCoco, writeCoco } from './coco';
import { readLabelStudio } from './labelStudio';
import { writeLabelStudio } from './labelStudioWrite';
import { readManifest } from './manifest';
import { writeManifest } from './manifestWriter';
import {
  type AnnotationFormat,
  type ExportDocument,
  type FileSource,
  LabelType,
  type ReadOptions,
  type ReadResult,
  type WriteOptions,
  type WriteResult,
} from './model';
import { readVoc } from './voc';
import { writeVoc } from './vocWriter';
import { readYolo, writeYolo } from './yolo';

export * from './model';
export { parseXml, XmlError, type XmlElement } from './xml';
export { readImageInfo, imageFilePattern, imageHeaderBytes, type ImageInfo } from './imageSize';
export { parseVocDocument } from './voc';
export { parseCocoText, cocoFile } from './coco';
export { manifestLines } from './manifest';
export { manifestFileFor } from './manifestWriter';
export { parseYoloText } from './yolo';
export { parseLabelStudioText } from './labelStudio';

/** The dataset types each format holds: manifest and Label Studio every labeling type, the others object detection. */
export const formatDatasetTypes: Readonly<Record<AnnotationFormat, readonly number[]>> = {
  manifest: [LabelType.imageClassification, LabelType.objectDetection, LabelType.textClassification, LabelType.textEntity],
  voc: [LabelType.objectDetection],
  coco: [LabelType.objectDetection],
  yolo: [LabelType.objectDetection],
  'label-studio': [LabelType.imageClassification, LabelType.objectDetection, LabelType.textClassification, LabelType.textEntity],
};

const readers: Readonly<Record<AnnotationFormat, (source: FileSource, options?: ReadOptions) => Promise<ReadResult>>> = {
  manifest: readManifest,
  voc: readVoc,
  coco: readCoco,
  yolo: readYolo,
  'label-studio': readLabelStudio,
};

/** Reads the annotations of every file of the format under the source. */
export function readAnnotations(format: AnnotationFormat, source: FileSource, options: ReadOptions = {}): Promise<ReadResult> {
  return readers[format](source, options);
}

/** The files of a dataset in the format. */
export function writeAnnotations(format: AnnotationFormat, doc: ExportDocument, options: WriteOptions = {}): WriteResult {
  switch (format) {
    case 'manifest':
      return writeManifest(doc, options);
    case 'voc':
      return writeVoc(doc);
    case 'coco':
      return writeCoco(doc);
    case 'yolo':
      return writeYolo(doc);
    case 'label-studio':
      return writeLabelStudio(doc);
  }
}

/** A FileSource over files in memory (tests, benchmarks, and files already fetched). */
export function memorySource(files: ReadonlyMap<string, string | Buffer>, root = 'memory'): FileSource {
  // Bytes made once, as a disk or OBS read would hand them over.
  const bytes = new Map<string, Buffer>();
  for (const [f, v] of files) bytes.set(f, typeof v === 'string' ? Buffer.from(v, 'utf8') : v);
  const buf = (f: string): Buffer => {
    const v = bytes.get(f);
    if (v === undefined) throw new Error(`${f} is not in ${root}`);
    return v;
  };
  return {
    root,
    files: [...bytes.keys()].sort(),
    read: (f) => Promise.resolve(buf(f)),
    readHead: (f, n) => Promise.resolve(buf(f).subarray(0, n)),
    exists: (f) => Promise.resolve(bytes.has(f)),
  };
}
