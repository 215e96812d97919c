/**
 * One chart: a card of fixed height that is a placeholder until it scrolls into view, then a
 * uPlot chart fed by `metrics/seriesView`, then a placeholder again when it scrolls away (the
 * chart is destroyed, so a panel of 400 tags draws only the handful in view). Live data
 * updates it in place with setData; a run set, axis or scale change rebuilds it in the same
 * frame, so nothing flickers. Under the chart a note says how much was bucketed.
 */
import type { PointValue, SeriesView, SeriesViewParams } from '../../protocol/metrics';
import { type AlignedColumns, chartNote, outlierRange, toAligned, zoomForKey } from '../chartData';
import type { MetricsController } from '../controller';
import type { Messages } from '../i18n';
import type { MetricsModel } from '../model';
import { chartTitle } from '../tags';
import { markOnce } from '../../common/marks';
import { h, setHidden, setText } from '../../common/dom';
import { FramePacer } from './framePacer';
import { HoverLegend } from './hoverLegend';
import { type ChartTheme, runColor } from './theme';
import { type ChartRun, UplotChart } from './uplotChart';

export interface ChartContext {
  readonly messages: Messages;
  readonly model: MetricsModel;
  readonly controller: MetricsController;
  theme(): ChartTheme;
}

/** One pacer for the page: every chart shares the frame budget. */
const framePacer = new FramePacer((callback) => requestAnimationFrame(callback));

/** Room the y axis and padding take before data arrives (the first request's column estimate). */
const axisAllowancePx = 40;

export class ChartCard {
  readonly element: HTMLElement;
  private readonly plot: HTMLElement;
  private readonly placeholder: HTMLElement;
  private readonly note: HTMLElement;
  private readonly zoomBadge: HTMLElement;
  private readonly legend: HoverLegend;
  private chart: UplotChart | undefined;
  private configKey = '';
  private view: SeriesView | undefined;
  private sent: SeriesViewParams | undefined;
  private data: AlignedColumns | undefined;
  private mounted = false;
  /** The plot's real column count once drawn, and at what width: a remount at that width asks with it, not with the estimate. */
  private known: { width: number; columns: number } | undefined;

  constructor(
    readonly tag: string,
    private readonly ctx: ChartContext,
  ) {
    const { t } = ctx.messages;
    this.placeholder = h('div', { class: 'chart-placeholder', text: t('chart.loading') });
    // Focusable, so the keyboard can zoom what the mouse zooms (see zoomForKey).
    this.plot = h(
      'div',
      {
        class: 'chart-plot',
        attrs: { role: 'group', tabindex: 0, 'aria-roledescription': t('chart.role'), 'aria-label': t('chart.label', { tag }) },
      },
      [this.placeholder],
    );
    this.plot.addEventListener('keydown', (e) => this.onKey(e));
    this.legend = new HoverLegend(this.plot, ctx);
    this.note = h('div', { class: 'chart-note' });
    this.zoomBadge = h('span', { class: 'chart-zoomed', text: t('chart.zoomed'), attrs: { hidden: true } });
    const png = h('vscode-button', {
      class: 'chart-png',
      text: t('image.save'),
      attrs: { secondary: true, title: t('image.saveHint', { tag }) },
    });
    png.setAttribute('aria-label', t('image.saveHint', { tag }));
    png.addEventListener('click', () => this.savePng());
    this.element = h('article', { class: 'chart-card', attrs: { 'data-tag': tag } }, [
      h('header', { class: 'chart-head' }, [
        h('h3', { class: 'chart-title', text: chartTitle(tag), attrs: { title: tag } }),
        this.zoomBadge,
        png,
      ]),
      this.plot,
      this.note,
    ]);
  }

  get isMounted(): boolean {
    return this.mounted;
  }

  /** Scrolled into view: ask for data sized to the plot's pixel columns. */
  mount(): void {
    if (this.mounted) return;
    this.mounted = true;
    this.element.classList.add('mounted');
    this.refresh();
    const width = this.plot.clientWidth;
    const estimate = Math.max(1, width - axisAllowancePx) * devicePixelRatio;
    this.ctx.controller.mountChart(this.tag, this.known?.width === width ? this.known.columns : estimate);
  }

  /** Scrolled away: the chart and its data go; the placeholder keeps the height. */
  unmount(): void {
    if (!this.mounted) return;
    this.mounted = false;
    this.element.classList.remove('mounted');
    this.destroyChart();
    this.view = this.sent = this.data = undefined;
    this.legend.hide();
    setText(this.placeholder, this.ctx.messages.t('chart.loading'));
    setHidden(this.placeholder, false);
    setText(this.note, '');
    this.ctx.controller.unmountChart(this.tag);
  }

  /** The model changed without new data (a state tick, a hidden run): placeholder and note follow. */
  refresh(): void {
    const { model, messages } = this.ctx;
    setHidden(this.zoomBadge, model.zoomOf(this.tag) === undefined);
    if (!this.mounted) return;
    if (model.chartRuns(this.tag).length === 0) {
      this.destroyChart();
      this.view = this.sent = this.data = undefined;
      setText(this.placeholder, messages.t('chart.noRuns'));
      setHidden(this.placeholder, false);
      setText(this.note, '');
      return;
    }
    if (!this.chart) setText(this.placeholder, messages.t('chart.loading'));
    if (this.view && this.sent) this.updateNote(this.view, this.sent);
  }

  draw(view: SeriesView, sent: SeriesViewParams): void {
    if (!this.mounted) return;
    this.view = view;
    this.sent = sent;
    const { ui } = this.ctx.model;
    this.data = toAligned(view, sent.runs, ui.logY);
    const key = JSON.stringify([sent.runs, sent.xAxis, ui.logY, sent.smoothing > 0]);
    if (this.chart && key === this.configKey) {
      // Same chart, new points (a live tick, mostly): drawn in a coming frame, shared with the other charts.
      const chart = this.chart;
      const data = this.data;
      framePacer.queue(this, () => chart.setData(data));
    } else {
      framePacer.cancel(this);
      this.rebuild(key);
    }
    setHidden(this.placeholder, true);
    markOnce('metrics:first-chart-drawn');
    this.updateNote(view, sent);
    setHidden(this.zoomBadge, this.ctx.model.zoomOf(this.tag) === undefined);
    // The first request guessed the axis width; ask again if the real plot is much wider or narrower.
    // The chart's own width, not the plot's clientWidth: reading layout here would force a reflow on every live update.
    const columns = this.chart?.columns() ?? sent.columns;
    this.known = { width: this.chart?.cssWidth() ?? 0, columns };
    if (Math.abs(columns - sent.columns) > sent.columns * 0.05) this.ctx.controller.resizeChart(this.tag, columns);
  }

  failed(message: string): void {
    if (!this.mounted) return;
    setText(this.placeholder, this.ctx.messages.t('chart.failed', { message }));
    setHidden(this.placeholder, this.chart !== undefined);
    if (this.chart) setText(this.note, this.ctx.messages.t('chart.failed', { message }));
  }

  /** Log scale or outliers changed: same data, new scales. */
  redraw(): void {
    if (!this.mounted || !this.view || !this.sent) return;
    this.configKey = '';
    this.draw(this.view, this.sent);
  }

  setTheme(theme: ChartTheme): void {
    if (!this.chart) return;
    if (this.chart.fontChanged(theme)) {
      this.configKey = '';
      if (this.view && this.sent) this.draw(this.view, this.sent);
    } else {
      this.chart.setTheme(theme);
    }
    this.legend.retheme();
  }

  /** The grid's width changed: the chart follows, and asks again when its column count did. */
  resize(): void {
    if (!this.mounted || !this.chart) return;
    this.chart.setSize(this.plot.clientWidth, this.plot.clientHeight);
    this.known = { width: this.plot.clientWidth, columns: this.chart.columns() };
    this.ctx.controller.resizeChart(this.tag, this.known.columns);
  }

  showValues(x: number, points: readonly PointValue[]): void {
    if (!this.mounted) return;
    this.legend.show(x, points);
  }

  private onKey(e: KeyboardEvent): void {
    const full = this.view?.xExtent;
    if (!full || e.altKey || e.ctrlKey || e.metaKey) return;
    const result = zoomForKey(e.key, this.ctx.model.zoomOf(this.tag), full);
    if (!result) return;
    e.preventDefault();
    if (result === 'reset') {
      this.ctx.controller.resetZoom(this.tag);
      setHidden(this.zoomBadge, true);
      return;
    }
    this.ctx.controller.zoom(this.tag, result.range);
    const z = this.ctx.model.zoomOf(this.tag);
    if (z) this.chart?.setXRange(z);
    setHidden(this.zoomBadge, false);
  }

  private rebuild(key: string): void {
    this.destroyChart();
    const { model } = this.ctx;
    const sent = this.sent;
    if (!sent || !this.data) return;
    const byId = new Map(model.runs().map((r) => [r.id, r]));
    const runs: ChartRun[] = sent.runs.map((id, i) => ({ id, name: byId.get(id)?.name ?? id, color: byId.get(id)?.color ?? i }));
    const showRaw = sent.smoothing > 0;
    const logY = model.ui.logY;
    this.chart = new UplotChart(
      this.plot,
      {
        xAxis: sent.xAxis,
        logY,
        showRaw,
        runs,
        width: this.plot.clientWidth,
        height: this.plot.clientHeight,
        xRange: () => model.zoomOf(this.tag) ?? this.view?.xExtent,
        yRange: (data) => (model.ui.ignoreOutliers ? outlierRange(data, runs.length, showRaw, logY) : undefined),
      },
      this.ctx.theme(),
      this.data,
      {
        zoom: (range) => {
          this.ctx.controller.zoom(this.tag, range);
          // Show the new range at once with what is drawn; the detailed data replaces it.
          const z = model.zoomOf(this.tag);
          if (z) this.chart?.setXRange(z);
          setHidden(this.zoomBadge, false);
        },
        reset: () => {
          this.ctx.controller.resetZoom(this.tag);
          setHidden(this.zoomBadge, true);
        },
        hover: (x, left, top) => {
          this.legend.place(left, top);
          this.ctx.controller.hover(this.tag, x);
        },
      },
    );
    this.configKey = key;
    // The legend floats above the canvas.
    this.plot.append(this.legend.element);
  }

  private destroyChart(): void {
    framePacer.cancel(this);
    this.chart?.destroy();
    this.chart = undefined;
    this.configKey = '';
  }

  private updateNote(view: SeriesView, sent: SeriesViewParams): void {
    const total = this.ctx.model.pointsOf(this.tag, sent.runs);
    const note = chartNote(view, sent, total);
    setText(this.note, this.ctx.messages.t(note.key, note.vars));
    this.note.classList.toggle('bucketed', note.bucketed);
  }

  /** The canvas (plot and axes) on the theme's background, with the tag above and the runs below. */
  private savePng(): void {
    if (!this.chart || !this.sent) return;
    const src = this.chart.canvas();
    const theme = this.ctx.theme();
    const dpr = devicePixelRatio;
    const byId = new Map(this.ctx.model.runs().map((r) => [r.id, r]));
    const runs = this.sent.runs.map((id) => byId.get(id)).filter((r) => r !== undefined);
    const line = 18 * dpr;
    const head = 26 * dpr;
    const perRow = Math.max(1, Math.floor(src.width / (180 * dpr)));
    const rows = Math.ceil(runs.length / perRow);
    const out = document.createElement('canvas');
    out.width = src.width;
    out.height = head + src.height + rows * line + 8 * dpr;
    const g = out.getContext('2d');
    if (!g) return;
    g.fillStyle = theme.background;
    g.fillRect(0, 0, out.width, out.height);
    g.fillStyle = theme.text;
    g.font = `600 ${13 * dpr}px ${theme.fontFamily}`;
    g.fillText(this.tag, 8 * dpr, 18 * dpr);
    g.drawImage(src, 0, head);
    g.font = `${11 * dpr}px ${theme.fontFamily}`;
    runs.forEach((r, i) => {
      const x = 8 * dpr + (i % perRow) * 180 * dpr;
      const y = head + src.height + Math.floor(i / perRow) * line + 12 * dpr;
      g.fillStyle = runColor(theme, r.color);
      g.fillRect(x, y - 8 * dpr, 12 * dpr, 3 * dpr);
      g.fillStyle = theme.text;
      g.fillText(r.name, x + 18 * dpr, y - 3 * dpr, 156 * dpr);
    });
    void this.ctx.controller.saveImage(this.tag, out.toDataURL('image/png'));
  }
}
