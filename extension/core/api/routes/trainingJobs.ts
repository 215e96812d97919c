/** Training jobs v2 (`/v2/{project_id}/training-jobs`, reference §6), with flavors and engines. */
import type {
  JobEventPage,
  JobLogSlice,
  JobMetrics,
  TrainingEngine,
  TrainingFlavor,
  TrainingJob,
  TrainingJobCreateRequest,
  TrainingJobFilter,
  TrainingJobSearchPage,
} from '../resources/trainingJobTypes';
import { route } from './route';

/** Body of a search; `offset` is a page index. */
export interface TrainingJobSearchRequest {
  readonly offset?: number;
  /** 1–50. */
  readonly limit?: number;
  readonly sort_by?: string;
  readonly order?: 'asc' | 'desc';
  readonly workspace_id?: string;
  readonly filters?: readonly TrainingJobFilter[];
}

export type JobEventQuery = {
  readonly offset?: number;
  readonly limit?: number;
  readonly level?: 'Info' | 'Warning' | 'Error';
  readonly source?: 'K8S' | 'Job' | 'Task';
  /** Substring of the message. */
  readonly pattern?: string;
  readonly order?: 'asc' | 'desc';
  /** Epoch ms; both or neither. */
  readonly start_time?: number;
  readonly end_time?: number;
};

export type JobMetricsQuery = {
  /** Local mode: where the last answer ended (its `next_cursor`). */
  readonly cursor?: string;
  /** Local mode: about how many bytes of log and event files one answer reads (default 8 MiB). */
  readonly limit?: number;
};

export type LogPreviewQuery = {
  /** Local mode: the byte offset to read from (without it, the latest `limit` bytes). */
  readonly offset?: number;
  readonly limit?: number;
};

const base = '/v2/{project_id}/training-jobs';
const one = '/v2/{project_id}/training-jobs/{training_job_id}';
const task = `${one}/tasks/{task_id}`;

export const trainingJobRoutes = {
  /** Answers 201 with the job in phase Creating. */
  create: route<TrainingJobCreateRequest, TrainingJob>()({
    method: 'POST',
    path: base,
    action: 'modelarts:trainJob:create',
    expect: [201, 200],
  }),
  /** `total` counts all of the user's jobs, `count` the matching ones. A search changes nothing: safe to retry. */
  search: route<TrainingJobSearchRequest, TrainingJobSearchPage>()({
    method: 'POST',
    path: '/v2/{project_id}/training-job-searches',
    action: 'modelarts:trainJob:list',
    expect: [200],
    idempotent: true,
  }),
  get: route<undefined, TrainingJob>()({ method: 'GET', path: one, action: 'modelarts:trainJob:get', expect: [200] }),
  /** The description is the only field that can change. */
  update: route<{ readonly description: string }>()({ method: 'PUT', path: one, action: 'modelarts:trainJob:update', expect: [200, 204] }),
  delete: route()({ method: 'DELETE', path: one, action: 'modelarts:trainJob:delete', expect: [202, 200, 204] }),
  /** Answers 202 with the job in Terminating. */
  terminate: route<{ readonly action_type: 'terminate' }, TrainingJob>()({
    method: 'POST',
    path: `${one}/actions`,
    action: 'modelarts:trainJob:update',
    expect: [202, 200],
  }),
  logPreview: route<undefined, JobLogSlice, LogPreviewQuery>()({
    method: 'GET',
    path: `${task}/logs/preview`,
    action: 'modelarts:trainJob:get',
    expect: [200],
  }),
  logUrl: route<undefined, { readonly obs_url: string }, { readonly 'Content-Type'?: string }>()({
    method: 'GET',
    path: `${task}/logs/url`,
    action: 'modelarts:trainJob:logExport',
    expect: [200],
  }),
  /** Local mode takes `cursor` (from the last answer's `next_cursor`) and answers only new points. */
  metrics: route<undefined, JobMetrics, JobMetricsQuery>()({
    method: 'GET',
    path: `${one}/metrics/{task_id}`,
    action: 'modelarts:trainJob:get',
    expect: [200],
  }),
  events: route<undefined, JobEventPage, JobEventQuery>()({
    method: 'GET',
    path: `${one}/events`,
    action: 'modelarts:trainJob:get',
    expect: [200],
  }),
  flavors: route<
    undefined,
    { readonly total_count?: number; readonly flavors?: readonly TrainingFlavor[] },
    { readonly flavor_type?: string }
  >()({
    method: 'GET',
    path: '/v2/{project_id}/training-job-flavors',
    action: 'modelarts:trainJob:list',
    expect: [200],
  }),
  engines: route<undefined, { readonly total?: number; readonly items?: readonly TrainingEngine[] }>()({
    method: 'GET',
    path: '/v2/{project_id}/training-job-engines',
    action: 'modelarts:trainJob:list',
    expect: [200],
  }),
} as const;
