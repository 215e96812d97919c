import { ApiError, Errors } from '../http/apiError';
import { optionalString, parseJsonObject, requiredString } from '../http/json';
import type { Router } from '../http/router';
import type { RecordStore } from '../store/recordStore';
import { newId } from './ids';

/** A workspace as the API returns it. */
export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly owner: string;
  readonly create_time: number;
  readonly update_time: number;
  readonly auth_type: 'PUBLIC' | 'PRIVATE' | 'INTERNAL';
  readonly enterprise_project_id: string;
  readonly enterprise_project_name: string;
  readonly status: 'NORMAL';
  readonly status_info: string;
}

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

function authType(value: string | undefined): Workspace['auth_type'] {
  const upper = (value ?? 'PUBLIC').toUpperCase();
  if (upper !== 'PUBLIC' && upper !== 'PRIVATE' && upper !== 'INTERNAL')
    throw Errors.badRequest('auth_type must be PUBLIC, PRIVATE or INTERNAL.');
  return upper;
}

function workspaceName(body: Record<string, unknown>): string {
  const name = requiredString(body, 'name', 64);
  if (!/^[\p{L}\p{N}_-]{4,64}$/u.test(name)) throw Errors.badRequest('name must be 4 to 64 letters, digits, - or _.');
  if (name === 'default') throw Errors.badRequest('The name default is reserved.');
  return name;
}

/**
 * @param inUse names what still lives in a workspace (e.g. "2 notebooks"), or undefined when it is
 *   empty; a workspace is deleted only when empty, so nothing in it is orphaned.
 */
export function registerWorkspaceRoutes(
  router: Router,
  store: RecordStore<Workspace>,
  owner: string,
  inUse: (workspaceId: string) => string | undefined,
): void {
  const base = '/v1/{project_id}/workspaces';
  router.add('GET', base, ({ query }) => {
    const nameFilter = query.get('name');
    const order = (query.get('order') ?? 'desc').toLowerCase();
    const sortBy = query.get('sort_by') ?? 'name';
    if (!['name', 'update_time', 'status'].includes(sortBy)) throw Errors.badRequest('sort_by must be name, update_time or status.');
    let list = store.all().filter((w) => !nameFilter || w.name.includes(nameFilter));
    list = list.sort((a, b) => {
      const ka = a[sortBy as 'name'];
      const kb = b[sortBy as 'name'];
      return (ka < kb ? -1 : ka > kb ? 1 : 0) * (order === 'asc' ? 1 : -1);
    });
    const offset = Number(query.get('offset') ?? 0);
    const limit = Number(query.get('limit') ?? 1000);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1)
      throw Errors.badRequest('offset and limit must be whole numbers (limit at least 1).');
    const page = list.slice(offset, offset + limit);
    return { status: 200, body: { total_count: list.length, count: page.length, workspaces: page } };
  });

  router.add('POST', base, ({ body }) => {
    const req = parseJsonObject(body);
    const name = workspaceName(req);
    if (store.all().some((w) => w.name === name)) throw Errors.conflict(`A workspace named ${name} already exists.`);
    const now = Date.now();
    const ws: Workspace = {
      id: newId(),
      name,
      description: optionalString(req, 'description', 256) ?? '',
      owner,
      create_time: now,
      update_time: now,
      auth_type: authType(optionalString(req, 'auth_type')),
      enterprise_project_id: optionalString(req, 'enterprise_project_id') ?? '0',
      enterprise_project_name: 'default',
      status: 'NORMAL',
      status_info: '',
    };
    return { status: 200, body: { ...store.put(ws), grants: [] } };
  });

  router.add('GET', `${base}/{workspace_id}`, ({ params }) => ({
    status: 200,
    body: { ...requireWorkspace(store, params.workspace_id as string), grants: [] },
  }));

  router.add('PUT', `${base}/{workspace_id}`, ({ params, body }) => {
    const current = requireWorkspace(store, params.workspace_id as string);
    const req = parseJsonObject(body);
    const name = req.name === undefined ? current.name : workspaceName(req);
    if (current.id === defaultWorkspaceId && name !== current.name) throw Errors.badRequest('The default workspace cannot be renamed.');
    if (name !== current.name && store.all().some((w) => w.name === name))
      throw Errors.conflict(`A workspace named ${name} already exists.`);
    const description = optionalString(req, 'description', 256) ?? current.description;
    const auth = req.auth_type === undefined ? current.auth_type : authType(optionalString(req, 'auth_type'));
    store.put({ ...current, name, description, auth_type: auth, update_time: Date.now() });
    return { status: 200, body: { workspace_id: current.id } };
  });

  router.add('DELETE', `${base}/{workspace_id}`, ({ params }) => {
    const ws = requireWorkspace(store, params.workspace_id as string);
    if (ws.id === defaultWorkspaceId) throw Errors.badRequest('The default workspace cannot be deleted.');
    const contents = inUse(ws.id);
    if (contents) throw Errors.conflict(`Workspace ${ws.name} still holds ${contents}; delete them first.`);
    store.delete(ws.id);
    return { status: 200, body: { workspace_id: ws.id } };
  });
}
