import type { ViewId } from './viewIds';

/** What Trees needs of a view (a ResourceTree): little, so Trees is unit-tested without VS Code. */
export interface RefreshableView {
  readonly id: ViewId;
  refresh(): void;
  /** Shows the next page of a paged view, then reloads it. */
  loadMore(): void;
  /** Opens the view on `node`, selected (views whose nodes know their parent). */
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

  /** Opens a view on one of its nodes, selected and focused. */
  async reveal(viewId: ViewId, node: unknown): Promise<void> {
    const view = this.all.find((t) => t.id === viewId);
    if (!view?.reveal) throw new Error(`The view ${viewId} cannot reveal a node.`);
    await view.reveal(node);
  }

  dispose(): void {
    for (const tree of this.all) tree.dispose();
  }
}
