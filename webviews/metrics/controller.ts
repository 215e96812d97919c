/**
 * Glue between the model, the host and the view, still without DOM: it turns what the person
 * does and what the host says into model transitions, sends the requests those return, and
 * tells the view what to draw. Timers live here (the hover legend's debounce), so the model
 * stays a set of plain transitions. Unit-tested in Node with a fake host and a fake view.
 */
import type {
  ExportParams,
  MetricsStateParams,
  PointValue,
  RunSummary,
  SeriesView,
  SeriesViewParams,
  ValueAtParams,
  XAxis,
} from '../protocol/metrics';
import { markOnce } from '../common/marks';
import type { Messages } from './i18n';
import type { ChartRequest, MetricsModel } from './model';
import { SingleFlight } from './singleFlight';
import type { BestMode, UiState } from './uiState';

/** The host's requests, as the webview's endpoint sends them. */
export interface MetricsHostApi {
  seriesView(params: SeriesViewParams): Promise<SeriesView>;
  valueAt(params: ValueAtParams): Promise<{ readonly points: readonly PointValue[] }>;
  summaries(tag: string): Promise<{ readonly runs: readonly RunSummary[] }>;
  exportPoints(params: ExportParams): Promise<{ readonly file?: string; readonly points: number }>;
  saveImage(tag: string, dataUrl: string): Promise<{ readonly file?: string }>;
}

/** What the controller asks of the view. */
export interface MetricsViewPort {
  /** Re-reads layout, toolbar, runs table and status from the model (a keyed update, not a rebuild). */
  render(change: { readonly tagsChanged: boolean }): void;
  /** New data for a mounted chart: it updates in place (uPlot setData), no remount. */
  drawChart(tag: string, view: SeriesView, sent: SeriesViewParams): void;
  chartFailed(tag: string, message: string): void;
  /** Drawing options changed (log scale, outliers): charts redraw the data they hold. */
  redrawCharts(): void;
  /** The hover legend's exact values; an empty list hides it. */
  showValues(tag: string, x: number, points: readonly PointValue[]): void;
  showSummaries(tag: string | undefined, runs: readonly RunSummary[]): void;
  notify(message: string, kind: 'info' | 'error'): void;
}

export interface UiStore {
  save(ui: UiState): void;
}

/** Wait after the pointer stops before asking for exact values (a sweep across a chart sends one request, not fifty). */
export const hoverDebounceMs = 40;

export class MetricsController {
  private view: MetricsViewPort | undefined;
  private readonly summaryFlight = new SingleFlight();
  private hoverTimer: ReturnType<typeof setTimeout> | undefined;
  private hoverSeq = 0;
  private hoverTag: string | undefined;

  constructor(
    readonly model: MetricsModel,
    private readonly host: MetricsHostApi,
    private readonly store: UiStore,
    private readonly messages: Messages,
  ) {}

  attach(view: MetricsViewPort): void {
    this.view = view;
  }

  // ——— From the host ———

  onState(state: MetricsStateParams): void {
    const change = this.model.applyState(state);
    this.view?.render({ tagsChanged: change.tagsChanged });
    this.send(change.requests);
    if (change.summariesStale) this.refreshSummaries();
  }

  // ——— Charts, from the view ———

  mountChart(tag: string, columns: number): void {
    this.send([this.model.mount(tag, columns)]);
  }

  unmountChart(tag: string): void {
    this.model.unmount(tag);
    // A legend on its way to a chart that just went would have nowhere to show.
    if (this.hoverTag === tag && this.hoverTimer !== undefined) clearTimeout(this.hoverTimer);
  }

  resizeChart(tag: string, columns: number): void {
    this.send([this.model.resize(tag, columns)]);
  }

  zoom(tag: string, range: readonly [number, number]): void {
    this.send([this.model.zoom(tag, range)]);
    this.save();
  }

  resetZoom(tag: string): void {
    this.send([this.model.resetZoom(tag)]);
    this.save();
  }

  /** The pointer is at `x` over `tag`'s chart (undefined: it left). */
  hover(tag: string, x: number | undefined): void {
    if (this.hoverTimer !== undefined) clearTimeout(this.hoverTimer);
    this.hoverTag = tag;
    const seq = ++this.hoverSeq;
    if (x === undefined) {
      this.view?.showValues(tag, NaN, []);
      return;
    }
    const params = this.model.valueAtParams(tag, x);
    if (!params) return;
    this.hoverTimer = setTimeout(() => {
      this.hoverTimer = undefined;
      this.host.valueAt(params).then(
        (r) => {
          // A later move (or leaving the chart) supersedes this answer.
          if (seq === this.hoverSeq) this.view?.showValues(tag, x, r.points);
        },
        () => undefined,
      );
    }, hoverDebounceMs);
  }

  // ——— Settings, from the toolbar and the table ———

  setXAxis(xAxis: XAxis): void {
    const requests = this.model.setXAxis(xAxis);
    this.afterSetting(requests);
  }

  setSmoothing(value: number): void {
    // No debounce needed: each chart has at most one request out, so a dragged slider asks
    // as fast as the host answers and the last position always wins.
    const requests = this.model.setSmoothing(value);
    this.afterSetting(requests);
  }

  setLogY(logY: boolean): void {
    this.model.setLogY(logY);
    this.save();
    this.view?.redrawCharts();
  }

  setIgnoreOutliers(ignore: boolean): void {
    this.model.setIgnoreOutliers(ignore);
    this.save();
    this.view?.redrawCharts();
  }

  setFilter(text: string): void {
    this.model.setFilter(text);
    this.save();
    this.view?.render({ tagsChanged: true });
  }

  setCollapsed(group: string, collapsed: boolean): void {
    this.model.setCollapsed(group, collapsed);
    this.save();
  }

  setRunsHidden(runs: readonly string[], hidden: boolean): void {
    const requests = this.model.setRunsHidden(runs, hidden);
    this.afterSetting(requests);
  }

  setSummaryTag(tag: string): void {
    this.model.setSummaryTag(tag);
    this.save();
    this.view?.render({ tagsChanged: false });
    this.refreshSummaries();
  }

  setBest(best: BestMode): void {
    this.model.setBest(best);
    this.save();
    this.view?.render({ tagsChanged: false });
  }

  sortBy(key: string): void {
    this.model.sortBy(key);
    this.save();
    this.view?.render({ tagsChanged: false });
  }

  setScrollTop(scrollTop: number): void {
    this.model.setScrollTop(scrollTop);
    this.save();
  }

  // ——— Export ———

  /** Every point of the shown runs and tags (the host writes them; nothing drawn is the limit). */
  async exportPoints(format: 'csv' | 'json'): Promise<void> {
    const runs = this.model.shownRuns().map((r) => r.id);
    const tags = this.model.visibleTags();
    const { t } = this.messages;
    if (runs.length === 0 || tags.length === 0) return this.view?.notify(t('export.nothing'), 'info');
    try {
      const r = await this.host.exportPoints({ format, runs, tags });
      if (r.file !== undefined) this.view?.notify(t('export.done', { points: r.points, file: r.file }), 'info');
    } catch (err) {
      this.view?.notify(t('export.failed', { message: errorText(err) }), 'error');
    }
  }

  async saveImage(tag: string, dataUrl: string): Promise<void> {
    const { t } = this.messages;
    try {
      const r = await this.host.saveImage(tag, dataUrl);
      if (r.file !== undefined) this.view?.notify(t('image.saved', { file: r.file }), 'info');
    } catch (err) {
      this.view?.notify(t('image.failed', { message: errorText(err) }), 'error');
    }
  }

  // ——— Internals ———

  private afterSetting(requests: readonly ChartRequest[]): void {
    this.save();
    this.view?.render({ tagsChanged: false });
    this.send(requests);
  }

  private save(): void {
    this.store.save(this.model.ui);
  }

  private send(requests: readonly (ChartRequest | undefined)[]): void {
    for (const r of requests) if (r) this.request(r);
  }

  private request({ tag, params }: ChartRequest): void {
    markOnce('metrics:first-series-request');
    this.host.seriesView(params).then(
      (view) => {
        markOnce('metrics:first-series-answer');
        const { draw, next } = this.model.settle(tag, params, view);
        if (draw) this.view?.drawChart(tag, view, params);
        if (next) this.request(next);
      },
      (err: unknown) => {
        const { next } = this.model.settle(tag, params, undefined);
        if (this.model.isMounted(tag)) this.view?.chartFailed(tag, errorText(err));
        if (next) this.request(next);
      },
    );
  }

  private refreshSummaries(): void {
    const tag = this.model.summaryTag();
    if (tag === undefined) {
      this.model.summariesRequested();
      this.view?.showSummaries(undefined, []);
      return;
    }
    if (!this.summaryFlight.start()) return;
    this.model.summariesRequested();
    this.host
      .summaries(tag)
      .then(
        (r) => this.view?.showSummaries(tag, r.runs),
        () => this.view?.showSummaries(tag, []),
      )
      .finally(() => {
        if (this.summaryFlight.finish()) this.refreshSummaries();
      });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
