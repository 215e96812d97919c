import type { AxisOrder, OrderWalk } from './axisOrder';

/**
 * TensorBoard's scalar smoothing: a debiased exponential moving average. TensorBoard's own
 * implementation is `classicSmoothing` in tensorboard/webapp/widgets/line_chart_v2/
 * data_transformer.ts (earlier, vz_line_chart2/line-chart.ts). What it does, per series:
 *   - the weight is clamped to [0, 1], and a non-finite weight counts as 0;
 *   - a series whose values are all equal is returned unchanged (its issue #786: the
 *     debiasing would otherwise show rounding noise on a flat line);
 *   - last = 0, numAccum = 0; for each point in order: a non-finite value is passed through
 *     and does not advance the average; otherwise last = last * w + (1 - w) * v, numAccum++,
 *     and the smoothed value is last / (1 - w^numAccum) (or last when w = 1).
 * Written here from that description, not copied. w = 0 gives the raw values exactly.
 */

/** The weight TensorBoard would use for a slider value. */
export function normalizeWeight(weight: number): number {
  return Number.isFinite(weight) ? Math.min(1, Math.max(0, weight)) : 0;
}

/** Below this, 1 - w^n rounds to exactly 1 in float64, and stays there as n grows. */
const SETTLED = 2 ** -54;

/** The running state of the average; next() gives the smoothed value of the next point in order. */
export class Ema {
  last = 0;
  count = 0;
  readonly weight: number;
  /**
   * Once w^count < 2^-54 the debias divisor is exactly 1.0, so Math.pow (the costliest step)
   * is skipped from then on with bit-identical results: after ~80 points at w = 0.6, ~37,000
   * at w = 0.999. Not saved in checkpoints; the first next() after a restore finds it again.
   */
  private settled = false;

  constructor(weight: number) {
    this.weight = normalizeWeight(weight);
  }

  next(value: number): number {
    if (!Number.isFinite(value)) return value;
    const w = this.weight;
    this.last = this.last * w + (1 - w) * value;
    this.count++;
    if (this.settled || w === 1) return this.last;
    const p = Math.pow(w, this.count);
    if (p < SETTLED) {
      this.settled = true;
      return this.last;
    }
    return this.last / (1 - p);
  }
}

/** True when every value equals the first (NaN never equals, as in TensorBoard). */
export function isConstant(values: ArrayLike<number>, start = 0, end = values.length): boolean {
  const first = values[start];
  for (let i = start + 1; i < end; i++) if (values[i] !== first) return false;
  return end > start && first === first;
}

/** Smoothed copy of `values`, in the order given. */
export function smooth(values: ArrayLike<number>, weight: number): Float64Array {
  const out = Float64Array.from(values);
  if (isConstant(values)) return out;
  const ema = new Ema(weight);
  for (let i = 0; i < out.length; i++) out[i] = ema.next(out[i]!);
  return out;
}

/** Points between saved states of the average: a seek costs at most this many steps. */
export const CHECKPOINT_STRIDE = 512;

/**
 * The average's state saved every CHECKPOINT_STRIDE points of an axis order, so the smoothed
 * value of any stretch can be computed from the nearest earlier checkpoint instead of from
 * the start: a zoom costs O(points in range + stride), and the result is bit-identical to
 * smoothing the whole series, because the same operations run in the same order. Memory is
 * about (16 + 4 × segments) bytes per 512 points.
 */
export class SmoothingIndex {
  private readonly last: Float64Array;
  private readonly count: Float64Array;
  private readonly cursors: Int32Array;
  private readonly k: number;

  constructor(
    readonly order: AxisOrder,
    private readonly values: ArrayLike<number>,
    readonly weight: number,
  ) {
    const n = order.length;
    const checkpoints = Math.ceil(n / CHECKPOINT_STRIDE);
    this.k = order.segments;
    this.last = new Float64Array(checkpoints);
    this.count = new Float64Array(checkpoints);
    this.cursors = new Int32Array(checkpoints * this.k);
    const walk = order.walk();
    const ema = new Ema(weight);
    for (let r = 0; r < n; r++) {
      if (r % CHECKPOINT_STRIDE === 0) {
        const c = r / CHECKPOINT_STRIDE;
        this.last[c] = ema.last;
        this.count[c] = ema.count;
        this.cursors.set(walk.cursors, c * this.k);
      }
      ema.next(values[walk.next()]!);
    }
  }

  bytes(): number {
    return this.last.byteLength + this.count.byteLength + this.cursors.byteLength;
  }

  /** A walk positioned at `rank` with the average as the full pass had it there. */
  seek(rank: number): { walk: OrderWalk; ema: Ema } {
    const walk = this.order.walk();
    const ema = new Ema(this.weight);
    const n = this.order.length;
    const target = Math.max(0, Math.min(rank, n));
    const c = Math.min(Math.floor(target / CHECKPOINT_STRIDE), this.last.length - 1);
    if (c >= 0) {
      walk.restore(this.cursors.subarray(c * this.k, (c + 1) * this.k), c * CHECKPOINT_STRIDE);
      ema.last = this.last[c]!;
      ema.count = this.count[c]!;
    }
    while (walk.rank < target) ema.next(this.values[walk.next()]!);
    return { walk, ema };
  }

  /** Bytes per checkpoint, for the memory estimate before building one. */
  static bytesFor(order: AxisOrder): number {
    return Math.ceil(order.length / CHECKPOINT_STRIDE) * (16 + 4 * order.segments);
  }
}
