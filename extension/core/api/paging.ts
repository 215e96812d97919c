/**
 * Paging over ModelArts lists. Each API family pages differently (reference §8.2): record offsets
 * or page indexes, and a total under a different name. One generic loop, parameterised by a
 * {@link PageConvention} per family, so resource methods only say how to fetch page N.
 */
import { throwIfAborted } from '../util/abort';

/** Which page to fetch: `offset` already in the family's unit (records or page index). */
export interface PageRequest {
  readonly offset: number;
  readonly limit: number;
  /** 0-based page number, whatever the unit of `offset`. */
  readonly index: number;
}

/** How one family's pages work. */
export interface PageConvention<TPage, TItem> {
  /** `record`: offset counts items; `page`: offset is the page index (training searches). */
  readonly offsetUnit: 'record' | 'page';
  /** The page's items (an absent array counts as an empty page). */
  items(page: TPage): readonly TItem[] | undefined;
  /** The total number of items across all pages, when the page says. */
  total(page: TPage): number | undefined;
}

/** Options of {@link pages} and {@link items}. */
export interface PagingOptions {
  /** Items per page; use the family's maximum to make fewer calls. */
  readonly limit: number;
  readonly signal?: AbortSignal;
  /**
   * Stop after this many pages even if the server keeps answering: a server that ignores
   * `offset` would otherwise loop forever. Default 10 000.
   */
  readonly maxPages?: number;
}

/**
 * Fetches pages one after another until a page is empty, the items seen reach the total, or a
 * page comes back shorter than `limit` while no total is given. Checks `signal` between pages and
 * passes it to every fetch.
 */
export async function* pages<TPage, TItem>(
  fetchPage: (req: PageRequest, signal?: AbortSignal) => Promise<TPage>,
  convention: PageConvention<TPage, TItem>,
  options: PagingOptions,
): AsyncGenerator<TPage, void, undefined> {
  const { limit, signal } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number ≥ 1, not ${limit}`);
  const maxPages = options.maxPages ?? 10_000;
  let seen = 0;
  for (let index = 0; index < maxPages; index++) {
    throwIfAborted(signal);
    const offset = convention.offsetUnit === 'page' ? index : index * limit;
    const page = await fetchPage({ offset, limit, index }, signal);
    const pageItems = convention.items(page) ?? [];
    if (pageItems.length === 0) return;
    yield page;
    seen += pageItems.length;
    const total = convention.total(page);
    if (total !== undefined ? seen >= total : pageItems.length < limit) return;
  }
}

/** The items of {@link pages}, one by one. */
export async function* items<TPage, TItem>(
  fetchPage: (req: PageRequest, signal?: AbortSignal) => Promise<TPage>,
  convention: PageConvention<TPage, TItem>,
  options: PagingOptions,
): AsyncGenerator<TItem, void, undefined> {
  for await (const page of pages(fetchPage, convention, options)) yield* convention.items(page) ?? [];
}

/** All items in one array (for small lists: workspaces, flavors, labels). */
export async function collectItems<TPage, TItem>(
  fetchPage: (req: PageRequest, signal?: AbortSignal) => Promise<TPage>,
  convention: PageConvention<TPage, TItem>,
  options: PagingOptions,
): Promise<TItem[]> {
  const out: TItem[] = [];
  for await (const item of items(fetchPage, convention, options)) out.push(item);
  return out;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Workspaces: `offset` records, `limit` (≤ 1000); `{total_count, count, workspaces[]}`. */
export function workspacePaging<T>(): PageConvention<{ total_count?: number; workspaces?: readonly T[] }, T> {
  return { offsetUnit: 'record', items: (p) => p.workspaces, total: (p) => num(p.total_count) };
}

/**
 * Notebooks, images, flavors, storage: `offset` records, `limit`; `{current, pages, size, total, data[]}`.
 * (Whether `offset` counts records or pages on the cloud is not certain; records match the local
 * daemon and OTC's wording, and the total stops the loop either way.)
 */
export function dataPaging<T>(): PageConvention<{ total?: number; data?: readonly T[] }, T> {
  return { offsetUnit: 'record', items: (p) => p.data, total: (p) => num(p.total) };
}

/** Training job searches: a POST body whose `offset` is a page index (0-based), `limit` ≤ 50; `{total, count, items[]}`. */
export function trainingSearchPaging<T>(): PageConvention<{ total?: number; items?: readonly T[] }, T> {
  return { offsetUnit: 'page', items: (p) => p.items, total: (p) => num(p.total) };
}

/** Training events: `offset` records, `limit` ≤ 100; `{total, events[]}`. */
export function trainingEventPaging<T>(): PageConvention<{ total?: number; events?: readonly T[] }, T> {
  return { offsetUnit: 'record', items: (p) => p.events, total: (p) => num(p.total) };
}

/** Datasets: `offset` records, `limit` ≤ 100; `{total_number, datasets[]}`. */
export function datasetPaging<T>(): PageConvention<{ total_number?: number; datasets?: readonly T[] }, T> {
  return { offsetUnit: 'record', items: (p) => p.datasets, total: (p) => num(p.total_number) };
}

/** Samples: `offset` records, `limit` ≤ 100; `{sample_count, samples[]}`. */
export function samplePaging<T>(): PageConvention<{ sample_count?: number; samples?: readonly T[] }, T> {
  return { offsetUnit: 'record', items: (p) => p.samples, total: (p) => num(p.sample_count) };
}

/** Labels: `offset` records, `limit` ≤ 100 000; `{total_number, labels[]}`. */
export function labelPaging<T>(): PageConvention<{ total_number?: number; labels?: readonly T[] }, T> {
  return { offsetUnit: 'record', items: (p) => p.labels, total: (p) => num(p.total_number) };
}
