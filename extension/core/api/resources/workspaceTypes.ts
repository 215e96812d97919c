/** Workspace DTOs (reference §3): the workspace, its list page, and the create/update bodies. */

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
