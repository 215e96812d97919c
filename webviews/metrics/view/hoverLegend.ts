/**
 * The legend that follows the pointer over a chart: every drawn run's exact point nearest the
 * pointer's x (from `metrics/valueAt`, not the bucketed drawing), with its step, value and
 * smoothed value. It floats beside the crosshair and flips sides near the right edge.
 */
import type { PointValue } from '../../protocol/metrics';
import { formatDuration, formatValue } from '../stats';
import type { ChartContext } from './chartCard';
import { h, setHidden, setText } from '../../common/dom';
import { runColor } from './theme';

/** Rows beyond this collapse into "+N more runs": a legend taller than the chart hides it. */
const maxRows = 12;
const gapPx = 14;

export class HoverLegend {
  readonly element: HTMLElement;
  private readonly header: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly more: HTMLElement;
  private left = 0;
  private top = 0;
  private last: { x: number; points: readonly PointValue[] } | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly ctx: ChartContext,
  ) {
    this.header = h('div', { class: 'legend-x' });
    this.body = h('tbody');
    this.more = h('div', { class: 'legend-more' });
    this.element = h('div', { class: 'chart-legend', attrs: { hidden: true } }, [this.header, h('table', {}, [this.body]), this.more]);
  }

  /** Where the crosshair is, in CSS px inside the plot container. */
  place(left: number, top: number): void {
    this.left = left;
    this.top = top;
    if (!this.element.hidden) this.position();
  }

  show(x: number, points: readonly PointValue[]): void {
    if (points.length === 0 || !Number.isFinite(x)) return this.hide();
    this.last = { x, points };
    this.fill(x, points);
    setHidden(this.element, false);
    this.position();
  }

  hide(): void {
    this.last = undefined;
    setHidden(this.element, true);
  }

  /** Swatch colours come from the theme: refill after a switch. */
  retheme(): void {
    if (this.last) this.fill(this.last.x, this.last.points);
  }

  private fill(x: number, points: readonly PointValue[]): void {
    const { model, messages } = this.ctx;
    const { t } = messages;
    const theme = this.ctx.theme();
    const xAxis = model.ui.xAxis;
    setText(
      this.header,
      xAxis === 'step'
        ? `${t('legend.step')} ${messages.count(Math.round(x))}`
        : xAxis === 'relative'
          ? `${t('time.relative')} ${formatDuration(x)}`
          : `${t('time.wall')} ${new Date(x * 1000).toLocaleString(messages.locale === 'zh-cn' ? 'zh-CN' : 'en-US')}`,
    );
    const showSmoothed = model.ui.smoothing > 0;
    const order = new Map(model.runs().map((r, i) => [r.id, { run: r, i }]));
    const sorted = [...points].sort((a, b) => (order.get(a.run)?.i ?? 0) - (order.get(b.run)?.i ?? 0));
    const rows = sorted.slice(0, maxRows).map((p) => {
      const run = order.get(p.run)?.run;
      const swatch = h('span', { class: 'swatch' });
      swatch.style.background = runColor(theme, run?.color ?? 0);
      return h('tr', {}, [
        h('td', {}, [swatch]),
        h('td', { class: 'legend-run', text: run?.name ?? p.run }),
        h('td', { class: 'num', text: formatValue(p.value), attrs: { title: t('legend.value') } }),
        showSmoothed && h('td', { class: 'num smoothed', text: formatValue(p.smoothed), attrs: { title: t('legend.smoothed') } }),
        h('td', { class: 'num step', text: `${t('legend.step')} ${messages.count(p.step)}` }),
      ]);
    });
    const head = h('tr', { class: 'legend-head' }, [
      h('th'),
      h('th'),
      h('th', { class: 'num', text: t('legend.value') }),
      showSmoothed && h('th', { class: 'num', text: t('legend.smoothed') }),
      h('th'),
    ]);
    this.body.replaceChildren(head, ...rows);
    const hidden = sorted.length - rows.length;
    setText(this.more, hidden > 0 ? t('legend.more', { count: hidden }) : '');
    setHidden(this.more, hidden <= 0);
  }

  private position(): void {
    const el = this.element;
    const width = el.offsetWidth;
    const height = el.offsetHeight;
    const room = this.container.clientWidth;
    let left = this.left + gapPx;
    if (left + width > room) left = Math.max(0, this.left - gapPx - width);
    const top = Math.max(0, Math.min(this.top - height / 2, this.container.clientHeight - height));
    // Script-set position (element.style), which the CSP allows; inline style attributes it does not.
    el.style.left = `${Math.round(left)}px`;
    el.style.top = `${Math.round(top)}px`;
  }
}
