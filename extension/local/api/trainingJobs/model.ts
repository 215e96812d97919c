// The stored shape of a local training job and the API view of it (reference §6.2). The record
// keeps what the API shows plus what only the daemon needs (the process identity for adoption
// after a restart, the reason a job ended); `jobView` turns it into the ModelArts Job object.

import {
  finalJobPhases,
  type JobChannel,
  type JobEngine,
  type JobEventRecord,
  type JobPhase,
  type TrainingJob,
} from '../../../core/api/resources/trainingJobTypes';
import { ApiError } from '../../http/apiError';
import type { LocalTrainingFlavor } from './catalog';
import { trainingJobRoutes } from '../../../core/api/routes/trainingJobs';
import { describeRoute } from '../../../core/api/routes/route';

/** The only task of a single-node local job; the API's `task_id`. */
export const workerTask = 'worker-0';

/** One storage-backed input or output of the algorithm, as local mode resolves it. */
export type LocalJobChannel = JobChannel & {
  readonly description: string;
  /** Where the job sees it on this machine (below the job dir). */
  readonly local_dir: string;
  readonly remote: { readonly obs: { readonly obs_url: string } };
};

/** The resolved engine: which preset or registered image names the job's environment. */
export type LocalJobEngine = Required<Pick<JobEngine, 'engine_id' | 'engine_name' | 'engine_version' | 'image_url'>>;

/** An event as stored: the API's event with its time in epoch ms (answers give ISO 8601). */
export type StoredJobEvent = Omit<JobEventRecord, 'time' | 'source'> & { readonly time: number; readonly source: 'Job' | 'Task' };

/** What the daemon stores for a job (one JSON file per job). */
export interface JobRecord {
  readonly id: string;
  readonly kind: 'job';
  readonly metadata: {
    readonly name: string;
    readonly description: string;
    readonly workspace_id: string;
    readonly create_time: number;
    readonly user_name: string;
    readonly annotations: Readonly<Record<string, string>>;
  };
  readonly algorithm: {
    readonly code_dir?: string;
    readonly boot_file?: string;
    readonly command?: string;
    readonly parameters: readonly { readonly name: string; readonly value: string }[];
    readonly engine: LocalJobEngine;
    readonly inputs: readonly LocalJobChannel[];
    readonly outputs: readonly LocalJobChannel[];
    readonly environments: Readonly<Record<string, string>>;
  };
  readonly spec: {
    readonly flavor_id: string;
    readonly node_count: number;
    readonly log_export_path?: { readonly obs_url: string };
  };
  readonly phase: JobPhase;
  readonly secondary_phase: string;
  /** When the process started (ms); 0 until then. */
  readonly start_time: number;
  /** When the job reached a final phase (ms); 0 until then. */
  readonly end_time: number;
  readonly exit_code: number | null;
  /** Why the job is where it is (exit code, signal, failure), shown as the task's message. */
  readonly reason: string;
  readonly events: readonly StoredJobEvent[];
  /** The running process, for adoption after a daemon restart (internal, never shown). */
  readonly process?: { readonly pid: number; readonly start_time: string };
  /** Set when deletion began: the job is hidden and its files go away, even across a restart. */
  readonly deleting?: boolean;
}

/** Kept per job so a chatty job cannot grow its record without bound. */
const maxEvents = 200;

/** The record with one more event (oldest dropped past the cap). */
export function withEvent(job: JobRecord, level: StoredJobEvent['level'], source: StoredJobEvent['source'], message: string): JobRecord {
  const events = [...job.events, { time: Date.now(), level, source, message }];
  return { ...job, events: events.slice(Math.max(0, events.length - maxEvents)) };
}

/** Training errors carry `error_solution` (reference §8.1); the common ApiError body is extended. */
export class TrainingError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly solution: string,
  ) {
    super(status, code, message);
  }

  override body(requestId: string) {
    return { ...super.body(requestId), error_solution: this.solution };
  }
}

export const jobNotFound = (id: string) =>
  new TrainingError(
    400,
    'ModelArts.2775',
    `Training job ${id} does not exist.`,
    `Check the job id; list jobs with ${describeRoute(trainingJobRoutes.search)}.`,
  );

/** The Job object of the API (create, get, search items, terminate). */
export function jobView(
  job: JobRecord,
  flavor: LocalTrainingFlavor | undefined,
  queuePosition: number | undefined,
  now = Date.now(),
): TrainingJob {
  const ended = job.end_time || (finalJobPhases.includes(job.phase) ? now : 0);
  const duration = job.start_time ? Math.max(0, (ended || now) - job.start_time) : 0;
  const nodeMetrics: [number, number][] = job.start_time ? [[job.start_time, job.spec.node_count]] : [];
  if (job.start_time && job.end_time) nodeMetrics.push([job.end_time, 0]);
  return {
    kind: job.kind,
    metadata: { id: job.id, ...job.metadata, ai_project: 'default-ai-project' },
    status: {
      phase: job.phase,
      secondary_phase: job.secondary_phase,
      duration,
      start_time: job.start_time || undefined,
      node_count_metrics: nodeMetrics,
      tasks: [workerTask],
      task_statuses: [{ task: workerTask, exit_code: job.exit_code ?? undefined, message: job.reason }],
      task_ips: job.start_time ? ['127.0.0.1'] : [],
      // Local extension: where a Pending job waits in its flavor's queue (1 = next to start).
      queue_position: queuePosition,
    },
    algorithm: {
      ...job.algorithm,
      parameters: job.algorithm.parameters.map((p) => ({
        ...p,
        description: '',
        constraint: { type: 'String', editable: true, required: false, sensitive: false },
      })),
      environments: job.algorithm.environments,
    },
    spec: {
      resource: {
        policy: 'regular',
        flavor_id: job.spec.flavor_id,
        flavor_name: flavor?.flavor_name ?? job.spec.flavor_id,
        node_count: job.spec.node_count,
        flavor_detail: flavor ? { flavor_type: flavor.flavor_type, billing: flavor.billing, flavor_info: flavor.flavor_info } : undefined,
      },
      log_export_path: job.spec.log_export_path,
      is_hosted_log: true,
    },
    endpoints: {},
  };
}
