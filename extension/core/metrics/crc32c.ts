/**
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum TFRecord framing uses, and
 * its "masked" form. Slicing-by-8 tables: event files are read in bulk, and the checksum of
 * every record's data is most of the cost of reading one, so a byte-at-a-time table would make
 * the checksum the bottleneck (it runs several times faster this way in V8).
 */

const POLY = 0x82f63b78;

/** TABLE[k * 256 + b]: the CRC contribution of byte b seen k bytes before the end of an 8-byte block. */
const TABLE = (() => {
  const t = new Int32Array(8 * 256);
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[b] = c;
  }
  for (let b = 0; b < 256; b++) {
    let c = t[b] as number;
    for (let k = 1; k < 8; k++) {
      c = (t[c & 0xff] as number) ^ (c >>> 8);
      t[k * 256 + b] = c;
    }
  }
  return t;
})();

/** CRC32C of bytes [start, end) of `buf`, as an unsigned 32-bit number. */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  const t = TABLE;
  let crc = -1;
  let i = start;
  const blocks = end - ((end - start) & 7);
  while (i < blocks) {
    const lo = (crc ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24))) | 0;
    crc =
      t[1792 + (lo & 0xff)]! ^
      t[1536 + ((lo >>> 8) & 0xff)]! ^
      t[1280 + ((lo >>> 16) & 0xff)]! ^
      t[1024 + (lo >>> 24)]! ^
      t[768 + buf[i + 4]!]! ^
      t[512 + buf[i + 5]!]! ^
      t[256 + buf[i + 6]!]! ^
      t[buf[i + 7]!]!;
    i += 8;
  }
  while (i < end) crc = t[(crc ^ buf[i++]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/**
 * CRC32C of the 8 bytes at `p`: one slicing-by-8 step, for TFRecord's length header, which is
 * checked for every record (and at every byte while resynchronising), so the general loop's
 * setup would cost more than the work.
 */
export function crc32c8(buf: Uint8Array, p: number): number {
  const t = TABLE;
  const lo = ~(buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24));
  const crc =
    t[1792 + (lo & 0xff)]! ^
    t[1536 + ((lo >>> 8) & 0xff)]! ^
    t[1280 + ((lo >>> 16) & 0xff)]! ^
    t[1024 + (lo >>> 24)]! ^
    t[768 + buf[p + 4]!]! ^
    t[512 + buf[p + 5]!]! ^
    t[256 + buf[p + 6]!]! ^
    t[buf[p + 7]!]!;
  return ~crc >>> 0;
}

/**
 * TFRecord stores CRCs masked, because a CRC of data that itself contains embedded CRCs is
 * weak (TensorFlow's crc32c.h): rotate right by 15 and add a constant, mod 2^32.
 */
export function maskCrc(crc: number): number {
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

/** The inverse of maskCrc. */
export function unmaskCrc(masked: number): number {
  const rot = (masked - 0xa282ead8) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
}

/** maskCrc(crc32c(buf[start, end))). */
export function maskedCrc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  return maskCrc(crc32c(buf, start, end));
}
