/**
 * The panel's header: the dataset's name and task, progress (labelled / total, as a bar and in
 * words), the save queue when something waits, and in the grid the filters (all, unlabelled,
 * labelled, hard; by label), the file-name search, and the selection bar that labels every
 * selected sample at once. Every control is in tab order.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { SampleFilter } from '../../protocol/labeling';
import type { LabelingController } from '../controller';
import type { Messages } from '../i18n';
import type { LabelingModel } from '../model';
import { h, setHidden, setText } from '../../common/dom';

const searchDebounceMs = 250;
const anyLabel = '\u0000any';

export class Toolbar {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly kind: HTMLElement;
  private readonly progressBar: HTMLElement;
  private readonly progressFill: HTMLElement;
  private readonly progressText: HTMLElement;
  private readonly queue: HTMLElement;
  private readonly filters: HTMLElement;
  private readonly state: HTMLElementTagNameMap['vscode-single-select'];
  private readonly label: HTMLElementTagNameMap['vscode-single-select'];
  private readonly search: HTMLElementTagNameMap['vscode-textfield'];
  private readonly count: HTMLElement;
  private readonly selectionBar: HTMLElement;
  private readonly selectionCount: HTMLElement;
  private readonly applySelect: HTMLElementTagNameMap['vscode-single-select'];
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private labelOptionsFor = '';

  constructor(
    private readonly model: LabelingModel,
    private readonly controller: LabelingController,
    private readonly messages: Messages,
  ) {
    const { t } = messages;
    this.title = h('h1', { class: 'title' });
    this.kind = h('span', { class: 'kind' });
    this.progressFill = h('div', { class: 'progress-fill' });
    this.progressBar = h('div', { class: 'progress', attrs: { role: 'progressbar', 'aria-valuemin': 0 } }, [this.progressFill]);
    this.progressText = h('span', { class: 'progress-text' });
    this.queue = h('span', { class: 'queue', attrs: { role: 'status' } });

    this.state = h('vscode-single-select', { attrs: { id: 'filter-state', 'aria-label': t('filter.label') } });
    for (const [value, key] of [
      ['all', 'filter.all'],
      ['unlabelled', 'filter.unlabelled'],
      ['labelled', 'filter.labelled'],
      ['hard', 'filter.hard'],
    ] as const) {
      const o = h('vscode-option', { text: t(key), attrs: { value } });
      if (model.ui.filter.state === value) o.setAttribute('selected', '');
      this.state.append(o);
    }
    this.state.addEventListener('change', () => this.changeFilter({ state: this.state.value as SampleFilter['state'] }));
    this.label = h('vscode-single-select', { attrs: { id: 'filter-label', 'aria-label': t('filter.byLabel') } });
    this.label.addEventListener('change', () => this.changeFilter({ label: this.label.value === anyLabel ? undefined : this.label.value }));
    this.search = h('vscode-textfield', { attrs: { id: 'search', placeholder: t('search.placeholder'), 'aria-label': t('search.label') } });
    this.search.value = model.ui.filter.search ?? '';
    this.search.addEventListener('input', () => {
      if (this.searchTimer !== undefined) clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => {
        this.searchTimer = undefined;
        this.changeFilter({ search: this.search.value.trim() || undefined });
      }, searchDebounceMs);
    });
    this.count = h('span', { class: 'grid-count' });
    const label = (text: string, forId: string) => h('label', { class: 'control-label', text, attrs: { for: forId } });
    this.filters = h('div', { class: 'toolbar-row filters' }, [
      label(t('filter.label'), 'filter-state'),
      this.state,
      label(t('filter.byLabel'), 'filter-label'),
      this.label,
      label(t('search.label'), 'search'),
      this.search,
      this.count,
    ]);

    this.selectionCount = h('span', { class: 'selection-count' });
    this.applySelect = h('vscode-single-select', { attrs: { id: 'apply-label', 'aria-label': t('grid.apply') } });
    const apply = h('vscode-button', { text: t('grid.apply'), attrs: { id: 'apply-selected' } });
    apply.addEventListener('click', () => void this.controller.applyToSelection(this.applySelect.value));
    const remove = h('vscode-button', { text: t('grid.remove'), attrs: { id: 'remove-selected', secondary: true } });
    remove.addEventListener('click', () => void this.controller.applyToSelection(this.applySelect.value, true));
    const clear = h('vscode-button', { text: t('grid.clearSelection'), attrs: { id: 'clear-selection', secondary: true } });
    clear.addEventListener('click', () => {
      this.model.selection.clear();
      this.controller.gridSelectionChanged();
    });
    this.selectionBar = h('div', { class: 'toolbar-row selection-bar', attrs: { hidden: true } }, [
      this.selectionCount,
      this.applySelect,
      apply,
      remove,
      clear,
    ]);

    this.element = h('header', { class: 'toolbar' }, [
      h('div', { class: 'toolbar-row' }, [
        this.title,
        this.kind,
        this.progressBar,
        this.progressText,
        h('span', { class: 'spacer' }),
        this.queue,
      ]),
      this.filters,
      this.selectionBar,
    ]);
  }

  render(): void {
    const { t } = this.messages;
    const s = this.model.state;
    const inGrid = this.model.ui.mode === 'grid';
    setText(this.title, s?.name ?? '');
    setText(this.kind, s ? t(`kind.${s.kind}`) : '');
    const total = s?.total ?? 0;
    const labelled = s?.labelled ?? 0;
    this.progressFill.style.width = `${total > 0 ? (100 * labelled) / total : 0}%`;
    this.progressBar.setAttribute('aria-valuemax', String(total));
    this.progressBar.setAttribute('aria-valuenow', String(labelled));
    setText(this.progressText, t('progress.labelled', { labelled, total }));
    const queue = [
      s?.progress ? t('progress.indexing', { done: s.progress.done, total: s.progress.total }) : '',
      s && s.pendingSaves > 0 ? t('save.pendingCount', { count: s.pendingSaves }) : '',
      s?.saveProblem ?? '',
    ].filter(Boolean);
    setText(this.queue, queue.join(' · '));
    setHidden(this.filters, !inGrid);
    const labels = this.model.labels();
    const key = labels.map((l) => l.name).join('\u0000');
    if (key !== this.labelOptionsFor) {
      this.labelOptionsFor = key;
      this.label.replaceChildren(
        h('vscode-option', { text: t('filter.anyLabel'), attrs: { value: anyLabel } }),
        ...labels.map((l) => h('vscode-option', { text: l.name, attrs: { value: l.name } })),
      );
      this.applySelect.replaceChildren(...labels.map((l) => h('vscode-option', { text: l.name, attrs: { value: l.name } })));
    }
    const f = this.model.ui.filter;
    const labelValue = f.label ?? anyLabel;
    if (this.label.value !== labelValue) this.label.value = labelValue;
    if (this.state.value !== f.state) this.state.value = f.state;
    // A filter reset from elsewhere ("Show all samples") clears the field, unless someone is typing in it.
    if (this.search.value.trim() !== (f.search ?? '') && document.activeElement !== this.search && this.searchTimer === undefined)
      this.search.value = f.search ?? '';
    const gridTotal = this.model.window.total;
    setText(this.count, gridTotal !== undefined ? t('grid.count', { count: gridTotal }) : '');
    const selected = this.model.selection.ids.size;
    setHidden(this.selectionBar, !inGrid || selected === 0);
    setText(this.selectionCount, t('grid.selected', { count: selected }));
  }

  private changeFilter(change: Partial<SampleFilter>): void {
    const f = { ...this.model.ui.filter, ...change };
    const next: SampleFilter = {
      state: f.state,
      ...(f.label !== undefined ? { label: f.label } : {}),
      ...(f.search !== undefined ? { search: f.search } : {}),
    };
    this.controller.setFilter(next);
  }
}
