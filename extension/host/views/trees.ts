import type { ViewId } from './viewIds';

/** What Trees needs of a view (a ResourceTree): little, so Trees is unit-tested without VS Code. */
export interface RefreshableView {
  readonly id: ViewId;
  refresh(): void;
  /** Shows the next page of a paged view, then reloads it. */
  loadMore(): void;
  /** Shows a node of the view, its parents expanded (views that know parents). */
  reveal?(node: unknown): Promise<void>;
  dispose(): void;
}

/**
 * The six views, for commands that reload them or page one of them. A command reloads only the
 * views that show what it changed: reloading all six costs six listings for one notebook stopped.
 */
export class Trees {
  constructor(readonly all: readonly RefreshableView[]) {}

  /** Reloads the named views (at least one: "refresh nothing" is never what a caller means). */
  refresh(...views: readonly [ViewId, ...ViewId[]]): void {
    for (const tree of this.all) if (views.includes(tree.id)) tree.refresh();
  }

  /** Reloads every view: the Refresh button, and changes every view shows (another platform or workspace). */
  refreshAll(): void {
    for (const tree of this.all) tree.refresh();
  }

  loadMore(viewId: ViewId): void {
    this.all.find((t) => t.id === viewId)?.loadMore();
  }

  /** Shows `node` in its view: Storage's Reveal after an upload. */
  async reveal(viewId: ViewId, node: unknown): Promise<void> {
    await this.all.find((t) => t.id === viewId)?.reveal?.(node);
  }

  dispose(): void {
    for (const tree of this.all) tree.dispose();
  }
}
