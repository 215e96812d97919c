/**
 * The panel's header: title, tag filter (a regex; a bad one shows why inline and filters
 * nothing), x axis, log scale, ignore outliers, smoothing, and the export buttons. It stays
 * at the top while the charts scroll. Every control is a focusable element in tab order.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { type XAxis, xAxes } from '../../protocol/metrics';
import type { MetricsController } from '../controller';
import type { Messages, MessageKey } from '../i18n';
import type { MetricsModel } from '../model';
import { maxSmoothing } from '../uiState';
import { h, setHidden, setText } from '../../common/dom';

/** Typing a pattern re-lays the charts out; wait for a pause so each keystroke does not mount and unmount cards. */
const filterDebounceMs = 150;

const axisLabels: Record<XAxis, MessageKey> = { step: 'axis.step', relative: 'axis.relative', wall: 'axis.wall' };

export class Toolbar {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly counts: HTMLElement;
  private readonly filter: HTMLElementTagNameMap['vscode-textfield'];
  private readonly filterError: HTMLElement;
  private readonly axis: HTMLElementTagNameMap['vscode-single-select'];
  private readonly logY: HTMLElementTagNameMap['vscode-checkbox'];
  private readonly outliers: HTMLElementTagNameMap['vscode-checkbox'];
  private readonly smoothing: HTMLInputElement;
  private readonly smoothingValue: HTMLOutputElement;
  private filterTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly model: MetricsModel,
    private readonly controller: MetricsController,
    private readonly messages: Messages,
  ) {
    const { t } = messages;
    const ui = model.ui;
    this.title = h('h1', { class: 'title' });
    this.counts = h('span', { class: 'tag-count' });

    this.filter = h('vscode-textfield', { attrs: { id: 'tag-filter', placeholder: t('filter.placeholder') } });
    this.filter.value = ui.filter;
    this.filter.setAttribute('aria-label', t('filter.label'));
    this.filterError = h('div', { class: 'filter-error', attrs: { id: 'tag-filter-error', role: 'alert', hidden: true } });
    this.filter.setAttribute('aria-describedby', 'tag-filter-error');
    this.filter.addEventListener('input', () => {
      if (this.filterTimer !== undefined) clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.controller.setFilter(this.filter.value), filterDebounceMs);
    });

    this.axis = h('vscode-single-select', { attrs: { id: 'x-axis', 'aria-label': t('axis.label') } });
    for (const x of xAxes) {
      const option = h('vscode-option', { text: t(axisLabels[x]), attrs: { value: x } });
      if (x === ui.xAxis) option.setAttribute('selected', '');
      this.axis.append(option);
    }
    this.axis.addEventListener('change', () => this.controller.setXAxis(this.axis.value as XAxis));

    this.logY = h('vscode-checkbox', { attrs: { label: t('log.label') } });
    this.logY.checked = ui.logY;
    this.logY.addEventListener('change', () => this.controller.setLogY(this.logY.checked));

    this.outliers = h('vscode-checkbox', { attrs: { label: t('outliers.label'), title: t('outliers.hint') } });
    this.outliers.checked = ui.ignoreOutliers;
    this.outliers.addEventListener('change', () => this.controller.setIgnoreOutliers(this.outliers.checked));

    // @vscode-elements has no slider: a native range input, themed in metrics.css, keyboard-operable as is.
    this.smoothing = h('input', {
      class: 'smoothing',
      attrs: { id: 'smoothing', type: 'range', min: 0, max: maxSmoothing, step: 0.001, 'aria-label': t('smoothing.label') },
    });
    this.smoothing.value = String(ui.smoothing);
    this.smoothingValue = h('output', { class: 'smoothing-value', attrs: { for: 'smoothing' } });
    this.smoothing.addEventListener('input', () => {
      const v = Number(this.smoothing.value);
      setText(this.smoothingValue, v.toFixed(3));
      this.controller.setSmoothing(v);
    });

    const csv = h('vscode-button', { text: t('export.csv'), attrs: { secondary: true, title: t('export.hint'), id: 'export-csv' } });
    csv.addEventListener('click', () => void this.controller.exportPoints('csv'));
    const json = h('vscode-button', { text: t('export.json'), attrs: { secondary: true, title: t('export.hint'), id: 'export-json' } });
    json.addEventListener('click', () => void this.controller.exportPoints('json'));

    const label = (text: string, forId: string) => h('label', { class: 'control-label', text, attrs: { for: forId } });
    this.element = h('header', { class: 'toolbar' }, [
      h('div', { class: 'toolbar-row' }, [this.title, this.counts, h('span', { class: 'spacer' }), csv, json]),
      h('div', { class: 'toolbar-row controls' }, [
        h('div', { class: 'control filter-control' }, [label(t('filter.label'), 'tag-filter'), this.filter]),
        h('div', { class: 'control' }, [label(t('axis.label'), 'x-axis'), this.axis]),
        h('div', { class: 'control' }, [this.logY]),
        h('div', { class: 'control' }, [this.outliers]),
        h('div', { class: 'control smoothing-control' }, [label(t('smoothing.label'), 'smoothing'), this.smoothing, this.smoothingValue]),
      ]),
      this.filterError,
    ]);
    this.render();
  }

  render(): void {
    const { model, messages } = this;
    const { t } = messages;
    setText(this.title, model.state?.title ?? '');
    const shown = model.visibleTags().length;
    const total = model.tagCount();
    setText(this.counts, total > 0 ? t('filter.count', { shown, total }) : '');
    const error = model.filter.error;
    this.filter.invalid = error !== undefined;
    setText(this.filterError, error !== undefined ? t('filter.error', { message: error }) : '');
    setHidden(this.filterError, error === undefined);
    setText(this.smoothingValue, model.ui.smoothing.toFixed(3));
    if (this.axis.value !== model.ui.xAxis) this.axis.value = model.ui.xAxis;
  }
}
