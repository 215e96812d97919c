import type { Services } from '../services';

/** Reloads every ModelArts view. */
export async function refresh(services: Services): Promise<void> {
  services.trees.refresh();
}

/** Shows the next page of a paged view (the "Load more…" node). */
export async function loadMore(services: Services, viewId?: unknown): Promise<void> {
  if (typeof viewId === 'string') services.trees.loadMore(viewId);
}
