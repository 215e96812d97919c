import * as vscode from 'vscode';
import { DisposableStore } from '../../core/util/disposable';
import type { ViewId } from './viewIds';

/**
 * A view's items as pure data; the provider turns them into TreeItems in one place, so labels and
 * context values stay testable without VS Code.
 */
export interface ResourceNode {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: string;
  /** `<kind>.<state>`, matched by the manifest's menus. */
  readonly contextValue: string;
}

/** Loads a view's top-level nodes; it resolves to no nodes while no platform is connected. */
export type NodeLoader = (signal: AbortSignal) => Promise<readonly ResourceNode[]>;

/**
 * One tree view over a loader. An empty result lets VS Code show the view's `viewsWelcome`
 * content, which is how the signed-out and empty states lead to the next step.
 */
export class ResourceTree implements vscode.TreeDataProvider<ResourceNode>, vscode.Disposable {
  private readonly store = new DisposableStore();
  /** Aborted on dispose, so a load still in flight when the view goes away stops. */
  private readonly lifetime = new AbortController();
  private readonly changed = this.store.add(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ResourceNode>;

  constructor(
    readonly id: ViewId,
    private readonly load: NodeLoader,
  ) {
    this.view = this.store.add(vscode.window.createTreeView(id, { treeDataProvider: this, showCollapseAll: false }));
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(node: ResourceNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
    return item;
  }

  async getChildren(parent?: ResourceNode): Promise<ResourceNode[]> {
    if (parent) return [];
    return [...(await this.load(this.lifetime.signal))];
  }

  dispose(): void {
    this.lifetime.abort();
    this.store.dispose();
  }
}
