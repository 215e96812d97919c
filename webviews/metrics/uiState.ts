/**
 * The panel's UI state: everything a person set (axis, scales, smoothing, filter, zooms, what
 * is folded or hidden, the table's summary and sort, where they scrolled). It is what
 * `vscode.setState` keeps, so a panel restored after a window reload looks as it was left; data
 * is never in it, it is asked for again.
 */
import { type XAxis, xAxes } from '../protocol/metrics';

export type BestMode = 'auto' | 'min' | 'max';

/** A runs-table column: `run`, `status`, `last`, `best`, or `hp:<name>` for a hyper-parameter. */
export type SortKey = string;

export interface UiState {
  readonly version: 1;
  readonly xAxis: XAxis;
  readonly logY: boolean;
  readonly ignoreOutliers: boolean;
  /** TensorBoard's smoothing weight, 0 to 0.999. */
  readonly smoothing: number;
  readonly filter: string;
  /** Keys of folded groups (see tags.ts). */
  readonly collapsed: readonly string[];
  /** Ids of runs hidden from the charts. New runs are shown. */
  readonly hiddenRuns: readonly string[];
  /** The tag the runs table summarises; undefined picks one (a loss when there is one). */
  readonly summaryTag: string | undefined;
  readonly best: BestMode;
  readonly sort: { readonly key: SortKey; readonly descending: boolean };
  /** Zoomed x ranges by tag, on the current x axis (changing the axis clears them). */
  readonly zoom: Readonly<Record<string, readonly [number, number]>>;
  readonly scrollTop: number;
}

/** TensorBoard's default weight: what its users expect to see first. */
export const defaultSmoothing = 0.6;
export const maxSmoothing = 0.999;

export function defaultUiState(): UiState {
  return {
    version: 1,
    xAxis: 'step',
    logY: false,
    ignoreOutliers: false,
    smoothing: defaultSmoothing,
    filter: '',
    collapsed: [],
    hiddenRuns: [],
    summaryTag: undefined,
    best: 'auto',
    sort: { key: 'run', descending: false },
    zoom: {},
    scrollTop: 0,
  };
}

function strings(value: unknown, max = 10_000): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string').slice(0, max);
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function zooms(value: unknown): Record<string, readonly [number, number]> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, readonly [number, number]> = {};
  for (const [tag, r] of Object.entries(value as Record<string, unknown>)) {
    if (Array.isArray(r) && r.length === 2 && finite(r[0]) && finite(r[1]) && r[0] < r[1]) out[tag] = [r[0], r[1]];
  }
  return out;
}

/**
 * Reads what `getState()` returned: anything missing or malformed (an older version, a hand
 * edit, nothing at all) falls back field by field to the default, so a bad value can never
 * keep the panel from opening.
 */
export function restoreUiState(raw: unknown): UiState {
  const d = defaultUiState();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return d;
  const o = raw as Record<string, unknown>;
  if (o.version !== 1) return d;
  const sort = o.sort as Record<string, unknown> | undefined;
  return {
    version: 1,
    xAxis: xAxes.includes(o.xAxis as XAxis) ? (o.xAxis as XAxis) : d.xAxis,
    logY: typeof o.logY === 'boolean' ? o.logY : d.logY,
    ignoreOutliers: typeof o.ignoreOutliers === 'boolean' ? o.ignoreOutliers : d.ignoreOutliers,
    smoothing: finite(o.smoothing) ? clampSmoothing(o.smoothing) : d.smoothing,
    filter: typeof o.filter === 'string' ? o.filter.slice(0, 1000) : d.filter,
    collapsed: strings(o.collapsed) ?? d.collapsed,
    hiddenRuns: strings(o.hiddenRuns) ?? d.hiddenRuns,
    summaryTag: typeof o.summaryTag === 'string' ? o.summaryTag : d.summaryTag,
    best: o.best === 'min' || o.best === 'max' || o.best === 'auto' ? o.best : d.best,
    sort:
      typeof sort === 'object' && sort !== null && typeof sort.key === 'string' && typeof sort.descending === 'boolean'
        ? { key: sort.key, descending: sort.descending }
        : d.sort,
    zoom: zooms(o.zoom) ?? d.zoom,
    scrollTop: finite(o.scrollTop) && o.scrollTop >= 0 ? o.scrollTop : d.scrollTop,
  };
}

export function clampSmoothing(value: number): number {
  if (!Number.isFinite(value)) return defaultSmoothing;
  return Math.min(maxSmoothing, Math.max(0, value));
}
