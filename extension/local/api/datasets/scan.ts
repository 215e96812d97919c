import { createHash } from 'node:crypto';
import type { StoragePath, StorageAccess } from '../../storageAccess';
import { readImageInfo } from '../../../core/labeling/formats/imageSize';
import { DatasetErrors, isTextDataset, SampleType, type StoredSample } from './model';

/**
 * Turns the objects under a dataset's data paths into samples. Images (jpg, jpeg, png, bmp, gif,
 * webp) become one sample each for the image types. For the text types (classification and named
 * entities) every non-blank line of every `.txt` file is one sample, as the platform imports text
 * ("one line, one labeling object"); a line holds the text only (no inline label column).
 *
 * Scanning is incremental: a sample whose object has the same SHA-256 as before is reused without
 * reading the object again, so a sync costs one listing plus the new or changed objects.
 */

const imageExtensions = /\.(jpe?g|png|bmp|gif|webp)$/i;
const textExtensions = /\.txt$/i;
/** Larger objects are skipped (and logged): the header parser and the line splitter read them whole. */
const maxImageBytes = 64 * 1024 * 1024;
const maxTextBytes = 16 * 1024 * 1024;
const maxLineChars = 64 * 1024;

/** What a scan found: the samples, and the objects it could not use with the reason. */
export interface ScanResult {
  readonly samples: StoredSample[];
  readonly skipped: { readonly object: string; readonly reason: string }[];
}

/** A sample id: 32 hex characters from where the sample lives, so it survives syncs and restarts. */
function sampleId(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

/** The prefix as a directory: `cats` must not take in `cats2/...`. */
export function directoryPrefix(where: StoragePath): string {
  return where.prefix === '' || where.prefix.endsWith('/') ? where.prefix : `${where.prefix}/`;
}

/**
 * Scans every source. `previous` (by sample id) supplies annotations to keep and lets unchanged
 * objects be reused; a bucket that no longer exists fails the scan (ModelArts.4312) rather than
 * dropping every sample and its labels.
 */
export async function scanSources(
  storage: StorageAccess,
  sources: readonly StoragePath[],
  datasetType: number,
  previous: readonly StoredSample[],
): Promise<ScanResult> {
  const byId = new Map(previous.map((s) => [s.sample_id, s]));
  const textByFile = new Map<string, StoredSample[]>();
  for (const s of previous) {
    if (s.sample_type !== SampleType.text) continue;
    const k = `${s.bucket}/${s.key}`;
    textByFile.set(k, [...(textByFile.get(k) ?? []), s]);
  }
  const samples: StoredSample[] = [];
  const skipped: { object: string; reason: string }[] = [];
  const seen = new Set<string>();
  const now = Date.now();
  for (const where of sources) {
    if (!(await storage.bucketExists(where.bucket)))
      throw DatasetErrors.pathMissing(`/${where.bucket}/${where.prefix}`, `is in bucket ${where.bucket}, which does not exist`);
    const prefix = directoryPrefix(where);
    for (const obj of await storage.list({ bucket: where.bucket, prefix })) {
      if (obj.key.endsWith('/')) continue; // folder marker objects
      const name = `obs://${where.bucket}/${obj.key}`;
      if (isTextDataset(datasetType)) {
        if (!textExtensions.test(obj.key)) continue;
        const cached = textByFile.get(`${where.bucket}/${obj.key}`);
        let lines: StoredSample[];
        if (cached && cached.every((s) => s.sha256 === obj.sha256)) lines = cached;
        else if (obj.size > maxTextBytes) {
          skipped.push({ object: name, reason: `larger than ${maxTextBytes} bytes` });
          continue;
        } else lines = textSamples(where.bucket, obj.key, obj.sha256, obj.size, await storage.read(where.bucket, obj.key), now, skipped);
        for (const s of lines) push(s);
      } else {
        if (!imageExtensions.test(obj.key)) continue;
        const id = sampleId('image', where.bucket, obj.key);
        const before = byId.get(id);
        if (before && before.sha256 === obj.sha256) {
          push(before);
          continue;
        }
        if (obj.size > maxImageBytes) {
          skipped.push({ object: name, reason: `larger than ${maxImageBytes} bytes` });
          continue;
        }
        const info = readImageInfo(await storage.read(where.bucket, obj.key));
        if (!info) {
          skipped.push({ object: name, reason: 'not a readable PNG, JPEG, GIF, BMP or WebP header' });
          continue;
        }
        push({
          sample_id: id,
          sample_type: SampleType.image,
          bucket: where.bucket,
          key: obj.key,
          size: obj.size,
          sha256: obj.sha256,
          width: info.width,
          height: info.height,
          depth: info.depth,
          format: info.format,
          sample_time: now,
          labels: [],
          revision: 0,
          update_time: now,
        });
      }
    }
  }
  return { samples, skipped };

  /** Adds a sample once (overlapping data paths list an object twice), keeping its annotations. */
  function push(s: StoredSample): void {
    if (seen.has(s.sample_id)) return;
    seen.add(s.sample_id);
    const before = byId.get(s.sample_id);
    samples.push(
      before
        ? {
            ...s,
            sample_time: before.sample_time,
            labels: before.labels,
            sample_usage: before.sample_usage,
            annotated_time: before.annotated_time,
          }
        : s,
    );
  }
}

/**
 * The samples of one text file. An id comes from the file, the line's text and how many identical
 * lines precede it, not from the line number: inserting a line above keeps every other sample's
 * id, and so its label.
 */
function textSamples(
  bucket: string,
  key: string,
  sha256: string,
  size: number,
  bytes: Buffer,
  now: number,
  skipped: { object: string; reason: string }[],
): StoredSample[] {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const occurrences = new Map<string, number>();
  const out: StoredSample[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    if (line.length > maxLineChars) {
      skipped.push({ object: `obs://${bucket}/${key}#L${index + 1}`, reason: `line longer than ${maxLineChars} characters` });
      return;
    }
    const n = occurrences.get(line) ?? 0;
    occurrences.set(line, n + 1);
    out.push({
      sample_id: sampleId('text', bucket, key, n, line),
      sample_type: SampleType.text,
      bucket,
      key,
      line: index + 1,
      text: line,
      size,
      sha256,
      sample_time: now,
      labels: [],
      revision: 0,
      update_time: now,
    });
  });
  return out;
}
