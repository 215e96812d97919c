/**
 * The labeling panel's image cache on disk: sample images fetched once (from the local daemon or
 * OBS) and the thumbnails the webview made of them, under the extension's global storage, named
 * by a content key (the sample's SHA-256, or a hash of its object's ETag or version). The panel
 * serves these files to its webview as webview URIs, so no remote URL ever reaches it. A key
 * names one content for ever, so an entry never goes stale; old ones are pruned by size.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Image file types the webview can decode, by extension. */
const imageExtensions: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'image/webp': 'webp',
};

/** A cache key: lowercase hex (a SHA-256, or a hash of what identifies the content). */
export function cacheKey(...parts: readonly (string | number | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((p) => String(p ?? '')).join('\u0000'))
    .digest('hex');
}

function checkKey(key: string): string {
  if (!/^[0-9a-f]{16,128}$/.test(key)) throw new Error(`Not a cache key: ${JSON.stringify(key)}`);
  return key;
}

export function extensionFor(contentType: string): string {
  return imageExtensions[contentType.split(';')[0]?.trim().toLowerCase() ?? ''] ?? 'img';
}

export class ImageCache {
  readonly imagesDir: string;
  readonly thumbsDir: string;
  private readonly inflight = new Map<string, Promise<string>>();
  /** Thumbnails on disk, read once (a grid page asks for 100 at a time). */
  private thumbs: Set<string> | undefined;

  constructor(readonly root: string) {
    this.imagesDir = path.join(root, 'images');
    this.thumbsDir = path.join(root, 'thumbs');
    mkdirSync(this.imagesDir, { recursive: true, mode: 0o700 });
    mkdirSync(this.thumbsDir, { recursive: true, mode: 0o700 });
  }

  /** The cached image of `key`, if any (any extension). */
  image(key: string): string | undefined {
    checkKey(key);
    for (const ext of [...Object.values(imageExtensions), 'img']) {
      const file = path.join(this.imagesDir, `${key}.${ext}`);
      if (existsSync(file)) return file;
    }
    return undefined;
  }

  /**
   * The image of `key`, fetched once: concurrent callers share one fetch, later ones find the
   * file. The bytes are written to a temp file and renamed, so a half-written image is never served.
   */
  ensureImage(key: string, fetch: () => Promise<{ readonly data: Uint8Array; readonly contentType: string }>): Promise<string> {
    const cached = this.image(key);
    if (cached) return Promise.resolve(cached);
    const running = this.inflight.get(key);
    if (running) return running;
    const job = (async () => {
      const { data, contentType } = await fetch();
      const file = path.join(this.imagesDir, `${key}.${extensionFor(contentType)}`);
      writeReplacing(file, data);
      return file;
    })().finally(() => this.inflight.delete(key));
    this.inflight.set(key, job);
    return job;
  }

  thumbnail(key: string): string | undefined {
    checkKey(key);
    this.thumbs ??= new Set(readdirSync(this.thumbsDir).filter((n) => !n.startsWith('.')));
    for (const ext of ['jpg', 'png', 'webp']) if (this.thumbs.has(`${key}.${ext}`)) return path.join(this.thumbsDir, `${key}.${ext}`);
    return undefined;
  }

  putThumbnail(key: string, bytes: Uint8Array, contentType: string): string {
    checkKey(key);
    const ext = extensionFor(contentType);
    const file = path.join(this.thumbsDir, `${key}.${ext}`);
    writeReplacing(file, bytes);
    this.thumbs?.add(`${key}.${ext}`);
    return file;
  }

  /** Bytes on disk (images and thumbnails). */
  size(): number {
    let total = 0;
    for (const dir of [this.imagesDir, this.thumbsDir]) for (const name of readdirSync(dir)) total += statSync(path.join(dir, name)).size;
    return total;
  }

  /**
   * Deletes the least recently written images until the cache is under `maxBytes`. Thumbnails are
   * small and stay (a grid of 100,000 keeps its thumbnails); images are fetched again when needed.
   */
  prune(maxBytes: number): number {
    const files = readdirSync(this.imagesDir).map((name) => {
      const file = path.join(this.imagesDir, name);
      const st = statSync(file);
      return { file, size: st.size, time: st.mtimeMs };
    });
    let total = files.reduce((n, f) => n + f.size, 0);
    let removed = 0;
    for (const f of files.sort((a, b) => a.time - b.time)) {
      if (total <= maxBytes) break;
      rmSync(f.file, { force: true });
      total -= f.size;
      removed++;
    }
    return removed;
  }
}

/** A cache file appears whole or not at all (no fsync: losing a cache entry in a power cut only costs a fetch). */
function writeReplacing(file: string, data: Uint8Array): void {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, data, { mode: 0o600 });
  renameSync(temp, file);
}
