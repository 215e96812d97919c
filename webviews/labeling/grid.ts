/**
 * The thumbnail grid's state, pure: which samples the filter matches (paged in from the host on
 * demand, 100 at a time, only the pages near the viewport), which rows are in view, and the
 * multi-selection. The view mounts only the rows this says are visible, so 100,000 samples
 * cost the DOM what 30 do.
 */
import type { SampleFilter, SamplePage, SampleSummary } from '../protocol/labeling';

export const pageSize = 100;
/** Pages kept in memory; the farthest from the viewport go first. */
const maxPages = 40;

export interface GridLayout {
  readonly columns: number;
  readonly cellWidth: number;
  readonly rowHeight: number;
}

/** As many columns of at least `minCell` pixels as fit; cells share the width evenly. */
export function gridLayout(width: number, minCell: number, captionHeight: number, gap: number): GridLayout {
  const columns = Math.max(1, Math.floor((width + gap) / (minCell + gap)));
  const cellWidth = Math.floor((width - gap * (columns - 1)) / columns);
  return { columns, cellWidth, rowHeight: cellWidth + captionHeight + gap };
}

/** The sample indices [first, end) whose rows intersect the viewport, with `overscan` rows either side. */
export function visibleRange(
  layout: GridLayout,
  scrollTop: number,
  viewportHeight: number,
  total: number,
  overscan = 2,
): { first: number; end: number } {
  const firstRow = Math.max(0, Math.floor(scrollTop / layout.rowHeight) - overscan);
  const lastRow = Math.ceil((scrollTop + viewportHeight) / layout.rowHeight) + overscan;
  return { first: Math.min(total, firstRow * layout.columns), end: Math.min(total, lastRow * layout.columns) };
}

export function filterKey(f: SampleFilter): string {
  return JSON.stringify([f.state, f.label ?? '', f.search?.toLowerCase() ?? '']);
}

/**
 * The samples of one filter, as far as they are loaded. A new filter starts a new generation:
 * answers to the old one's requests are dropped when they arrive.
 */
export class SampleWindow {
  private pages = new Map<number, SampleSummary[]>();
  private readonly pending = new Set<number>();
  private generationNo = 0;
  total: number | undefined;

  constructor(public filter: SampleFilter) {}

  get generation(): number {
    return this.generationNo;
  }

  setFilter(filter: SampleFilter): boolean {
    if (filterKey(filter) === filterKey(this.filter)) return false;
    this.filter = filter;
    this.reset();
    return true;
  }

  /** Forget what is loaded (the dataset changed under the filter): the view asks again. */
  reset(): void {
    this.pages = new Map();
    this.pending.clear();
    this.total = undefined;
    this.generationNo++;
  }

  /** Pages needed for [first, end) that are neither loaded nor asked for; they are marked asked. */
  claim(first: number, end: number): number[] {
    const out: number[] = [];
    const last = this.total === undefined ? Math.max(first, end - 1) : Math.min(end, this.total) - 1;
    for (let p = Math.floor(first / pageSize); p <= Math.floor(Math.max(first, last) / pageSize); p++) {
      if (this.pages.has(p) || this.pending.has(p)) continue;
      if (this.total !== undefined && p * pageSize >= this.total && p > 0) continue;
      this.pending.add(p);
      out.push(p);
    }
    return out;
  }

  /** An answer arrived; false when it belongs to an older filter. `near` is the index in view (for eviction). */
  settle(generation: number, page: number, answer: SamplePage | undefined, near = page * pageSize): boolean {
    if (generation !== this.generationNo) return false;
    this.pending.delete(page);
    if (!answer) return true;
    this.total = answer.total;
    this.pages.set(page, [...answer.items]);
    this.evict(Math.floor(near / pageSize));
    return true;
  }

  isPending(index: number): boolean {
    return this.pending.has(Math.floor(index / pageSize));
  }

  at(index: number): SampleSummary | undefined {
    return this.pages.get(Math.floor(index / pageSize))?.[index % pageSize];
  }

  /** Where a loaded sample is, or -1. */
  indexOf(id: string): number {
    for (const [p, items] of this.pages) {
      const i = items.findIndex((s) => s.id === id);
      if (i >= 0) return p * pageSize + i;
    }
    return -1;
  }

  /** Loaded samples, in order (for select-all and batch labels). */
  loaded(): SampleSummary[] {
    return [...this.pages.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, items]) => items);
  }

  /** A sample's summary changed (it was labelled): the cell shows it at once, where it is. */
  update(id: string, change: (s: SampleSummary) => SampleSummary): void {
    for (const items of this.pages.values()) {
      const i = items.findIndex((s) => s.id === id);
      if (i >= 0) items[i] = change(items[i] as SampleSummary);
    }
  }

  private evict(nearPage: number): void {
    if (this.pages.size <= maxPages) return;
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - nearPage) - Math.abs(a - nearPage));
    for (const p of far.slice(0, this.pages.size - maxPages)) this.pages.delete(p);
  }
}

/** The grid's multi-selection: click, Ctrl+click toggles, Shift+click selects a range from the anchor. */
export class GridSelection {
  readonly ids = new Set<string>();
  anchor: number | undefined;
  /** The cell with the keyboard focus (an index into the filtered samples). */
  focus = 0;

  click(
    index: number,
    id: string,
    mods: { readonly toggle: boolean; readonly range: boolean },
    idAt: (i: number) => string | undefined,
  ): void {
    if (mods.range && this.anchor !== undefined) {
      if (!mods.toggle) this.ids.clear();
      const [a, b] = this.anchor < index ? [this.anchor, index] : [index, this.anchor];
      for (let i = a; i <= b; i++) {
        const at = idAt(i);
        if (at !== undefined) this.ids.add(at);
      }
    } else if (mods.toggle) {
      if (this.ids.has(id)) this.ids.delete(id);
      else this.ids.add(id);
      this.anchor = index;
    } else {
      this.ids.clear();
      this.ids.add(id);
      this.anchor = index;
    }
    this.focus = index;
  }

  toggle(index: number, id: string): void {
    if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
    this.anchor = index;
  }

  set(ids: readonly string[]): void {
    this.ids.clear();
    for (const id of ids) this.ids.add(id);
  }

  clear(): void {
    this.ids.clear();
    this.anchor = undefined;
  }
}
