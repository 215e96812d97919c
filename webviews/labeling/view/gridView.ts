/**
 * The virtualised thumbnail grid: a scroller whose inner height stands for every sample of the
 * filter, and a pool of absolutely placed cells for the rows in view (plus two either side), so
 * the DOM holds about as many cells at 100,000 samples as at 30. Pages come from the host as the
 * view reaches them; thumbnails the host has not cached yet are made here (a few at a time,
 * visible cells first) and sent back to it. It is one listbox: arrows move the focus, Space and
 * Ctrl/Shift+click select, Enter opens, and 1–9 label the selection.
 */
import type { SampleSummary } from '../../protocol/labeling';
import type { LabelingController } from '../controller';
import { gridLayout, type GridLayout, visibleRange } from '../grid';
import type { Messages } from '../i18n';
import type { LabelingModel } from '../model';
import { h, setHidden, setText } from '../../common/dom';
import { makeThumbnail } from './images';

const minCell = 150;
const captionHeight = 40;
const gap = 8;
const thumbnailsAtOnce = 6;

interface Cell {
  readonly el: HTMLElement;
  readonly img: HTMLImageElement;
  readonly text: HTMLElement;
  readonly name: HTMLElement;
  readonly labels: HTMLElement;
  index: number;
}

export class GridView {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly sizer: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly emptyTitle: HTMLElement;
  private readonly emptyNext: HTMLElement;
  private readonly showAll: HTMLButtonElement;
  private layout: GridLayout = { columns: 1, cellWidth: minCell, rowHeight: minCell + captionHeight + gap };
  private readonly pool: Cell[] = [];
  private frame: number | undefined;
  private scrollRestored = false;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;
  /** Thumbnails being made, by sample id, and the queue of ones still to make. */
  private readonly making = new Set<string>();
  private queue: string[] = [];
  private firstThumbsMarked = false;
  private firstPageMarked = false;

  constructor(
    private readonly model: LabelingModel,
    private readonly controller: LabelingController,
    private readonly messages: Messages,
  ) {
    const { t } = messages;
    this.sizer = h('div', { class: 'grid-sizer' });
    this.scroller = h(
      'div',
      {
        class: 'grid-scroller',
        attrs: { role: 'listbox', tabindex: 0, 'aria-multiselectable': 'true', 'aria-label': t('grid.hint'), id: 'grid' },
      },
      [this.sizer],
    );
    this.emptyTitle = h('strong');
    this.emptyNext = h('p');
    this.showAll = h('button', { class: 'link-button', text: t('empty.noMatch.next'), attrs: { type: 'button' } });
    this.showAll.addEventListener('click', () => this.controller.setFilter({ state: 'all' }));
    this.empty = h('div', { class: 'empty-state', attrs: { role: 'status', hidden: true } }, [
      this.emptyTitle,
      this.emptyNext,
      this.showAll,
    ]);
    this.element = h('section', { class: 'grid-view' }, [this.scroller, this.empty]);
    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.scroller.addEventListener('click', (e) => this.onClick(e));
    this.scroller.addEventListener('dblclick', (e) => {
      const cell = this.cellOf(e.target);
      if (cell) void this.controller.openAt(cell.index);
    });
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
  }

  focus(): void {
    this.scroller.focus({ preventScroll: true });
  }

  /** Re-reads the window and the selection into the cells in view. */
  render(): void {
    this.schedule();
  }

  /** Arrows, Home/End, PageUp/Down move the keyboard focus; true when the key was one of those. */
  moveFocus(key: string): boolean {
    const total = this.model.window.total ?? 0;
    if (total === 0) return false;
    const cols = this.layout.columns;
    const rowsInView = Math.max(1, Math.floor(this.scroller.clientHeight / this.layout.rowHeight));
    const steps: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: cols,
      ArrowUp: -cols,
      PageDown: cols * rowsInView,
      PageUp: -cols * rowsInView,
    };
    const s = this.model.selection;
    let next: number;
    if (key === 'Home') next = 0;
    else if (key === 'End') next = total - 1;
    else if (steps[key] !== undefined) next = s.focus + steps[key];
    else return false;
    s.focus = Math.max(0, Math.min(total - 1, next));
    this.scrollToIndex(s.focus);
    this.schedule();
    return true;
  }

  private scrollToIndex(index: number): void {
    const top = Math.floor(index / this.layout.columns) * this.layout.rowHeight;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + this.layout.rowHeight > this.scroller.scrollTop + this.scroller.clientHeight)
      this.scroller.scrollTop = top + this.layout.rowHeight - this.scroller.clientHeight;
  }

  private schedule(): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.draw();
    });
  }

  private onScroll(): void {
    this.schedule();
    if (this.scrollTimer !== undefined) clearTimeout(this.scrollTimer);
    this.scrollTimer = setTimeout(() => this.controller.setScrollTop(this.scroller.scrollTop), 250);
  }

  private draw(): void {
    const w = this.model.window;
    const total = w.total;
    // Before the first answer: one page is asked for, to learn the total.
    if (total === undefined) {
      this.controller.ensureRange(0, 1);
      return;
    }
    this.showEmpty(total);
    const width = this.scroller.clientWidth - gap;
    if (total === 0 || width <= 0) return;
    this.layout = gridLayout(width, minCell, captionHeight, gap);
    const rows = Math.ceil(total / this.layout.columns);
    this.sizer.style.height = `${rows * this.layout.rowHeight}px`;
    if (!this.scrollRestored && total > 0) {
      this.scrollRestored = true;
      if (this.model.ui.scrollTop > 0) this.scroller.scrollTop = this.model.ui.scrollTop;
    }
    const { first, end } = visibleRange(this.layout, this.scroller.scrollTop, this.scroller.clientHeight, total);
    this.controller.ensureRange(first, end);
    const count = end - first;
    while (this.pool.length < count) this.pool.push(this.makeCell());
    const wanted: Node[] = [this.sizer];
    const queue: string[] = [];
    for (let i = 0; i < count; i++) {
      const cell = this.pool[i] as Cell;
      this.fill(cell, first + i, w.at(first + i), queue);
      wanted.push(cell.el);
    }
    // Cells beyond the count leave the DOM; the pool keeps them for the next scroll.
    for (let i = count; i < this.pool.length; i++) (this.pool[i] as Cell).el.remove();
    for (const node of wanted) if (node.parentNode !== this.scroller) this.scroller.append(node);
    const focused = w.at(this.model.selection.focus);
    if (focused) this.scroller.setAttribute('aria-activedescendant', `cell-${this.model.selection.focus}`);
    this.queueThumbnails(queue);
    this.markFirstScreen(first, count);
  }

  private showEmpty(total: number): void {
    const { t } = this.messages;
    const filtered =
      this.model.ui.filter.state !== 'all' || this.model.ui.filter.label !== undefined || this.model.ui.filter.search !== undefined;
    setHidden(this.empty, total > 0);
    setHidden(this.scroller, total === 0);
    if (total > 0) return;
    setText(this.emptyTitle, filtered ? t('empty.noMatch.title') : t('empty.noSamples.title'));
    setText(this.emptyNext, filtered ? '' : t('empty.noSamples.next'));
    setHidden(this.showAll, !filtered);
  }

  private makeCell(): Cell {
    const img = h('img', { class: 'thumb', attrs: { alt: '', draggable: 'false', decoding: 'async' } });
    const text = h('div', { class: 'text-preview' });
    const name = h('div', { class: 'cell-name' });
    const labels = h('div', { class: 'cell-labels' });
    const el = h('div', { class: 'cell', attrs: { role: 'option' } }, [h('div', { class: 'thumb-box' }, [img, text]), name, labels]);
    return { el, img, text, name, labels, index: -1 };
  }

  private fill(cell: Cell, index: number, s: SampleSummary | undefined, queue: string[]): void {
    const { columns, cellWidth, rowHeight } = this.layout;
    cell.index = index;
    const el = cell.el;
    el.style.transform = `translate(${(index % columns) * (cellWidth + gap)}px, ${Math.floor(index / columns) * rowHeight}px)`;
    el.style.width = `${cellWidth}px`;
    el.style.height = `${rowHeight - gap}px`;
    el.id = `cell-${index}`;
    el.dataset.index = String(index);
    const selected = s !== undefined && this.model.selection.ids.has(s.id);
    el.setAttribute('aria-selected', String(selected));
    el.classList.toggle('focused', index === this.model.selection.focus);
    el.classList.toggle('loading', s === undefined);
    el.classList.toggle('hard', s?.hard ?? false);
    if (!s) {
      el.removeAttribute('data-id');
      setText(cell.name, this.messages.t('grid.loading'));
      cell.labels.replaceChildren();
      cell.img.removeAttribute('src');
      setHidden(cell.text, true);
      return;
    }
    el.dataset.id = s.id;
    setText(cell.name, s.name);
    cell.name.title = s.name;
    el.setAttribute(
      'aria-label',
      this.messages.t('grid.cellLabel', { name: s.name, labels: s.labels.join(', ') || this.messages.t('grid.unlabelled') }),
    );
    const chips = s.labels.map((l) => {
      const chip = h('span', { class: 'chip', text: l });
      chip.style.setProperty('--ma-chip', this.model.labelColor(l));
      return chip;
    });
    if (cell.labels.textContent !== s.labels.join('')) cell.labels.replaceChildren(...chips);
    if (s.preview !== undefined) {
      setHidden(cell.text, false);
      setText(cell.text, s.preview);
      cell.img.removeAttribute('src');
      setHidden(cell.img, true);
    } else {
      setHidden(cell.text, true);
      setHidden(cell.img, false);
      if (s.thumb) {
        if (cell.img.getAttribute('src') !== s.thumb) cell.img.src = s.thumb;
      } else {
        cell.img.removeAttribute('src');
        queue.push(s.id);
      }
    }
  }

  private queueThumbnails(visible: string[]): void {
    // What is in view now goes first; what scrolled away is not made.
    this.queue = visible.filter((id) => !this.making.has(id));
    this.pump();
  }

  private pump(): void {
    while (this.making.size < thumbnailsAtOnce && this.queue.length > 0) {
      const id = this.queue.shift() as string;
      this.making.add(id);
      void this.makeOne(id).finally(() => {
        this.making.delete(id);
        this.pump();
      });
    }
  }

  private async makeOne(id: string): Promise<void> {
    try {
      const { uri, key } = await this.controller.imageOf(id);
      const { bytes, type } = await makeThumbnail(uri);
      await this.controller.storeThumbnail({ sampleId: id, key, type, bytes });
      this.schedule();
    } catch {
      // The cell keeps its placeholder; the next scroll past it tries again.
    }
  }

  /**
   * The bench's figures: `labeling:first-page` when the first cells show their samples, and
   * `labeling:first-thumbs` when every cell in view (not the rows kept ready beyond it) shows its
   * thumbnail, decoded.
   */
  private markFirstScreen(first: number, count: number): void {
    if (this.firstThumbsMarked || count === 0) return;
    const top = this.scroller.scrollTop;
    const bottom = top + this.scroller.clientHeight;
    const inView = this.pool.slice(0, count).filter((c) => {
      const row = Math.floor(c.index / this.layout.columns) * this.layout.rowHeight;
      return c.index >= first && row < bottom && row + this.layout.rowHeight > top;
    });
    if (!this.firstPageMarked && inView.some((c) => c.el.dataset.id !== undefined)) {
      this.firstPageMarked = true;
      performance.mark('labeling:first-page');
    }
    const images = inView.filter((c) => !c.img.hidden);
    if (images.length === 0 || images.some((c) => !c.img.getAttribute('src'))) return;
    this.firstThumbsMarked = true;
    void Promise.all(images.map((c) => c.img.decode().catch(() => undefined))).then(() => performance.mark('labeling:first-thumbs'));
  }

  private cellOf(target: EventTarget | null): Cell | undefined {
    const el = (target as HTMLElement | null)?.closest<HTMLElement>('.cell');
    return el ? this.pool.find((c) => c.el === el) : undefined;
  }

  private onClick(e: MouseEvent): void {
    const cell = this.cellOf(e.target);
    const s = cell ? this.model.window.at(cell.index) : undefined;
    if (!cell || !s) return;
    this.model.selection.click(cell.index, s.id, { toggle: e.ctrlKey || e.metaKey, range: e.shiftKey }, (i) => this.model.window.at(i)?.id);
    this.focus();
    this.controller.gridSelectionChanged();
  }
}
