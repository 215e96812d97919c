import type { Lease, Notebook } from '../../../core/api/resources/notebookTypes';
import { notebookRoutes } from '../../../core/api/routes/notebooks';
import type { BackgroundWork } from '../../background';
import { ApiError, Errors } from '../../http/apiError';
import { optionalNumber, optionalObject, optionalString, paging, requiredString } from '../../http/json';
import type { Handlers, RequestContext } from '../../http/router';
import type { RecordStore } from '../../store/recordStore';
import { newUuid } from '../ids';
import type { LocalImage } from '../images/catalog';
import { findImage, imageNotFound } from '../images/install';
import type { StoredKeyPair } from '../keyPairs';
import { pageOf } from '../paging';
import { notebookFlavors } from './flavors';
import { type LocalLease, type LocalNotebookStatus, maxLeaseMs, minLeaseMs, notebookView, type StoredNotebook } from './model';
import type { NotebookRuntime } from './runtime';
import type { LocalRuntime } from '../../../core/api/resources/imageTypes';
import { describeRoute } from '../../../core/api/routes/route';

export interface NotebookDeps {
  readonly store: RecordStore<StoredNotebook>;
  readonly images: RecordStore<LocalImage>;
  readonly keyPairs: RecordStore<StoredKeyPair>;
  readonly runtime: NotebookRuntime;
  readonly background: BackgroundWork;
  readonly requireWorkspace: (id: string) => void;
  readonly log: (line: string) => void;
  /** What the notebooks really run here, reported on each (local_runtime). */
  readonly hostRuntime?: LocalRuntime;
}

type Ctx<K extends keyof typeof notebookRoutes> = RequestContext<(typeof notebookRoutes)[K]>;

const notFound = (id: string) => new ApiError(400, 'ModelArts.6309', `The instance ${id} does not exist.`);
const busy = (nb: StoredNotebook, code: string, what: string) => new ApiError(400, code, `Notebook ${nb.name} is ${what}.`);
const namePattern = /^[A-Za-z0-9_-]{1,128}$/;

function lease(durationMs: number, now = Date.now()): LocalLease {
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
 * the lease stops a notebook when it expires. Background work that fails leaves the notebook in
 * a failed status with the reason, never stuck in a transitional one.
 */
export class NotebookService {
  private leaseTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: NotebookDeps) {}

  /** A handler for every notebook route local mode serves. */
  handlers(): Handlers<typeof notebookRoutes> {
    return {
      list: (ctx) => this.list(ctx),
      create: (ctx) => this.create(ctx),
      get: ({ params }) => ({ status: 200, body: this.view(this.get(params.notebook_id)) }),
      update: (ctx) => this.update(ctx),
      delete: ({ params }) => this.remove(params.notebook_id),
      start: ({ params, query }) => this.start(params.notebook_id, query.get('duration')),
      stop: ({ params }) => this.stop(params.notebook_id),
      getLease: ({ params }) => ({ status: 200, body: this.get(params.notebook_id).lease }),
      renewLease: (ctx) => this.renew(ctx),
      flavors: ({ query }) => {
        const { offset, limit } = paging(query, 100, 1000);
        const category = query.get('category')?.toUpperCase();
        const page = pageOf(
          notebookFlavors.filter((f) => !category || f.category === category),
          offset,
          limit,
        );
        return { status: 200, body: { ...page, flavors: page.data } };
      },
    };
  }

  /** Brings notebooks back after a daemon restart: running ones get their SSH server again. */
  recover(): void {
    for (const nb of this.deps.store.all()) {
      if (nb.status === 'RUNNING' && this.leaseExpired(nb, Date.now())) this.expire(nb);
      else if (nb.status === 'RUNNING' || nb.status === 'STARTING' || nb.status === 'CREATING') this.bringUp(nb.id);
      else if (nb.status === 'STOPPING') this.setStatus(nb.id, 'STOPPED');
      else if (nb.status === 'DELETING') this.finishDelete(nb.id);
    }
    this.leaseTimer = setInterval(() => this.enforceLeases(), 5_000);
  }

  async close(): Promise<void> {
    clearInterval(this.leaseTimer);
    await this.deps.runtime.stopAll();
  }

  /** Who uses a key pair ("notebook dev, test"), for refusing to delete it. */
  usersOfKeyPair(name: string): string | undefined {
    const users = this.deps.store.all().filter((nb) => nb.key_pair_names.includes(name));
    return users.length ? `notebook ${users.map((u) => u.name).join(', ')}` : undefined;
  }

  countIn(workspaceId: string): number {
    return this.deps.store.all().filter((nb) => nb.workspace_id === workspaceId).length;
  }

  /** What the API returns for a notebook, with its real work dir as the volume's mount path. */
  private view(nb: StoredNotebook): Notebook {
    return notebookView(nb, this.deps.runtime.dirs(nb.id).work, this.deps.hostRuntime);
  }

  private get(id: string): StoredNotebook {
    const nb = this.deps.store.get(id);
    if (!nb) throw notFound(id);
    return nb;
  }

  private list({ query }: Ctx<'list'>) {
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
    return {
      status: 200 as const,
      body: { ...pageOf(list, offset, limit), data: list.slice(offset, offset + limit).map((nb) => this.view(nb)) },
    };
  }

  private create({ json }: Ctx<'create'>) {
    const req = json();
    const name = requiredString(req, 'name', 128);
    if (!namePattern.test(name)) throw Errors.badRequest('name may hold only letters, digits, - and _ (1 to 128 characters).');
    const flavor = requiredString(req, 'flavor', 128);
    if (!notebookFlavors.some((f) => f.id === flavor))
      throw new ApiError(400, 'ModelArts.6323', `Flavor ${flavor} is not supported here; see ${describeRoute(notebookRoutes.flavors)}.`);
    const imageId = requiredString(req, 'image_id', 128);
    const image = findImage(this.deps.images, imageId);
    if (!image) throw imageNotFound(imageId);
    if (!image.dev_services.includes('NOTEBOOK')) throw Errors.badRequest(`Image ${image.name} cannot run notebooks.`);
    const workspaceId = optionalString(req, 'workspace_id') ?? '0';
    this.deps.requireWorkspace(workspaceId);
    const keyPairNames = this.keyPairNames(req.endpoints, image);
    const leaseReq = optionalObject(req, 'lease');
    const duration = leaseReq?.duration === undefined ? minLeaseMs : leaseDuration(leaseReq.duration);
    const now = Date.now();
    const nb: StoredNotebook = {
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
    this.bringUp(nb.id);
    return { status: 200 as const, body: this.view(nb) };
  }

  private keyPairNames(endpoints: unknown, image: LocalImage): string[] {
    if (endpoints === undefined || endpoints === null) return [];
    if (!Array.isArray(endpoints)) throw Errors.badRequest('endpoints must be an array.');
    const names: string[] = [];
    for (const ep of endpoints as unknown[]) {
      if (typeof ep !== 'object' || ep === null) throw Errors.badRequest('each endpoint must be an object.');
      const e = ep as Record<string, unknown>;
      if (typeof e.service !== 'string' || e.service.toUpperCase() !== 'SSH') continue;
      if (!image.dev_services.includes('SSH'))
        throw new ApiError(400, 'ModelArts.6768', `SSH configuration is missing: image ${image.name} does not support SSH.`);
      const kp = e.key_pair_names;
      if (!Array.isArray(kp) || kp.length === 0 || !kp.every((k): k is string => typeof k === 'string'))
        throw Errors.badRequest('an SSH endpoint needs key_pair_names, a non-empty array of names.');
      for (const k of kp) {
        if (!this.deps.keyPairs.has(k)) throw new ApiError(400, 'ModelArts.6789', `Key pair ${k} does not exist; register it first.`);
        names.push(k);
      }
    }
    return names;
  }

  private update({ params, json }: Ctx<'update'>) {
    const nb = this.get(params.notebook_id);
    const req = json();
    const name = req.name === undefined ? nb.name : requiredString(req, 'name', 128);
    if (!namePattern.test(name)) throw Errors.badRequest('name may hold only letters, digits, - and _ (1 to 128 characters).');
    const description = optionalString(req, 'description', 512) ?? nb.description;
    const updated = this.deps.store.put({ ...nb, name, description, update_at: Date.now() });
    return { status: 200 as const, body: this.view(updated) };
  }

  private start(id: string, rawDuration: string | null) {
    const nb = this.get(id);
    if (nb.status === 'RUNNING') throw busy(nb, 'ModelArts.6305', 'already running');
    if (nb.status === 'STARTING' || nb.status === 'CREATING') throw busy(nb, 'ModelArts.6306', 'starting');
    if (nb.status === 'STOPPING' || nb.status === 'DELETING')
      throw busy(nb, 'ModelArts.6357', `${nb.status.toLowerCase()}; wait until it settles`);
    const duration = rawDuration === null ? nb.lease.duration : leaseDuration(Number(rawDuration));
    const started = this.deps.store.put({ ...nb, status: 'STARTING', fail_reason: '', lease: lease(duration), update_at: Date.now() });
    this.bringUp(id);
    return { status: 200 as const, body: this.view(started) };
  }

  private stop(id: string) {
    const nb = this.get(id);
    if (nb.status === 'STOPPED') throw busy(nb, 'ModelArts.6307', 'already stopped');
    if (nb.status === 'STOPPING') throw busy(nb, 'ModelArts.6308', 'stopping');
    if (nb.status === 'DELETING') throw busy(nb, 'ModelArts.6357', 'being deleted');
    const stopping = this.setStatus(id, 'STOPPING');
    this.finishStop(id);
    return { status: 200 as const, body: this.view(stopping) };
  }

  private remove(id: string) {
    const nb = this.get(id);
    if (nb.status === 'DELETING') throw busy(nb, 'ModelArts.6357', 'already being deleted');
    const deleting = this.setStatus(id, 'DELETING');
    this.finishDelete(id);
    return { status: 200 as const, body: this.view(deleting) };
  }

  private renew({ params, json, query }: Ctx<'renewLease'>) {
    const nb = this.get(params.notebook_id);
    const req = json();
    const fromQuery = query.get('duration');
    const duration = leaseDuration(fromQuery === null ? optionalNumber(req, 'duration', 0, Number.MAX_SAFE_INTEGER) : Number(fromQuery));
    const now = Date.now();
    const renewed = this.deps.store.put({ ...nb, lease: { ...nb.lease, create_at: now, duration, update_at: now }, update_at: now });
    return { status: 200 as const, body: renewed.lease satisfies Lease };
  }

  /**
   * Starts the notebook's SSH server in the background. A failure leaves CREATE_FAILED (it was
   * being created) or START_FAILED, with why, as the cloud reports an instance that did not come up.
   */
  private bringUp(id: string): void {
    const creating = this.deps.store.get(id)?.status === 'CREATING';
    this.deps.background.run(
      `start notebook ${id}`,
      async () => {
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
      },
      (reason) => this.fail(id, creating ? 'CREATE_FAILED' : 'START_FAILED', `Could not start: ${reason}`),
    );
  }

  /** Ends the notebook's processes and SSH server; a failure leaves ERROR with why (the processes may still run). */
  private finishStop(id: string): void {
    this.deps.background.run(
      `stop notebook ${id}`,
      async () => {
        await this.deps.runtime.stop(id);
        this.setStatus(id, 'STOPPED');
      },
      (reason) => this.fail(id, 'ERROR', `Could not stop: ${reason}`),
    );
  }

  private finishDelete(id: string): void {
    this.deps.background.run(
      `delete notebook ${id}`,
      async () => {
        await this.deps.runtime.remove(id);
        this.deps.store.delete(id);
      },
      (reason) => this.fail(id, 'ERROR', `Could not delete: ${reason}`),
    );
  }

  /** Marks a notebook failed with the reason, unless it is gone. */
  private fail(id: string, status: 'CREATE_FAILED' | 'START_FAILED' | 'ERROR', reason: string): void {
    this.deps.store.update(id, (nb) => ({ ...nb, status, fail_reason: reason, update_at: Date.now() }));
  }

  private setStatus(id: string, status: LocalNotebookStatus): StoredNotebook {
    return this.deps.store.update(id, (nb) => ({ ...nb, status, update_at: Date.now() })) ?? this.get(id);
  }

  private leaseExpired(nb: StoredNotebook, now: number): boolean {
    return nb.lease.enable && now >= nb.lease.create_at + nb.lease.duration;
  }

  private expire(nb: StoredNotebook): void {
    this.deps.log(`notebook ${nb.id} reached the end of its lease; stopping it`);
    this.setStatus(nb.id, 'STOPPING');
    this.finishStop(nb.id);
  }

  private enforceLeases(now = Date.now()): void {
    for (const nb of this.deps.store.all()) if (nb.status === 'RUNNING' && this.leaseExpired(nb, now)) this.expire(nb);
  }
}
