/**
 * Workspaces (`/v1/{project_id}/workspaces`, reference §3). The default workspace has id "0" and
 * can be neither renamed nor deleted.
 */
import type { HttpClient } from '../http';
import { collectItems, items, workspacePaging } from '../paging';
import { workspaceRoutes } from '../routes/workspaces';
import { type CallOptions, compact, requireField, send, sendJson } from './common';
import type { Workspace, WorkspaceCreateRequest, WorkspaceListPage, WorkspaceUpdateRequest } from './workspaceTypes';

export * from './workspaceTypes';

/** Filters and sort of list. */
export interface WorkspaceListOptions extends CallOptions {
  /** Fuzzy match on the name. */
  readonly name?: string;
  readonly sortBy?: 'name' | 'update_time' | 'status';
  readonly order?: 'asc' | 'desc';
  readonly enterpriseProjectId?: string;
  readonly filterAccessible?: boolean;
  /** Records per request; default (and cloud maximum) 1000. */
  readonly pageSize?: number;
}

/** Typed workspace calls. */
export class WorkspacesApi {
  constructor(private readonly http: HttpClient) {}

  /** Every workspace matching the filters, fetched page by page as the iteration goes. */
  list(options: WorkspaceListOptions = {}): AsyncGenerator<Workspace, void, undefined> {
    return items((page, signal) => this.page(page.offset, page.limit, options, signal), workspacePaging<Workspace>(), {
      limit: options.pageSize ?? 1000,
      signal: options.signal,
    });
  }

  /** {@link list}, collected into one array (workspaces are few). */
  listAll(options: WorkspaceListOptions = {}): Promise<Workspace[]> {
    return collectItems((page, signal) => this.page(page.offset, page.limit, options, signal), workspacePaging<Workspace>(), {
      limit: options.pageSize ?? 1000,
      signal: options.signal,
    });
  }

  /** One workspace, with its grants. */
  get(id: string, options: CallOptions = {}): Promise<Workspace> {
    return sendJson(this.http, workspaceRoutes.get, { params: { workspace_id: id }, signal: options.signal });
  }

  /** Creates a workspace and returns it. */
  create(request: WorkspaceCreateRequest, options: CallOptions = {}): Promise<Workspace> {
    requireField(request?.name, 'workspace name');
    return sendJson(this.http, workspaceRoutes.create, { body: compact({ ...request }), signal: options.signal });
  }

  /** Changes name, description, access; resolves with the workspace id. */
  async update(id: string, changes: WorkspaceUpdateRequest, options: CallOptions = {}): Promise<string> {
    if (!changes || Object.values(changes).every((v) => v === undefined))
      throw new TypeError('workspace update needs at least one field to change.');
    const body = await sendJson(this.http, workspaceRoutes.update, {
      params: { workspace_id: id },
      body: compact({ ...changes }),
      signal: options.signal,
    });
    return body.workspace_id;
  }

  /** Deletes a workspace (asynchronous on the cloud: it goes through DELETING). Resolves with its id. */
  async delete(id: string, options: CallOptions = {}): Promise<string> {
    const res = await send(this.http, workspaceRoutes.delete, { params: { workspace_id: id }, signal: options.signal });
    return res.body?.workspace_id ?? id;
  }

  private page(offset: number, limit: number, o: WorkspaceListOptions, signal?: AbortSignal): Promise<WorkspaceListPage> {
    return sendJson(this.http, workspaceRoutes.list, {
      query: {
        offset,
        limit,
        name: o.name,
        sort_by: o.sortBy,
        order: o.order,
        enterprise_project_id: o.enterpriseProjectId,
        filter_accessible: o.filterAccessible,
      },
      signal,
    });
  }
}
