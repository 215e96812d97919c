/**
 * The training metrics panel's messages. The host holds every point at full resolution; the
 * webview asks for views of it: a chart's visible range bucketed to its pixel columns (min and
 * max of each column, so zooming in always shows full detail), exact values under the cursor,
 * and summaries for the runs table. Numbers cross as Float64Arrays, never as JSON lists.
 *
 * Host → webview: `metrics/state` (runs, tags and what is still loading) whenever it changes.
 * Webview → host: the requests below; `parse*` functions check what a webview sends, since it is
 * untrusted input.
 */
import { ParamsError } from './endpoint';
import { notification, request } from './rpc';

/** What the x axis counts: the step, seconds since the run's first point, or wall time (epoch seconds). */
export type XAxis = 'step' | 'relative' | 'wall';
export const xAxes: readonly XAxis[] = ['step', 'relative', 'wall'];

/** How a run ended, when it did. */
export interface RunOutcome {
  /** `Completed`, `Failed`, `Terminated`, `Abnormal`. */
  readonly phase: string;
  readonly reason: string;
  /** Epoch ms. */
  readonly endedAt?: number;
}

/** One run: a training job, or a folder of event files. */
export interface RunInfo {
  /** Stable key of the run in every message. */
  readonly id: string;
  readonly name: string;
  /** Index into the panel's palette; stable for the life of the panel. */
  readonly color: number;
  /** True while new points may still come (a job that has not ended). */
  readonly live: boolean;
  readonly outcome?: RunOutcome;
  /** Hyper-parameters from the job spec (`algorithm.parameters`), by name. */
  readonly hyperParameters: Readonly<Record<string, string>>;
}

/** A tag (a series name) and how many points each run has of it. Resource usage comes as `resources/<metric>`. */
export interface TagInfo {
  readonly tag: string;
  /** Run id → number of points. */
  readonly points: Readonly<Record<string, number>>;
}

/** What is still being read; absent when everything known has been read. */
export interface Loading {
  /** E.g. "reading 3 of 12 files". */
  readonly filesRead: number;
  readonly filesTotal: number;
  readonly pointsRead: number;
}

export interface MetricsStateParams {
  /** The panel's title, e.g. the job's name or "3 runs". */
  readonly title: string;
  readonly runs: readonly RunInfo[];
  readonly tags: readonly TagInfo[];
  readonly loading?: Loading;
  /** Problems worth showing, e.g. "2 corrupt records skipped in events.out.tfevents.…". */
  readonly warnings: readonly string[];
}

/** Host → webview: the runs, tags and loading state, sent on every change (small: no points). */
export const MetricsState = notification<MetricsStateParams>('metrics/state');

/**
 * Host → webview, once after `core/ready`: what the panel shows (which jobs or folder), opaque to
 * the webview. It keeps `spec` in its saved state (`vscode.setState({..., restore: spec})`) so the
 * host can show the same data again when VS Code restores the panel after a window reload.
 */
export const MetricsRestore = notification<{ readonly spec: unknown }>('metrics/restore');

/** What a chart asks for. */
export interface SeriesViewParams {
  readonly tag: string;
  readonly runs: readonly string[];
  readonly xAxis: XAxis;
  /** The visible x range; absent for everything. */
  readonly range?: readonly [number, number];
  /** The chart's width in pixel columns: one min/max bucket per column (1–8192). */
  readonly columns: number;
  /** TensorBoard's smoothing weight, 0 (none) to 0.999. */
  readonly smoothing: number;
}

/** One run's part of a chart, on the chart's shared x grid. */
export interface RunSeriesView {
  readonly run: string;
  /** Points of the whole series. */
  readonly total: number;
  /** Points inside the range. */
  readonly inRange: number;
  /** The raw values at the grid's positions; NaN where the run has no point (a gap). */
  readonly raw: Float64Array;
  /** The smoothed values at the same positions (equal to `raw` when smoothing is 0). */
  readonly smoothed: Float64Array;
}

/**
 * A chart's data. Each pixel column is a bucket with two slots (its first and second half): a
 * bucket's minimum and maximum sit in the order they occurred, so the drawn line keeps every
 * spike. When a range holds fewer points than columns, every point sits at its own slot.
 */
export interface SeriesView {
  readonly tag: string;
  /** The x of each slot, ascending. */
  readonly x: Float64Array;
  readonly runs: readonly RunSeriesView[];
  /** The x extent of every point of these runs (for "reset zoom"), and the y extent inside the range. */
  readonly xExtent: readonly [number, number] | undefined;
  readonly yExtent: readonly [number, number] | undefined;
}

export const GetSeriesView = request<SeriesViewParams, SeriesView>('metrics/seriesView');

/** The exact point of each run nearest to `x` (for the hover legend). */
export interface ValueAtParams {
  readonly tag: string;
  readonly runs: readonly string[];
  readonly xAxis: XAxis;
  readonly x: number;
  readonly smoothing: number;
}

export interface PointValue {
  readonly run: string;
  readonly step: number;
  /** Epoch seconds. */
  readonly wallTime: number;
  readonly value: number;
  readonly smoothed: number;
}

export const GetValueAt = request<ValueAtParams, { readonly points: readonly PointValue[] }>('metrics/valueAt');

/** Each run's last, lowest and highest value of a tag, for the runs table. */
export interface RunSummary {
  readonly run: string;
  readonly last?: number;
  readonly min?: number;
  readonly max?: number;
  readonly points: number;
}

export const GetSummaries = request<{ readonly tag: string }, { readonly runs: readonly RunSummary[] }>('metrics/summaries');

/** Every point of the chosen runs and tags, to a file the user picks (not the drawn subset). */
export interface ExportParams {
  readonly format: 'csv' | 'json';
  readonly runs: readonly string[];
  readonly tags: readonly string[];
}

/** Resolves with the file written, or undefined when the user cancelled. */
export const ExportPoints = request<ExportParams, { readonly file?: string; readonly points: number }>('metrics/export');

/** A chart as PNG (`data:image/png;base64,…` from the canvas), saved where the user picks. */
export const SaveChartImage = request<{ readonly tag: string; readonly dataUrl: string }, { readonly file?: string }>('metrics/saveImage');

// ——— Checks of what a webview sends ———

function object(raw: unknown, what: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ParamsError(`${what} must be an object.`);
  return raw as Record<string, unknown>;
}

function text(value: unknown, what: string, max = 512): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max)
    throw new ParamsError(`${what} must be a string of 1 to ${max} characters.`);
  return value;
}

function number(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new ParamsError(`${what} must be a number from ${min} to ${max}.`);
  return value;
}

function texts(value: unknown, what: string, maxItems = 1000): string[] {
  if (!Array.isArray(value) || value.length > maxItems) throw new ParamsError(`${what} must be a list of at most ${maxItems} names.`);
  return value.map((v, i) => text(v, `${what}[${i}]`));
}

function xAxis(value: unknown): XAxis {
  if (!xAxes.includes(value as XAxis)) throw new ParamsError(`xAxis must be one of ${xAxes.join(', ')}.`);
  return value as XAxis;
}

export function parseSeriesViewParams(raw: unknown): SeriesViewParams {
  const o = object(raw, 'seriesView');
  let range: [number, number] | undefined;
  if (o.range !== undefined) {
    if (!Array.isArray(o.range) || o.range.length !== 2) throw new ParamsError('range must be [from, to].');
    const [from, to] = [
      number(o.range[0], 'range[0]', -Number.MAX_VALUE, Number.MAX_VALUE),
      number(o.range[1], 'range[1]', -Number.MAX_VALUE, Number.MAX_VALUE),
    ];
    if (!(from < to)) throw new ParamsError('range must go from a smaller to a larger x.');
    range = [from, to];
  }
  return {
    tag: text(o.tag, 'tag'),
    runs: texts(o.runs, 'runs'),
    xAxis: xAxis(o.xAxis),
    ...(range ? { range } : {}),
    columns: Math.round(number(o.columns, 'columns', 1, 8192)),
    smoothing: number(o.smoothing, 'smoothing', 0, 0.999),
  };
}

export function parseValueAtParams(raw: unknown): ValueAtParams {
  const o = object(raw, 'valueAt');
  return {
    tag: text(o.tag, 'tag'),
    runs: texts(o.runs, 'runs'),
    xAxis: xAxis(o.xAxis),
    x: number(o.x, 'x', -Number.MAX_VALUE, Number.MAX_VALUE),
    smoothing: number(o.smoothing, 'smoothing', 0, 0.999),
  };
}

export function parseSummariesParams(raw: unknown): { readonly tag: string } {
  return { tag: text(object(raw, 'summaries').tag, 'tag') };
}

export function parseExportParams(raw: unknown): ExportParams {
  const o = object(raw, 'export');
  if (o.format !== 'csv' && o.format !== 'json') throw new ParamsError('format must be csv or json.');
  return { format: o.format, runs: texts(o.runs, 'runs'), tags: texts(o.tags, 'tags', 10_000) };
}

export function parseSaveImageParams(raw: unknown): { readonly tag: string; readonly dataUrl: string } {
  const o = object(raw, 'saveImage');
  const dataUrl = text(o.dataUrl, 'dataUrl', 64 * 1024 * 1024);
  if (!dataUrl.startsWith('data:image/png;base64,')) throw new ParamsError('dataUrl must be a PNG data URL.');
  return { tag: text(o.tag, 'tag'), dataUrl };
}
