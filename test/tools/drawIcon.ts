/**
 * Draws the Marketplace icon, media/icon.png (128×128 RGBA), from the same cube-and-M outline
 * as the activity-bar icon (media/modelarts.svg), white on a rounded square. Pure JS: shapes are
 * tested at 4×4 samples a pixel (anti-aliasing) and the PNG is encoded with node:zlib, so the
 * icon can be redrawn anywhere with `npx tsx test/tools/drawIcon.ts`. The PNG is committed; this
 * script is how it was made.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { repoRoot } from './paths';

const size = 128;
const samples = 4;

type Point = readonly [number, number];

/** The outline of media/modelarts.svg (a 24-unit box), placed on the icon. */
const svgScale = 96 / 24;
const offset = (size - 24 * svgScale) / 2;
const at = ([x, y]: Point): Point => [offset + x * svgScale, offset + y * svgScale];
const cube: Point[] = (
  [
    [12, 2.5],
    [20.5, 7],
    [20.5, 17],
    [12, 21.5],
    [3.5, 17],
    [3.5, 7],
    [12, 2.5],
  ] as const
).map(at);
const letterM: Point[] = (
  [
    [7.5, 15.5],
    [7.5, 9.5],
    [12, 13],
    [16.5, 9.5],
    [16.5, 15.5],
  ] as const
).map(at);
const strokeHalfWidth = (1.6 * svgScale) / 2;

function distanceToSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Round caps and joins, as the SVG's stroke-linecap/linejoin: within half the width of any segment. */
function onStroke(p: Point, line: readonly Point[]): boolean {
  for (let i = 1; i < line.length; i++) if (distanceToSegment(p, line[i - 1] as Point, line[i] as Point) <= strokeHalfWidth) return true;
  return false;
}

function inRoundedSquare([x, y]: Point, radius: number): boolean {
  const cx = Math.max(radius, Math.min(size - radius, x));
  const cy = Math.max(radius, Math.min(size - radius, y));
  return Math.hypot(x - cx, y - cy) <= radius;
}

/** The background: a diagonal gradient from ModelArts red to a deep crimson. */
function background([x, y]: Point): [number, number, number] {
  const t = (x + y) / (2 * size);
  const from = [0xe0, 0x2a, 0x2f];
  const to = [0x7d, 0x0b, 0x2a];
  return [0, 1, 2].map((i) => Math.round((from[i] as number) + ((to[i] as number) - (from[i] as number)) * t)) as [number, number, number];
}

function render(): Buffer {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const p: Point = [px + (sx + 0.5) / samples, py + (sy + 0.5) / samples];
          if (!inRoundedSquare(p, 22)) continue;
          const [br, bg, bb] = onStroke(p, cube) || onStroke(p, letterM) ? [255, 255, 255] : background(p);
          r += br;
          g += bg;
          b += bb;
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      // Straight (not premultiplied) alpha, as PNG stores it: the colour is the covered samples' mean.
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return rgba;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** PNG: signature, IHDR (8-bit RGBA), one IDAT of filter-0 scanlines, IEND. */
export function encodePng(rgba: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (require.main === module) {
  const file = path.join(repoRoot, 'media', 'icon.png');
  const png = encodePng(render(), size, size);
  writeFileSync(file, png);
  console.log(`${path.relative(repoRoot, file)}: ${size}×${size}, ${png.length} bytes`);
}
