import type { OrderWalk } from './axisOrder';
import type { Series, XAxis } from './seriesStore';
import { type Ema, normalizeWeight } from './smoothing';

/**
 * What a chart draws: several runs' series of one tag on a shared grid of pixel columns.
 * Each column is a bucket with two slots (its first and second half). For each run, a
 * column's minimum and maximum raw values take the two slots in the order they occur along
 * x, so a one-point spike survives at any zoom (W&B's "full fidelity" band, where TensorBoard
 * would have sampled it away). A column with one point puts it in the slot of the half it
 * falls in; with two, both keep their own slot. Smoothing runs over the full-resolution
 * series first, then is bucketed the same way.
 *
 * Re-bucketing after a zoom costs a binary search into the sorted view and one pass over the
 * points in range (plus at most one smoothing checkpoint stride), never a pass over the series.
 */

export interface ViewRequest {
  axis: XAxis;
  /** Inclusive x range; the union of the runs' extents when omitted. */
  range?: readonly [number, number];
  /** Pixel columns (at least 1). */
  columns: number;
  /** TensorBoard smoothing weight, 0 (none) to 0.999. */
  smoothing: number;
}

export interface RunView {
  run: string;
  /** Points in the series. */
  total: number;
  /** Points with x in range. */
  inRange: number;
  /** Per slot: the raw value placed there, NaN for a gap. */
  raw: Float64Array;
  /** Per slot: the smoothed value placed there, NaN for a gap. */
  smoothed: Float64Array;
}

export interface ChartView {
  axis: XAxis;
  /** x of each slot, ascending: column c has slots 2c (at a quarter of its width) and 2c + 1 (three quarters). */
  x: Float64Array;
  runs: RunView[];
  /** The x range the grid covers. */
  xExtent: [number, number];
  /** Smallest and largest finite value placed in any slot (raw or smoothed); undefined when there is none. */
  yExtent: [number, number] | undefined;
}

/** The union of the series' x extents on an axis; undefined when all are empty. */
export function xExtentOf(series: readonly Series[], axis: XAxis): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    if (s.length === 0) continue;
    const order = s.order(axis);
    const off = s.xOffset(axis);
    lo = Math.min(lo, order.minKey() + off);
    hi = Math.max(hi, order.maxKey() + off);
  }
  return lo <= hi ? [lo, hi] : undefined;
}

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
export function buildView(series: readonly Series[], req: ViewRequest): ChartView {
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
    if (smoothedToo && r1 > r0) ({ walk, ema } = s.smoothing(axis, weight).seek(r0));
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

/** One point as the hover readout shows it. */
export interface PointAt {
  /** Arrival index in the series. */
  index: number;
  step: number;
  /** Epoch seconds. */
  wallTime: number;
  /** x on the requested axis. */
  x: number;
  value: number;
  smoothed: number;
}

/**
 * The point nearest to x on an axis (exact, not bucketed); among points at the same x (a
 * restarted run's duplicate steps) the one that arrived last. Undefined for an empty series.
 */
export function valueAt(series: Series, axis: XAxis, x: number, smoothing: number): PointAt | undefined {
  if (series.length === 0) return undefined;
  const order = series.order(axis);
  const off = series.xOffset(axis);
  const key = order.nearestKey(x - off);
  const hit = order.lastWithKey(key);
  if (!hit) return undefined;
  const value = series.value(hit.index);
  const weight = normalizeWeight(smoothing);
  let smoothedValue = value;
  if (weight > 0 && !series.isConstant) {
    const { walk, ema } = series.smoothing(axis, weight).seek(hit.rank);
    const i = walk.next();
    smoothedValue = ema.next(series.value(i));
  }
  return {
    index: hit.index,
    step: series.step(hit.index),
    wallTime: series.wallTime(hit.index),
    x: key + off,
    value,
    smoothed: smoothedValue,
  };
}

export interface SeriesSummary {
  points: number;
  /** Value of the point that arrived last (NaN when empty). */
  last: number;
  /** Step of that point. */
  lastStep: number;
  /** Wall time of that point, epoch seconds. */
  lastWallTime: number;
  /** Smallest and largest step. */
  firstStep: number;
  maxStep: number;
  /** Smallest and largest finite value (NaN when there is none). */
  min: number;
  max: number;
}

/** Totals for a run's row in a legend or table. O(n) over the values, O(1) otherwise. */
export function summary(series: Series): SeriesSummary {
  const n = series.length;
  let min = Infinity;
  let max = -Infinity;
  for (const v of series.values()) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const order = n > 0 ? series.order('step') : undefined;
  return {
    points: n,
    last: n > 0 ? series.value(n - 1) : NaN,
    lastStep: n > 0 ? series.step(n - 1) : NaN,
    lastWallTime: n > 0 ? series.wallTime(n - 1) : NaN,
    firstStep: order ? order.minKey() : NaN,
    maxStep: order ? order.maxKey() : NaN,
    min: min <= max ? min : NaN,
    max: min <= max ? max : NaN,
  };
}
