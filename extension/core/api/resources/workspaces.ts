/**
 * Workspaces (`/v1/{project_id}/workspaces`, reference §3). The default workspace has id "0" and
 * can be neither renamed nor deleted.
 */
import type { HttpClient } from '../http';
import { collectItems, items, workspacePaging } from '../paging';
import { type CallOptions, compact, idSegment, requireField, send, sendJson } from './common';

/** Workspace `status`. */
export type WorkspaceStatus = 'NORMAL' | 'CREATE_FAILED' | 'DELETING' | 'DELETE_FAILED';

/** Who may use a workspace. The cloud's examples also show lower case, so compare case-insensitively. */
export type WorkspaceAuthType = 'PUBLIC' | 'PRIVATE' | 'INTERNAL';

/** A user granted access to an INTERNAL workspace. */
export interface WorkspaceGrant {
  readonly user_id?: string;
  readonly user_name?: string;
}

/** A workspace, as list, get and create return it. */
export interface Workspace {
  /** 32 hex characters; `"0"` for the default workspace. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly owner: string;
  /** Epoch ms. */
  readonly create_time: number;
  readonly update_time: number;
  readonly auth_type: WorkspaceAuthType | Lowercase<WorkspaceAuthType>;
  readonly enterprise_project_id: string;
  readonly enterprise_project_name?: string;
  readonly status: WorkspaceStatus;
  readonly status_info?: string;
  /** Present on get and create. */
  readonly grants?: readonly WorkspaceGrant[];
}

/** `GET /v1/{project_id}/workspaces` answer. */
export interface WorkspaceListPage {
  readonly total_count: number;
  readonly count: number;
  readonly workspaces: Workspace[];
}

/** Body of create. */
export interface WorkspaceCreateRequest {
  /** 4–64 letters (CJK too), digits, `-`, `_`; `default` is reserved. */
  readonly name: string;
  readonly description?: string;
  readonly enterprise_project_id?: string;
  readonly auth_type?: WorkspaceAuthType;
  readonly grants?: readonly WorkspaceGrant[];
}

/** Body of update: the fields to change. */
export type WorkspaceUpdateRequest = Partial<Pick<WorkspaceCreateRequest, 'name' | 'description' | 'auth_type' | 'grants'>>;

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
    return sendJson<Workspace>(this.http, {
      method: 'GET',
      path: `/v1/{project_id}/workspaces/${idSegment(id, 'workspace id')}`,
      signal: options.signal,
      expect: [200],
    });
  }

  /** Creates a workspace and returns it. */
  create(request: WorkspaceCreateRequest, options: CallOptions = {}): Promise<Workspace> {
    requireField(request?.name, 'workspace name');
    return sendJson<Workspace>(this.http, {
      method: 'POST',
      path: '/v1/{project_id}/workspaces',
      body: compact({ ...request }),
      signal: options.signal,
      expect: [200, 201],
    });
  }

  /** Changes name, description, access; resolves with the workspace id. */
  async update(id: string, changes: WorkspaceUpdateRequest, options: CallOptions = {}): Promise<string> {
    const seg = idSegment(id, 'workspace id');
    if (!changes || Object.values(changes).every((v) => v === undefined))
      throw new TypeError('workspace update needs at least one field to change.');
    const body = await sendJson<{ workspace_id: string }>(this.http, {
      method: 'PUT',
      path: `/v1/{project_id}/workspaces/${seg}`,
      body: compact({ ...changes }),
      signal: options.signal,
      expect: [200],
    });
    return body.workspace_id;
  }

  /** Deletes a workspace (asynchronous on the cloud: it goes through DELETING). Resolves with its id. */
  async delete(id: string, options: CallOptions = {}): Promise<string> {
    const res = await send<{ workspace_id?: string } | undefined>(this.http, {
      method: 'DELETE',
      path: `/v1/{project_id}/workspaces/${idSegment(id, 'workspace id')}`,
      signal: options.signal,
      expect: [200, 202, 204],
    });
    return res.body?.workspace_id ?? id;
  }

  private async page(offset: number, limit: number, o: WorkspaceListOptions, signal?: AbortSignal): Promise<WorkspaceListPage> {
    return sendJson<WorkspaceListPage>(this.http, {
      method: 'GET',
      path: '/v1/{project_id}/workspaces',
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
      expect: [200],
    });
  }
}
