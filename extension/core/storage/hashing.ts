import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { throwIfAborted } from '../util/abort';

/** One part of a multipart upload as it lies in the local file. */
export interface PartPlan {
  partNumber: number;
  offset: number;
  size: number;
  /** Hex SHA-256 of the part's bytes. */
  sha256: string;
  /** Hex MD5 of the part's bytes: S3's ETag of an unencrypted part, and its Content-MD5. */
  md5: string;
}

export interface FileHashes {
  size: number;
  /** Hex SHA-256 of the whole file. */
  sha256: string;
  parts: PartPlan[];
}

const CHUNK = 1024 * 1024;

/**
 * Hashes a file in one sequential pass: the whole-file SHA-256 (stored as object metadata) and,
 * per part, SHA-256 (resume bookkeeping, x-amz-checksum-sha256) and MD5 (Content-MD5, and the
 * ETag a resumed upload compares ListParts against). One pass costs one read of the file; it
 * must happen before the upload starts because the SHA-256 goes into the object's metadata,
 * which S3 fixes when the upload is created.
 */
export async function hashFile(filePath: string, partSize: number, signal?: AbortSignal): Promise<FileHashes> {
  const fh = await fsp.open(filePath, 'r');
  try {
    const { size } = await fh.stat();
    const whole = createHash('sha256');
    const parts: PartPlan[] = [];
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(partSize, 1)));
    let offset = 0;
    let partNumber = 1;
    do {
      const partBytes = Math.min(partSize, size - offset);
      const sha = createHash('sha256');
      const md5 = createHash('md5');
      let done = 0;
      while (done < partBytes) {
        throwIfAborted(signal);
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, partBytes - done), offset + done);
        if (bytesRead === 0) throw new Error(`${filePath} shrank while it was being read`);
        const piece = buf.subarray(0, bytesRead);
        whole.update(piece);
        sha.update(piece);
        md5.update(piece);
        done += bytesRead;
      }
      parts.push({ partNumber: partNumber++, offset, size: partBytes, sha256: sha.digest('hex'), md5: md5.digest('hex') });
      offset += partBytes;
    } while (offset < size);
    return { size, sha256: whole.digest('hex'), parts };
  } finally {
    await fh.close();
  }
}

/** Hex SHA-256 of a whole file, streamed. */
export async function sha256File(filePath: string, signal?: AbortSignal): Promise<string> {
  const fh = await fsp.open(filePath, 'r');
  try {
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    let position = 0;
    for (;;) {
      throwIfAborted(signal);
      const { bytesRead } = await fh.read(buf, 0, buf.length, position);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
      position += bytesRead;
    }
    return h.digest('hex');
  } finally {
    await fh.close();
  }
}

/** Base64 of a hex digest, as S3 transmits checksums and Content-MD5. */
export const hexToBase64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
export const base64ToHex = (b64: string): string => Buffer.from(b64, 'base64').toString('hex');
