/**
 * The runs: one row per run with its colour, a checkbox that shows or hides it in every
 * chart, how it is doing (live, or how it ended), its hyper-parameters, and the last and best
 * value of a chosen tag. Columns sort by a click (numbers as numbers). Rows are kept by run
 * id across updates, so a live tick never steals the focus from a checkbox.
 */
import type { RunInfo, RunSummary } from '../../protocol/metrics';
import type { MetricsController } from '../controller';
import type { Messages, MessageKey } from '../i18n';
import type { MetricsModel } from '../model';
import { bestValue, formatValue, parameterNames, type RunRow, sortRows } from '../stats';
import type { BestMode } from '../uiState';
import { h, reconcileChildren, setText } from '../../common/dom';
import { paletteSize } from './theme';

interface RowView {
  readonly tr: HTMLTableRowElement;
  readonly checkbox: HTMLElementTagNameMap['vscode-checkbox'];
  readonly status: HTMLElement;
  readonly params: HTMLElement[];
  readonly last: HTMLElement;
  readonly best: HTMLElement;
  columnsKey: string;
}

const knownPhases = new Set(['Completed', 'Failed', 'Terminated', 'Abnormal']);

export class RunsTable {
  readonly element: HTMLElement;
  private readonly summaryTag: HTMLElementTagNameMap['vscode-single-select'];
  private readonly best: HTMLElementTagNameMap['vscode-single-select'];
  private readonly shownCount: HTMLElement;
  private readonly head: HTMLTableRowElement;
  private readonly body: HTMLTableSectionElement;
  private readonly rows = new Map<string, RowView>();
  private columnsKey = '';
  private tagsKey = '';
  private bestKey = '';
  private summaries = new Map<string, RunSummary>();
  private summariesTag: string | undefined;

  constructor(
    private readonly model: MetricsModel,
    private readonly controller: MetricsController,
    private readonly messages: Messages,
  ) {
    const { t } = messages;
    this.summaryTag = h('vscode-single-select', { attrs: { id: 'summary-tag', 'aria-label': t('runs.tag') } });
    this.summaryTag.addEventListener('change', () => this.controller.setSummaryTag(this.summaryTag.value));
    this.best = h('vscode-single-select', { attrs: { id: 'best-mode', 'aria-label': t('runs.best') } });
    this.best.addEventListener('change', () => this.controller.setBest(this.best.value as BestMode));
    const showAll = h('vscode-button', { text: t('runs.showAll'), attrs: { secondary: true } });
    showAll.addEventListener('click', () => this.controller.setRunsHidden(this.model.ui.hiddenRuns, false));
    const hideAll = h('vscode-button', { text: t('runs.hideAll'), attrs: { secondary: true } });
    hideAll.addEventListener('click', () =>
      this.controller.setRunsHidden(
        this.model.runs().map((r) => r.id),
        true,
      ),
    );
    this.shownCount = h('span', { class: 'runs-count' });
    this.head = h('tr');
    this.body = h('tbody');
    const label = (text: string, forId: string) => h('label', { class: 'control-label', text, attrs: { for: forId } });
    this.element = h('section', { class: 'runs' }, [
      h('div', { class: 'runs-controls' }, [
        label(t('runs.tag'), 'summary-tag'),
        this.summaryTag,
        label(t('runs.best'), 'best-mode'),
        this.best,
        showAll,
        hideAll,
        this.shownCount,
      ]),
      h('div', { class: 'runs-scroll' }, [h('table', { class: 'runs-table' }, [h('thead', {}, [this.head]), this.body])]),
    ]);
  }

  setSummaries(tag: string | undefined, runs: readonly RunSummary[]): void {
    this.summariesTag = tag;
    this.summaries = new Map(runs.map((r) => [r.run, r]));
    this.render();
  }

  render(): void {
    const { model, messages } = this;
    const { t } = messages;
    const runs = model.runs();
    const names = parameterNames(runs);
    const direction = model.bestDirection();
    this.renderSelects(direction);
    const columnsKey = JSON.stringify([names, direction, model.ui.sort]);
    if (columnsKey !== this.columnsKey) {
      this.columnsKey = columnsKey;
      this.renderHead(names, direction);
    }
    // Summaries of another tag than the one chosen now are stale: blank until the new ones come.
    const summaries = this.summariesTag === model.summaryTag() ? this.summaries : new Map<string, RunSummary>();
    const rows: RunRow[] = runs.map((run) => {
      const s = summaries.get(run.id);
      return { run, status: this.statusText(run), last: s?.last, best: bestValue(s, direction) };
    });
    const sorted = sortRows(rows, model.ui.sort.key, model.ui.sort.descending);
    const trs = sorted.map((row) => this.renderRow(row, names).tr);
    reconcileChildren(this.body, trs);
    for (const id of [...this.rows.keys()]) if (!runs.some((r) => r.id === id)) this.rows.delete(id);
    setText(this.shownCount, t('runs.count', { shown: model.shownRuns().length, total: runs.length }));
  }

  statusText(run: RunInfo): string {
    const { t } = this.messages;
    if (run.live) return t('run.live');
    const o = run.outcome;
    if (!o) return '';
    const phase = knownPhases.has(o.phase) ? t(`phase.${o.phase}` as MessageKey) : o.phase;
    return o.reason ? t('run.outcomeReason', { phase, reason: o.reason }) : t('run.outcome', { phase });
  }

  private renderSelects(direction: 'min' | 'max'): void {
    const { model } = this;
    const { t } = this.messages;
    const tags = model.groups().flatMap((g) => g.tags);
    const tagsKey = tags.join('\n');
    const chosen = model.summaryTag() ?? '';
    if (tagsKey !== this.tagsKey) {
      this.tagsKey = tagsKey;
      this.summaryTag.replaceChildren(
        ...tags.map((tag) => h('vscode-option', { text: tag, attrs: { value: tag, selected: tag === chosen } })),
      );
    }
    if (this.summaryTag.value !== chosen && chosen !== '') this.summaryTag.value = chosen;
    const autoDir = model.ui.best === 'auto' ? direction : undefined;
    const bestKey = `${autoDir ?? ''}|${model.ui.best}`;
    if (bestKey !== this.bestKey) {
      this.bestKey = bestKey;
      const dirText = t(direction === 'min' ? 'best.min' : 'best.max');
      this.best.replaceChildren(
        h('vscode-option', { text: t('best.auto', { dir: dirText }), attrs: { value: 'auto', selected: model.ui.best === 'auto' } }),
        h('vscode-option', { text: t('best.min'), attrs: { value: 'min', selected: model.ui.best === 'min' } }),
        h('vscode-option', { text: t('best.max'), attrs: { value: 'max', selected: model.ui.best === 'max' } }),
      );
    }
    if (this.best.value !== model.ui.best) this.best.value = model.ui.best;
  }

  private renderHead(names: readonly string[], direction: 'min' | 'max'): void {
    const { t } = this.messages;
    const sort = this.model.ui.sort;
    const dirText = t(direction === 'min' ? 'best.min' : 'best.max');
    const columns: [string, string, boolean][] = [
      ['run', t('runs.col.run'), false],
      ['status', t('runs.col.status'), false],
      ...names.map((n): [string, string, boolean] => [`hp:${n}`, n, false]),
      ['last', t('runs.col.last'), true],
      ['best', t('runs.col.best', { dir: dirText }), true],
    ];
    const ths = columns.map(([key, text, numeric]) => {
      const active = sort.key === key;
      const button = h('button', { class: 'sort', attrs: { type: 'button', title: t('runs.sortBy', { column: text }) } }, [
        text,
        h('span', { class: 'sort-arrow', text: active ? (sort.descending ? ' ▼' : ' ▲') : '', attrs: { 'aria-hidden': 'true' } }),
      ]);
      button.addEventListener('click', () => this.controller.sortBy(key));
      return h(
        'th',
        { class: numeric ? 'num' : undefined, attrs: { 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none' } },
        [button],
      );
    });
    this.head.replaceChildren(...ths);
  }

  private renderRow(row: RunRow, names: readonly string[]): RowView {
    const { run } = row;
    let view = this.rows.get(run.id);
    const columnsKey = names.join('\n');
    if (!view || view.columnsKey !== columnsKey) {
      const swatch = h('span', {
        class: `swatch c${((run.color % paletteSize) + paletteSize) % paletteSize}`,
        attrs: { 'aria-hidden': 'true' },
      });
      const checkbox = h('vscode-checkbox', { attrs: { label: run.name, title: this.messages.t('runs.toggle', { name: run.name }) } });
      checkbox.addEventListener('change', () => this.controller.setRunsHidden([run.id], !checkbox.checked));
      const status = h('td', { class: 'status' });
      const params = names.map(() => h('td', { class: 'param' }));
      const last = h('td', { class: 'num' });
      const best = h('td', { class: 'num' });
      const tr = h('tr', { attrs: { 'data-run': run.id } }, [
        h('td', { class: 'run' }, [h('div', { class: 'run-cell' }, [swatch, checkbox])]),
        status,
        ...params,
        last,
        best,
      ]);
      view = { tr, checkbox, status, params, last, best, columnsKey };
      this.rows.set(run.id, view);
    }
    const shown = !this.model.isHidden(run.id);
    if (view.checkbox.checked !== shown) view.checkbox.checked = shown;
    setText(view.status, row.status);
    view.status.classList.toggle('live', run.live);
    view.status.classList.toggle('failed', !run.live && run.outcome !== undefined && run.outcome.phase !== 'Completed');
    names.forEach((n, i) => {
      const cell = view.params[i];
      if (cell) setText(cell, run.hyperParameters[n] ?? '');
    });
    setText(view.last, formatValue(row.last));
    setText(view.best, formatValue(row.best));
    view.tr.classList.toggle('hidden-run', !shown);
    return view;
  }
}
