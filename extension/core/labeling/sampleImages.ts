/**
 * Where a sample's image comes from, and the key it is cached under. Local mode answers a
 * sample's bytes on its own content route; the cloud signs an OBS URL into the sample's `source`,
 * which the panel never hands to its webview: the host reads the object through the connection's
 * storage client instead (the same path works against local mode's S3 endpoint, which the tests use).
 */
import type { DatasetsApi } from '../api/resources/datasets';
import type { Sample } from '../api/resources/datasetTypes';
import type { StorageClient } from '../storage/client';
import { cacheKey } from './imageCache';

/** How the host fetches images: local mode's content route, or the storage client (OBS). */
export type ImageSourceKind = 'content-route' | 'storage';

/**
 * The content key of a sample's image: local mode's SHA-256 of the object, else a hash of what
 * changes when the object does (its time and size), so a replaced image is fetched again.
 */
export function imageKeyOf(sample: Sample): string {
  if (typeof sample.sha256 === 'string' && /^[0-9a-f]{64}$/.test(sample.sha256)) return sample.sha256;
  return cacheKey('sample', sample.sample_id, sample.sample_time, sample.sample_size, sample.source?.split('?')[0]);
}

/**
 * The OBS object of a sample: `obs://` / `s3://` sources, a signed https URL (virtual-hosted
 * `bucket.obs.<region>…/key` or path-style), or `sample_dir` (`/bucket/dir/`) + `sample_name`.
 */
export function objectOf(sample: Sample): { bucket: string; key: string } | undefined {
  const source = sample.source ?? '';
  const scheme = /^(?:obs|s3):\/\/([^/]+)\/(.+)$/.exec(source);
  if (scheme) return { bucket: scheme[1] as string, key: decodeURIComponent(scheme[2] as string) };
  if (/^https?:\/\//.test(source)) {
    const url = new URL(source);
    const path = decodeURIComponent(url.pathname.replace(/^\//, ''));
    const virtual = /^([^.]+)\.obs[.-]/.exec(url.hostname);
    if (virtual && path) return { bucket: virtual[1] as string, key: path };
    const slash = path.indexOf('/');
    if (slash > 0) return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
  }
  const dir = /^\/([^/]+)\/(.*)$/.exec(sample.sample_dir ?? '');
  if (dir && sample.sample_name) return { bucket: dir[1] as string, key: `${dir[2] ?? ''}${sample.sample_name}` };
  return undefined;
}

const typesByExtension: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
};

export function contentTypeOf(name: string): string {
  return typesByExtension[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** Images larger than this are refused: ModelArts' own limit is 25 MB. */
export const maxImageBytes = 32 * 1024 * 1024;

export interface ImageFetchDeps {
  readonly datasets: DatasetsApi;
  readonly storage: StorageClient | undefined;
  readonly datasetId: string;
  readonly source: ImageSourceKind;
  readonly signal?: AbortSignal;
}

/** A sample's image bytes and type, from where `deps.source` says. */
export async function fetchSampleImage(sample: Sample, deps: ImageFetchDeps): Promise<{ data: Uint8Array; contentType: string }> {
  if (deps.source === 'content-route') {
    const content = await deps.datasets.sampleContent(deps.datasetId, sample.sample_id, { signal: deps.signal });
    return { data: content.data, contentType: content.content_type };
  }
  const where = objectOf(sample);
  if (!where) throw new Error(`The sample ${sample.sample_name ?? sample.sample_id} names no storage object to read its image from.`);
  if (!deps.storage) throw new Error('No storage client is connected to read the image from.');
  const head = await deps.storage.head(where, deps.signal);
  if (!head) throw new Error(`The image obs://${where.bucket}/${where.key} no longer exists; synchronise the dataset.`);
  if (head.size > maxImageBytes) throw new Error(`The image obs://${where.bucket}/${where.key} is larger than ${maxImageBytes} bytes.`);
  const data = await deps.storage.readRange(where, 0, head.size - 1, deps.signal);
  const type = head.contentType?.startsWith('image/') ? head.contentType : contentTypeOf(where.key);
  return { data, contentType: type };
}
