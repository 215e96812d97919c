import type { Services } from '../services';

/** Reloads every ModelArts view. */
export async function refresh(services: Services): Promise<void> {
  for (const tree of services.trees) tree.refresh();
}
