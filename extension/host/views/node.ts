/**
 * How a tree node looks, as pure data: every view's `describe(node)` returns one, so labels,
 * icons and context values are unit-tested without VS Code, and one adapter turns it into a
 * TreeItem. (No `vscode` import here, on purpose.)
 */
import type { Translate } from '../../core/util/translate';
import { mdText } from './markdown';

export type { Translate };
export interface NodeDescription {
  /** Stable across refreshes (server ids), so expansion and selection survive. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  /** A codicon id, optionally with a theme colour: `vm-running` or `error|errorForeground`. */
  readonly icon?: string;
  /** `<kind>.<state>`, matched by the manifest's menus. */
  readonly contextValue: string;
  readonly collapsible?: 'collapsed' | 'expanded';
  /** A command run on click (e.g. "load more"). */
  readonly command?: { readonly command: string; readonly title: string; readonly arguments?: readonly unknown[] };
}

/** The nodes every view shares: a failed load (with retry), and "load more" for paged lists. */
export type CommonNode =
  | { readonly kind: 'error'; readonly viewId: string; readonly message: string }
  | { readonly kind: 'loadMore'; readonly viewId: string; readonly loaded: number };

export function describeCommon(node: CommonNode, t: Translate): NodeDescription {
  switch (node.kind) {
    case 'error':
      return {
        id: `${node.viewId}/error`,
        label: node.message,
        description: t('click to retry'),
        icon: 'error|errorForeground',
        tooltip: mdText(node.message),
        contextValue: 'error',
        command: { command: 'modelarts.refresh', title: t('Retry') },
      };
    case 'loadMore':
      return {
        id: `${node.viewId}/more/${node.loaded}`,
        label: t('Load more…'),
        icon: 'more',
        contextValue: 'loadMore',
        command: { command: 'modelarts.loadMore', title: t('Load more…'), arguments: [node.viewId] },
      };
  }
}
