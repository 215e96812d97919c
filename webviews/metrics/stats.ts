/**
 * The numbers the panel derives itself: the y range that ignores outliers, which end of a tag
 * is "best", the runs table's ordering, and how values print. Pure functions, tested in Node.
 */
import type { RunInfo, RunSummary } from '../protocol/metrics';
import type { BestMode, SortKey } from './uiState';

/** The percentiles "ignore outliers" keeps: a documented choice, the same as W&B's default clip. */
export const outlierPercentiles = [0.02, 0.98] as const;

/**
 * Past this many values the percentiles are taken from an even-stride sample: a chart in view
 * holds at most two slots per pixel column per run, and a 20,000-value sample puts each
 * percentile within a fraction of a percent of the exact one at a fraction of the sort.
 */
const maxSample = 20_000;

/**
 * The y range from the `lo`–`hi` percentiles of every finite value in `series` (the points in
 * view), padded by 5% so the line does not touch the frame. Undefined when there is nothing.
 * With `positiveOnly` (log scale) values ≤ 0 are left out, since they cannot be drawn there.
 */
export function percentileRange(
  series: readonly ArrayLike<number | null | undefined>[],
  lo: number = outlierPercentiles[0],
  hi: number = outlierPercentiles[1],
  positiveOnly = false,
): [number, number] | undefined {
  let count = 0;
  for (const s of series) count += s.length;
  if (count === 0) return undefined;
  const stride = Math.max(1, Math.floor(count / maxSample));
  const values: number[] = [];
  let k = 0;
  for (const s of series) {
    for (let i = 0; i < s.length; i++, k++) {
      if (k % stride !== 0) continue;
      const v = s[i];
      if (typeof v === 'number' && Number.isFinite(v) && (!positiveOnly || v > 0)) values.push(v);
    }
  }
  if (values.length === 0) return undefined;
  values.sort((a, b) => a - b);
  const at = (p: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(p * (values.length - 1))))] as number;
  let min = at(lo);
  let max = at(hi);
  if (positiveOnly) {
    // Pad by a ratio on a log axis: 5% in log space.
    const span = Math.log10(max) - Math.log10(min) || 1;
    return [min / 10 ** (span * 0.05), max * 10 ** (span * 0.05)];
  }
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    return [min - pad, max + pad];
  }
  const pad = (max - min) * 0.05;
  min -= pad;
  max += pad;
  return [min, max];
}

/** A positive range widened to 1-2-5 steps (0.13–1.03 → 0.1–2), so a log axis labels its ends. */
export function snapLogRange([lo, hi]: readonly [number, number]): [number, number] {
  const steps = [1, 2, 5, 10];
  const down = (v: number) => {
    const mag = 10 ** Math.floor(Math.log10(v));
    return mag * ([...steps].reverse().find((s) => s * mag <= v * (1 + 1e-12)) ?? 1);
  };
  const up = (v: number) => {
    const mag = 10 ** Math.floor(Math.log10(v));
    return mag * (steps.find((s) => s * mag >= v * (1 - 1e-12)) ?? 10);
  };
  return [down(lo), up(hi)];
}

/** Tag names where lower is better: losses, errors, perplexity, distances. */
const lowerIsBetter = /loss|err(or)?\b|error|\bmse\b|\bmae\b|rmse|perplexity|\bppl\b|\bwer\b|\bcer\b|nll|cost|regret|distance|latency/i;

export function bestDirection(tag: string, mode: BestMode = 'auto'): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return lowerIsBetter.test(tag) ? 'min' : 'max';
}

export function bestValue(summary: RunSummary | undefined, direction: 'min' | 'max'): number | undefined {
  if (!summary) return undefined;
  return direction === 'min' ? summary.min : summary.max;
}

/** The tag the runs table summarises when the person has not picked one: a loss if there is one. */
export function defaultSummaryTag(tags: readonly string[]): string | undefined {
  const candidates = tags.filter((t) => !t.startsWith('resources/'));
  return candidates.find((t) => /loss/i.test(t)) ?? candidates[0] ?? tags[0];
}

/** One row of the runs table as it sorts. */
export interface RunRow {
  readonly run: RunInfo;
  readonly status: string;
  readonly last: number | undefined;
  readonly best: number | undefined;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Hyper-parameters are strings; "1e-3" and "0.01" compare as the numbers they are. */
export function compareParameter(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return collator.compare(a, b);
}

function compareNumber(a: number | undefined, b: number | undefined): number {
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) {
    const ma = a === undefined || Number.isNaN(a);
    const mb = b === undefined || Number.isNaN(b);
    return ma === mb ? 0 : ma ? 1 : -1;
  }
  return a - b;
}

/**
 * The rows in the table's order. Missing values sort last in either direction (an empty cell
 * at the top would hide the runs worth looking at); ties keep the palette order.
 */
export function sortRows(rows: readonly RunRow[], key: SortKey, descending: boolean): RunRow[] {
  const dir = descending ? -1 : 1;
  const cmp = (a: RunRow, b: RunRow): number => {
    switch (key) {
      case 'run':
        return dir * collator.compare(a.run.name, b.run.name);
      case 'status':
        return dir * collator.compare(a.status, b.status);
      case 'last':
        return sortMissingLast(a.last, b.last, dir);
      case 'best':
        return sortMissingLast(a.best, b.best, dir);
      default: {
        const name = key.startsWith('hp:') ? key.slice(3) : key;
        const va = a.run.hyperParameters[name];
        const vb = b.run.hyperParameters[name];
        if (va === undefined || vb === undefined) return compareParameter(va, vb);
        return dir * compareParameter(va, vb);
      }
    }
  };
  return [...rows].sort((a, b) => cmp(a, b) || a.run.color - b.run.color || collator.compare(a.run.id, b.run.id));
}

function sortMissingLast(a: number | undefined, b: number | undefined, dir: number): number {
  const missing = compareNumber(a, b);
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b)) return missing;
  return dir * missing;
}

/** Every hyper-parameter name across the runs, in a stable order (the table's columns). */
export function parameterNames(runs: readonly RunInfo[]): string[] {
  const names = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.hyperParameters)) names.add(k);
  return [...names].sort((a, b) => collator.compare(a, b));
}

/** A metric value for people: 5 significant digits, exponent form for very large or small. */
export function formatValue(v: number | undefined | null): string {
  if (v === undefined || v === null || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(5)));
}

/** Seconds as `1h 02m 03s`, `2m 05s`, `12.5s`: what the relative time axis and legend show. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(seconds);
  if (s < 60) return `${sign}${Number(s.toFixed(s < 10 ? 2 : 1))}s`;
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s = Math.round(s - m * 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  // Trailing zero parts go: a tick at three hours reads "3h", not "3h 00m 00s".
  const parts = d > 0 ? [`${d}d`, `${pad(h)}h`, `${pad(m)}m`] : h > 0 ? [`${h}h`, `${pad(m)}m`, `${pad(s)}s`] : [`${m}m`, `${pad(s)}s`];
  while (parts.length > 1 && /^0+[a-z]$/.test(parts[parts.length - 1] as string)) parts.pop();
  return sign + parts.join(' ');
}

/** Tick steps for a duration axis, in seconds: whole seconds, minutes, hours and days. */
export const durationIncrements = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000,
];

/** How many points one pixel column stands for, as the chart's note prints it. */
export function pointsPerPixel(inRange: number, columns: number): number {
  if (columns <= 0) return inRange;
  const per = inRange / columns;
  return per >= 10 ? Math.round(per) : Math.round(per * 10) / 10;
}
