/** Workspaces (`/v1/{project_id}/workspaces`, reference §3). */
import type { Workspace, WorkspaceCreateRequest, WorkspaceListPage, WorkspaceUpdateRequest } from '../resources/workspaceTypes';
import { route } from './route';

export type WorkspaceListQuery = {
  readonly offset?: number;
  readonly limit?: number;
  /** Fuzzy match on the name. */
  readonly name?: string;
  readonly sort_by?: 'name' | 'update_time' | 'status';
  readonly order?: 'asc' | 'desc';
  readonly enterprise_project_id?: string;
  readonly filter_accessible?: boolean;
};

const base = '/v1/{project_id}/workspaces';
const one = '/v1/{project_id}/workspaces/{workspace_id}';

export const workspaceRoutes = {
  list: route<undefined, WorkspaceListPage, WorkspaceListQuery>()({
    method: 'GET',
    path: base,
    action: 'modelarts:workspace:list',
    expect: [200],
  }),
  create: route<WorkspaceCreateRequest, Workspace>()({
    method: 'POST',
    path: base,
    action: 'modelarts:workspace:create',
    expect: [200, 201],
  }),
  get: route<undefined, Workspace>()({ method: 'GET', path: one, action: 'modelarts:workspace:get', expect: [200] }),
  update: route<WorkspaceUpdateRequest, { readonly workspace_id: string }>()({
    method: 'PUT',
    path: one,
    action: 'modelarts:workspace:update',
    expect: [200],
  }),
  /** Asynchronous on the cloud (the workspace goes through DELETING). */
  delete: route<undefined, { readonly workspace_id?: string } | undefined>()({
    method: 'DELETE',
    path: one,
    action: 'modelarts:workspace:delete',
    expect: [200, 202, 204],
  }),
} as const;
