/** Folder sync between this computer and a notebook over SFTP (issue 6). */
export { syncFolder } from './folderSync';
export { SyncError } from './errors';
export type { SyncDirection, SyncFailure, SyncOptions, SyncPhase, SyncProgress, SyncSummary } from './types';
