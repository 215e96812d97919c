/**
 * Training jobs v2 (`/v2/{project_id}/training-jobs`, reference §6): create, search, lifecycle,
 * logs (one slice, or followed until the job ends), metrics, events, flavors and engines.
 */
import type { HttpClient } from '../http';
import { collectItems, type PageConvention, pages, trainingEventPaging } from '../paging';
import { checkParams } from '../routes/route';
import { trainingJobRoutes } from '../routes/trainingJobs';
import {
  type CallOptions,
  checkInteger,
  compact,
  pollUntil,
  requireField,
  send,
  sendJson,
  sleep,
  WaitFailedError,
  type WaitOptions,
} from './common';
import {
  finalJobPhases,
  type JobEvent,
  type JobLogSlice,
  type JobMetrics,
  type JobPhase,
  type TrainingEngine,
  type TrainingFlavor,
  type TrainingJob,
  type TrainingJobCreateRequest,
  type TrainingJobFilter,
  type TrainingJobSearchPage,
} from './trainingJobTypes';

export * from './trainingJobTypes';

/** What a search asks for. */
export interface TrainingJobSearchOptions extends CallOptions {
  readonly filters?: readonly TrainingJobFilter[];
  /** Shorthand for a `name` `like` filter. */
  readonly name?: string;
  /** Shorthand for a `phase` `in` filter. */
  readonly phases?: readonly JobPhase[];
  readonly workspaceId?: string;
  readonly sortBy?: 'create_time' | 'name' | 'duration' | (string & {});
  readonly order?: 'asc' | 'desc';
  /** Jobs per request, 1–50; default 50. */
  readonly pageSize?: number;
}

/** Options of events. */
export interface JobEventOptions extends CallOptions {
  readonly level?: 'Info' | 'Warning' | 'Error';
  readonly source?: 'K8S' | 'Job' | 'Task';
  /** Substring of the message. */
  readonly pattern?: string;
  readonly order?: 'asc' | 'desc';
  /** Epoch ms; give both or neither. */
  readonly startTime?: number;
  readonly endTime?: number;
}

/** Options of tailLogs. */
export interface TailLogOptions extends CallOptions {
  /** Wait between polls once caught up; default 1000 ms. */
  readonly pollMs?: number;
  /** Byte offset to start from; default 0 (the whole log). */
  readonly from?: number;
  /** Bytes per request; default 1 MiB. */
  readonly chunkBytes?: number;
}

/** A piece of log text and where it sits in the log. */
export interface LogChunk {
  readonly content: string;
  /** Byte offset of the first byte of `content`. */
  readonly offset: number;
  /** Byte offset right after `content`: resume from here. */
  readonly nextOffset: number;
}

/** What to wait for: phases, or a test of the whole job. */
export type JobCondition = JobPhase | readonly JobPhase[] | ((job: TrainingJob) => boolean);

/** Search pages: `offset` is a page index; `count` (matching jobs) bounds the loop, else `total`. */
const searchPaging: PageConvention<TrainingJobSearchPage, TrainingJob> = {
  offsetUnit: 'page',
  items: (p) => p.items,
  total: (p) => (typeof p.count === 'number' ? p.count : typeof p.total === 'number' ? p.total : undefined),
};

/** The path parameters naming a job, and a task of it. */
const job = (id: string) => ({ training_job_id: id });
const task = (id: string, taskId: string) => ({ training_job_id: id, task_id: taskId });

/** Typed training job calls. */
export class TrainingJobsApi {
  constructor(private readonly http: HttpClient) {}

  /** Creates a job (HTTP 201) and returns it, in phase Creating. */
  create(request: TrainingJobCreateRequest, options: CallOptions = {}): Promise<TrainingJob> {
    requireField(request?.metadata?.name, 'metadata.name');
    if (!request.algorithm || typeof request.algorithm !== 'object') throw new TypeError('algorithm is required.');
    const a = request.algorithm;
    if (!a.id && !a.subscription_id && !a.boot_file && !a.command)
      throw new TypeError(
        'algorithm needs code_dir + boot_file, or a command (with engine.image_url or an engine), or a saved algorithm id.',
      );
    if (a.boot_file && !a.code_dir) throw new TypeError('algorithm.boot_file needs algorithm.code_dir.');
    requireField(request.spec?.resource?.flavor_id, 'spec.resource.flavor_id');
    checkInteger(request.spec.resource.node_count, 'spec.resource.node_count', 1);
    return sendJson(this.http, trainingJobRoutes.create, { body: { kind: 'job', ...request }, signal: options.signal });
  }

  /** Search result pages, fetched as the iteration goes. */
  searchPages(options: TrainingJobSearchOptions = {}): AsyncGenerator<TrainingJobSearchPage, void, undefined> {
    const limit = options.pageSize ?? 50;
    checkInteger(limit, 'pageSize', 1);
    if (limit > 50) throw new TypeError('pageSize must be at most 50 for training job searches.');
    const filters: TrainingJobFilter[] = [...(options.filters ?? [])];
    if (options.name) filters.push({ key: 'name', operator: 'like', value: [options.name] });
    if (options.phases?.length) filters.push({ key: 'phase', operator: 'in', value: [...options.phases] });
    const fetchPage = (page: { offset: number; limit: number }, signal?: AbortSignal) =>
      sendJson(this.http, trainingJobRoutes.search, {
        body: compact({
          offset: page.offset,
          limit: page.limit,
          sort_by: options.sortBy,
          order: options.order,
          workspace_id: options.workspaceId,
          filters: filters.length ? filters : undefined,
        }),
        signal,
      });
    return pages(fetchPage, searchPaging, { limit, signal: options.signal });
  }

  /** Matching jobs one by one, across pages. */
  async *search(options: TrainingJobSearchOptions = {}): AsyncGenerator<TrainingJob, void, undefined> {
    for await (const page of this.searchPages(options)) yield* page.items;
  }

  /** One job. A missing one fails with HTTP 400 ModelArts.2775. */
  get(id: string, options: CallOptions = {}): Promise<TrainingJob> {
    return sendJson(this.http, trainingJobRoutes.get, { params: job(id), signal: options.signal });
  }

  /** Changes the description (the only field that can change). */
  async updateDescription(id: string, description: string, options: CallOptions = {}): Promise<void> {
    checkParams(trainingJobRoutes.update, job(id));
    if (typeof description !== 'string') throw new TypeError('description must be a string.');
    await send(this.http, trainingJobRoutes.update, { params: job(id), body: { description }, signal: options.signal });
  }

  /** Asks the job to stop (HTTP 202); answers in Terminating. */
  terminate(id: string, options: CallOptions = {}): Promise<TrainingJob> {
    return sendJson(this.http, trainingJobRoutes.terminate, {
      params: job(id),
      body: { action_type: 'terminate' },
      signal: options.signal,
    });
  }

  /** Deletes the job and its record (HTTP 202, empty). */
  async delete(id: string, options: CallOptions = {}): Promise<void> {
    await send(this.http, trainingJobRoutes.delete, { params: job(id), signal: options.signal });
  }

  /**
   * A slice of a task's log. Without `offset`, the latest `limit` bytes (the cloud returns at
   * most the latest ~5 MB and may ignore offset/limit); with it, local mode returns the bytes from
   * there, ending on a whole UTF-8 character.
   */
  logPreview(id: string, taskId: string, options: CallOptions & { offset?: number; limit?: number } = {}): Promise<JobLogSlice> {
    checkParams(trainingJobRoutes.logPreview, task(id, taskId));
    checkInteger(options.offset, 'offset', 0);
    checkInteger(options.limit, 'limit', 1);
    return sendJson(this.http, trainingJobRoutes.logPreview, {
      params: task(id, taskId),
      query: { offset: options.offset, limit: options.limit },
      signal: options.signal,
    });
  }

  /** A link to the whole log: a temporary OBS URL on the cloud; a storage or file:// URL locally. */
  async logUrl(id: string, taskId: string, options: CallOptions & { download?: boolean } = {}): Promise<string> {
    const contentType = options.download ? 'application/octet-stream' : 'text/plain';
    const body = await sendJson(this.http, trainingJobRoutes.logUrl, {
      params: task(id, taskId),
      query: { 'Content-Type': contentType },
      signal: options.signal,
    });
    return body.obs_url;
  }

  /**
   * Follows a task's log from `from` until the job has ended and everything it wrote has been
   * read, yielding the text as it arrives. Between polls it waits `pollMs`; a log that shrank
   * (the job restarted) is read again from the start. Stops with an AbortError when `signal`
   * aborts; breaking out of the loop stops it too.
   */
  async *tailLogs(id: string, taskId: string, options: TailLogOptions = {}): AsyncGenerator<LogChunk, void, undefined> {
    checkParams(trainingJobRoutes.logPreview, task(id, taskId));
    const { signal } = options;
    const pollMs = options.pollMs ?? 1000;
    const chunk = options.chunkBytes ?? 1024 * 1024;
    checkInteger(options.from, 'from', 0);
    checkInteger(pollMs, 'pollMs', 1);
    checkInteger(chunk, 'chunkBytes', 4);
    let offset = options.from ?? 0;
    let ended = false;
    for (;;) {
      const slice = await this.logPreview(id, taskId, { offset, limit: chunk, signal });
      const piece = unread(slice, offset);
      if (piece.content) yield { content: piece.content, offset: piece.offset, nextOffset: piece.end };
      const progressed = piece.end !== offset;
      offset = piece.end;
      if (offset < slice.full_size && progressed) continue; // more is there already
      // Caught up. Stop only after a read that began once the job had ended, so its last words are in.
      if (ended) return;
      const job = await this.get(id, { signal });
      if (finalJobPhases.includes(job.status.phase)) ended = true;
      else await sleep(pollMs, signal);
    }
  }

  /**
   * Resource usage of a task (and, locally, the scalars it printed or wrote). Locally, `cursor` (the
   * last answer's `next_cursor`) makes the answer hold only what is new.
   */
  metrics(id: string, taskId: string, options: CallOptions & { cursor?: string; limitBytes?: number } = {}): Promise<JobMetrics> {
    return sendJson(this.http, trainingJobRoutes.metrics, {
      params: task(id, taskId),
      query: { cursor: options.cursor, limit: options.limitBytes },
      signal: options.signal,
    });
  }

  /** The job's events, all pages (newest first unless `order: 'asc'`). */
  events(id: string, options: JobEventOptions = {}): Promise<JobEvent[]> {
    checkParams(trainingJobRoutes.events, job(id));
    if ((options.startTime === undefined) !== (options.endTime === undefined))
      throw new TypeError('startTime and endTime must be given together.');
    const fetchPage = (page: { offset: number; limit: number }, signal?: AbortSignal) =>
      sendJson(this.http, trainingJobRoutes.events, {
        params: job(id),
        query: {
          offset: page.offset,
          limit: page.limit,
          level: options.level,
          source: options.source,
          pattern: options.pattern,
          order: options.order,
          start_time: options.startTime,
          end_time: options.endTime,
        },
        signal,
      });
    return collectItems(fetchPage, trainingEventPaging<JobEvent>(), { limit: 100, signal: options.signal });
  }

  /** Flavors jobs can run on. */
  async flavors(options: CallOptions & { flavorType?: 'CPU' | 'GPU' | 'Ascend' } = {}): Promise<TrainingFlavor[]> {
    const body = await sendJson(this.http, trainingJobRoutes.flavors, {
      query: { flavor_type: options.flavorType },
      signal: options.signal,
    });
    return [...(body.flavors ?? [])];
  }

  /** Preset AI engines. */
  async engines(options: CallOptions = {}): Promise<TrainingEngine[]> {
    const body = await sendJson(this.http, trainingJobRoutes.engines, { signal: options.signal });
    return [...(body.items ?? [])];
  }

  /**
   * Polls until the job satisfies `condition`. A job that ends Failed or Abnormal when that was
   * not asked for rejects with a {@link WaitFailedError} carrying the task's message.
   */
  waitFor(id: string, condition: JobCondition, options: WaitOptions<TrainingJob> = {}): Promise<TrainingJob> {
    checkParams(trainingJobRoutes.get, job(id));
    const test =
      typeof condition === 'function'
        ? condition
        : (
            (wanted: readonly JobPhase[]) => (job: TrainingJob) =>
              wanted.includes(job.status.phase)
          )(typeof condition === 'string' ? [condition] : condition);
    const failure = (job: TrainingJob) => {
      const phase = job.status.phase;
      if (phase !== 'Failed' && phase !== 'Abnormal') return undefined;
      const reason = job.status.task_statuses?.find((t) => t.message)?.message ?? '';
      return new WaitFailedError(
        `Training job ${job.metadata.name} ${phase === 'Failed' ? 'failed' : 'is abnormal'}: ${reason || 'the platform gave no reason'}`,
        phase,
        reason,
        job,
      );
    };
    return pollUntil(
      (signal) => this.get(id, { signal }),
      test,
      failure,
      (job) => `job ${job?.metadata.name ?? id} is ${job?.status.phase ?? 'unknown'}`,
      options,
    );
  }
}

/**
 * The part of a slice not read yet. Local mode honours `offset` (the slice is
 * [current_size - bytes, current_size)); a server that ignores it returns the log's tail, which
 * may overlap what was read: the overlap is dropped. A log shorter than `offset` was replaced:
 * the slice is taken whole, from its start.
 */
function unread(slice: JobLogSlice, offset: number): { content: string; offset: number; end: number } {
  const bytes = Buffer.from(slice.content ?? '', 'utf8');
  const end = typeof slice.current_size === 'number' ? slice.current_size : slice.full_size;
  const start = Math.max(0, end - bytes.length);
  if (end < offset || start >= offset) return { content: bytes.toString('utf8'), offset: start, end };
  return { content: bytes.subarray(offset - start).toString('utf8'), offset, end };
}
