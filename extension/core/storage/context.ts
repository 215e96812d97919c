import type { S3Client } from '@aws-sdk/client-s3';
import type { StorageConfig } from './config';
import { toStorageError } from './errors';
import { formatObsUrl } from './urls';

/** What the transfer modules need from the client: the SDK client, the config, and error mapping. */
export interface StorageContext {
  readonly s3: S3Client;
  readonly config: StorageConfig;
  /** Runs one SDK call, turning any failure into a StorageError that names the operation and object. */
  run<T>(where: { operation: string; bucket?: string; key?: string }, call: () => Promise<T>): Promise<T>;
}

export function makeContext(s3: S3Client, config: StorageConfig): StorageContext {
  const secrets = [config.credentials.secretAccessKey, config.credentials.sessionToken ?? ''];
  return {
    s3,
    config,
    async run(where, call) {
      try {
        return await call();
      } catch (err) {
        const target = where.bucket === undefined ? undefined : formatObsUrl({ bucket: where.bucket, key: where.key ?? '' });
        throw toStorageError(err, { operation: where.operation, bucket: where.bucket, target, endpoint: config.endpoint, secrets });
      }
    },
  };
}

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.csv': 'text/csv',
  '.md': 'text/markdown',
  '.py': 'text/x-python',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.html': 'text/html',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.mp4': 'video/mp4',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
};

/**
 * A Content-Type from the file extension, so objects preview sensibly in the OBS console and in
 * the labeling view; unknown types are plain octets.
 */
export function guessContentType(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return (dot >= 0 ? TYPES[fileName.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}
