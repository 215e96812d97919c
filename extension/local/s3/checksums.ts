import { createHash } from 'node:crypto';
import zlib from 'node:zlib';

/**
 * The flexible checksums S3 clients send (`x-amz-checksum-<alg>`, as a header or an aws-chunked
 * trailer). Every algorithm listed here is actually computed over the body, so a value we accept
 * has been verified; an algorithm not listed is refused rather than waved through.
 * CRC32 uses node:zlib (Node >= 20.15, and package.json requires >= 20.19); CRC32C and
 * CRC64NVME have no Node built-in, so they are table-driven here (pure JS, no native module).
 */
export type ChecksumAlgorithm = 'crc32' | 'crc32c' | 'crc64nvme' | 'sha1' | 'sha256';
export const checksumAlgorithms: readonly ChecksumAlgorithm[] = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'];

export interface Checksummer {
  update(data: Buffer): void;
  /** Base64 of the big-endian digest, as S3 transmits it. */
  digest(): string;
}

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (checksumAlgorithms as readonly string[]).includes(name);
}

export function createChecksummer(alg: ChecksumAlgorithm): Checksummer {
  switch (alg) {
    case 'sha1':
    case 'sha256': {
      const h = createHash(alg);
      return { update: (d) => void h.update(d), digest: () => h.digest('base64') };
    }
    case 'crc32': {
      let crc = 0;
      return { update: (d) => void (crc = zlib.crc32(d, crc)), digest: () => u32(crc) };
    }
    case 'crc32c': {
      let crc = 0xffffffff;
      return { update: (d) => void (crc = crc32cUpdate(crc, d)), digest: () => u32((crc ^ 0xffffffff) >>> 0) };
    }
    case 'crc64nvme':
      return crc64nvme();
  }
}

function u32(n: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
}

// CRC32C (Castagnoli, reflected 0x82F63B78), slice-by-4 for a few hundred MB/s in plain JS.
const C32C = (() => {
  const t = new Uint32Array(4 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  for (let i = 0; i < 256; i++) {
    for (let s = 1; s < 4; s++) {
      const prev = t[(s - 1) * 256 + i] as number;
      t[s * 256 + i] = ((prev >>> 8) ^ (t[prev & 0xff] as number)) >>> 0;
    }
  }
  return t;
})();

function crc32cUpdate(crc: number, d: Buffer): number {
  const t = C32C;
  let i = 0;
  const n4 = d.length & ~3;
  for (; i < n4; i += 4) {
    crc ^= (d[i] as number) | ((d[i + 1] as number) << 8) | ((d[i + 2] as number) << 16) | ((d[i + 3] as number) << 24);
    crc =
      (t[768 + (crc & 0xff)] as number) ^
      (t[512 + ((crc >>> 8) & 0xff)] as number) ^
      (t[256 + ((crc >>> 16) & 0xff)] as number) ^
      (t[crc >>> 24] as number);
  }
  for (; i < d.length; i++) crc = (t[(crc ^ (d[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return crc >>> 0;
}

// CRC64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), kept as two 32-bit halves to avoid BigInt.
const C64 = (() => {
  const hi = new Uint32Array(256);
  const lo = new Uint32Array(256);
  const pHi = 0x9a6c9329;
  const pLo = 0xac4bc9b5;
  for (let i = 0; i < 256; i++) {
    let h = 0;
    let l = i;
    for (let k = 0; k < 8; k++) {
      const bit = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h = h >>> 1;
      if (bit) {
        h = (h ^ pHi) >>> 0;
        l = (l ^ pLo) >>> 0;
      }
    }
    hi[i] = h;
    lo[i] = l;
  }
  return { hi, lo };
})();

function crc64nvme(): Checksummer {
  let h = 0xffffffff;
  let l = 0xffffffff;
  return {
    update(d) {
      const { hi, lo } = C64;
      for (let i = 0; i < d.length; i++) {
        const idx = (l ^ (d[i] as number)) & 0xff;
        l = (((l >>> 8) | (h << 24)) ^ (lo[idx] as number)) >>> 0;
        h = ((h >>> 8) ^ (hi[idx] as number)) >>> 0;
      }
    },
    digest() {
      const b = Buffer.alloc(8);
      b.writeUInt32BE((h ^ 0xffffffff) >>> 0, 0);
      b.writeUInt32BE((l ^ 0xffffffff) >>> 0, 4);
      return b.toString('base64');
    },
  };
}
