import type { Keys, OrderWalk } from './axisOrder';
import type { Ema } from './smoothing';

/**
 * One run's points put into a chart's pixel columns (seriesView.ts says what a column shows).
 * Points arrive in order of rank along x, but a column's extremes may also come from summaries
 * of whole blocks (indexedView.ts), in any order. So every candidate carries a position that
 * orders it by rank, and the rules below give what a pass over the column's points one by one
 * would: the first of equal minima, the last of equal maxima (equal as `===` has it, so -0 and 0
 * tie), and the two slots in the order the minimum and maximum occur.
 */

/** Where a run's points fall: column floor(position(key)) of `columns`, clamped to the grid. */
export interface RunGrid {
  keys: Keys;
  values: Float32Array;
  /** Added to a key to get x. */
  off: number;
  /** x of the left edge of column 0. */
  a: number;
  /** Columns per unit of x. */
  scale: number;
  columns: number;
  raw: Extremes;
  /** Undefined when the smoothed values are the raw ones (no smoothing, or a constant series). */
  smoothed: Extremes | undefined;
}

/** A key's position on the grid in columns; the one expression every path uses, so all agree to the bit. */
export const position = (g: RunGrid, key: number): number => (key + g.off - g.a) * g.scale;

/** Per column: the smallest and largest finite value and where each is, and how many finite values. */
export class Extremes {
  readonly count: Int32Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly minPos: Float64Array;
  readonly maxPos: Float64Array;
  /** Second half of its column, for the point of a column that holds one. */
  readonly late: Uint8Array;

  constructor(columns: number) {
    this.count = new Int32Array(columns);
    this.min = new Float64Array(columns);
    this.max = new Float64Array(columns);
    this.minPos = new Float64Array(columns);
    this.maxPos = new Float64Array(columns);
    this.late = new Uint8Array(columns);
  }

  reset(): void {
    this.count.fill(0);
  }

  /**
   * Adds n finite values of column c whose extremes are lo (at loPos) and hi (at hiPos);
   * `late` is the half of the column the value is in when n is 1. For n ≥ 2 any n ≥ 2 will do:
   * only 0, 1 and more are told apart.
   */
  merge(c: number, lo: number, loPos: number, hi: number, hiPos: number, n: number, late: boolean): void {
    const m = this.count[c]!;
    if (m === 0) {
      this.min[c] = lo;
      this.minPos[c] = loPos;
      this.max[c] = hi;
      this.maxPos[c] = hiPos;
      this.late[c] = late ? 1 : 0;
    } else {
      const min = this.min[c]!;
      if (lo < min || (lo === min && loPos < this.minPos[c]!)) {
        this.min[c] = lo;
        this.minPos[c] = loPos;
      }
      const max = this.max[c]!;
      if (hi > max || (hi === max && hiPos > this.maxPos[c]!)) {
        this.max[c] = hi;
        this.maxPos[c] = hiPos;
      }
    }
    this.count[c] = m + n;
  }

  /** Writes the slots: NaN where a column holds nothing. */
  fill(out: Float64Array): void {
    out.fill(NaN);
    for (let c = 0; c < this.count.length; c++) {
      const n = this.count[c]!;
      if (n === 0) continue;
      if (n === 1) out[2 * c + this.late[c]!] = this.min[c]!;
      else if (this.minPos[c]! <= this.maxPos[c]!) {
        out[2 * c] = this.min[c]!;
        out[2 * c + 1] = this.max[c]!;
      } else {
        out[2 * c] = this.max[c]!;
        out[2 * c + 1] = this.min[c]!;
      }
    }
  }
}

/**
 * Buckets ranks [from, to) one point at a time: from `walk` (positioned at `from`), or, when it
 * is undefined, straight from the columns (rank = arrival index); `ema` (positioned at `from`
 * too) gives the smoothed values. A column's extremes are gathered in locals and merged when the
 * column changes, so each point costs a few comparisons.
 */
export function bucketRanks(g: RunGrid, walk: OrderWalk | undefined, ema: Ema | undefined, from: number, to: number): void {
  const { keys, values, off, a, scale, columns, raw, smoothed } = g;
  let col = -1;
  let n = 0;
  let lo = 0;
  let hi = 0;
  let loAt = 0;
  let hiAt = 0;
  let late = false;
  let sn = 0;
  let slo = 0;
  let shi = 0;
  let sloAt = 0;
  let shiAt = 0;
  let slate = false;
  for (let r = from; r < to; r++) {
    const i = walk ? walk.next() : r;
    const v = values[i]!;
    const s = ema ? ema.next(v) : v;
    // position(g, key), written out: the same operations on the same operands, so the same bits.
    const pos = (keys[i]! + off - a) * scale;
    // floor(pos) clamped to the grid; within it, truncation is floor and much cheaper. A NaN
    // position (a degenerate grid) puts the point in no column, as indexing by NaN did.
    let c: number;
    if (pos >= columns) c = columns - 1;
    else if (pos >= 0) c = pos | 0;
    else if (pos < 0) c = 0;
    else continue;
    if (c !== col) {
      if (n > 0) raw.merge(col, lo, loAt, hi, hiAt, n, late);
      if (sn > 0) smoothed!.merge(col, slo, sloAt, shi, shiAt, sn, slate);
      col = c;
      n = sn = 0;
    }
    if (Number.isFinite(v)) {
      if (n === 0) {
        lo = hi = v;
        loAt = hiAt = r;
        late = pos - c >= 0.5;
      } else {
        if (v < lo) {
          lo = v;
          loAt = r;
        }
        if (v >= hi) {
          hi = v;
          hiAt = r;
        }
      }
      n++;
    }
    if (smoothed && Number.isFinite(s)) {
      if (sn === 0) {
        slo = shi = s;
        sloAt = shiAt = r;
        slate = pos - c >= 0.5;
      } else {
        if (s < slo) {
          slo = s;
          sloAt = r;
        }
        if (s >= shi) {
          shi = s;
          shiAt = r;
        }
      }
      sn++;
    }
  }
  if (n > 0) raw.merge(col, lo, loAt, hi, hiAt, n, late);
  if (sn > 0) smoothed!.merge(col, slo, sloAt, shi, shiAt, sn, slate);
}
