import { AxisOrder, MAX_SEGMENTS, type OrderWalk } from './axisOrder';
import type { ScalarPoint } from './eventFileReader';
import { RankIndex } from './rankIndex';
import { type Ema, normalizeWeight } from './smoothing';
import { SmoothingIndex } from './smoothingIndex';

/**
 * Every point of every (run, tag), at full resolution, in compact columns: step as Float64
 * (int64 steps above 2^53 are not written by anyone), wall time as Float32 seconds after the
 * series' first point (the Float64 origin is kept once; 24 bits give 8 ms resolution over a
 * day of training, 0.5 s over 100 days), value as Float32 (what the event file holds anyway).
 * 16 bytes a point, grown by 1/8 at a time, so a million points hold at most 18 MB; a
 * sorted view costs nothing unless points arrived badly out of order (axisOrder.ts). That is
 * what lets the panel keep every point instead of TensorBoard's 1,000-point reservoir sample.
 *
 * Points are kept in arrival order, duplicates included: a restarted run that writes steps
 * 90…99 again keeps both copies, and sorted views put the later copy after the earlier one.
 *
 * What views read is built on first use and kept while points keep arriving at the end of an
 * order: the summary index of each order (rankIndex.ts) and the smoothings of the last few
 * weights (smoothingIndex.ts), about 0.2 and 0.45 bytes a point. A point that lands in the middle
 * of an order (a restarted run) drops that order's indexes; the next view rebuilds them.
 */

/** The x axes a chart can use, as TensorBoard offers them. */
export type XAxis = 'step' | 'relative' | 'wall';

const MIN_CAPACITY = 64;

/**
 * Smoothings kept per series, most recently used first: the charts of a panel share one weight,
 * and each axis order has its own; dragging the slider makes a new one per weight it stops at.
 */
export const MAX_SMOOTHINGS = 3;

/**
 * Growth: by 1/8 once large, so slack stays under 12.5% (doubling would allow 100%, 32 bytes a
 * point) while each point is copied about 8 times over the series' life; by at least 256
 * points, so small series do not reallocate often.
 */
const grown = (n: number): number => n + Math.max(256, n >>> 3);

/** What a series knows of its run: the run's first wall time, the origin of the `relative` axis. */
export class RunInfo {
  /** Smallest wall time (epoch seconds) of any point of the run; Infinity before the first. */
  origin = Infinity;
  constructor(readonly name: string) {}
}

export class Series {
  private n = 0;
  private steps = new Float64Array(MIN_CAPACITY);
  private rel = new Float32Array(MIN_CAPACITY);
  private vals = new Float32Array(MIN_CAPACITY);
  /** Wall time of the first point, epoch seconds. */
  private origin = NaN;
  /** Arrival indices where a new sorted stretch starts, per order; undefined once there are too many to track. */
  private stepBreaks: number[] | undefined = [];
  private timeBreaks: number[] | undefined = [];
  private constant = true;
  private stepOrder: AxisOrder | undefined;
  private timeOrder: AxisOrder | undefined;
  /** Largest key so far per order: a point at or above it lands at the end of the sorted order. */
  private stepMax = -Infinity;
  private relMax = -Infinity;
  private stepRanks: RankIndex | undefined;
  private timeRanks: RankIndex | undefined;
  /** Least recently used first. */
  private smoothings: SmoothingIndex[] = [];

  constructor(
    readonly runInfo: RunInfo,
    readonly tag: string,
  ) {}

  get run(): string {
    return this.runInfo.name;
  }

  get length(): number {
    return this.n;
  }

  /** Adds a point (wall time in epoch seconds). Non-finite steps or wall times take the previous point's. */
  append(step: number, wallTime: number, value: number): void {
    const i = this.n;
    if (i === this.steps.length) this.resize(grown(i));
    if (i === 0) {
      this.origin = Number.isFinite(wallTime) ? wallTime : 0;
      if (!Number.isFinite(step)) step = 0;
    } else {
      if (!Number.isFinite(step)) step = this.steps[i - 1]!;
      if (!Number.isFinite(wallTime)) wallTime = this.origin + this.rel[i - 1]!;
    }
    this.steps[i] = step;
    this.rel[i] = wallTime - this.origin;
    this.vals[i] = value;
    if (i > 0) {
      if (this.stepBreaks && step < this.steps[i - 1]!) this.stepBreaks = track(this.stepBreaks, i);
      if (this.timeBreaks && this.rel[i] < this.rel[i - 1]!) this.timeBreaks = track(this.timeBreaks, i);
      if (this.constant && this.vals[i] !== this.vals[0]) this.constant = false;
    } else this.constant = value === value;
    if (wallTime < this.runInfo.origin) this.runInfo.origin = wallTime;
    this.n = i + 1;
    // The sorted views are only a list of stretches (or, when shuffled, a permutation): rebuilt on use.
    this.stepOrder = this.timeOrder = undefined;
    if (step >= this.stepMax) this.stepMax = step;
    else if (this.stepRanks) this.dropIndexes(this.stepRanks);
    const rel = this.rel[i];
    if (rel >= this.relMax) this.relMax = rel;
    else if (this.timeRanks) this.dropIndexes(this.timeRanks);
  }

  /** Forgets an order's summaries after a point landed in its middle. */
  private dropIndexes(ranks: RankIndex): void {
    if (ranks === this.stepRanks) this.stepRanks = undefined;
    if (ranks === this.timeRanks) this.timeRanks = undefined;
    this.smoothings = this.smoothings.filter((s) => s.ranks !== ranks);
  }

  private resize(capacity: number): void {
    const steps = new Float64Array(capacity);
    const rel = new Float32Array(capacity);
    const vals = new Float32Array(capacity);
    steps.set(this.steps.subarray(0, this.n));
    rel.set(this.rel.subarray(0, this.n));
    vals.set(this.vals.subarray(0, this.n));
    this.steps = steps;
    this.rel = rel;
    this.vals = vals;
  }

  step(i: number): number {
    return this.steps[i]!;
  }

  /** Wall time of point i, epoch seconds. */
  wallTime(i: number): number {
    return this.origin + this.rel[i]!;
  }

  value(i: number): number {
    return this.vals[i]!;
  }

  /** The values column, arrival order (a view: valid until the next append). */
  values(): Float32Array {
    return this.vals.subarray(0, this.n);
  }

  /** True when every value is the same (TensorBoard then leaves the series unsmoothed). */
  get isConstant(): boolean {
    return this.constant && this.n > 0;
  }

  /** The key column an axis sorts by: steps, or seconds after the series' first point for both time axes. */
  keys(axis: XAxis): Float64Array | Float32Array {
    return axis === 'step' ? this.steps : this.rel;
  }

  /** What to add to a key to get the axis' x. */
  xOffset(axis: XAxis): number {
    if (axis === 'step') return 0;
    return axis === 'wall' ? this.origin : this.origin - this.runInfo.origin;
  }

  /** x of point i on an axis. */
  x(axis: XAxis, i: number): number {
    return this.keys(axis)[i]! + this.xOffset(axis);
  }

  /** The points in order of an axis (relative and wall share one): built on first use after an append. */
  order(axis: XAxis): AxisOrder {
    if (axis === 'step') return (this.stepOrder ??= new AxisOrder(this.steps, this.n, this.stepBreaks));
    return (this.timeOrder ??= new AxisOrder(this.rel, this.n, this.timeBreaks));
  }

  /** The summary index of an axis' order, brought up to date with every point. */
  rankIndex(axis: XAxis): RankIndex {
    const order = this.order(axis);
    let ranks = axis === 'step' ? this.stepRanks : this.timeRanks;
    if (ranks?.segments !== order.segments) {
      if (ranks) this.dropIndexes(ranks);
      ranks = new RankIndex(order.segments);
      if (axis === 'step') this.stepRanks = ranks;
      else this.timeRanks = ranks;
    }
    ranks.sync(order, this.vals);
    return ranks;
  }

  /** The smoothed series along an axis for a weight (checkpoints and summaries), brought up to date. */
  smoothing(axis: XAxis, weight: number): SmoothingIndex {
    const ranks = this.rankIndex(axis);
    const w = normalizeWeight(weight);
    let index = this.smoothings.find((s) => s.ranks === ranks && s.weight === w);
    if (index) this.smoothings = [...this.smoothings.filter((s) => s !== index), index];
    else {
      index = new SmoothingIndex(ranks, w);
      this.smoothings = [...this.smoothings, index].slice(-MAX_SMOOTHINGS);
    }
    index.sync(this.order(axis), this.vals);
    return index;
  }

  /** A walk of an axis' order positioned at `rank`, with the smoothed average as a pass from the first point has it there. */
  seekSmoothed(axis: XAxis, weight: number, rank: number): { walk: OrderWalk; ema: Ema } {
    return this.smoothing(axis, weight).seek(this.order(axis), this.vals, rank);
  }

  /** Bytes held: columns (capacity included) and any sorted views, summary indexes and smoothings built. */
  bytes(): number {
    let b = this.steps.byteLength + this.rel.byteLength + this.vals.byteLength;
    b += this.stepOrder?.bytes() ?? 0;
    b += this.timeOrder?.bytes() ?? 0;
    b += this.stepRanks?.bytes() ?? 0;
    b += this.timeRanks?.bytes() ?? 0;
    for (const s of this.smoothings) b += s.bytes();
    return b;
  }
}

/** Records a new sorted stretch, or gives up (undefined) past what a merge walks well. */
function track(breaks: number[], i: number): number[] | undefined {
  if (breaks.length + 1 >= MAX_SEGMENTS) return undefined;
  breaks.push(i);
  return breaks;
}

/** All series of all runs. */
export class SeriesStore {
  private readonly byRun = new Map<string, { info: RunInfo; series: Map<string, Series> }>();
  private points = 0;
  /** Points arrive run by run: remember the last run's entry to save a lookup per point. */
  private lastRun: { name: string; entry: { info: RunInfo; series: Map<string, Series> } } | undefined;

  private entry(run: string): { info: RunInfo; series: Map<string, Series> } {
    if (this.lastRun?.name === run) return this.lastRun.entry;
    let e = this.byRun.get(run);
    if (!e) {
      e = { info: new RunInfo(run), series: new Map() };
      this.byRun.set(run, e);
    }
    this.lastRun = { name: run, entry: e };
    return e;
  }

  /** The series of (run, tag), created when missing. */
  series(run: string, tag: string): Series {
    const e = this.entry(run);
    let s = e.series.get(tag);
    if (!s) {
      s = new Series(e.info, tag);
      e.series.set(tag, s);
    }
    return s;
  }

  append(run: string, tag: string, step: number, wallTime: number, value: number): void {
    this.series(run, tag).append(step, wallTime, value);
    this.points++;
  }

  appendPoints(run: string, points: readonly ScalarPoint[]): void {
    const e = this.entry(run);
    let last: Series | undefined;
    for (const p of points) {
      if (last?.tag !== p.tag) {
        last = e.series.get(p.tag);
        if (!last) {
          last = new Series(e.info, p.tag);
          e.series.set(p.tag, last);
        }
      }
      last.append(p.step, p.wallTime, p.value);
    }
    this.points += points.length;
  }

  get(run: string, tag: string): Series | undefined {
    return this.byRun.get(run)?.series.get(tag);
  }

  runs(): string[] {
    return [...this.byRun.keys()].sort();
  }

  /** Tags of one run, or of all runs, sorted. */
  tags(run?: string): string[] {
    const set = new Set<string>();
    for (const [name, e] of this.byRun) if (run === undefined || name === run) for (const t of e.series.keys()) set.add(t);
    return [...set].sort();
  }

  /** The series of one tag across runs (all runs, or those named), in run order. */
  seriesOf(tag: string, runs?: readonly string[]): Series[] {
    const out: Series[] = [];
    for (const run of runs ?? this.runs()) {
      const s = this.byRun.get(run)?.series.get(tag);
      if (s) out.push(s);
    }
    return out;
  }

  /** Every series, by run then tag. */
  all(): Series[] {
    const out: Series[] = [];
    for (const run of this.runs()) {
      const e = this.byRun.get(run)!;
      for (const tag of [...e.series.keys()].sort()) out.push(e.series.get(tag)!);
    }
    return out;
  }

  /** Forgets a run (e.g. to reload it after one of its files was rewritten). */
  deleteRun(run: string): boolean {
    const e = this.byRun.get(run);
    if (!e) return false;
    for (const s of e.series.values()) this.points -= s.length;
    if (this.lastRun?.name === run) this.lastRun = undefined;
    return this.byRun.delete(run);
  }

  get pointCount(): number {
    return this.points;
  }

  /** Bytes held by all series. */
  bytes(): number {
    let b = 0;
    for (const e of this.byRun.values()) for (const s of e.series.values()) b += s.bytes();
    return b;
  }
}
