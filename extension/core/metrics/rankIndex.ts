import type { AxisOrder, OrderWalk } from './axisOrder';
import { BLOCK_SHIFT, blocksFor, EMPTY, FANOUT_SHIFT, grownI32, grownU32, grownU8, levelLengths } from './blockPyramid';

/**
 * The raw values of a series summarised along one axis order (blockPyramid.ts): per node, the
 * arrival index of its minimum and of its maximum finite value (EMPTY when it holds none; the
 * same index when it holds one), and whether the minimum comes first. Ties follow the views'
 * rule: the first of equal minima, the last of equal maxima. Per block, also the number of
 * finite values before it (the smoothing's count there) and, when the order merges several
 * sorted stretches, the merge's cursors at its start, so a view can walk any block alone.
 * About 0.2 bytes a point (plus 4 × segments / 64 when a run restarted).
 *
 * Built by one walk of the order on first use, then extended as points are appended at the end
 * of the order (a live job's common case: steps and wall times only grow). A point that lands
 * in the middle (a restarted run) makes the series drop the index; the next view rebuilds it.
 */

interface RawLevel {
  minAt: Uint32Array;
  maxAt: Uint32Array;
  minFirst: Uint8Array;
  /** Nodes computed from complete children so far. */
  valid: number;
}

export class RankIndex {
  /** Ranks summarised: the order's first `built` points. */
  private built = 0;
  private finite = 0;
  /** Ranks of the last block's minimum and maximum, to tell which came first as it grows. */
  private openMinRank = 0;
  private openMaxRank = 0;
  private finiteBefore: Uint32Array = new Uint32Array(0);
  private cursors: Int32Array;
  readonly levels: RawLevel[] = [];

  constructor(readonly segments: number) {
    this.cursors = new Int32Array(0);
  }

  get length(): number {
    return this.built;
  }

  /** Finite values before block b in rank order. */
  finiteBeforeBlock(b: number): number {
    return this.finiteBefore[b]!;
  }

  /** Positions a walk of `order` at the start of block b. */
  seekBlock(walk: OrderWalk, b: number): void {
    const rank = b << BLOCK_SHIFT;
    if (this.segments === 1) walk.cursors[0] = rank;
    else walk.cursors.set(this.cursors.subarray(b * this.segments, (b + 1) * this.segments));
    walk.rank = rank;
  }

  /** Summarises the points of `order` past those already summarised (all of them appended at its end). */
  sync(order: AxisOrder, values: Float32Array): void {
    const n = order.length;
    const from = this.built;
    if (n <= from) return;
    if (order.segments !== this.segments) throw new Error(`RankIndex: order has ${order.segments} segments, index ${this.segments}`);
    const blocks = blocksFor(n);
    this.finiteBefore = grownU32(this.finiteBefore, blocks);
    if (this.segments > 1) this.cursors = grownI32(this.cursors, blocks * this.segments);
    const lengths = levelLengths(blocks);
    for (let l = 0; l < lengths.length; l++) {
      const level = (this.levels[l] ??= { minAt: new Uint32Array(0), maxAt: new Uint32Array(0), minFirst: new Uint8Array(0), valid: 0 });
      level.minAt = grownU32(level.minAt, lengths[l]!);
      level.maxAt = grownU32(level.maxAt, lengths[l]!);
      level.minFirst = grownU8(level.minFirst, lengths[l]!);
    }
    this.summariseBlocks(order, values, from, n);
    this.built = n;
    this.summariseLevels(values, from >>> BLOCK_SHIFT, lengths);
  }

  /** Block by block, so the loop over a block's points reads locals only. */
  private summariseBlocks(order: AxisOrder, values: Float32Array, from: number, n: number): void {
    const direct = order.isArrivalOrder;
    const walk = order.walk();
    if (from > 0 && !direct) restoreAtEnd(order, walk, from);
    const leaf = this.levels[0]!;
    const k = this.segments;
    let finite = this.finite;
    let minRank = this.openMinRank;
    let maxRank = this.openMaxRank;
    for (let r = from; r < n;) {
      const b = r >>> BLOCK_SHIFT;
      const end = Math.min((b + 1) << BLOCK_SHIFT, n);
      let minAt = EMPTY;
      let maxAt = EMPTY;
      if (r === b << BLOCK_SHIFT) {
        this.finiteBefore[b] = finite;
        if (k > 1) this.cursors.set(walk.cursors, b * k);
      } else {
        // The last block was partial: carry on from its summary.
        minAt = leaf.minAt[b]!;
        maxAt = leaf.maxAt[b]!;
      }
      let seen = minAt !== EMPTY;
      let lo = seen ? values[minAt]! : 0;
      let hi = seen ? values[maxAt]! : 0;
      for (; r < end; r++) {
        const i = direct ? r : walk.next();
        const v = values[i]!;
        if (!Number.isFinite(v)) continue;
        finite++;
        if (!seen) {
          seen = true;
          minAt = maxAt = i;
          lo = hi = v;
          minRank = maxRank = r;
        } else {
          if (v < lo) {
            lo = v;
            minAt = i;
            minRank = r;
          }
          if (v >= hi) {
            hi = v;
            maxAt = i;
            maxRank = r;
          }
        }
      }
      leaf.minAt[b] = minAt;
      leaf.maxAt[b] = maxAt;
      leaf.minFirst[b] = minRank <= maxRank ? 1 : 0;
    }
    this.openMinRank = minRank;
    this.openMaxRank = maxRank;
    this.finite = finite;
  }

  /** Recomputes the upper nodes over blocks from `fromBlock` on (and any never computed). */
  private summariseLevels(values: Float32Array, fromBlock: number, lengths: readonly number[]): void {
    this.levels[0]!.valid = lengths[0]!;
    for (let l = 1; l < lengths.length; l++) {
      const below = this.levels[l - 1]!;
      const level = this.levels[l]!;
      const start = Math.min(level.valid, Math.floor(fromBlock / 2 ** (FANOUT_SHIFT * l)));
      for (let i = start; i < lengths[l]!; i++) {
        let minAt = EMPTY;
        let maxAt = EMPTY;
        let lo = 0;
        let hi = 0;
        let minSrc = 0;
        let maxSrc = 0;
        const end = Math.min((i + 1) << FANOUT_SHIFT, lengths[l - 1]!);
        for (let ch = i << FANOUT_SHIFT; ch < end; ch++) {
          const m = below.minAt[ch]!;
          if (m === EMPTY) continue;
          const x = below.maxAt[ch]!;
          if (minAt === EMPTY) {
            minAt = m;
            maxAt = x;
            lo = values[m]!;
            hi = values[x]!;
            minSrc = maxSrc = ch;
            continue;
          }
          const vm = values[m]!;
          const vx = values[x]!;
          // Children in rank order: strict for the minimum (first wins), >= for the maximum (last wins).
          if (vm < lo) {
            lo = vm;
            minAt = m;
            minSrc = ch;
          }
          if (vx >= hi) {
            hi = vx;
            maxAt = x;
            maxSrc = ch;
          }
        }
        level.minAt[i] = minAt;
        level.maxAt[i] = maxAt;
        level.minFirst[i] = minSrc < maxSrc ? 1 : minSrc > maxSrc ? 0 : below.minFirst[minSrc]!;
      }
      level.valid = lengths[l]!;
    }
  }

  bytes(): number {
    let b = this.finiteBefore.byteLength + this.cursors.byteLength;
    for (const l of this.levels) b += l.minAt.byteLength + l.maxAt.byteLength + l.minFirst.byteLength;
    return b;
  }
}

/**
 * Positions a walk at rank `rank` when every point from there on was appended at the end of the
 * order: the earlier stretches are used up, and the last one stands at arrival index `rank`
 * (or, in a permutation, at position `rank`).
 */
export function restoreAtEnd(order: AxisOrder, walk: OrderWalk, rank: number): void {
  for (let j = 0; j < order.segments - 1; j++) walk.cursors[j] = order.segmentEnd(j);
  walk.cursors[order.segments - 1] = rank;
  walk.rank = rank;
}
