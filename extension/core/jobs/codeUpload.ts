import { HeadBucketCommand } from '@aws-sdk/client-s3';
import type { StorageClient } from '../storage/client';
import type { FolderProgress, FolderResult } from '../storage/folders';
import { parseObsUrl } from '../storage/urls';
import type { CodeFile } from './codeFiles';

/** Local mode keeps job code in a bucket of its own, made when missing. */
export const localCodeBucket = 'modelarts-local';

/** Where a job's local code goes when nobody says: `obs://modelarts-local/jobs/<name>/code/`. */
export function defaultCodeUrl(jobName: string): string {
  return `obs://${localCodeBucket}/jobs/${jobName}/code/`;
}

/**
 * Uploads a spec's local code to `obs://bucket/prefix/` (incremental, checked by SHA-256) and
 * returns that URL for `algorithm.code_dir`: the files `listCodeFiles` chose (ignore files
 * respected, the spec left out), never the whole folder. `createBucket` makes the bucket when it
 * is missing (local mode's own code bucket); a cloud bucket must exist.
 */
export async function uploadJobCode(
  storage: StorageClient,
  code: { readonly dir: string; readonly files: readonly CodeFile[] },
  url: string,
  opts: { createBucket?: boolean; signal?: AbortSignal; onProgress?(progress: FolderProgress): void } = {},
): Promise<{ codeDir: string; result: FolderResult }> {
  const dest = parseObsUrl(url);
  const prefix = dest.key === '' || dest.key.endsWith('/') ? dest.key : `${dest.key}/`;
  if (opts.createBucket) {
    try {
      await storage.s3.send(new HeadBucketCommand({ Bucket: dest.bucket }), { abortSignal: opts.signal });
    } catch {
      await storage.createBucket(dest.bucket, opts.signal);
    }
  }
  const result = await storage.uploadFolder(
    code.dir,
    { bucket: dest.bucket, prefix },
    { files: code.files, ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) },
  );
  return { codeDir: `obs://${dest.bucket}/${prefix}`, result };
}
