import type { AxisOrder, OrderWalk } from './axisOrder';
import { BLOCK_SHIFT, blocksFor, FANOUT_SHIFT, grownF64, grownU8, levelLengths } from './blockPyramid';
import type { RankIndex } from './rankIndex';
import { Ema } from './smoothing';
import { restoreAtEnd } from './rankIndex';

/**
 * The smoothed series along one axis order for one weight, without a smoothed copy of it: the
 * average's state at the start of every block (a checkpoint), and the same pyramid of block
 * summaries as RankIndex (blockPyramid.ts) over the smoothed values: minimum, maximum (NaN when
 * the node has no finite value) and which came first. Both are made in one walk of the order
 * with the average running, so any value, and the extremes of any stretch of whole blocks, are
 * bit-identical to smoothing the whole series from its first point: the same operations run in
 * the same order. About 0.45 bytes a point. The count of finite values at each checkpoint, and
 * the merge's cursors, are the order's RankIndex's (the same for every weight).
 *
 * Extended as points are appended at the end of the order, from the average's state after the
 * last point summarised.
 */

interface SmoothedLevel {
  min: Float64Array;
  max: Float64Array;
  minFirst: Uint8Array;
  valid: number;
}

export class SmoothingIndex {
  private built = 0;
  private readonly ema: Ema;
  private openMinRank = 0;
  private openMaxRank = 0;
  /** The average's `last` at the start of each block. */
  private checkpoints: Float64Array = new Float64Array(0);
  readonly levels: SmoothedLevel[] = [];

  constructor(
    readonly ranks: RankIndex,
    readonly weight: number,
  ) {
    this.ema = new Ema(weight);
  }

  get length(): number {
    return this.built;
  }

  /** Smooths and summarises the points past those done (all appended at the end of the order). `ranks` must be synced first. */
  sync(order: AxisOrder, values: Float32Array): void {
    const n = order.length;
    const from = this.built;
    if (n <= from) return;
    if (this.ranks.length !== n) throw new Error('SmoothingIndex: the order’s RankIndex is not synced');
    const blocks = blocksFor(n);
    this.checkpoints = grownF64(this.checkpoints, blocks);
    const lengths = levelLengths(blocks);
    for (let l = 0; l < lengths.length; l++) {
      const level = (this.levels[l] ??= { min: new Float64Array(0), max: new Float64Array(0), minFirst: new Uint8Array(0), valid: 0 });
      level.min = grownF64(level.min, lengths[l]!);
      level.max = grownF64(level.max, lengths[l]!);
      level.minFirst = grownU8(level.minFirst, lengths[l]!);
    }
    this.summariseBlocks(order, values, from, n);
    this.built = n;
    this.summariseLevels(from >>> BLOCK_SHIFT, lengths);
  }

  /** Block by block, so the loop over a block's points reads locals only. */
  private summariseBlocks(order: AxisOrder, values: Float32Array, from: number, n: number): void {
    const direct = order.isArrivalOrder;
    const walk = order.walk();
    if (from > 0 && !direct) restoreAtEnd(order, walk, from);
    const leaf = this.levels[0]!;
    const ema = this.ema;
    let minRank = this.openMinRank;
    let maxRank = this.openMaxRank;
    for (let r = from; r < n;) {
      const b = r >>> BLOCK_SHIFT;
      const end = Math.min((b + 1) << BLOCK_SHIFT, n);
      let lo = NaN;
      let hi = NaN;
      if (r === b << BLOCK_SHIFT) this.checkpoints[b] = ema.last;
      else {
        // The last block was partial: carry on from its summary.
        lo = leaf.min[b]!;
        hi = leaf.max[b]!;
      }
      for (; r < end; r++) {
        const s = ema.next(values[direct ? r : walk.next()]!);
        if (!Number.isFinite(s)) continue;
        if (lo !== lo) {
          lo = hi = s;
          minRank = maxRank = r;
        } else {
          if (s < lo) {
            lo = s;
            minRank = r;
          }
          if (s >= hi) {
            hi = s;
            maxRank = r;
          }
        }
      }
      leaf.min[b] = lo;
      leaf.max[b] = hi;
      leaf.minFirst[b] = minRank <= maxRank ? 1 : 0;
    }
    this.openMinRank = minRank;
    this.openMaxRank = maxRank;
  }

  private summariseLevels(fromBlock: number, lengths: readonly number[]): void {
    this.levels[0]!.valid = lengths[0]!;
    for (let l = 1; l < lengths.length; l++) {
      const below = this.levels[l - 1]!;
      const level = this.levels[l]!;
      const start = Math.min(level.valid, Math.floor(fromBlock / 2 ** (FANOUT_SHIFT * l)));
      for (let i = start; i < lengths[l]!; i++) {
        let lo = NaN;
        let hi = NaN;
        let minSrc = 0;
        let maxSrc = 0;
        const end = Math.min((i + 1) << FANOUT_SHIFT, lengths[l - 1]!);
        for (let ch = i << FANOUT_SHIFT; ch < end; ch++) {
          const m = below.min[ch]!;
          if (m !== m) continue;
          const x = below.max[ch]!;
          if (lo !== lo) {
            lo = m;
            hi = x;
            minSrc = maxSrc = ch;
            continue;
          }
          if (m < lo) {
            lo = m;
            minSrc = ch;
          }
          if (x >= hi) {
            hi = x;
            maxSrc = ch;
          }
        }
        level.min[i] = lo;
        level.max[i] = hi;
        level.minFirst[i] = minSrc < maxSrc ? 1 : minSrc > maxSrc ? 0 : below.minFirst[minSrc]!;
      }
      level.valid = lengths[l]!;
    }
  }

  /** The average as the full pass had it at the start of block b. */
  emaAtBlock(b: number): Ema {
    const ema = new Ema(this.weight);
    ema.last = this.checkpoints[b]!;
    ema.count = this.ranks.finiteBeforeBlock(b);
    return ema;
  }

  /**
   * A walk of `order` (the one last synced) positioned at `rank`, with the average as the full
   * pass had it there: at most a block's points walked. The order and values are the caller's,
   * not kept here, so an index outliving appends holds no stale copy of the series' columns.
   */
  seek(order: AxisOrder, values: Float32Array, rank: number): { walk: OrderWalk; ema: Ema } {
    const walk = order.walk();
    const target = Math.max(0, Math.min(rank, order.length));
    const b = Math.min(target >>> BLOCK_SHIFT, blocksFor(this.built) - 1);
    let ema = new Ema(this.weight);
    if (b >= 0) {
      this.ranks.seekBlock(walk, b);
      ema = this.emaAtBlock(b);
    }
    while (walk.rank < target) ema.next(values[walk.next()]!);
    return { walk, ema };
  }

  bytes(): number {
    let b = this.checkpoints.byteLength;
    for (const l of this.levels) b += l.min.byteLength + l.max.byteLength + l.minFirst.byteLength;
    return b;
  }
}
