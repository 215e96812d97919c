import { BLOCK } from './blockPyramid';
import { bucketRanks, Extremes, type RunGrid } from './columnBuckets';
import { bucketIndexed } from './indexedView';
import type { Series, XAxis } from './seriesStore';
import { normalizeWeight } from './smoothing';

/**
 * What a chart draws: several runs' series of one tag on a shared grid of pixel columns.
 * Each column is a bucket with two slots (its first and second half). For each run, a
 * column's minimum and maximum raw values take the two slots in the order they occur along
 * x, so a one-point spike survives at any zoom (W&B's "full fidelity" band, where TensorBoard
 * would have sampled it away). A column with one point puts it in the slot of the half it
 * falls in; with two, both keep their own slot. Smoothing runs over the full-resolution
 * series first, then is bucketed the same way.
 *
 * A view over many points per column reads the series' summary indexes (indexedView.ts): about
 * O(columns × log n) per run, plus a block of points at each column edge, whatever the points
 * in range. Over few points per column, a pass over the points in range (from a smoothing
 * checkpoint at most a block before them) is cheaper, and gives the same answer to the bit.
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

/**
 * Below this many points in range per column, a pass over the points beats the summary index
 * (whose cost is a block's points per column edge plus a binary search and a few dozen nodes per
 * column): bench/metricsViews.ts measures both sides.
 */
export const INDEX_MIN_POINTS_PER_COLUMN = 2 * BLOCK;

/** How buildView chooses between its two paths; tests force each one with it. */
export interface ViewTuning {
  /** Points in range per column from which the summary index is used (default INDEX_MIN_POINTS_PER_COLUMN). */
  indexMinPointsPerColumn?: number;
}

/** Builds the shared grid for several runs' series of one tag. */
export function buildView(series: readonly Series[], req: ViewRequest, tuning: ViewTuning = {}): ChartView {
  const indexFrom = tuning.indexMinPointsPerColumn ?? INDEX_MIN_POINTS_PER_COLUMN;
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
  const raw = new Extremes(columns);
  const smoothed = new Extremes(columns);
  const scale = columns / (b - a);
  const runs: RunView[] = [];
  let yLo = Infinity;
  let yHi = -Infinity;
  for (const s of series) {
    raw.reset();
    smoothed.reset();
    const off = s.xOffset(axis);
    const order = s.order(axis);
    const lo = range[0] - off;
    const hi = range[1] - off;
    const r0 = order.rankBelow(lo);
    const r1 = order.rankAtOrBelow(hi);
    const smoothedToo = weight > 0 && !s.isConstant;
    const grid: RunGrid = {
      keys: order.keys,
      values: s.values(),
      off,
      a,
      scale,
      columns,
      raw,
      smoothed: smoothedToo ? smoothed : undefined,
    };
    if (r1 > r0) {
      // The index needs a grid where positions grow with x; a degenerate one takes the plain pass.
      const regular = Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(off) && scale > 0 && Number.isFinite(scale);
      if (regular && r1 - r0 >= columns * indexFrom) {
        bucketIndexed(grid, order, s.rankIndex(axis), smoothedToo ? s.smoothing(axis, weight) : undefined, r0, r1);
      } else if (smoothedToo) {
        const { walk, ema } = s.seekSmoothed(axis, weight, r0);
        bucketRanks(grid, order.isArrivalOrder ? undefined : walk, ema, r0, r1);
      } else bucketRanks(grid, order.isArrivalOrder ? undefined : order.walk(lo), undefined, r0, r1);
    }
    const view: RunView = {
      run: s.run,
      total: s.length,
      inRange: Math.max(0, r1 - r0),
      raw: new Float64Array(2 * columns),
      smoothed: new Float64Array(2 * columns),
    };
    raw.fill(view.raw);
    if (smoothedToo) smoothed.fill(view.smoothed);
    else view.smoothed.set(view.raw);
    for (const arr of [view.raw, view.smoothed]) {
      for (let k = 0; k < arr.length; k++) {
        const v = arr[k]!;
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
    const { walk, ema } = series.seekSmoothed(axis, weight, hit.rank);
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
