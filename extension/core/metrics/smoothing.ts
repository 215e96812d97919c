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
