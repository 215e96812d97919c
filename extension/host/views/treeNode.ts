import type { DatasetNode } from './datasets/describe';
import type { ImagesNode } from './images/describe';
import type { CommonNode } from './node';
import type { NotebooksNode } from './notebooks/describe';
import type { StorageNode } from './storage/describe';
import type { JobsNode } from './trainingJobs/describe';
import type { WorkspaceNode } from './workspaces/describe';

/** Every node a ModelArts view shows, told apart by `kind`. (No `vscode` import: unit-tested.) */
export type TreeNode = WorkspaceNode | NotebooksNode | ImagesNode | JobsNode | DatasetNode | StorageNode | CommonNode;

export type TreeNodeKind = TreeNode['kind'];

/** The node type of one kind: `NodeOfKind<'notebook'>` is a NotebookNode. */
export type NodeOfKind<K extends TreeNodeKind> = Extract<TreeNode, { readonly kind: K }>;

/**
 * The field each kind carries and what it holds. A node is checked by its kind and this field,
 * so `{kind: 'notebook'}` without a notebook is not taken for one.
 */
const payloads: { readonly [K in TreeNodeKind]: { readonly field: string; readonly holds: 'object' | 'string' } } = {
  workspace: { field: 'workspace', holds: 'object' },
  notebook: { field: 'notebook', holds: 'object' },
  forward: { field: 'forward', holds: 'object' },
  engine: { field: 'images', holds: 'object' },
  image: { field: 'image', holds: 'object' },
  noMatch: { field: 'kind', holds: 'string' },
  jobGroup: { field: 'jobs', holds: 'object' },
  job: { field: 'job', holds: 'object' },
  dataset: { field: 'dataset', holds: 'object' },
  bucket: { field: 'bucket', holds: 'string' },
  folder: { field: 'prefix', holds: 'string' },
  object: { field: 'key', holds: 'string' },
  error: { field: 'message', holds: 'string' },
  loadMore: { field: 'viewId', holds: 'string' },
};

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `value` is a tree node of one of `kinds`: what a command checks before it trusts an argument. */
export function isNodeOfKind<K extends TreeNodeKind>(value: unknown, kinds: readonly K[]): value is NodeOfKind<K> {
  if (!isRecord(value)) return false;
  const kind = kinds.find((k) => k === value.kind);
  if (kind === undefined) return false;
  const { field, holds } = payloads[kind];
  const payload = value[field];
  return holds === 'string' ? typeof payload === 'string' : isRecord(payload) || Array.isArray(payload);
}
