import { isNodeOfKind, type NodeOfKind, type TreeNodeKind } from '../views/treeNode';

/**
 * The nodes a command acts on, of the given kinds: the multi-selection when there is one, else
 * the clicked node. VS Code passes the selection as the second argument only when several nodes
 * are selected and the clicked one is among them; otherwise the clicked node alone. A keybinding,
 * the palette or a script may pass anything (or nothing), so every node is checked and whatever
 * is not a node of those kinds is left out. (No `vscode` import: unit-tested.)
 */
export function selectedNodes<K extends TreeNodeKind>(kinds: K | readonly K[], node: unknown, nodes?: unknown): NodeOfKind<K>[] {
  const wanted: readonly K[] = typeof kinds === 'string' ? [kinds] : kinds;
  const given: readonly unknown[] = Array.isArray(nodes) && nodes.length > 0 ? nodes : node === undefined ? [] : [node];
  return given.filter((n) => isNodeOfKind(n, wanted));
}
