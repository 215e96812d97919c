import type { Services } from '../services';
import { isViewId, type ViewId } from '../views/viewIds';

/** Reloads every ModelArts view (the Refresh button, and Retry on a failed load). */
export async function refresh(services: Services): Promise<void> {
  services.trees.refreshAll();
}

/** Shows the next page of a paged view (the "Load more…" node passes its view's id). */
export async function loadMore(services: Services, viewId?: ViewId): Promise<void> {
  if (isViewId(viewId)) services.trees.loadMore(viewId);
}
