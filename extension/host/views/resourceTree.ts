import * as vscode from 'vscode';
import { isAbortError } from '../../core/util/abort';
import { DisposableStore } from '../../core/util/disposable';
import type { Connection, PlatformSession } from '../platform/session';
import { type CommonNode, describeCommon, type NodeDescription } from './node';
import type { RefreshableView } from './trees';
import { isNodeOfKind } from './treeNode';
import type { ViewId } from './viewIds';

/** What a view supplies: how to load its nodes and how they look. */
export interface ViewSpec<N> {
  readonly viewId: ViewId;
  /** Children of `parent` (undefined: the top level). May return a `loadMore` node last. */
  children(parent: N | undefined, connection: Connection, signal: AbortSignal): Promise<readonly (N | CommonNode)[]>;
  describe(node: N): NodeDescription;
  /** True while a node is in a transitional state (starting, queued…): the view then polls faster. */
  isTransitional?(node: N): boolean;
  /** Asked to show more (the `loadMore` node was clicked). */
  loadMore?(): void;
  /** A short note next to the view's title, such as the active filter; undefined for none. */
  viewDescription?(): string | undefined;
  /** The node above `node` (undefined at the top): a view that has it can reveal nodes it has not loaded yet. */
  parent?(node: N): N | undefined;
}

const isCommon = (node: unknown): node is CommonNode => isNodeOfKind(node, ['error', 'loadMore']);

/** Poll while visible: fast while something is changing, slow otherwise, slower after errors. */
const pollMs = { transitional: 3_000, idle: 30_000, maxBackoff: 120_000 };

/** How long a reveal waits for a view opened by it to load its top level. */
const revealWaitMs = 10_000;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref?.());

/**
 * One tree view over a spec. Empty while no platform is connected, so the welcome content shows;
 * a failed load becomes an error node with retry rather than a modal; refreshes only while the
 * view is visible.
 */
export class ResourceTree<N> implements vscode.TreeDataProvider<N | CommonNode>, RefreshableView, vscode.Disposable {
  private readonly store = new DisposableStore();
  private readonly changed = this.store.add(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<N | CommonNode>;
  private lifetime = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private transitional = false;
  private failures = 0;
  private rootLoadWaiters: (() => void)[] = [];

  constructor(
    readonly spec: ViewSpec<N>,
    private readonly session: PlatformSession,
    dragAndDropController?: vscode.TreeDragAndDropController<N | CommonNode>,
  ) {
    this.view = this.store.add(
      vscode.window.createTreeView(spec.viewId, {
        treeDataProvider: this,
        showCollapseAll: false,
        canSelectMany: true,
        ...(dragAndDropController ? { dragAndDropController } : {}),
      }),
    );
    this.store.add(session.onDidChange(() => this.refresh()));
    this.store.add(this.view.onDidChangeVisibility(() => this.schedule()));
  }

  get id(): ViewId {
    return this.spec.viewId;
  }

  refresh(): void {
    this.lifetime.abort();
    this.lifetime = new AbortController();
    this.changed.fire();
  }

  loadMore(): void {
    this.spec.loadMore?.();
    this.refresh();
  }

  /**
   * What the view shows now: its rows `levels` deep, described as the user sees them, loaded fresh
   * with a signal of their own (a refresh of the view does not cut them short). For the
   * extension's exports, so tests read a view the way a user does.
   */
  async rows(levels = 1): Promise<NodeDescription[]> {
    const connection = this.session.current();
    if (!connection) return [];
    const signal = new AbortController().signal;
    const walk = async (parent: N | undefined, depth: number): Promise<NodeDescription[]> => {
      const rows: NodeDescription[] = [];
      for (const node of await this.spec.children(parent, connection, signal)) {
        if (isCommon(node)) {
          rows.push(describeCommon(node, vscode.l10n.t));
          continue;
        }
        rows.push(this.spec.describe(node));
        if (depth > 1) rows.push(...(await walk(node, depth - 1)));
      }
      return rows;
    };
    return walk(undefined, levels);
  }

  /** For reveal: VS Code walks up from the node to find the rows to expand. */
  getParent(node: N | CommonNode): N | undefined {
    return isCommon(node) ? undefined : this.spec.parent?.(node);
  }

  /**
   * Shows a node (one the view may not have loaded yet: rows are matched by their ids), expanding
   * its parents, selected. Only views whose spec knows parents can.
   */
  async reveal(node: unknown): Promise<void> {
    if (!this.spec.parent) return;
    const wanted = this.spec.describe(node as N).id;
    // A view that was folded or never shown loads its top level only once the focus opens it; a
    // reveal sent before that load ends finds no rows to expand and does nothing. So wait for the
    // load, and reveal again (a few times) until the node is the selection.
    const firstLoad = this.view.visible ? Promise.resolve() : this.nextRootLoad();
    await vscode.commands.executeCommand(`${this.spec.viewId}.focus`);
    await Promise.race([firstLoad, delay(revealWaitMs)]);
    for (let attempt = 1; ; attempt++) {
      await this.view.reveal(node as N, { select: true, focus: true, expand: true });
      if (this.view.selection.some((n) => !isCommon(n) && this.spec.describe(n).id === wanted) || attempt === 3) return;
      await Promise.race([this.nextRootLoad(), delay(revealWaitMs / 4)]);
    }
  }

  /** Resolves when the view's top level has next been loaded. */
  private nextRootLoad(): Promise<void> {
    return new Promise((resolve) => this.rootLoadWaiters.push(resolve));
  }

  getTreeItem(node: N | CommonNode): vscode.TreeItem {
    const d = isCommon(node) ? describeCommon(node, vscode.l10n.t) : this.spec.describe(node);
    const state =
      d.collapsible === 'expanded'
        ? vscode.TreeItemCollapsibleState.Expanded
        : d.collapsible === 'collapsed'
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(d.label, state);
    item.id = d.id;
    item.description = d.description;
    item.tooltip = d.tooltip ? untrustedMarkdown(d.tooltip) : undefined;
    item.contextValue = d.contextValue;
    if (d.icon) {
      const [icon, color] = d.icon.split('|');
      item.iconPath = new vscode.ThemeIcon(icon as string, color ? new vscode.ThemeColor(color) : undefined);
    }
    if (d.command)
      item.command = { command: d.command.command, title: d.command.title, arguments: d.command.arguments ? [...d.command.arguments] : [] };
    return item;
  }

  async getChildren(parent?: N | CommonNode): Promise<(N | CommonNode)[]> {
    if (!parent) this.view.description = this.spec.viewDescription?.();
    const connection = this.session.current();
    if (!connection || (parent && isCommon(parent))) return [];
    try {
      const nodes = await this.spec.children(parent, connection, this.lifetime.signal);
      if (!parent) {
        for (const resolve of this.rootLoadWaiters.splice(0)) resolve();
        this.failures = 0;
        this.transitional = nodes.some((n) => !isCommon(n) && (this.spec.isTransitional?.(n) ?? false));
        this.schedule();
      }
      return [...nodes];
    } catch (err) {
      if (isAbortError(err)) return [];
      this.failures++;
      this.schedule();
      return [{ kind: 'error', viewId: this.spec.viewId, message: err instanceof Error ? err.message : String(err) }];
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.view.visible || !this.session.current()) return;
    const base = this.transitional ? pollMs.transitional : pollMs.idle;
    const delay = this.failures > 0 ? Math.min(pollMs.maxBackoff, base * 2 ** this.failures) : base;
    this.timer = setTimeout(() => this.refresh(), delay);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.lifetime.abort();
    this.store.dispose();
  }
}

/**
 * A tooltip's Markdown holds platform text (escaped by the describe functions, see `markdown.ts`);
 * as a second guard it is untrusted: no command links run, no HTML, no `$(icon)` syntax.
 */
function untrustedMarkdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
