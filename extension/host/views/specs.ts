import * as vscode from 'vscode';
import type { TrainingJob } from '../../core/api/resources/trainingJobTypes';
import { type DatasetNode, describeDataset } from './datasets/describe';
import { describeImagesNode, groupImages, type ImagesNode } from './images/describe';
import { describeImageFilter, type ImageFilter, matchesImageFilter } from './images/filter';
import type { NotebookBridge } from '../ssh/bridge';
import { describeNotebooksNode, isNotebookTransitional, type NotebooksNode } from './notebooks/describe';
import type { CommonNode } from './node';
import type { ViewSpec } from './resourceTree';
import { describeStorageNode, type StorageNode } from './storage/describe';
import { storageParent } from './storage/locate';
import { describeJobsNode, groupJobs, isJobTransitional, type JobsNode } from './trainingJobs/describe';
import { describeJobFilter, type JobFilter, jobSearchFilter } from './trainingJobs/filter';
import type { FilterSource } from './viewFilter';
import { ViewIds } from './viewIds';
import { describeWorkspace, type WorkspaceNode } from './workspaces/describe';

const t = vscode.l10n.t;

export const workspacesSpec: ViewSpec<WorkspaceNode> = {
  viewId: ViewIds.workspaces,
  async children(parent, connection, signal) {
    if (parent) return [];
    const list = await connection.api.workspaces.listAll({ signal });
    return list.map((workspace) => ({ kind: 'workspace', workspace, current: workspace.id === connection.workspaceId }));
  },
  describe: (node) => describeWorkspace(node, t),
};

/** Notebooks, each with the ports the built-in SSH bridge forwards from it as children. */
export function notebooksSpec(bridge: NotebookBridge): ViewSpec<NotebooksNode> {
  return {
    viewId: ViewIds.notebooks,
    async children(parent, connection, signal) {
      if (parent?.kind === 'notebook')
        return bridge.forwardsOf(parent.notebook.id).map((forward) => ({ kind: 'forward', notebookId: parent.notebook.id, forward }));
      if (parent) return [];
      const list = await connection.api.notebooks.listAll({ workspaceId: connection.workspaceId, signal });
      return list.map((notebook) => ({ kind: 'notebook', notebook, forwards: bridge.forwardsOf(notebook.id) }));
    },
    describe: (node) => describeNotebooksNode(node, t),
    isTransitional: (node) => node.kind === 'notebook' && isNotebookTransitional(node),
  };
}

/**
 * Images grouped by engine, narrowed by the view's filter. The filter is applied here rather than
 * by the API: the list call takes one chip at most (the cloud none), and services span two fields.
 * A workspace has tens of images, so listing them all costs nothing.
 */
export function imagesSpec(filter: FilterSource<ImageFilter>): ViewSpec<ImagesNode> {
  return {
    viewId: ViewIds.images,
    async children(parent, connection, signal) {
      if (parent?.kind === 'engine') return parent.images.map((image) => ({ kind: 'image', image }));
      if (parent) return [];
      const active = filter.current();
      const all = await connection.api.images.listAll({ workspaceId: connection.workspaceId, signal });
      const shown = active ? all.filter((image) => matchesImageFilter(image, active)) : all;
      return active && shown.length === 0 ? [{ kind: 'noMatch' }] : groupImages(shown);
    },
    describe: (node) => describeImagesNode(node, t),
    viewDescription: () => {
      const active = filter.current();
      return active ? describeImageFilter(active, t) : undefined;
    },
  };
}

/**
 * Training jobs are paged: the view shows the newest `pageSize × pages`, with "load more". The
 * filter goes to the search API (name `like`, phase `in`), so pages hold only matching jobs.
 */
export function trainingJobsSpec(filter: FilterSource<JobFilter>, pageSize = 50): ViewSpec<JobsNode> {
  let pages = 1;
  return {
    viewId: ViewIds.trainingJobs,
    async children(parent, connection, signal) {
      if (parent?.kind === 'jobGroup') return parent.jobs.map((job) => ({ kind: 'job', job }));
      if (parent) return [];
      const active = filter.current();
      const jobs: TrainingJob[] = [];
      let more = false;
      for await (const job of connection.api.trainingJobs.search({
        workspaceId: connection.workspaceId,
        sortBy: 'create_time',
        order: 'desc',
        pageSize,
        signal,
        ...jobSearchFilter(active),
      })) {
        if (jobs.length >= pageSize * pages) {
          more = true;
          break;
        }
        jobs.push(job);
      }
      if (active && jobs.length === 0) return [{ kind: 'noMatch' }];
      const nodes: (JobsNode | CommonNode)[] = groupJobs(jobs);
      if (more) nodes.push({ kind: 'loadMore', viewId: ViewIds.trainingJobs, loaded: jobs.length });
      return nodes;
    },
    describe: (node) => describeJobsNode(node, t),
    isTransitional: isJobTransitional,
    loadMore() {
      pages++;
    },
    viewDescription: () => {
      const active = filter.current();
      return active ? describeJobFilter(active, t) : undefined;
    },
  };
}

export const datasetsSpec: ViewSpec<DatasetNode> = {
  viewId: ViewIds.datasets,
  async children(parent, connection, signal) {
    if (parent) return [];
    const list = await connection.api.datasets.listAll({ workspaceId: connection.workspaceId, signal });
    return list.map((dataset) => ({ kind: 'dataset', dataset }));
  },
  describe: (node) => describeDataset(node, t),
};

export const storageSpec: ViewSpec<StorageNode> = {
  viewId: ViewIds.storage,
  async children(parent, connection, signal) {
    const storage = connection.storage;
    if (!parent) return (await storage.listBuckets(signal)).map((b) => ({ kind: 'bucket', bucket: b.name }));
    if (parent.kind === 'object') return [];
    const prefix = parent.kind === 'folder' ? parent.prefix : '';
    const nodes: StorageNode[] = [];
    for await (const page of storage.listAll({ bucket: parent.bucket, prefix, delimiter: '/', signal })) {
      for (const folder of page.folders) nodes.push({ kind: 'folder', bucket: parent.bucket, prefix: folder });
      for (const o of page.objects)
        if (o.key !== prefix)
          nodes.push({
            kind: 'object',
            bucket: parent.bucket,
            key: o.key,
            size: o.size,
            ...(o.lastModified ? { lastModified: o.lastModified } : {}),
          });
    }
    return nodes;
  },
  describe: (node) => describeStorageNode(node, vscode.l10n.t),
  parent: storageParent,
};
