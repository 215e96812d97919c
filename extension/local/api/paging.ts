/**
 * The page shape of the notebook, image and flavor families: `{current, data, pages, size, total}`
 * with `offset` a record offset and `current` the 0-based page index it falls in.
 */
export function pageOf<T>(
  all: readonly T[],
  offset: number,
  limit: number,
): { current: number; data: T[]; pages: number; size: number; total: number } {
  const data = all.slice(offset, offset + limit);
  return { current: Math.floor(offset / limit), data, pages: Math.ceil(all.length / limit), size: data.length, total: all.length };
}
