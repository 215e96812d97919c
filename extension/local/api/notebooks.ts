import { ApiError, Errors } from '../http/apiError';
import { optionalNumber, optionalObject, optionalString, paging, parseJsonObject, requiredString } from '../http/json';
import type { RequestContext, Router } from '../http/router';
import type { RecordStore } from '../store/recordStore';
import { notebookFlavors } from './flavors';
import { newUuid } from './ids';
import type { Image } from './imageCatalog';
import { findImage, imageNotFound } from './images';
import type { KeyPair } from './keypairs';
import { type Lease, maxLeaseMs, minLeaseMs, type Notebook, type NotebookStatus, notebookView } from './notebookModel';
import type { NotebookRuntime } from './notebookRuntime';
import { pageOf } from './paging';

export interface NotebookDeps {
  readonly store: RecordStore<Notebook>;
  readonly images: RecordStore<Image>;
  readonly keyPairs: RecordStore<KeyPair>;
  readonly runtime: NotebookRuntime;
  readonly requireWorkspace: (id: string) => void;
  readonly log: (line: string) => void;
}

const notFound = (id: string) => new ApiError(400, 'ModelArts.6309', `The instance ${id} does not exist.`);
const busy = (nb: Notebook, code: string, what: string) => new ApiError(400, code, `Notebook ${nb.name} is ${what}.`);

function lease(durationMs: number, now = Date.now()): Lease {
  return { create_at: now, duration: durationMs, enable: true, type: 'TIMING', update_at: now };
}

function leaseDuration(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new ApiError(400, 'ModelArts.6348', 'lease duration (ms) is required and must be a whole number.');
  if (value < minLeaseMs || value > maxLeaseMs)
    throw new ApiError(400, 'ModelArts.6349', `lease duration must be from ${minLeaseMs} (1 hour) to ${maxLeaseMs} (72 hours) ms.`);
  return value;
}

/**
 * Notebooks (`/v1/{project_id}/notebooks`): create starts the instance, as on the cloud; start,
 * stop and delete answer at once with the transitional status and finish in the background;
 * the lease stops a notebook when it expires.
 */
export class NotebookService {
  private leaseTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: NotebookDeps) {}

  register(router: Router): void {
    const base = '/v1/{project_id}/notebooks';
    router.add('GET', base, (ctx) => this.list(ctx));
    router.add('POST', base, (ctx) => this.create(ctx));
    router.add('GET', `${base}/{id}`, ({ params }) => ({ status: 200, body: this.view(this.get(params.id as string)) }));
    router.add('PUT', `${base}/{id}`, (ctx) => this.update(ctx));
    router.add('DELETE', `${base}/{id}`, ({ params }) => this.remove(params.id as string));
    router.add('POST', `${base}/{id}/start`, ({ params, query }) => this.start(params.id as string, query));
    router.add('POST', `${base}/{id}/stop`, ({ params }) => this.stop(params.id as string));
    router.add('GET', `${base}/{id}/lease`, ({ params }) => ({ status: 200, body: this.get(params.id as string).lease }));
    router.add('PATCH', `${base}/{id}/lease`, (ctx) => this.renew(ctx));
  }

  /** Brings notebooks back after a daemon restart: running ones get their SSH server again. */
  async recover(): Promise<void> {
    for (const nb of this.deps.store.all()) {
      if (nb.status === 'RUNNING' && this.leaseExpired(nb, Date.now())) this.expire(nb);
      else if (nb.status === 'RUNNING' || nb.status === 'STARTING' || nb.status === 'CREATING') void this.bringUp(nb.id);
      else if (nb.status === 'STOPPING') this.setStatus(nb.id, 'STOPPED');
      else if (nb.status === 'DELETING') void this.finishDelete(nb.id);
    }
    this.leaseTimer = setInterval(() => this.enforceLeases(), 5_000);
  }

  async close(): Promise<void> {
    clearInterval(this.leaseTimer);
    await this.deps.runtime.stopAll();
  }

  /** Key pair names some notebook still uses, for refusing to delete them. */
  usersOfKeyPair(name: string): string | undefined {
    const users = this.deps.store.all().filter((nb) => nb.key_pair_names.includes(name));
    return users.length ? `notebook ${users.map((u) => u.name).join(', ')}` : undefined;
  }

  countIn(workspaceId: string): number {
    return this.deps.store.all().filter((nb) => nb.workspace_id === workspaceId).length;
  }

  /** What the API returns for a notebook, with its real work dir as the volume's mount path. */
  private view(nb: Notebook) {
    return notebookView(nb, this.deps.runtime.dirs(nb.id).work);
  }

  private get(id: string): Notebook {
    const nb = this.deps.store.get(id);
    if (!nb) throw notFound(id);
    return nb;
  }

  private list({ query }: RequestContext) {
    const { offset, limit } = paging(query, 10, 1000);
    const workspace = query.get('workspace_id') ?? query.get('workspaceId');
    const status = query.get('status')?.toUpperCase();
    const name = query.get('name');
    const sortAsc = (query.get('sort_dir') ?? 'DESC').toUpperCase() === 'ASC';
    const list = this.deps.store
      .all()
      .filter(
        (nb) => (!workspace || nb.workspace_id === workspace) && (!status || nb.status === status) && (!name || nb.name.includes(name)),
      )
      .sort((a, b) => (a.create_at - b.create_at) * (sortAsc ? 1 : -1));
    return { status: 200, body: { ...pageOf(list, offset, limit), data: list.slice(offset, offset + limit).map((nb) => this.view(nb)) } };
  }

  private create({ body }: RequestContext) {
    const req = parseJsonObject(body);
    const name = requiredString(req, 'name', 128);
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(name)) throw Errors.badRequest('name may hold only letters, digits, - and _ (1 to 128 characters).');
    const flavor = requiredString(req, 'flavor', 128);
    if (!notebookFlavors.some((f) => f.id === flavor))
      throw new ApiError(400, 'ModelArts.6323', `Flavor ${flavor} is not supported here; see GET /v1/{project_id}/notebooks/flavors.`);
    const imageId = requiredString(req, 'image_id', 128);
    const image = findImage(this.deps.images, imageId);
    if (!image) throw imageNotFound(imageId);
    if (!image.dev_services.includes('NOTEBOOK')) throw Errors.badRequest(`Image ${image.name} cannot run notebooks.`);
    const workspaceId = optionalString(req, 'workspace_id') ?? '0';
    this.deps.requireWorkspace(workspaceId);
    const keyPairNames = this.keyPairNames(req, image);
    const leaseReq = optionalObject(req, 'lease');
    const duration = leaseReq?.duration === undefined ? minLeaseMs : leaseDuration(leaseReq.duration);
    const now = Date.now();
    const nb: Notebook = {
      id: newUuid(),
      name,
      description: optionalString(req, 'description', 512) ?? '',
      status: 'CREATING',
      fail_reason: '',
      flavor,
      feature: 'NOTEBOOK',
      workspace_id: workspaceId,
      image,
      lease: lease(duration, now),
      key_pair_names: keyPairNames,
      create_at: now,
      update_at: now,
      ssh_port: 0,
      host_key_fingerprint: '',
    };
    this.deps.store.put(nb);
    void this.bringUp(nb.id);
    return { status: 200, body: this.view(nb) };
  }

  private keyPairNames(req: Record<string, unknown>, image: Image): string[] {
    const endpoints = req.endpoints;
    if (endpoints === undefined || endpoints === null) return [];
    if (!Array.isArray(endpoints)) throw Errors.badRequest('endpoints must be an array.');
    const names: string[] = [];
    for (const ep of endpoints) {
      if (typeof ep !== 'object' || ep === null) throw Errors.badRequest('each endpoint must be an object.');
      const e = ep as Record<string, unknown>;
      if (String(e.service ?? '').toUpperCase() !== 'SSH') continue;
      if (!image.dev_services.includes('SSH'))
        throw new ApiError(400, 'ModelArts.6768', `SSH configuration is missing: image ${image.name} does not support SSH.`);
      const kp = e.key_pair_names;
      if (!Array.isArray(kp) || kp.length === 0 || !kp.every((k) => typeof k === 'string'))
        throw Errors.badRequest('an SSH endpoint needs key_pair_names, a non-empty array of names.');
      for (const k of kp) {
        if (!this.deps.keyPairs.has(k)) throw new ApiError(400, 'ModelArts.6789', `Key pair ${k} does not exist; register it first.`);
        names.push(k);
      }
    }
    return names;
  }

  private update({ params, body }: RequestContext) {
    const nb = this.get(params.id as string);
    const req = parseJsonObject(body);
    const name = req.name === undefined ? nb.name : requiredString(req, 'name', 128);
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(name)) throw Errors.badRequest('name may hold only letters, digits, - and _ (1 to 128 characters).');
    const description = optionalString(req, 'description', 512) ?? nb.description;
    const updated = this.deps.store.put({ ...nb, name, description, update_at: Date.now() });
    return { status: 200, body: this.view(updated) };
  }

  private start(id: string, query: URLSearchParams) {
    const nb = this.get(id);
    if (nb.status === 'RUNNING') throw busy(nb, 'ModelArts.6305', 'already running');
    if (nb.status === 'STARTING' || nb.status === 'CREATING') throw busy(nb, 'ModelArts.6306', 'starting');
    if (nb.status === 'STOPPING' || nb.status === 'DELETING')
      throw busy(nb, 'ModelArts.6357', `${nb.status.toLowerCase()}; wait until it settles`);
    const raw = query.get('duration');
    const duration = raw === null ? nb.lease.duration : leaseDuration(Number(raw));
    const started = this.deps.store.put({ ...nb, status: 'STARTING', fail_reason: '', lease: lease(duration), update_at: Date.now() });
    void this.bringUp(id);
    return { status: 200, body: this.view(started) };
  }

  private stop(id: string) {
    const nb = this.get(id);
    if (nb.status === 'STOPPED') throw busy(nb, 'ModelArts.6307', 'already stopped');
    if (nb.status === 'STOPPING') throw busy(nb, 'ModelArts.6308', 'stopping');
    if (nb.status === 'DELETING') throw busy(nb, 'ModelArts.6357', 'being deleted');
    const stopping = this.setStatus(id, 'STOPPING');
    void this.deps.runtime.stop(id).then(() => this.setStatus(id, 'STOPPED'));
    return { status: 200, body: this.view(stopping) };
  }

  private remove(id: string) {
    const nb = this.get(id);
    if (nb.status === 'DELETING') throw busy(nb, 'ModelArts.6357', 'already being deleted');
    const deleting = this.setStatus(id, 'DELETING');
    void this.finishDelete(id);
    return { status: 200, body: this.view(deleting) };
  }

  private renew({ params, body, query }: RequestContext) {
    const nb = this.get(params.id as string);
    const req = parseJsonObject(body);
    const fromQuery = query.get('duration');
    const duration = leaseDuration(fromQuery === null ? optionalNumber(req, 'duration', 0, Number.MAX_SAFE_INTEGER) : Number(fromQuery));
    const now = Date.now();
    const renewed = this.deps.store.put({ ...nb, lease: { ...nb.lease, create_at: now, duration, update_at: now }, update_at: now });
    return { status: 200, body: renewed.lease };
  }

  private async bringUp(id: string): Promise<void> {
    try {
      const nb = this.get(id);
      this.deps.runtime.prepare(id);
      if (nb.status === 'CREATING') this.setStatus(id, 'STARTING');
      const { port, fingerprint } = await this.deps.runtime.start(nb);
      const current = this.deps.store.get(id);
      if (!current || current.status !== 'STARTING') {
        // Stopped or deleted while it was starting: the later request wins.
        if (current?.status !== 'RUNNING') await this.deps.runtime.stop(id);
        return;
      }
      this.deps.store.put({ ...current, status: 'RUNNING', ssh_port: port, host_key_fingerprint: fingerprint, update_at: Date.now() });
    } catch (err) {
      this.deps.log(`notebook ${id} failed to start: ${err instanceof Error ? err.message : String(err)}`);
      if (this.deps.store.has(id))
        this.deps.store.update(id, (nb) => ({
          ...nb,
          status: 'ERROR',
          fail_reason: `Could not start: ${err instanceof Error ? err.message : String(err)}`,
          update_at: Date.now(),
        }));
    }
  }

  private async finishDelete(id: string): Promise<void> {
    await this.deps.runtime.remove(id);
    this.deps.store.delete(id);
  }

  private setStatus(id: string, status: NotebookStatus): Notebook {
    return this.deps.store.update(id, (nb) => ({ ...nb, status, update_at: Date.now() })) ?? this.get(id);
  }

  private leaseExpired(nb: Notebook, now: number): boolean {
    return nb.lease.enable && now >= nb.lease.create_at + nb.lease.duration;
  }

  private expire(nb: Notebook): void {
    this.deps.log(`notebook ${nb.id} reached the end of its lease; stopping it`);
    this.setStatus(nb.id, 'STOPPING');
    void this.deps.runtime.stop(nb.id).then(() => this.setStatus(nb.id, 'STOPPED'));
  }

  private enforceLeases(now = Date.now()): void {
    for (const nb of this.deps.store.all()) if (nb.status === 'RUNNING' && this.leaseExpired(nb, now)) this.expire(nb);
  }
}
