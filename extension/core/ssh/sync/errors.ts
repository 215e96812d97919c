import { utils } from 'ssh2';
import type { SyncFailure, SyncSummary } from './types';

const { STATUS_CODE } = utils.sftp;

/**
 * Thrown by syncFolder. Either the sync stopped (connection lost, source folder missing), or it
 * finished but some paths failed: then `summary` tells what did get synced and `failures` which
 * paths did not and why, so a UI can show both.
 */
export class SyncError extends Error {
  constructor(
    message: string,
    readonly failures: readonly SyncFailure[] = [],
    readonly summary?: SyncSummary,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/** A file changed size while it was being copied; the copy is discarded rather than kept torn. */
export class FileChangedError extends Error {
  constructor() {
    super('it changed while it was being copied');
    this.name = 'FileChangedError';
  }
}

/** Local errno codes that concern one path; anything else (ENOSPC, EIO, EMFILE) stops the sync. */
const PATH_ERRNOS = new Set([
  'ENOENT',
  'EACCES',
  'EPERM',
  'EISDIR',
  'ENOTDIR',
  'EEXIST',
  'ENOTEMPTY',
  'ENAMETOOLONG',
  'EINVAL',
  'ELOOP',
  'EBUSY',
  'ETXTBSY',
]);

/**
 * Whether an error concerns one path, so the sync records it and carries on. An SFTP status is
 * the server's answer about one request; a lost connection has no status and stops everything
 * (continuing would only report the same failure for every remaining file).
 */
export function isPathError(err: unknown): boolean {
  if (err instanceof FileChangedError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'number') return code !== STATUS_CODE.NO_CONNECTION && code !== STATUS_CODE.CONNECTION_LOST;
  return typeof code === 'string' && PATH_ERRNOS.has(code);
}

/** `path: what happened, and what to do`, naming the side (SFTP statuses are the notebook's). */
export function describePathError(rel: string, err: unknown): SyncFailure {
  const code = (err as { code?: unknown } | null)?.code;
  const where = typeof code === 'number' ? 'on the notebook' : 'on this computer';
  const shown = rel || '(the folder itself)';
  let message: string;
  if (err instanceof FileChangedError) message = `${shown}: ${err.message}; run the sync again once it is no longer being written.`;
  else if (code === STATUS_CODE.PERMISSION_DENIED || code === 'EACCES' || code === 'EPERM')
    message = `${shown}: permission denied ${where}; check the owner and mode of the file and its folder.`;
  else if (code === STATUS_CODE.NO_SUCH_FILE || code === 'ENOENT')
    message = `${shown}: no longer exists ${where} (removed or renamed during the sync); run the sync again.`;
  else if (code === 'ENAMETOOLONG') message = `${shown}: the name is too long ${where}; shorten it.`;
  else
    message = `${shown}: ${errorText(err)} ${where}; run the sync again, and if it keeps failing check free space (df -h) and permissions there.`;
  return { path: rel, message };
}

/** A sync-stopping error, with the path it stopped at and what to do next. */
export function stoppedError(rel: string | undefined, err: unknown): SyncError {
  const at = rel ? ` at ${rel}` : '';
  return new SyncError(
    `Sync stopped${at}: ${errorText(err)}. Check the connection to the notebook (and free space on both sides), then run the sync again; files already copied are kept and will be skipped.`,
  );
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The message a sync that finished with failures throws: a count and the first few paths. */
export function failuresMessage(failures: readonly SyncFailure[], attempted: number): string {
  const shown = failures.slice(0, 3).map((f) => f.message);
  const more = failures.length > shown.length ? ` (and ${failures.length - shown.length} more)` : '';
  return `${failures.length} of ${attempted} paths could not be synced${more}: ${shown.join(' ')}`;
}
