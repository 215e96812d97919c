/** Public shapes of folder sync between this computer and a notebook (see folderSync.ts). */

/** `upload`: this computer → notebook. `download`: notebook → this computer. */
export type SyncDirection = 'upload' | 'download';

export interface SyncOptions {
  direction: SyncDirection;
  /** Folder on this computer (absolute, or relative to the process's cwd). */
  localDir: string;
  /** Folder on the notebook; a relative path resolves where the SFTP server starts (the work dir on local notebooks). */
  remoteDir: string;
  /**
   * Remove files and folders at the destination that are gone from the source (default false).
   * Ignored paths, `.git` and symbolic links at the destination are never removed.
   */
  delete?: boolean;
  /** Honour `.gitignore` files of the source tree, root and nested (default true). `.git` is always skipped. */
  gitignore?: boolean;
  /** Files transferred at once (default 32). */
  concurrency?: number;
  /** SFTP read/write requests in flight per file (default 256); the whole sync keeps at most ~8 MiB of data in flight. */
  requestsPerFile?: number;
  signal?: AbortSignal;
  onProgress?(progress: SyncProgress): void;
}

export type SyncPhase = 'scanning' | 'deleting' | 'transferring' | 'done';

/** Progress of one sync. Totals count only what needs transferring (unchanged files are not in them). */
export interface SyncProgress {
  phase: SyncPhase;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Relative path ('/' separators) of the file that just made progress. */
  currentFile?: string;
}

/** One path that could not be synced, and what the user can do about it. */
export interface SyncFailure {
  /** Relative path with '/' separators ('' is the folder itself). */
  path: string;
  message: string;
}

export interface SyncSummary {
  direction: SyncDirection;
  /** Files copied (new or changed). */
  transferred: number;
  /** Files left alone because size and modification time already matched. */
  unchanged: number;
  /** Files and folders removed at the destination (delete mode). */
  deleted: number;
  /** Source paths skipped by `.gitignore` or `.git` (an ignored folder counts once). */
  ignored: number;
  /** Bytes of file content transferred. */
  bytes: number;
  ms: number;
  /** Things skipped on purpose that the user may want to know about (symbolic links, special files). */
  notes: string[];
  /** Paths that failed; the sync carried on with the rest. Empty when it returns normally. */
  failures: SyncFailure[];
}
