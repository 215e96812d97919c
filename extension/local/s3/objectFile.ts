import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * One object (or one multipart part) is one file: its bytes, then its metadata as JSON, then a
 * 12-byte footer (u32 JSON length, 8-byte magic). Keeping data and metadata in the same file
 * makes a write atomic with a single rename: a reader either sees the old file or the new one,
 * never new bytes with old metadata. A reader that opened the file keeps its inode, so a GET
 * racing an overwrite still streams one consistent version.
 */
export interface ObjectMeta {
  key: string;
  size: number;
  /** MD5 hex of the data, or `<md5 of part md5s>-<N>` for a multipart object; no quotes. */
  etag: string;
  /** SHA-256 hex of the data, always: the toolkit checks it on every transfer. */
  sha256: string;
  lastModified: number;
  contentType: string;
  /** x-amz-meta-* headers, names lower-cased without the prefix. */
  userMeta: Record<string, string>;
  /** Content-Encoding, Content-Disposition, Cache-Control, Content-Language, Expires as sent. */
  system: Record<string, string>;
  /** Flexible checksums the client sent and we verified (base64), by algorithm. */
  checksums: Record<string, string>;
  parts?: number;
  partNumber?: number;
}

const MAGIC = Buffer.from('MAS3OBJ1', 'latin1');
const FOOTER = 12;
const FLUSH_AT = 1 << 20;

/** fsync a directory so a rename in it survives power loss; not possible on Windows, where it is skipped. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** A file being written in the store's tmp/ directory; nothing is visible until it is renamed. */
export class TempFile {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private closed = false;
  bytes = 0;

  private constructor(
    readonly path: string,
    private readonly fh: fsp.FileHandle,
  ) {}

  static async create(tmpDir: string): Promise<TempFile> {
    const p = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.tmp`);
    return new TempFile(p, await fsp.open(p, 'wx', 0o600));
  }

  /** Buffers up to 1 MiB so a body arriving in 16-64 KiB pieces costs few syscalls. */
  async write(data: Buffer): Promise<void> {
    this.pending.push(data);
    this.pendingBytes += data.length;
    this.bytes += data.length;
    if (this.pendingBytes >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    await this.fh.writev(chunks);
  }

  /** Appends the metadata footer, fsyncs and closes; the file is then ready to rename into place. */
  async finish(meta: ObjectMeta): Promise<void> {
    await this.flush();
    const json = Buffer.from(JSON.stringify(meta), 'utf8');
    const footer = Buffer.alloc(FOOTER);
    footer.writeUInt32BE(json.length, 0);
    MAGIC.copy(footer, 4);
    await this.fh.writev([json, footer]);
    await this.fh.sync();
    this.closed = true;
    await this.fh.close();
  }

  /** Drops the file (on any failure before commit). Never throws. */
  async discard(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.fh.close().catch(() => undefined);
    }
    await fsp.rm(this.path, { force: true }).catch(() => undefined);
  }
}

/** Reads the metadata of an open object file; throws if the file is not a complete object file. */
export async function readMeta(fh: fsp.FileHandle): Promise<ObjectMeta> {
  const { size } = await fh.stat();
  if (size < FOOTER) throw new Error('object file too short');
  const footer = Buffer.alloc(FOOTER);
  await fh.read(footer, 0, FOOTER, size - FOOTER);
  if (!footer.subarray(4).equals(MAGIC)) throw new Error('object file has no footer');
  const len = footer.readUInt32BE(0);
  if (len > size - FOOTER) throw new Error('object file footer is inconsistent');
  const json = Buffer.alloc(len);
  await fh.read(json, 0, len, size - FOOTER - len);
  const meta = JSON.parse(json.toString('utf8')) as ObjectMeta;
  if (meta.size !== size - FOOTER - len) throw new Error('object file size does not match its metadata');
  return meta;
}

export async function readMetaFile(file: string): Promise<ObjectMeta> {
  const fh = await fsp.open(file, 'r');
  try {
    return await readMeta(fh);
  } finally {
    await fh.close();
  }
}
