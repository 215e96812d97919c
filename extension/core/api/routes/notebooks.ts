/** Notebooks, new version (`/v1/{project_id}/notebooks`, reference §4), with their flavors. */
import type { DataPage } from '../resources/imageTypes';
import type {
  Lease,
  Notebook,
  NotebookCreateRequest,
  NotebookFlavorPage,
  NotebookStatus,
  NotebookUpdateRequest,
} from '../resources/notebookTypes';
import { route } from './route';

export type NotebookListQuery = {
  readonly offset?: number;
  /** The cloud takes 10, 20 or 50. */
  readonly limit?: number;
  /** Fuzzy match on the name. */
  readonly name?: string;
  readonly status?: NotebookStatus;
  readonly workspace_id?: string;
  /** OTC's spelling of `workspace_id`; local mode accepts both. */
  readonly workspaceId?: string;
  readonly feature?: 'NOTEBOOK' | 'DEFAULT';
  readonly flavor?: string;
  readonly image_id?: string;
  readonly owner?: string;
  readonly pool_id?: string;
  readonly sort_key?: string;
  readonly sort_dir?: 'ASC' | 'DESC';
};

export type NotebookStartQuery = {
  /** Auto-stop after this many ms (1 h to 72 h; the cloud also takes -1 for none). */
  readonly duration?: number;
  readonly type?: 'TIMING' | 'IDLE';
};

export type NotebookFlavorQuery = {
  readonly offset?: number;
  readonly limit?: number;
  readonly category?: 'CPU' | 'GPU' | 'ASCEND';
  /** `MANAGED` public or `DEDICATED` pool flavors. */
  readonly type?: 'MANAGED' | 'DEDICATED';
};

/** Body of a lease renewal; the legacy form puts `duration` in the query instead. */
export interface LeaseRenewal {
  readonly duration?: number;
  readonly type?: 'TIMING' | 'IDLE';
}

const base = '/v1/{project_id}/notebooks';
const one = '/v1/{project_id}/notebooks/{notebook_id}';

export const notebookRoutes = {
  list: route<undefined, DataPage<Notebook>, NotebookListQuery>()({
    method: 'GET',
    path: base,
    action: 'modelarts:notebook:list',
    expect: [200],
  }),
  /** Creates and starts the instance; it answers in CREATING. */
  create: route<NotebookCreateRequest, Notebook>()({ method: 'POST', path: base, action: 'modelarts:notebook:create', expect: [200, 201] }),
  get: route<undefined, Notebook>()({ method: 'GET', path: one, action: 'modelarts:notebook:get', expect: [200] }),
  update: route<NotebookUpdateRequest, Notebook>()({ method: 'PUT', path: one, action: 'modelarts:notebook:update', expect: [200] }),
  /** Answers in DELETING (with the notebook, when the platform sends it). */
  delete: route<undefined, Notebook | undefined>()({
    method: 'DELETE',
    path: one,
    action: 'modelarts:notebook:delete',
    expect: [200, 202, 204],
  }),
  /** Answers in STARTING. */
  start: route<undefined, Notebook, NotebookStartQuery>()({
    method: 'POST',
    path: `${one}/start`,
    action: 'modelarts:notebook:start',
    expect: [200, 202],
  }),
  /** Answers in STOPPING. */
  stop: route<undefined, Notebook>()({ method: 'POST', path: `${one}/stop`, action: 'modelarts:notebook:stop', expect: [200, 202] }),
  getLease: route<undefined, Lease>()({ method: 'GET', path: `${one}/lease`, action: 'modelarts:notebook:getLease', expect: [200] }),
  /** The cloud may answer 204 without the lease. */
  renewLease: route<LeaseRenewal, Lease | undefined, { readonly duration?: number }>()({
    method: 'PATCH',
    path: `${one}/lease`,
    action: 'modelarts:notebook:updateLease',
    expect: [200, 204],
  }),
  /** The flavors are in `data` and (again) in `flavors`. */
  flavors: route<undefined, NotebookFlavorPage, NotebookFlavorQuery>()({
    method: 'GET',
    path: `${base}/flavors`,
    action: 'modelarts:notebook:listFlavors',
    expect: [200],
  }),
  switchableFlavors: route<undefined, NotebookFlavorPage>()({
    method: 'GET',
    path: `${one}/flavors`,
    action: 'modelarts:notebook:listSwitchableFlavors',
    expect: [200],
    cloudOnly: 'Switching flavors resizes a cloud instance; local notebooks share this machine, so there is nothing to switch to.',
  }),
} as const;
