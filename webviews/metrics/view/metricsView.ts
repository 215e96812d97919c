/**
 * The whole panel's DOM, top to bottom: toolbar, loading/warnings, runs table, empty state,
 * chart groups. It is the controller's MetricsViewPort: every update is a keyed re-read of
 * the model into the existing elements. It also owns the two things only the DOM knows: the
 * theme (re-read when VS Code switches it) and the scroll position (saved, and restored once
 * the first layout exists).
 */
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { PointValue, RunSummary, SeriesView, SeriesViewParams } from '../../protocol/metrics';
import type { MetricsController, MetricsViewPort } from '../controller';
import type { Messages } from '../i18n';
import type { MetricsModel } from '../model';
import type { ChartContext } from './chartCard';
import { ChartGrid } from './chartGrid';
import { h, setHidden } from '../../common/dom';
import { RunsTable } from './runsTable';
import { StatusArea } from './status';
import { type ChartTheme, readTheme, watchTheme } from './theme';
import { Toolbar } from './toolbar';

/** The runs section folds like a chart group; its key shares the UI state's folded list. */
const runsGroupKey = 'runs';
const scrollSaveMs = 250;

export class MetricsView implements MetricsViewPort {
  private readonly toolbar: Toolbar;
  private readonly status: StatusArea;
  private readonly runs: RunsTable;
  private readonly runsSection: HTMLElementTagNameMap['vscode-collapsible'];
  private readonly grid: ChartGrid;
  private theme: ChartTheme;
  private scrollRestored = false;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    root: HTMLElement,
    private readonly model: MetricsModel,
    private readonly controller: MetricsController,
    private readonly messages: Messages,
  ) {
    this.theme = readTheme();
    const ctx: ChartContext = { messages, model, controller, theme: () => this.theme };
    this.toolbar = new Toolbar(model, controller, messages);
    this.status = new StatusArea(model, messages);
    this.runs = new RunsTable(model, controller, messages);
    this.runsSection = h('vscode-collapsible', { class: 'runs-section' }, [this.runs.element]);
    this.runsSection.heading = messages.t('runs.title');
    this.runsSection.open = !model.isCollapsed(runsGroupKey);
    this.runsSection.addEventListener('vsc-collapsible-toggle', (e) =>
      controller.setCollapsed(runsGroupKey, !(e as CustomEvent<{ open: boolean }>).detail.open),
    );
    this.grid = new ChartGrid(ctx);
    root.replaceChildren(
      this.toolbar.element,
      h('main', { class: 'content' }, [this.status.element, this.runsSection, this.status.empty, this.grid.element]),
    );
    watchTheme(() => {
      this.theme = readTheme();
      this.grid.retheme();
    });
    window.addEventListener(
      'scroll',
      () => {
        if (this.scrollTimer !== undefined) clearTimeout(this.scrollTimer);
        this.scrollTimer = setTimeout(() => this.controller.setScrollTop(window.scrollY), scrollSaveMs);
      },
      { passive: true },
    );
    this.render({ tagsChanged: true });
  }

  render(change: { readonly tagsChanged: boolean }): void {
    this.toolbar.render();
    this.status.render();
    const hasRuns = this.model.runs().length > 0;
    setHidden(this.runsSection, !hasRuns);
    this.runsSection.description = this.messages.t('runs.count', { shown: this.model.shownRuns().length, total: this.model.runs().length });
    if (hasRuns) this.runs.render();
    if (change.tagsChanged) this.grid.render(this.model.visibleGroups());
    this.grid.refresh();
    this.restoreScroll();
  }

  drawChart(tag: string, view: SeriesView, sent: SeriesViewParams): void {
    this.grid.card(tag)?.draw(view, sent);
  }

  chartFailed(tag: string, message: string): void {
    this.grid.card(tag)?.failed(message);
  }

  redrawCharts(): void {
    this.grid.redrawAll();
  }

  showValues(tag: string, x: number, points: readonly PointValue[]): void {
    this.grid.card(tag)?.showValues(x, points);
  }

  showSummaries(tag: string | undefined, runs: readonly RunSummary[]): void {
    this.runs.setSummaries(tag, runs);
  }

  notify(message: string, kind: 'info' | 'error'): void {
    this.status.notify(message, kind);
  }

  /** Once the first layout has its cards (placeholders of the final height), go back to where the panel was. */
  private restoreScroll(): void {
    if (this.scrollRestored || this.model.tagCount() === 0) return;
    this.scrollRestored = true;
    const top = this.model.ui.scrollTop;
    if (top > 0) requestAnimationFrame(() => window.scrollTo(0, top));
  }
}
