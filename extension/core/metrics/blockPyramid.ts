/**
 * The shape shared by the summary indexes of a series' sorted order (rankIndex.ts for raw
 * values, smoothingIndex.ts for smoothed ones): the ranks are cut into blocks of BLOCK points,
 * each block summarised (its minimum and maximum, which came first), and every FANOUT nodes of a
 * level summarised again one level up, until a level has at most FANOUT nodes. A rank range of
 * whole blocks is then the union of at most 2 × (FANOUT - 1) nodes per level, so a chart column
 * over a million points costs a few dozen node reads instead of a pass over its points.
 *
 * BLOCK trades memory for the points a view still walks one by one (the blocks a column edge
 * cuts): at 64, the raw summaries cost about 0.2 bytes a point and a smoothing's about 0.45.
 */

export const BLOCK_SHIFT = 6;
export const BLOCK = 1 << BLOCK_SHIFT;
export const BLOCK_MASK = BLOCK - 1;
export const FANOUT_SHIFT = 3;
export const FANOUT = 1 << FANOUT_SHIFT;

/** A node with no finite value (arrival indices are below 2^32 - 1). */
export const EMPTY = 0xffffffff;

/** Blocks holding `ranks` points, the last one possibly partial. */
export const blocksFor = (ranks: number): number => (ranks + BLOCK_MASK) >>> BLOCK_SHIFT;

/** Nodes per level over `leaves` blocks: level 0 is the blocks, the last level has at most FANOUT nodes. */
export function levelLengths(leaves: number): number[] {
  const out = [leaves];
  while (out[out.length - 1]! > FANOUT) out.push((out[out.length - 1]! + FANOUT - 1) >>> FANOUT_SHIFT);
  return out;
}

/** Ranks under one node of each level (enough levels for 2^32 points). */
const SPAN = Float64Array.from({ length: 12 }, (_, level) => 2 ** (BLOCK_SHIFT + FANOUT_SHIFT * level));

/** First rank a node covers. */
export const nodeStart = (level: number, node: number): number => node * SPAN[level]!;

/** Room for any cover: 2 × (FANOUT - 1) nodes per level over 2^32 points, and the top level. */
export const MAX_COVER = 2 * (FANOUT - 1) * 12 + FANOUT;

/**
 * The fewest nodes that together cover blocks [lo, hi): written to `out` as (level, node) pairs;
 * returns how many nodes. `levels` is how many levels exist; every node used lies wholly in
 * [lo, hi), so a partial last node is never read for more than it holds.
 */
export function cover(lo: number, hi: number, levels: number, out: Int32Array): number {
  let k = 0;
  for (let level = 0; lo < hi; level++) {
    if (level === levels - 1) {
      for (let i = lo; i < hi; i++, k++) {
        out[2 * k] = level;
        out[2 * k + 1] = i;
      }
      break;
    }
    for (; lo < hi && (lo & (FANOUT - 1)) !== 0; lo++, k++) {
      out[2 * k] = level;
      out[2 * k + 1] = lo;
    }
    for (; lo < hi && (hi & (FANOUT - 1)) !== 0; k++) {
      hi--;
      out[2 * k] = level;
      out[2 * k + 1] = hi;
    }
    lo >>>= FANOUT_SHIFT;
    hi >>>= FANOUT_SHIFT;
  }
  return k;
}

/** Capacity for `n` entries: grown by 1/8 as the store's columns are, so slack stays small. */
export const capacityFor = (n: number, current: number): number => (n <= current ? current : n + Math.max(16, n >>> 3));

export function grownU32(a: Uint32Array, n: number): Uint32Array {
  if (n <= a.length) return a;
  const b = new Uint32Array(capacityFor(n, a.length));
  b.set(a);
  return b;
}

export function grownI32(a: Int32Array, n: number): Int32Array {
  if (n <= a.length) return a;
  const b = new Int32Array(capacityFor(n, a.length));
  b.set(a);
  return b;
}

export function grownF64(a: Float64Array, n: number): Float64Array {
  if (n <= a.length) return a;
  const b = new Float64Array(capacityFor(n, a.length));
  b.set(a);
  return b;
}

export function grownU8(a: Uint8Array, n: number): Uint8Array {
  if (n <= a.length) return a;
  const b = new Uint8Array(capacityFor(n, a.length));
  b.set(a);
  return b;
}
