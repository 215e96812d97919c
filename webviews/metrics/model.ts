/**
 * The metrics panel's state and its transitions, without DOM or I/O: what the host last said
 * (runs, tags, loading), what the person set (UiState), and for each chart whether it is
 * mounted and what it last asked for. Every transition that needs data returns the requests to
 * send; the controller sends them and hands the answers back through `settle`. This is where
 * the decisions live that make the panel fast: only mounted charts ask, a zoom asks for the
 * new range at full detail, a live update re-asks only for charts that follow the end, and a
 * chart never has more than one request out.
 */
import type { MetricsStateParams, RunInfo, SeriesView, SeriesViewParams, TagInfo, ValueAtParams, XAxis } from '../protocol/metrics';
import { SingleFlight } from './singleFlight';
import { bestDirection, defaultSummaryTag } from './stats';
import { compileFilter, filterGroups, groupTags, type TagFilter, type TagGroup } from './tags';
import { type BestMode, clampSmoothing, type UiState } from './uiState';

/** A series view request for one chart. */
export interface ChartRequest {
  readonly tag: string;
  readonly params: SeriesViewParams;
}

/** What `applyState` found changed. */
export interface StateChange {
  /** The set of tags changed: the chart layout needs updating. */
  readonly tagsChanged: boolean;
  /** Charts that need new data now (live growth of a chart that follows the end, new runs). */
  readonly requests: readonly ChartRequest[];
  /** The runs table's tag got new points: its summaries are stale. */
  readonly summariesStale: boolean;
}

/** The protocol's column bounds (SeriesViewParams.columns). */
export const maxColumns = 8192;

interface ChartSlot {
  mounted: boolean;
  columns: number;
  readonly flight: SingleFlight;
  /** Runs (joined) and their point total when the last request was sent, to tell what is new. */
  requestedRuns: string | undefined;
  requestedPoints: number;
  /** The x extent of every point, from the last answer: where "the end" is. */
  xExtent: readonly [number, number] | undefined;
}

/** Two requests ask for the same picture when their keys are equal. */
export function requestKey(p: SeriesViewParams): string {
  return JSON.stringify([p.tag, p.runs, p.xAxis, p.range ?? null, p.columns, p.smoothing]);
}

export class MetricsModel {
  private current: UiState;
  private data: MetricsStateParams | undefined;
  private tagsKey = '';
  private allGroups: TagGroup[] = [];
  private compiled: TagFilter;
  private readonly slots = new Map<string, ChartSlot>();
  private readonly tagIndex = new Map<string, TagInfo>();
  private summaryPoints = -1;
  private summaryRequestedTag: string | undefined;

  constructor(ui: UiState) {
    this.current = ui;
    this.compiled = compileFilter(ui.filter);
  }

  get ui(): UiState {
    return this.current;
  }

  /** What the host last sent; undefined until the first `metrics/state`. */
  get state(): MetricsStateParams | undefined {
    return this.data;
  }

  get filter(): TagFilter {
    return this.compiled;
  }

  // ——— What there is ———

  /** Every group, unfiltered. */
  groups(): readonly TagGroup[] {
    return this.allGroups;
  }

  /** The groups and tags the filter lets through. */
  visibleGroups(): TagGroup[] {
    return filterGroups(this.allGroups, this.compiled);
  }

  visibleTags(): string[] {
    return this.visibleGroups().flatMap((g) => g.tags);
  }

  tagCount(): number {
    return this.tagIndex.size;
  }

  /** The runs in palette order (what the table lists before sorting). */
  runs(): readonly RunInfo[] {
    return this.data?.runs ?? [];
  }

  isHidden(run: string): boolean {
    return this.current.hiddenRuns.includes(run);
  }

  shownRuns(): RunInfo[] {
    return this.runs().filter((r) => !this.isHidden(r.id));
  }

  /** The shown runs with at least one point of `tag`: what its chart draws. */
  chartRuns(tag: string): string[] {
    const info = this.tagIndex.get(tag);
    if (!info) return [];
    return this.shownRuns()
      .filter((r) => (info.points[r.id] ?? 0) > 0)
      .map((r) => r.id);
  }

  /** Points of `tag` over `runs` (all its runs when omitted), as the last state counted them. */
  pointsOf(tag: string, runs?: readonly string[]): number {
    const info = this.tagIndex.get(tag);
    if (!info) return 0;
    let n = 0;
    for (const [run, count] of Object.entries(info.points)) if (!runs || runs.includes(run)) n += count;
    return n;
  }

  /** True while the host is still reading (files or points not yet all in). */
  isLoading(): boolean {
    return this.data === undefined || this.data.loading !== undefined;
  }

  // ——— Charts ———

  seriesParams(tag: string): SeriesViewParams | undefined {
    const runs = this.chartRuns(tag);
    if (runs.length === 0) return undefined;
    const slot = this.slots.get(tag);
    const range = this.current.zoom[tag];
    return {
      tag,
      runs,
      xAxis: this.current.xAxis,
      ...(range ? { range: [range[0], range[1]] as const } : {}),
      columns: clampColumns(slot?.columns ?? 600),
      smoothing: this.current.smoothing,
    };
  }

  valueAtParams(tag: string, x: number): ValueAtParams | undefined {
    const runs = this.chartRuns(tag);
    if (runs.length === 0 || !Number.isFinite(x)) return undefined;
    return { tag, runs, xAxis: this.current.xAxis, x, smoothing: this.current.smoothing };
  }

  isMounted(tag: string): boolean {
    return this.slots.get(tag)?.mounted ?? false;
  }

  mountedTags(): string[] {
    return [...this.slots].filter(([, s]) => s.mounted).map(([t]) => t);
  }

  /** A chart came into view with `columns` pixel columns: it asks for its data. */
  mount(tag: string, columns: number): ChartRequest | undefined {
    const slot = this.slot(tag);
    slot.mounted = true;
    slot.columns = clampColumns(columns);
    return this.want(tag);
  }

  /** A chart left the view: it is destroyed and asks for nothing until it comes back. */
  unmount(tag: string): void {
    const slot = this.slots.get(tag);
    if (!slot) return;
    slot.mounted = false;
    slot.flight.cancelFollowUp();
  }

  /** The chart's plot changed width: a different column count is a different picture. */
  resize(tag: string, columns: number): ChartRequest | undefined {
    const slot = this.slots.get(tag);
    const c = clampColumns(columns);
    if (!slot?.mounted || slot.columns === c) return undefined;
    slot.columns = c;
    return this.want(tag);
  }

  /**
   * An answer came back for `sent`. `draw` says whether it still shows what the chart should
   * show (a zoom or a smoothing change made meanwhile makes it stale: it is dropped, not
   * flashed). `next` is the follow-up when asks came in while it was out.
   */
  settle(tag: string, sent: SeriesViewParams, view: SeriesView | undefined): { draw: boolean; next: ChartRequest | undefined } {
    const slot = this.slots.get(tag);
    if (!slot) return { draw: false, next: undefined };
    let again = slot.flight.finish();
    const now = this.seriesParams(tag);
    const draw = slot.mounted && view !== undefined && now !== undefined && requestKey(now) === requestKey(sent);
    if (draw && view.xExtent) {
      const before = slot.xExtent;
      slot.xExtent = [view.xExtent[0], view.xExtent[1]];
      // Zoomed onto the end of a live run: the window keeps its start and grows with the data.
      const z = this.current.zoom[tag];
      if (z && before && atEnd(z, before[1]) && view.xExtent[1] > z[1]) {
        this.setZoomRange(tag, [z[0], view.xExtent[1]]);
        again = true;
      }
    }
    return { draw, next: again && slot.mounted ? this.want(tag) : undefined };
  }

  zoomOf(tag: string): readonly [number, number] | undefined {
    return this.current.zoom[tag];
  }

  /** The x extent of the chart's data as last answered. */
  extentOf(tag: string): readonly [number, number] | undefined {
    return this.slots.get(tag)?.xExtent;
  }

  /** Zoom to `range` (from a drag): asks for that range at full detail. */
  zoom(tag: string, range: readonly [number, number]): ChartRequest | undefined {
    const [a, b] = range[0] <= range[1] ? range : [range[1], range[0]];
    if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) return undefined;
    this.setZoomRange(tag, [a, b]);
    return this.want(tag);
  }

  resetZoom(tag: string): ChartRequest | undefined {
    if (!this.current.zoom[tag]) return undefined;
    const { [tag]: _gone, ...rest } = this.current.zoom;
    this.current = { ...this.current, zoom: rest };
    return this.want(tag);
  }

  /** Not zoomed, or zoomed onto the end of the data: live points belong in this chart's view. */
  follows(tag: string): boolean {
    const z = this.current.zoom[tag];
    if (!z) return true;
    const end = this.slots.get(tag)?.xExtent?.[1];
    return end === undefined || atEnd(z, end);
  }

  // ——— The host's state ———

  applyState(next: MetricsStateParams): StateChange {
    this.data = next;
    this.tagIndex.clear();
    for (const t of next.tags) this.tagIndex.set(t.tag, t);
    const key = next.tags.map((t) => t.tag).join('\n');
    const tagsChanged = key !== this.tagsKey;
    if (tagsChanged) {
      this.tagsKey = key;
      this.allGroups = groupTags(next.tags.map((t) => t.tag));
    }
    const requests: ChartRequest[] = [];
    for (const [tag, slot] of this.slots) {
      if (!slot.mounted) continue;
      const runs = this.chartRuns(tag);
      const runsChanged = runs.join('\n') !== (slot.requestedRuns ?? '');
      const grew = this.pointsOf(tag, runs) !== slot.requestedPoints;
      // A chart zoomed into the past shows nothing new when points arrive at the end: it stays put.
      if (runsChanged || (grew && this.follows(tag))) {
        const r = this.want(tag);
        if (r) requests.push(r);
      }
    }
    const summaryTag = this.summaryTag();
    const summaryPoints = summaryTag === undefined ? 0 : this.pointsOf(summaryTag);
    const summariesStale = summaryTag !== this.summaryRequestedTag || summaryPoints !== this.summaryPoints || next.runs.length === 0;
    return { tagsChanged, requests, summariesStale };
  }

  /** The runs table's summaries were asked for now (so a later state can tell what is new). */
  summariesRequested(): void {
    const tag = this.summaryTag();
    this.summaryRequestedTag = tag;
    this.summaryPoints = tag === undefined ? 0 : this.pointsOf(tag);
  }

  summaryTag(): string | undefined {
    const chosen = this.current.summaryTag;
    if (chosen !== undefined && this.tagIndex.has(chosen)) return chosen;
    return defaultSummaryTag([...this.tagIndex.keys()]);
  }

  /** Whether the table's "best" is the tag's minimum or maximum (by name, unless switched). */
  bestDirection(): 'min' | 'max' {
    return bestDirection(this.summaryTag() ?? '', this.current.best);
  }

  // ——— What the person set ———

  setXAxis(xAxis: XAxis): ChartRequest[] {
    if (xAxis === this.current.xAxis) return [];
    // A step range means nothing on a time axis: every zoom goes.
    this.current = { ...this.current, xAxis, zoom: {} };
    for (const slot of this.slots.values()) slot.xExtent = undefined;
    return this.wantMounted();
  }

  setSmoothing(value: number): ChartRequest[] {
    const smoothing = clampSmoothing(value);
    if (smoothing === this.current.smoothing) return [];
    this.current = { ...this.current, smoothing };
    return this.wantMounted();
  }

  /** Drawing options only: the data is the same, the charts redraw what they hold. */
  setLogY(logY: boolean): void {
    this.current = { ...this.current, logY };
  }

  setIgnoreOutliers(ignoreOutliers: boolean): void {
    this.current = { ...this.current, ignoreOutliers };
  }

  setFilter(filter: string): void {
    this.current = { ...this.current, filter };
    this.compiled = compileFilter(filter);
  }

  setCollapsed(group: string, collapsed: boolean): void {
    const rest = this.current.collapsed.filter((g) => g !== group);
    this.current = { ...this.current, collapsed: collapsed ? [...rest, group] : rest };
  }

  isCollapsed(group: string): boolean {
    return this.current.collapsed.includes(group);
  }

  /** Hides or shows runs; every mounted chart that drew one of them asks again. */
  setRunsHidden(runs: readonly string[], hidden: boolean): ChartRequest[] {
    const rest = this.current.hiddenRuns.filter((r) => !runs.includes(r));
    this.current = { ...this.current, hiddenRuns: hidden ? [...rest, ...runs] : rest };
    return this.wantMounted((tag, slot) => this.chartRuns(tag).join('\n') !== (slot.requestedRuns ?? ''));
  }

  setSummaryTag(tag: string): void {
    this.current = { ...this.current, summaryTag: tag };
  }

  setBest(best: BestMode): void {
    this.current = { ...this.current, best };
  }

  /** A click on a column header: sorts by it, or flips the direction when it already does. */
  sortBy(key: string): void {
    const s = this.current.sort;
    this.current = { ...this.current, sort: s.key === key ? { key, descending: !s.descending } : { key, descending: false } };
  }

  setScrollTop(scrollTop: number): void {
    if (Number.isFinite(scrollTop) && scrollTop >= 0) this.current = { ...this.current, scrollTop: Math.round(scrollTop) };
  }

  // ——— Internals ———

  private slot(tag: string): ChartSlot {
    let slot = this.slots.get(tag);
    if (!slot) {
      slot = {
        mounted: false,
        columns: 600,
        flight: new SingleFlight(),
        requestedRuns: undefined,
        requestedPoints: -1,
        xExtent: undefined,
      };
      this.slots.set(tag, slot);
    }
    return slot;
  }

  private setZoomRange(tag: string, range: readonly [number, number]): void {
    this.current = { ...this.current, zoom: { ...this.current.zoom, [tag]: [range[0], range[1]] } };
  }

  /** The request to send for a mounted chart now, or undefined (nothing to ask, or one is out). */
  private want(tag: string): ChartRequest | undefined {
    const slot = this.slots.get(tag);
    if (!slot?.mounted) return undefined;
    const params = this.seriesParams(tag);
    if (!params) {
      slot.requestedRuns = '';
      slot.requestedPoints = 0;
      return undefined;
    }
    if (!slot.flight.start()) return undefined;
    slot.requestedRuns = params.runs.join('\n');
    slot.requestedPoints = this.pointsOf(tag, params.runs);
    return { tag, params };
  }

  private wantMounted(filter: (tag: string, slot: ChartSlot) => boolean = () => true): ChartRequest[] {
    const out: ChartRequest[] = [];
    for (const [tag, slot] of this.slots) {
      if (!slot.mounted || !filter(tag, slot)) continue;
      const r = this.want(tag);
      if (r) out.push(r);
    }
    return out;
  }
}

/** A zoom whose right edge is within half a percent of its width of the data's end counts as "at the end". */
function atEnd(zoom: readonly [number, number], end: number): boolean {
  return zoom[1] >= end - (zoom[1] - zoom[0]) * 0.005;
}

function clampColumns(columns: number): number {
  if (!Number.isFinite(columns)) return 600;
  return Math.min(maxColumns, Math.max(1, Math.round(columns)));
}
