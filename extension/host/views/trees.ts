import type * as vscode from 'vscode';
import type { ResourceTree } from './resourceTree';

/** The six views, for commands that refresh them or page one of them. */
export class Trees implements vscode.Disposable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each tree has its own node type; callers only refresh
  constructor(readonly all: readonly ResourceTree<any>[]) {}

  refresh(): void {
    for (const tree of this.all) tree.refresh();
  }

  loadMore(viewId: string): void {
    const tree = this.all.find((t) => t.id === viewId);
    tree?.spec.loadMore?.();
    tree?.refresh();
  }

  dispose(): void {
    for (const tree of this.all) tree.dispose();
  }
}
