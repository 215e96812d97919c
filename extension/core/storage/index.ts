/**
 * Storage for OBS and any S3-compatible endpoint (local mode's included). See client.ts for the
 * entry point and README-style notes in each module's header comment.
 */
export { StorageClient } from './client';
export { obsConfig, s3CompatibleConfig, createS3Client, type StorageConfig, type StorageCredentials } from './config';
export { StorageError, IntegrityError } from './errors';
export { parseObsUrl, formatObsUrl, folderPrefix, isValidBucketName, type ObjectLocation } from './urls';
export type { ListOptions, ListPage, ObjectInfo, ObjectHead, DeletePrefixOptions } from './objects';
export { type UploadOptions, type UploadResult, DEFAULT_PART_SIZE, MIN_PART_SIZE } from './upload';
export type { DownloadOptions, DownloadResult } from './download';
export type { FolderOptions, FolderProgress, FolderResult } from './folders';
