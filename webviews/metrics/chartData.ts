/**
 * From a host's SeriesView to what a chart draws and says about it, without DOM: uPlot's
 * aligned columns (NaN becomes null, the gap uPlot understands), the y range that ignores
 * outliers, and the note under the chart that says how much was bucketed. Tested in Node.
 */
import type { SeriesView, SeriesViewParams } from '../protocol/metrics';
import type { MessageKey, Vars } from './i18n';
import { percentileRange, pointsPerPixel } from './stats';

/** uPlot's aligned data: x first, then one column per series (null = no value at that x). */
export type AlignedColumns = [ArrayLike<number>, ...(number | null)[][]];

/**
 * The chart's columns: x, then every run's raw series, then every run's smoothed series.
 * All raw lines come first so each smoothed line draws over every faint raw one. With `logY`
 * values ≤ 0 become gaps: a log axis cannot place them (said in the y axis' tooltip).
 */
export function toAligned(view: SeriesView, runs: readonly string[], logY: boolean): AlignedColumns {
  const byRun = new Map(view.runs.map((r) => [r.run, r]));
  const raw: (number | null)[][] = [];
  const smoothed: (number | null)[][] = [];
  const n = view.x.length;
  for (const id of runs) {
    const r = byRun.get(id);
    raw.push(r ? nullGaps(r.raw, n, logY) : new Array<number | null>(n).fill(null));
    smoothed.push(r ? nullGaps(r.smoothed, n, logY) : new Array<number | null>(n).fill(null));
  }
  return [view.x, ...raw, ...smoothed];
}

function nullGaps(values: ArrayLike<number>, n: number, logY: boolean): (number | null)[] {
  const out = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const v = i < values.length ? (values[i] as number) : NaN;
    out[i] = v !== v || (logY && v <= 0) ? null : v;
  }
  return out;
}

/**
 * "Ignore outliers": the percentile range of what the chart draws (raw when it shows, since
 * the spikes live there; the smoothed lines otherwise). Undefined leaves uPlot's own range.
 */
export function outlierRange(columns: AlignedColumns, runCount: number, showRaw: boolean, logY: boolean): [number, number] | undefined {
  const series = columns.slice(1) as (number | null)[][];
  const drawn = showRaw ? series : series.slice(runCount);
  return percentileRange(drawn, undefined, undefined, logY);
}

/** A message key and its values: the view translates it. */
export interface Note {
  readonly key: MessageKey;
  readonly vars: Vars;
  /** True when more points than pixel slots went into the view (min/max buckets). */
  readonly bucketed: boolean;
}

/**
 * The note under a chart, so downsampling is never hidden: how many points are in view, and
 * when they were bucketed, how many one pixel column stands for ("1 px = 488 points").
 * `total` counts every point of the drawn runs, as the latest state said (it grows live), for
 * the "in view" count of a zoomed chart; an unzoomed one shows what it drew.
 */
export function chartNote(view: SeriesView, sent: SeriesViewParams, total: number): Note {
  let inRange = 0;
  let widest = 0;
  let whole = 0;
  let bucketed = false;
  for (const r of view.runs) {
    inRange += r.inRange;
    whole += r.total;
    widest = Math.max(widest, r.inRange);
    // A run whose points outnumber the slots it fills had some merged into min/max buckets.
    // (The answer does not say whether the host bucketed; this reads it off the data.)
    if (!bucketed && filledSlots(r.raw) < r.inRange) bucketed = true;
  }
  const all = Math.max(total, whole);
  const perPx = pointsPerPixel(widest, sent.columns);
  if (sent.range === undefined) {
    return bucketed
      ? { key: 'note.bucketed', vars: { points: inRange, perPx: formatPerPx(perPx) }, bucketed }
      : { key: 'note.all', vars: { points: inRange }, bucketed };
  }
  return bucketed
    ? { key: 'note.zoomedBucketed', vars: { inRange, total: all, perPx: formatPerPx(perPx) }, bucketed }
    : { key: 'note.zoomedAll', vars: { inRange, total: all }, bucketed };
}

function filledSlots(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  return n;
}

/** Kept as text so "1 px = 2.5 points" keeps its decimal (message numbers print as counts). */
function formatPerPx(n: number): string {
  return n >= 1000 ? grouped.format(n) : String(n);
}

/** One formatter for every note: toLocaleString builds a new one per call, which shows in a live profile. */
const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** What a key does to a chart's x range (the keyboard's way to zoom: + and − around the middle, arrows pan, 0 resets). */
export type ZoomKeyResult = { readonly range: readonly [number, number] } | 'reset' | undefined;

export function zoomForKey(key: string, current: readonly [number, number] | undefined, full: readonly [number, number]): ZoomKeyResult {
  const [a, b] = current ?? full;
  const width = b - a;
  const span = full[1] - full[0];
  if (!(width > 0) || !(span > 0)) return undefined;
  const mid = (a + b) / 2;
  // Keeps a window of the same width inside the data's extent.
  const inside = (lo: number, hi: number): [number, number] => {
    if (lo < full[0]) return [full[0], full[0] + (hi - lo)];
    if (hi > full[1]) return [full[1] - (hi - lo), full[1]];
    return [lo, hi];
  };
  switch (key) {
    case '+':
    case '=':
      return { range: [mid - width / 4, mid + width / 4] };
    case '-':
    case '_':
      if (!current || width * 2 >= span) return current ? 'reset' : undefined;
      return { range: inside(mid - width, mid + width) };
    case 'ArrowLeft':
    case 'ArrowRight': {
      if (!current) return undefined;
      const shift = (key === 'ArrowLeft' ? -1 : 1) * (width / 4);
      return { range: inside(a + shift, b + shift) };
    }
    case '0':
    case 'Escape':
      return current ? 'reset' : undefined;
    default:
      return undefined;
  }
}
