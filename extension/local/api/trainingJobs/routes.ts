// The REST surface of local training jobs (reference §6 and the §10 table). Handlers validate and
// answer; the lifecycle lives in TrainingJobService.

import { pathToFileURL } from 'node:url';
import type { JobEventPage, JobMetrics } from '../../../core/api/resources/trainingJobTypes';
import type { JobEventQuery, trainingJobRoutes } from '../../../core/api/routes/trainingJobs';
import { optionalString } from '../../http/json';
import type { Handlers, RouteQuery } from '../../http/router';
import { readLogSlice } from '../../runtime/logs';
import { findFlavor } from './catalog';
import { decodeCursor, encodeCursor, type MetricsCursor } from './metricsCursor';
import { type JobRecord, TrainingError, workerTask } from './model';
import { parseCreateRequest, type RequestDeps } from './request';
import { exportLog } from './runner';
import { parseSearch, runSearch } from './search';
import type { TrainingJobService } from './service';

/** The cloud returns at most about the latest 5 MB of a log; so does the preview here. */
const maxPreviewBytes = 5 * 1024 * 1024;

const bad = (message: string) => new TrainingError(400, 'ModelArts.0104', message, 'Check the query parameters.');

function taskOf(ctx: { readonly params: { readonly task_id: string } }): string {
  const task = ctx.params.task_id;
  if (task !== workerTask)
    throw new TrainingError(
      400,
      'ModelArts.0104',
      `Task ${task} does not exist; a local job has the single task ${workerTask}.`,
      'Use a task id from status.tasks.',
    );
  return task;
}

function intParam<Q>(query: RouteQuery<Q>, name: keyof Q & string, min: number, max: number): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw bad(`${name} must be a whole number from ${min} to ${max}.`);
  return n;
}

/** The handlers of the training job routes (the catalog's flavors and engines are in catalog.ts). */
export function jobHandlers(jobs: TrainingJobService, deps: RequestDeps): Omit<Handlers<typeof trainingJobRoutes>, 'flavors' | 'engines'> {
  const job = (ctx: { readonly params: { readonly training_job_id: string } }) => jobs.get(ctx.params.training_job_id);
  return {
    create: async ({ json }) => {
      const def = await parseCreateRequest(json(), deps);
      return { status: 201, body: jobs.view(jobs.create(def)) };
    },

    search: ({ json }) => {
      const q = parseSearch(json());
      const all = jobs.visible();
      const { count, page } = runSearch(all, q, (j) => jobs.view(j).status.duration ?? 0);
      return {
        status: 200,
        body: {
          total: all.length,
          count,
          limit: q.limit,
          offset: q.offset,
          sort_by: q.sortBy,
          order: q.order,
          group_by: '',
          workspace_id: q.workspaceId ?? '',
          ai_project: 'default-ai-project',
          train_type: '',
          items: page.map((j) => jobs.view(j)),
        },
      };
    },

    get: (ctx) => ({ status: 200, body: jobs.view(job(ctx)) }),

    update: ({ params, json }) => {
      const description = optionalString(json(), 'description', 256);
      if (description === undefined) throw bad('description is required (it is the only field that can be changed).');
      jobs.describe(params.training_job_id, description);
      return { status: 200 };
    },

    delete: ({ params }) => {
      jobs.remove(params.training_job_id);
      return { status: 202 };
    },

    terminate: ({ params, json }) => {
      const actionType = json().action_type;
      if (actionType !== 'terminate') throw bad(`action_type must be "terminate", not ${JSON.stringify(actionType ?? null)}.`);
      return { status: 202, body: jobs.view(jobs.terminate(params.training_job_id)) };
    },

    // Log preview. Local extension for tailing: `offset` (byte offset to read from) and `limit`
    // (bytes, at most 5 MiB). Without `offset`, the last `limit` bytes (default 5 MiB), as the cloud
    // returns the latest part. `current_size` is the byte offset just after `content` (pass it as
    // the next `offset`), `full_size` the log's size. Slices end on whole UTF-8 characters.
    logPreview: async (ctx) => {
      const j = job(ctx);
      taskOf(ctx);
      const limit = intParam(ctx.query, 'limit', 1, maxPreviewBytes) ?? maxPreviewBytes;
      const offset = intParam(ctx.query, 'offset', 0, Number.MAX_SAFE_INTEGER);
      const file = jobs.dirs(j.id).logFile;
      let start = offset;
      if (start === undefined) start = Math.max(0, (await readLogSlice(file, 0, 0)).fullSize - limit);
      const slice = await readLogSlice(file, start, limit);
      return { status: 200, body: { content: slice.content, current_size: slice.currentSize, full_size: slice.fullSize } };
    },

    // Log link. With spec.log_export_path the log as it is now is copied there and its storage
    // path returned (obs://bucket/key); without one, a file:// URL of the log on this machine.
    logUrl: async (ctx) => {
      const j = job(ctx);
      taskOf(ctx);
      const dirs = jobs.dirs(j.id);
      const exported = await exportLog(j, dirs, deps.storage);
      return { status: 200, body: { obs_url: exported ?? pathToFileURL(dirs.logFile).href } };
    },

    metrics: async (ctx) => {
      const j = job(ctx);
      taskOf(ctx);
      const limit = intParam(ctx.query, 'limit', 64 * 1024, 64 * 1024 * 1024) ?? 8 * 1024 * 1024;
      return { status: 200, body: await metricsBody(jobs, j, decodeCursor(ctx.query.get('cursor')), limit) };
    },

    events: (ctx) => ({ status: 200, body: eventsBody(job(ctx), ctx.query) }),
  };
}

/**
 * `{metrics: [{metric, value[]}]}` as the cloud shapes it, one value per sample of the local
 * sampler (every second, up to an hour) instead of per-minute averages:
 * - cpuUsage: percent of the flavor's vCPUs (100 = all of them busy), memUsage: percent of the
 *   flavor's memory; gpuUtil and gpuMemUsage from nvidia-smi when the machine has it (percent over
 *   all its GPUs), else empty; npu series are empty.
 * Local extensions: `timestamps` (ms, one per value), `samples` (the raw
 * `{timestamp_ms, cpu_percent (of one core), memory_bytes}`), and `scalars`: the series the job
 * printed as `MA_METRIC name=value step=N` lines and wrote as TensorBoard event files to
 * MA_SUMMARY_DIR (a subfolder's name prefixes its tags), `[{name, step[], value[], wall_time[], source}]`.
 * With `cursor` (the last answer's `next_cursor`) only the samples and points after it; `more`
 * says the answer stopped at `limit` bytes of log and more is there already.
 */
async function metricsBody(jobs: TrainingJobService, job: JobRecord, cursor: MetricsCursor, limit: number): Promise<JobMetrics> {
  const flavor = findFlavor(job.spec.flavor_id);
  const cores = flavor?.flavor_info.cpu.core_num ?? 1;
  const memBytes = (flavor?.flavor_info.memory.size ?? 1) * 1024 ** 3;
  const samples = jobs.samples(job.id).filter((s) => s.timestamp_ms > cursor.sampleMs);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const gpu = samples.some((s) => s.gpu_util_percent !== undefined);
  const reading = await jobs.scalarsSince(job.id, cursor.log, limit);
  const summary = await jobs.summaryScalars(job.id).since(cursor.events, Math.max(64 * 1024, limit));
  const next: MetricsCursor = { log: reading.position, sampleMs: samples.at(-1)?.timestamp_ms ?? cursor.sampleMs, events: summary.offsets };
  return {
    metrics: [
      { metric: 'cpuUsage', value: samples.map((s) => round(s.cpu_percent / cores)) },
      { metric: 'memUsage', value: samples.map((s) => round((s.memory_bytes / memBytes) * 100)) },
      // With nvidia-smi on this machine, one value per sample (-1 where a reading failed, as the
      // cloud marks no data); empty on a machine without it.
      { metric: 'gpuUtil', value: gpu ? samples.map((s) => s.gpu_util_percent ?? -1) : [] },
      { metric: 'gpuMemUsage', value: gpu ? samples.map((s) => s.gpu_memory_percent ?? -1) : [] },
      { metric: 'npuUtil', value: [] },
      { metric: 'npuMemUsage', value: [] },
    ],
    timestamps: samples.map((s) => s.timestamp_ms),
    samples,
    scalars: [...reading.series.map((series) => ({ ...series, source: 'log' as const })), ...summary.series],
    next_cursor: encodeCursor(next),
    more: reading.more || summary.more,
    corrupt_records: summary.corruptRecords,
  };
}

/**
 * `{total, limit, offset, order, events[]}` with events `{time (ISO 8601), level, message,
 * source}`. Query: offset (records), limit 1–100 (default 50), order asc|desc (default desc),
 * level, source, pattern (substring), start_time/end_time (ms, together).
 */
function eventsBody(job: JobRecord, query: RouteQuery<JobEventQuery>): JobEventPage {
  const offset = intParam(query, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const limit = intParam(query, 'limit', 1, 100) ?? 50;
  const order = (query.get('order') ?? 'desc').toLowerCase();
  if (order !== 'asc' && order !== 'desc') throw bad('order must be asc or desc.');
  const level = query.get('level');
  if (level !== null && !['Info', 'Warning', 'Error'].includes(level)) throw bad('level must be Info, Warning or Error.');
  const source = query.get('source');
  if (source !== null && !['K8S', 'Job', 'Task'].includes(source)) throw bad('source must be K8S, Job or Task.');
  const pattern = query.get('pattern');
  if (pattern !== null && pattern.length > 256) throw bad('pattern must be at most 256 characters.');
  const start = intParam(query, 'start_time', 0, Number.MAX_SAFE_INTEGER);
  const end = intParam(query, 'end_time', 0, Number.MAX_SAFE_INTEGER);
  if ((start === undefined) !== (end === undefined)) throw bad('start_time and end_time must be given together.');
  let events = job.events.filter(
    (e) =>
      (level === null || e.level === level) &&
      (source === null || e.source === source) &&
      (pattern === null || e.message.includes(pattern)) &&
      (start === undefined || (e.time >= start && e.time <= (end as number))),
  );
  if (order === 'desc') events = [...events].reverse();
  return {
    total: events.length,
    limit,
    offset,
    order,
    start_time: start === undefined ? undefined : new Date(start).toISOString(),
    end_time: end === undefined ? undefined : new Date(end).toISOString(),
    events: events
      .slice(offset, offset + limit)
      .map((e) => ({ time: new Date(e.time).toISOString(), level: e.level, message: e.message, source: e.source })),
  };
}
