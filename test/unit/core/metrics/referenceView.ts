import type { OrderWalk } from '../../../../extension/core/metrics/axisOrder';
import type { Series } from '../../../../extension/core/metrics/seriesStore';
import { type ChartView, type RunView, type ViewRequest, xExtentOf } from '../../../../extension/core/metrics/seriesView';
import { type Ema, normalizeWeight } from '../../../../extension/core/metrics/smoothing';

/**
 * buildView as it was before the summary index (a pass over every point in range, bucketed one
 * by one), kept verbatim as the reference the indexed buildView must match bit for bit, and as
 * the "old" column of bench/metricsViews.ts. Only names changed, and the seek into the smoothing
 * checkpoints, now Series.seekSmoothed(axis, weight, r0) (it was Series.smoothing(...).seek(r0)),
 * which the randomised tests check separately against smoothing the series from its first point.
 */

/** Per-column min/max of one value stream (raw or smoothed) of one run. */
class Buckets {
  readonly count: Int32Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly minRank: Float64Array;
  readonly maxRank: Float64Array;
  /** Second half of its column, for the point of a column that holds one. */
  readonly late: Uint8Array;

  constructor(columns: number) {
    this.count = new Int32Array(columns);
    this.min = new Float64Array(columns);
    this.max = new Float64Array(columns);
    this.minRank = new Float64Array(columns);
    this.maxRank = new Float64Array(columns);
    this.late = new Uint8Array(columns);
  }

  reset(): void {
    this.count.fill(0);
  }

  add(c: number, v: number, rank: number, late: boolean): void {
    if (!Number.isFinite(v)) return;
    const n = this.count[c]!;
    if (n === 0) {
      this.min[c] = this.max[c] = v;
      this.minRank[c] = this.maxRank[c] = rank;
      this.late[c] = late ? 1 : 0;
    } else {
      // Strict comparisons: the first of equal minima and the last of equal maxima, so two
      // equal points still fill both slots.
      if (v < this.min[c]!) {
        this.min[c] = v;
        this.minRank[c] = rank;
      }
      if (v >= this.max[c]!) {
        this.max[c] = v;
        this.maxRank[c] = rank;
      }
    }
    this.count[c] = n + 1;
  }

  /** Writes the slots: NaN where a column holds nothing. */
  fill(out: Float64Array): void {
    out.fill(NaN);
    for (let c = 0; c < this.count.length; c++) {
      const n = this.count[c]!;
      if (n === 0) continue;
      if (n === 1) out[2 * c + this.late[c]!] = this.min[c]!;
      else if (this.minRank[c]! <= this.maxRank[c]!) {
        out[2 * c] = this.min[c]!;
        out[2 * c + 1] = this.max[c]!;
      } else {
        out[2 * c] = this.max[c]!;
        out[2 * c + 1] = this.min[c]!;
      }
    }
  }
}

/** Builds the shared grid for several runs' series of one tag. */
export function referenceBuildView(series: readonly Series[], req: ViewRequest): ChartView {
  const columns = Math.max(1, Math.floor(req.columns));
  const { axis } = req;
  let range = req.range ? ([Math.min(req.range[0], req.range[1]), Math.max(req.range[0], req.range[1])] as [number, number]) : undefined;
  range ??= xExtentOf(series, axis) ?? [0, 1];
  let [a, b] = range;
  // One x value (a single point, or a zoom onto one step): a unit-wide grid centred on it.
  if (!(b > a)) {
    a -= 0.5;
    b += 0.5;
  }
  const width = (b - a) / columns;
  const x = new Float64Array(2 * columns);
  for (let c = 0; c < columns; c++) {
    x[2 * c] = a + (c + 0.25) * width;
    x[2 * c + 1] = a + (c + 0.75) * width;
  }
  const weight = normalizeWeight(req.smoothing);
  const raw = new Buckets(columns);
  const smoothed = new Buckets(columns);
  const runs: RunView[] = [];
  let yLo = Infinity;
  let yHi = -Infinity;
  for (const s of series) {
    raw.reset();
    smoothed.reset();
    const off = s.xOffset(axis);
    const order = s.order(axis);
    const keys = order.keys;
    const values = s.values();
    const lo = range[0] - off;
    const hi = range[1] - off;
    const r0 = order.rankBelow(lo);
    const r1 = order.rankAtOrBelow(hi);
    const smoothedToo = weight > 0 && !s.isConstant;
    let walk: OrderWalk;
    let ema: Ema | undefined;
    if (smoothedToo && r1 > r0) ({ walk, ema } = s.seekSmoothed(axis, weight, r0));
    else walk = order.walk(lo);
    const scale = columns / (b - a);
    for (let r = r0; r < r1; r++) {
      const i = walk.next();
      const pos = (keys[i]! + off - a) * scale;
      let c = Math.floor(pos);
      if (c >= columns) c = columns - 1;
      else if (c < 0) c = 0;
      const late = pos - c >= 0.5;
      const v = values[i]!;
      raw.add(c, v, r, late);
      smoothed.add(c, ema ? ema.next(v) : v, r, late);
    }
    const view: RunView = {
      run: s.run,
      total: s.length,
      inRange: Math.max(0, r1 - r0),
      raw: new Float64Array(2 * columns),
      smoothed: new Float64Array(2 * columns),
    };
    raw.fill(view.raw);
    smoothed.fill(view.smoothed);
    for (const arr of [view.raw, view.smoothed]) {
      for (const v of arr) {
        if (v < yLo) yLo = v;
        if (v > yHi) yHi = v;
      }
    }
    runs.push(view);
  }
  return { axis, x, runs, xExtent: [a, b], yExtent: yLo <= yHi ? [yLo, yHi] : undefined };
}
