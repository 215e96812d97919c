/**
 * The fake host's data and the answers it computes, as the real host does them (no DOM, so it
 * bundles into the test page and runs in Node alike): series of steps, wall times and values;
 * `metrics/seriesView` bucketed to the chart's pixel columns with each column's min and max in
 * the order they occurred (two slots per column, NaN where a run has none); exact nearest
 * points for the hover legend; summaries; TensorBoard's debiased EMA for smoothing.
 */
import type {
  PointValue,
  RunSeriesView,
  RunSummary,
  SeriesView,
  SeriesViewParams,
  ValueAtParams,
  XAxis,
} from '../../../webviews/protocol/metrics';

/** One run's points of one tag; arrays may be longer than `length` (room to append live). */
export class Series {
  steps: Float64Array;
  wall: Float64Array;
  values: Float64Array;
  length: number;
  private smoothedCache: { weight: number; length: number; values: Float64Array } | undefined;
  private relativeCache: { length: number; values: Float64Array } | undefined;

  constructor(steps: Float64Array, wall: Float64Array, values: Float64Array, length = steps.length) {
    this.steps = steps;
    this.wall = wall;
    this.values = values;
    this.length = length;
  }

  /** Adds points at the end, growing the arrays by doubling (a live job). */
  append(steps: ArrayLike<number>, wall: ArrayLike<number>, values: ArrayLike<number>): void {
    const need = this.length + steps.length;
    if (need > this.steps.length) {
      const cap = Math.max(need, this.steps.length * 2);
      const grow = (a: Float64Array) => {
        const b = new Float64Array(cap);
        b.set(a.subarray(0, this.length));
        return b;
      };
      this.steps = grow(this.steps);
      this.wall = grow(this.wall);
      this.values = grow(this.values);
    }
    for (let i = 0; i < steps.length; i++) {
      this.steps[this.length + i] = steps[i] as number;
      this.wall[this.length + i] = wall[i] as number;
      this.values[this.length + i] = values[i] as number;
    }
    this.length = need;
  }

  xs(axis: XAxis): Float64Array {
    if (axis === 'step') return this.steps;
    if (axis === 'wall') return this.wall;
    if (this.relativeCache?.length !== this.length) {
      const out = new Float64Array(this.length);
      const t0 = this.wall[0] ?? 0;
      for (let i = 0; i < this.length; i++) out[i] = (this.wall[i] as number) - t0;
      this.relativeCache = { length: this.length, values: out };
    }
    return this.relativeCache.values;
  }

  /** TensorBoard's smoothing: an EMA debiased by 1 − weight^n, so the start is not pulled to 0. */
  smoothed(weight: number): Float64Array {
    if (weight === 0) return this.values;
    const c = this.smoothedCache;
    if (c && c.weight === weight && c.length === this.length) return c.values;
    // Appends extend the cached EMA from where it stopped, as a live host would.
    const from = c && c.weight === weight && c.length < this.length ? c.length : 0;
    const out = new Float64Array(this.steps.length);
    if (from > 0 && c) out.set(c.values.subarray(0, from));
    let last = from > 0 ? this.emaLast : 0;
    let n = from > 0 ? this.emaCount : 0;
    for (let i = from; i < this.length; i++) {
      const v = this.values[i] as number;
      if (!Number.isFinite(v)) {
        out[i] = v;
        continue;
      }
      last = last * weight + (1 - weight) * v;
      n++;
      out[i] = last / (1 - weight ** n);
    }
    this.emaLast = last;
    this.emaCount = n;
    this.smoothedCache = { weight, length: this.length, values: out };
    return out;
  }

  private emaLast = 0;
  private emaCount = 0;
}

/** First index with xs[i] >= x (within the first `n`). */
function lowerBound(xs: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with xs[i] > x. */
function upperBound(xs: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `metrics/seriesView` as the host answers it. `series` maps run id → that run's series of the tag. */
export function seriesView(params: SeriesViewParams, series: ReadonlyMap<string, Series>): SeriesView {
  const runs = params.runs.filter((r) => (series.get(r)?.length ?? 0) > 0);
  let xMin = Infinity;
  let xMax = -Infinity;
  for (const r of runs) {
    const s = series.get(r) as Series;
    const xs = s.xs(params.xAxis);
    xMin = Math.min(xMin, xs[0] as number);
    xMax = Math.max(xMax, xs[s.length - 1] as number);
  }
  if (runs.length === 0) return { tag: params.tag, x: new Float64Array(0), runs: [], xExtent: undefined, yExtent: undefined };
  const [lo, hi] = params.range ?? [xMin, xMax];
  const spans = runs.map((r) => {
    const s = series.get(r) as Series;
    const xs = s.xs(params.xAxis);
    return { run: r, s, xs, i0: lowerBound(xs, s.length, lo), i1: upperBound(xs, s.length, hi) };
  });
  const inRangeTotal = spans.reduce((a, sp) => a + (sp.i1 - sp.i0), 0);
  const columns = params.columns;
  let yMin = Infinity;
  let yMax = -Infinity;
  let x: Float64Array;
  let views: RunSeriesView[];
  if (inRangeTotal <= columns * 2) {
    // Few enough points: every one at its own slot of the union of their x.
    const all: number[] = [];
    for (const sp of spans) for (let i = sp.i0; i < sp.i1; i++) all.push(sp.xs[i] as number);
    all.sort((a, b) => a - b);
    const unique: number[] = [];
    for (const v of all) if (unique.length === 0 || unique[unique.length - 1] !== v) unique.push(v);
    x = Float64Array.from(unique);
    views = spans.map((sp) => {
      const raw = new Float64Array(x.length).fill(NaN);
      const smoothed = new Float64Array(x.length).fill(NaN);
      const sm = sp.s.smoothed(params.smoothing);
      let j = 0;
      for (let i = sp.i0; i < sp.i1; i++) {
        const xi = sp.xs[i] as number;
        while ((x[j] as number) < xi) j++;
        const v = sp.s.values[i] as number;
        raw[j] = v;
        smoothed[j] = sm[i] as number;
        yMin = Math.min(yMin, v);
        yMax = Math.max(yMax, v);
      }
      return { run: sp.run, total: sp.s.length, inRange: sp.i1 - sp.i0, raw, smoothed };
    });
  } else {
    const width = (hi - lo) / columns || 1;
    x = new Float64Array(columns * 2);
    for (let c = 0; c < columns; c++) {
      x[2 * c] = lo + (c + 0.25) * width;
      x[2 * c + 1] = lo + (c + 0.75) * width;
    }
    views = spans.map((sp) => {
      const sm = sp.s.smoothed(params.smoothing);
      const raw = bucketMinMax(sp.xs, sp.s.values, sp.i0, sp.i1, lo, width, columns);
      const smoothed = bucketMinMax(sp.xs, sm, sp.i0, sp.i1, lo, width, columns);
      // The raw buckets hold every column's extremes: the y extent is theirs.
      for (const v of raw) {
        if (v < yMin) yMin = v;
        if (v > yMax) yMax = v;
      }
      return { run: sp.run, total: sp.s.length, inRange: sp.i1 - sp.i0, raw, smoothed };
    });
  }
  return {
    tag: params.tag,
    x,
    runs: views,
    xExtent: [xMin, xMax],
    yExtent: yMin <= yMax ? [yMin, yMax] : undefined,
  };
}

/** Each column's minimum and maximum, in the order they occurred; a lone point fills both slots. */
function bucketMinMax(
  xs: Float64Array,
  values: Float64Array,
  i0: number,
  i1: number,
  lo: number,
  width: number,
  columns: number,
): Float64Array {
  const out = new Float64Array(columns * 2).fill(NaN);
  let col = -1;
  let minV = 0;
  let maxV = 0;
  let minI = 0;
  let maxI = 0;
  const flush = () => {
    if (col < 0) return;
    const first = minI <= maxI ? minV : maxV;
    const second = minI <= maxI ? maxV : minV;
    out[2 * col] = first;
    out[2 * col + 1] = second;
  };
  for (let i = i0; i < i1; i++) {
    const c = Math.min(columns - 1, Math.max(0, Math.floor(((xs[i] as number) - lo) / width)));
    const v = values[i] as number;
    if (c !== col) {
      flush();
      col = c;
      minV = maxV = v;
      minI = maxI = i;
      continue;
    }
    if (v < minV) {
      minV = v;
      minI = i;
    }
    if (v > maxV) {
      maxV = v;
      maxI = i;
    }
  }
  flush();
  return out;
}

export function valueAt(params: ValueAtParams, series: ReadonlyMap<string, Series>): PointValue[] {
  const out: PointValue[] = [];
  for (const run of params.runs) {
    const s = series.get(run);
    if (!s || s.length === 0) continue;
    const xs = s.xs(params.xAxis);
    let i = lowerBound(xs, s.length, params.x);
    if (i >= s.length) i = s.length - 1;
    else if (i > 0 && params.x - (xs[i - 1] as number) <= (xs[i] as number) - params.x) i--;
    out.push({
      run,
      step: s.steps[i] as number,
      wallTime: s.wall[i] as number,
      value: s.values[i] as number,
      smoothed: s.smoothed(params.smoothing)[i] as number,
    });
  }
  return out;
}

export function summary(run: string, s: Series | undefined): RunSummary {
  if (!s || s.length === 0) return { run, points: 0 };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < s.length; i++) {
    const v = s.values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { run, last: s.values[s.length - 1], min, max, points: s.length };
}

/** A small deterministic PRNG (mulberry32): the same curves on every run of the test. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Shape = 'loss' | 'accuracy' | 'lr' | 'usage';

/** A curve that looks like training: a decaying loss, a rising accuracy, a schedule, a noisy usage. */
export function makeSeries(n: number, shape: Shape, seed: number, opts: { stepStride?: number; start?: number; dt?: number } = {}): Series {
  const rnd = random(seed);
  const stride = opts.stepStride ?? 1;
  const start = opts.start ?? 1_700_000_000;
  const dt = opts.dt ?? 0.05;
  const steps = new Float64Array(n);
  const wall = new Float64Array(n);
  const values = new Float64Array(n);
  const scale = 0.6 + (seed % 7) * 0.08;
  for (let i = 0; i < n; i++) {
    const t = n > 1 ? i / (n - 1) : 0;
    steps[i] = i * stride;
    wall[i] = start + i * dt;
    const noise = rnd() - 0.5;
    switch (shape) {
      case 'loss':
        values[i] = scale * (2.2 * Math.exp(-4 * t) + 0.15) + noise * 0.25 * (1 - 0.6 * t) + (rnd() < 0.0005 ? 3 * rnd() : 0);
        break;
      case 'accuracy':
        values[i] = Math.min(1, 0.1 + 0.85 * (1 - Math.exp(-5 * t)) * (0.9 + 0.02 * (seed % 5)) + noise * 0.04);
        break;
      case 'lr':
        values[i] = 1e-3 * scale * 0.5 * (1 + Math.cos(Math.PI * t));
        break;
      case 'usage':
        values[i] = Math.max(0, Math.min(100, 55 + 25 * Math.sin(t * 40 + seed) + noise * 20));
        break;
    }
  }
  return new Series(steps, wall, values);
}
