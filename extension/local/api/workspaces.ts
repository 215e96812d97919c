import type { Workspace, WorkspaceAuthType } from '../../core/api/resources/workspaceTypes';
import { workspaceRoutes } from '../../core/api/routes/workspaces';
import type { DaemonContext, DaemonModule } from '../context';
import { ApiError, Errors } from '../http/apiError';
import { optionalString, requiredString } from '../http/json';
import type { RecordStore } from '../store/recordStore';
import { newId } from './ids';

export const defaultWorkspaceId = '0';

/** The default workspace exists from the first start, with id "0", as on ModelArts. */
export function ensureDefaultWorkspace(store: RecordStore<Workspace>, owner: string): void {
  if (store.has(defaultWorkspaceId)) return;
  const now = Date.now();
  store.put({
    id: defaultWorkspaceId,
    name: 'default',
    description: '',
    owner,
    create_time: now,
    update_time: now,
    auth_type: 'PUBLIC',
    enterprise_project_id: '0',
    enterprise_project_name: 'default',
    status: 'NORMAL',
    status_info: '',
  });
}

/** Fails with ModelArts.0102 unless the workspace exists; every resource belongs to one. */
export function requireWorkspace(store: RecordStore<Workspace>, id: string): Workspace {
  const ws = store.get(id);
  if (!ws) throw new ApiError(400, 'ModelArts.0102', `The workspace ${id} does not exist.`);
  return ws;
}

function authType(value: string | undefined): WorkspaceAuthType {
  const upper = (value ?? 'PUBLIC').toUpperCase();
  if (upper !== 'PUBLIC' && upper !== 'PRIVATE' && upper !== 'INTERNAL')
    throw Errors.badRequest('auth_type must be PUBLIC, PRIVATE or INTERNAL.');
  return upper;
}

function workspaceName(body: { readonly name?: unknown }): string {
  const name = requiredString(body, 'name', 64);
  if (!/^[\p{L}\p{N}_-]{4,64}$/u.test(name)) throw Errors.badRequest('name must be 4 to 64 letters, digits, - or _.');
  if (name === 'default') throw Errors.badRequest('The name default is reserved.');
  return name;
}

/**
 * Workspaces (`/v1/{project_id}/workspaces`). A workspace is deleted only when empty (the usage
 * counters name what still lives in it, e.g. "2 notebook(s)"), so nothing in it is orphaned.
 */
export async function installWorkspaces(ctx: DaemonContext): Promise<DaemonModule> {
  const store = ctx.workspaces;
  ensureDefaultWorkspace(store, ctx.owner);
  ctx.router.serve(workspaceRoutes, {
    list: ({ query }) => {
      const nameFilter = query.get('name');
      const order = (query.get('order') ?? 'desc').toLowerCase();
      const sortBy = query.get('sort_by') ?? 'name';
      if (sortBy !== 'name' && sortBy !== 'update_time' && sortBy !== 'status')
        throw Errors.badRequest('sort_by must be name, update_time or status.');
      const list = store
        .all()
        .filter((w) => !nameFilter || w.name.includes(nameFilter))
        .sort((a, b) => {
          const ka = a[sortBy];
          const kb = b[sortBy];
          return (ka < kb ? -1 : ka > kb ? 1 : 0) * (order === 'asc' ? 1 : -1);
        });
      const offset = Number(query.get('offset') ?? 0);
      const limit = Number(query.get('limit') ?? 1000);
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1)
        throw Errors.badRequest('offset and limit must be whole numbers (limit at least 1).');
      const page = list.slice(offset, offset + limit);
      return { status: 200, body: { total_count: list.length, count: page.length, workspaces: page } };
    },

    create: ({ json }) => {
      const req = json();
      const name = workspaceName(req);
      if (store.all().some((w) => w.name === name)) throw Errors.conflict(`A workspace named ${name} already exists.`);
      const now = Date.now();
      const ws: Workspace = {
        id: newId(),
        name,
        description: optionalString(req, 'description', 256) ?? '',
        owner: ctx.owner,
        create_time: now,
        update_time: now,
        auth_type: authType(optionalString(req, 'auth_type')),
        enterprise_project_id: optionalString(req, 'enterprise_project_id') ?? '0',
        enterprise_project_name: 'default',
        status: 'NORMAL',
        status_info: '',
      };
      return { status: 200, body: { ...store.put(ws), grants: [] } };
    },

    get: ({ params }) => ({ status: 200, body: { ...requireWorkspace(store, params.workspace_id), grants: [] } }),

    update: ({ params, json }) => {
      const current = requireWorkspace(store, params.workspace_id);
      const req = json();
      const name = req.name === undefined ? current.name : workspaceName(req);
      if (current.id === defaultWorkspaceId && name !== current.name) throw Errors.badRequest('The default workspace cannot be renamed.');
      if (name !== current.name && store.all().some((w) => w.name === name))
        throw Errors.conflict(`A workspace named ${name} already exists.`);
      const description = optionalString(req, 'description', 256) ?? current.description;
      const auth = req.auth_type === undefined ? current.auth_type : authType(optionalString(req, 'auth_type'));
      store.put({ ...current, name, description, auth_type: auth, update_time: Date.now() });
      return { status: 200, body: { workspace_id: current.id } };
    },

    delete: ({ params }) => {
      const ws = requireWorkspace(store, params.workspace_id);
      if (ws.id === defaultWorkspaceId) throw Errors.badRequest('The default workspace cannot be deleted.');
      const contents = ctx.usage.workspaces.describe(ws.id);
      if (contents) throw Errors.conflict(`Workspace ${ws.name} still holds ${contents}; delete them first.`);
      store.delete(ws.id);
      return { status: 200, body: { workspace_id: ws.id } };
    },
  });
  return { close: async () => undefined };
}
