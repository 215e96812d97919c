/**
 * Notebooks, new version (`/v1/{project_id}/notebooks`, reference §4): list, lifecycle (create
 * starts the instance; start, stop and delete answer with the transitional status at once and
 * finish later), the auto-stop lease, flavors, and waiting for a status.
 */
import { isPlatformError } from '../errors';
import type { HttpClient } from '../http';
import { collectItems, dataPaging, items } from '../paging';
import { notebookRoutes } from '../routes/notebooks';
import { checkParams } from '../routes/route';
import {
  type CallOptions,
  checkInteger,
  compact,
  pollUntil,
  requireField,
  send,
  sendJson,
  WaitFailedError,
  type WaitOptions,
} from './common';
import type { DataPage } from './imageTypes';
import {
  failedNotebookStatuses,
  type Lease,
  type Notebook,
  type NotebookCreateRequest,
  type NotebookFlavor,
  type NotebookStatus,
  type NotebookUpdateRequest,
} from './notebookTypes';

export * from './notebookTypes';

/** Filters of list. */
export interface NotebookListOptions extends CallOptions {
  /** Fuzzy match on the name. */
  readonly name?: string;
  readonly status?: NotebookStatus;
  readonly workspaceId?: string;
  readonly feature?: 'NOTEBOOK' | 'DEFAULT';
  readonly flavor?: string;
  readonly imageId?: string;
  readonly owner?: string;
  readonly poolId?: string;
  readonly sortKey?: string;
  readonly sortDir?: 'ASC' | 'DESC';
  /** Records per request; default 50 (the cloud takes 10, 20 or 50). */
  readonly pageSize?: number;
}

/** Options of start. */
export interface NotebookStartOptions extends CallOptions {
  /** Auto-stop after this many ms (1 h to 72 h; the cloud also takes -1 for none). Default: the previous lease's. */
  readonly duration?: number;
  readonly type?: 'TIMING' | 'IDLE';
}

/** Options of flavors. */
export interface NotebookFlavorOptions extends CallOptions {
  readonly category?: 'CPU' | 'GPU' | 'ASCEND';
  /** `MANAGED` public or `DEDICATED` pool flavors. */
  readonly type?: 'MANAGED' | 'DEDICATED';
}

/** What to wait for: statuses, or a test of the whole notebook. */
export type NotebookCondition = NotebookStatus | readonly NotebookStatus[] | ((notebook: Notebook) => boolean);

const defaultVolume = { category: 'EVS', ownership: 'MANAGED', capacity: 5 } as const;

/** True for the answer to a notebook that does not exist (HTTP 400 ModelArts.6309/6404 on the cloud). */
export function isNotebookNotFound(err: unknown): boolean {
  return isPlatformError(err) && (err.errorCode === 'ModelArts.6309' || err.errorCode === 'ModelArts.6404' || err.status === 404);
}

/** Typed notebook calls. */
export class NotebooksApi {
  constructor(private readonly http: HttpClient) {}

  /** The caller's notebooks matching the filters, page by page as the iteration goes. */
  list(options: NotebookListOptions = {}): AsyncGenerator<Notebook, void, undefined> {
    return items((page, signal) => this.page(page.offset, page.limit, options, signal), dataPaging<Notebook>(), {
      limit: options.pageSize ?? 50,
      signal: options.signal,
    });
  }

  /** {@link list}, collected. */
  listAll(options: NotebookListOptions = {}): Promise<Notebook[]> {
    return collectItems((page, signal) => this.page(page.offset, page.limit, options, signal), dataPaging<Notebook>(), {
      limit: options.pageSize ?? 50,
      signal: options.signal,
    });
  }

  /** One notebook. A missing one fails with HTTP 400 ModelArts.6309 (see {@link isNotebookNotFound}). */
  get(id: string, options: CallOptions = {}): Promise<Notebook> {
    return sendJson(this.http, notebookRoutes.get, { params: { notebook_id: id }, signal: options.signal });
  }

  /** Creates (and starts) a notebook; it answers in CREATING. `volume` defaults to a managed 5 GB EVS disk. */
  create(request: NotebookCreateRequest, options: CallOptions = {}): Promise<Notebook> {
    requireField(request?.name, 'notebook name');
    requireField(request.flavor, 'notebook flavor');
    requireField(request.image_id, 'notebook image_id');
    for (const ep of request.endpoints ?? []) {
      if (ep.service === 'SSH' && !ep.key_pair_names?.length)
        throw new TypeError('An SSH endpoint needs key_pair_names (register a key pair first).');
    }
    const body = compact({ ...request, volume: request.volume ?? defaultVolume });
    return sendJson(this.http, notebookRoutes.create, { body, signal: options.signal });
  }

  /** Changes name, description (and on the cloud flavor, image, disk size, endpoints). */
  update(id: string, changes: NotebookUpdateRequest, options: CallOptions = {}): Promise<Notebook> {
    checkParams(notebookRoutes.update, { notebook_id: id });
    if (!changes || Object.values(changes).every((v) => v === undefined))
      throw new TypeError('notebook update needs at least one field to change.');
    return sendJson(this.http, notebookRoutes.update, {
      params: { notebook_id: id },
      body: compact({ ...changes }),
      signal: options.signal,
    });
  }

  /** Starts a stopped notebook; answers in STARTING. */
  start(id: string, options: NotebookStartOptions = {}): Promise<Notebook> {
    checkParams(notebookRoutes.start, { notebook_id: id });
    checkInteger(options.duration, 'duration (ms)', -1);
    return sendJson(this.http, notebookRoutes.start, {
      params: { notebook_id: id },
      query: { duration: options.duration, type: options.type },
      signal: options.signal,
    });
  }

  /** Stops a notebook; answers in STOPPING. */
  stop(id: string, options: CallOptions = {}): Promise<Notebook> {
    return sendJson(this.http, notebookRoutes.stop, { params: { notebook_id: id }, signal: options.signal });
  }

  /** Deletes a notebook; answers in DELETING (the body, when the platform sends one). */
  async delete(id: string, options: CallOptions = {}): Promise<Notebook | undefined> {
    const res = await send(this.http, notebookRoutes.delete, { params: { notebook_id: id }, signal: options.signal });
    return res.body ?? undefined;
  }

  /** The auto-stop lease. */
  getLease(id: string, options: CallOptions = {}): Promise<Lease> {
    return sendJson(this.http, notebookRoutes.getLease, { params: { notebook_id: id }, signal: options.signal });
  }

  /** Sets auto-stop to `durationMs` from now (1 h to 72 h) and returns the new lease. */
  async renewLease(id: string, durationMs: number, options: CallOptions & { type?: 'TIMING' | 'IDLE' } = {}): Promise<Lease> {
    checkParams(notebookRoutes.renewLease, { notebook_id: id });
    if (typeof durationMs !== 'number') throw new TypeError('lease duration (ms) is required.');
    checkInteger(durationMs, 'lease duration (ms)', 1);
    const res = await send(this.http, notebookRoutes.renewLease, {
      params: { notebook_id: id },
      body: compact({ duration: durationMs, type: options.type }),
      signal: options.signal,
    });
    // The cloud may answer 204 without the lease; read it back then.
    return res.body ?? this.getLease(id, options);
  }

  /** Flavors notebooks can use. */
  async flavors(options: NotebookFlavorOptions = {}): Promise<NotebookFlavor[]> {
    const fetchPage = async (page: { offset: number; limit: number }, signal?: AbortSignal) => {
      const body = await sendJson(this.http, notebookRoutes.flavors, {
        query: { offset: page.offset, limit: page.limit, category: options.category, type: options.type },
        signal,
      });
      return { ...body, data: body.data ?? body.flavors ?? [] };
    };
    return collectItems(fetchPage, dataPaging<NotebookFlavor>(), { limit: 100, signal: options.signal });
  }

  /** Flavors a notebook can switch to (cloud only). */
  async switchableFlavors(id: string, options: CallOptions = {}): Promise<NotebookFlavor[]> {
    const body = await sendJson(this.http, notebookRoutes.switchableFlavors, { params: { notebook_id: id }, signal: options.signal });
    return [...(body.data ?? body.flavors ?? [])];
  }

  /**
   * Polls (with growing waits) until the notebook satisfies `condition` and returns it. Rejects
   * with a {@link WaitFailedError} carrying the platform's `fail_reason` when the notebook lands
   * in ERROR or *_FAILED (or FROZEN) and that was not what was asked for, with a
   * WaitTimeoutError after `timeoutMs`, and with an AbortError when `signal` aborts.
   */
  waitFor(id: string, condition: NotebookCondition, options: WaitOptions<Notebook> = {}): Promise<Notebook> {
    checkParams(notebookRoutes.get, { notebook_id: id });
    const test =
      typeof condition === 'function'
        ? condition
        : (
            (wanted: readonly NotebookStatus[]) => (nb: Notebook) =>
              wanted.includes(nb.status)
          )(typeof condition === 'string' ? [condition] : condition);
    const failure = (nb: Notebook) =>
      failedNotebookStatuses.includes(nb.status)
        ? new WaitFailedError(
            `Notebook ${nb.name} is ${nb.status}: ${nb.fail_reason || 'the platform gave no reason'}`,
            nb.status,
            nb.fail_reason ?? '',
            nb,
          )
        : undefined;
    const describe = (nb: Notebook | undefined) => `notebook ${nb?.name ?? id} is ${nb?.status ?? 'unknown'}`;
    return pollUntil((signal) => this.get(id, { signal }), test, failure, describe, options);
  }

  /** Polls until the notebook is gone (not found, or DELETED). */
  async waitForDeletion(id: string, options: WaitOptions<Notebook | undefined> = {}): Promise<void> {
    checkParams(notebookRoutes.get, { notebook_id: id });
    const fetch = (signal?: AbortSignal) =>
      this.get(id, { signal }).catch((err: unknown) => {
        if (isNotebookNotFound(err)) return undefined;
        throw err;
      });
    const failure = (nb: Notebook | undefined) =>
      nb?.status === 'DELETE_FAILED'
        ? new WaitFailedError(
            `Deleting notebook ${nb.name} failed: ${nb.fail_reason || 'the platform gave no reason'}`,
            nb.status,
            nb.fail_reason ?? '',
            nb,
          )
        : undefined;
    await pollUntil(
      fetch,
      (nb) => nb === undefined || nb.status === 'DELETED',
      failure,
      (nb) => `notebook ${id} is ${nb?.status ?? 'gone'}`,
      options,
    );
  }

  private page(offset: number, limit: number, o: NotebookListOptions, signal?: AbortSignal): Promise<DataPage<Notebook>> {
    return sendJson(this.http, notebookRoutes.list, {
      query: {
        offset,
        limit,
        name: o.name,
        status: o.status,
        workspace_id: o.workspaceId,
        feature: o.feature,
        flavor: o.flavor,
        image_id: o.imageId,
        owner: o.owner,
        pool_id: o.poolId,
        sort_key: o.sortKey,
        sort_dir: o.sortDir,
      },
      signal,
    });
  }
}
