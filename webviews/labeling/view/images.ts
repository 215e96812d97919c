/**
 * Images in the webview: fetched from the host's cache by their webview URI (the CSP's
 * `connect-src` allows the webview's own resource origin only, never a remote one) and decoded
 * once into ImageBitmaps, the few most recent kept, so the editor draws a preloaded sample in
 * the same frame it is asked for. Also makes thumbnails: decoded, downscaled by the browser and
 * encoded as JPEG here, once, then cached by the host on disk.
 */

const keep = 8;
export const thumbnailSize = 256;

async function decode(uri: string): Promise<ImageBitmap> {
  const res = await fetch(uri);
  if (!res.ok) throw new Error(`HTTP ${res.status} for the cached image`);
  return createImageBitmap(await res.blob());
}

export class ImageStore {
  private readonly pending = new Map<string, Promise<ImageBitmap>>();
  private readonly decoded = new Map<string, ImageBitmap>();

  /** The decoded image, if it is ready now (a preloaded sample). */
  peek(uri: string): ImageBitmap | undefined {
    return this.decoded.get(uri);
  }

  get(uri: string): Promise<ImageBitmap> {
    const ready = this.decoded.get(uri);
    if (ready) {
      // Most recently used last.
      this.decoded.delete(uri);
      this.decoded.set(uri, ready);
      return Promise.resolve(ready);
    }
    let p = this.pending.get(uri);
    if (!p) {
      p = decode(uri).then(
        (bitmap) => {
          this.pending.delete(uri);
          this.decoded.set(uri, bitmap);
          this.evict();
          return bitmap;
        },
        (err: unknown) => {
          this.pending.delete(uri);
          throw err;
        },
      );
      this.pending.set(uri, p);
    }
    return p;
  }

  preload(uri: string): Promise<unknown> {
    return this.get(uri).catch(() => undefined);
  }

  private evict(): void {
    while (this.decoded.size > keep) {
      const [uri, bitmap] = this.decoded.entries().next().value as [string, ImageBitmap];
      this.decoded.delete(uri);
      bitmap.close();
    }
  }
}

/** A JPEG of the image at most `thumbnailSize` pixels on its longer side. */
export async function makeThumbnail(uri: string): Promise<{ bytes: Uint8Array; type: 'image/jpeg' }> {
  const res = await fetch(uri);
  if (!res.ok) throw new Error(`HTTP ${res.status} for the cached image`);
  const full = await createImageBitmap(await res.blob());
  const scale = Math.min(1, thumbnailSize / Math.max(full.width, full.height));
  const w = Math.max(1, Math.round(full.width * scale));
  const h = Math.max(1, Math.round(full.height * scale));
  const small = await createImageBitmap(full, { resizeWidth: w, resizeHeight: h, resizeQuality: 'high' });
  full.close();
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas for the thumbnail');
  ctx.drawImage(small, 0, 0);
  small.close();
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.82 });
  return { bytes: new Uint8Array(await blob.arrayBuffer()), type: 'image/jpeg' };
}
