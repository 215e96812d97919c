/**
 * Image dimensions from the file header, in pure TypeScript (no native modules, DESIGN.md): YOLO
 * stores boxes as fractions of the image, so an importer needs each image's size, and the first
 * few KiB of the file are enough. Only the header is parsed; pixel data is never decoded.
 *
 * The one parser of the project: the local daemon sizes its samples with it too. Sizes are the
 * stored pixel grid: a JPEG's EXIF orientation is not applied, so box coordinates refer to the
 * unrotated pixels (a viewer must show the image with `image-orientation: none` for boxes to line up).
 */

/** What the header says about an image. */
export interface ImageInfo {
  readonly format: 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp';
  readonly width: number;
  readonly height: number;
  /** Channels: 1 grey, 2 grey+alpha, 3 colour, 4 colour+alpha. */
  readonly depth: number;
}

/** The header's size, or undefined when the bytes are not a well-formed header of a known format. */
export function readImageInfo(buf: Uint8Array): ImageInfo | undefined {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const info = png(b) ?? gif(b) ?? bmp(b) ?? webp(b) ?? jpeg(b);
  // A zero or absurd size means a damaged or hostile header; refuse it rather than store it.
  if (!info || info.width < 1 || info.height < 1 || info.width > 1 << 20 || info.height > 1 << 20) return undefined;
  return info;
}

/** The MIME type for a format, for content answers. */
export function imageContentType(format: ImageInfo['format']): string {
  return format === 'jpeg' ? 'image/jpeg' : `image/${format}`;
}

/** Bytes to read for a header: JPEG frame headers can sit after a large EXIF block. */
export const imageHeaderBytes = 128 * 1024;

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function png(b: Buffer): ImageInfo | undefined {
  // Signature, then the IHDR chunk must come first: length 13, type, width, height, bit depth, colour type.
  if (b.length < 26 || !b.subarray(0, 8).equals(pngSignature) || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const depthByColourType: Record<number, number> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 };
  const depth = depthByColourType[b[25] as number];
  if (depth === undefined) return undefined;
  return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20), depth };
}

function gif(b: Buffer): ImageInfo | undefined {
  const sig = b.toString('latin1', 0, 6);
  if (b.length < 10 || (sig !== 'GIF87a' && sig !== 'GIF89a')) return undefined;
  return { format: 'gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8), depth: 3 };
}

function bmp(b: Buffer): ImageInfo | undefined {
  if (b.length < 26 || b.toString('latin1', 0, 2) !== 'BM') return undefined;
  const dibSize = b.readUInt32LE(14);
  if (dibSize === 12) {
    // OS/2 BITMAPCOREHEADER: 16-bit unsigned sizes.
    return { format: 'bmp', width: b.readUInt16LE(18), height: b.readUInt16LE(20), depth: 3 };
  }
  if (dibSize < 40 || b.length < 30) return undefined;
  // BITMAPINFOHEADER and later: signed 32-bit sizes; a negative height means rows run top-down.
  const bitCount = b.readUInt16LE(28);
  return { format: 'bmp', width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)), depth: bitCount === 32 ? 4 : 3 };
}

function webp(b: Buffer): ImageInfo | undefined {
  if (b.length < 30 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP') return undefined;
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') {
    // Lossy: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height (2 scale bits above).
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return undefined;
    return { format: 'webp', width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff, depth: 3 };
  }
  if (chunk === 'VP8L') {
    // Lossless: signature byte 0x2f, then width-1 and height-1 in 14 bits each, then the alpha hint.
    if (b[20] !== 0x2f) return undefined;
    const bits = b.readUInt32LE(21);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, depth: (bits >>> 28) & 1 ? 4 : 3 };
  }
  if (chunk === 'VP8X') {
    // Extended: flags (bit 4 = alpha), 3 reserved bytes, then canvas width-1 and height-1 in 24 bits.
    const alpha = ((b[20] as number) & 0x10) !== 0;
    return { format: 'webp', width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1, depth: alpha ? 4 : 3 };
  }
  return undefined;
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8 and CC are not frames. */
const sofMarkers = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpeg(b: Buffer): ImageInfo | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  // Walk the marker segments up to the first frame header; EXIF and ICC segments come before it.
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or scan data before any frame
    const length = b.readUInt16BE(i + 2);
    if (length < 2) return undefined;
    if (sofMarkers.has(marker)) {
      if (i + 10 > b.length) return undefined;
      const components = b[i + 9] as number;
      return {
        format: 'jpeg',
        height: b.readUInt16BE(i + 5),
        width: b.readUInt16BE(i + 7),
        depth: components === 1 ? 1 : components === 4 ? 4 : 3,
      };
    }
    i += 2 + length;
  }
  return undefined;
}

/** File names the dataset scan takes as images. */
export const imageFilePattern = /\.(jpe?g|png|bmp|gif|webp)$/i;
