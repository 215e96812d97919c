/**
 * Training job (v2) DTOs, reference §6: the Job object, the create body, searches, logs, metrics,
 * events, flavors and engines. Phases are CamelCase, unlike the notebook enums.
 */

/** `status.phase`. */
export type JobPhase = 'Creating' | 'Pending' | 'Running' | 'Failed' | 'Completed' | 'Terminating' | 'Terminated' | 'Abnormal';

/** Phases a job never leaves. */
export const finalJobPhases: readonly JobPhase[] = ['Completed', 'Failed', 'Terminated', 'Abnormal'];

/** An input or output channel: storage (`obs`) or, on the cloud, a dataset version. */
export interface JobChannel {
  readonly name: string;
  readonly description?: string;
  /** Where the job sees the data. */
  readonly local_dir?: string;
  readonly remote: {
    readonly obs?: { readonly obs_url: string };
    readonly dataset?: { readonly id: string; readonly version_id?: string };
  };
  readonly remote_constraint?: readonly unknown[];
}

/** The engine: a preset (id, or name + version) or a custom image. */
export interface JobEngine {
  readonly engine_id?: string;
  readonly engine_name?: string;
  readonly engine_version?: string;
  readonly image_url?: string;
  readonly install_sys_packages?: boolean;
  readonly image_repo_id?: string;
  /** Local mode also takes a registered image's id. */
  readonly image_id?: string;
}

/** A hyperparameter. */
export interface JobParameter {
  readonly name: string;
  readonly value: string;
  readonly description?: string;
  readonly constraint?: {
    readonly type?: string;
    readonly editable?: boolean;
    readonly required?: boolean;
    readonly sensitive?: boolean;
    readonly valid_type?: string;
    readonly valid_range?: readonly string[];
  };
  readonly i18n_description?: unknown;
}

/** `algorithm` of a create request: code_dir + boot_file + engine, or engine.image_url + command (or a saved algorithm id on the cloud). */
export interface JobAlgorithmRequest {
  readonly id?: string;
  readonly subscription_id?: string;
  readonly item_version_id?: string;
  /** Storage path of the code, e.g. `obs://bucket/code/` or `/bucket/code/`. */
  readonly code_dir?: string;
  /** Relative to code_dir (or a full path inside it). */
  readonly boot_file?: string;
  readonly command?: string;
  readonly engine?: JobEngine;
  readonly parameters?: readonly Pick<JobParameter, 'name' | 'value' | 'description'>[];
  readonly inputs?: readonly JobChannel[];
  readonly outputs?: readonly JobChannel[];
  /** A map; responses document an array of maps, so both are accepted. */
  readonly environments?: Readonly<Record<string, string>> | readonly Readonly<Record<string, string>>[];
  readonly local_code_dir?: string;
  readonly working_dir?: string;
  /** Where the job writes TensorBoard (or MindStudio Insight) logs, read by the metrics panel. */
  readonly summary?: {
    readonly log_type?: 'tensorboard' | 'mindstudio-insight';
    readonly log_dir?: { readonly pfs?: { readonly pfs_path?: string } };
  };
}

/** Body of `POST /v2/{project_id}/training-jobs`. */
export interface TrainingJobCreateRequest {
  readonly kind?: 'job' | 'visualization_job';
  readonly metadata: {
    /** 1–64 letters, digits, `_`, `-`. */
    readonly name: string;
    readonly workspace_id?: string;
    readonly description?: string;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly algorithm: JobAlgorithmRequest;
  readonly spec: {
    readonly resource: { readonly flavor_id: string; readonly node_count?: number; readonly pool_id?: string };
    readonly volumes?: readonly unknown[];
    readonly log_export_path?: { readonly obs_url?: string; readonly host_path?: string };
    readonly auto_stop?: { readonly time_unit: 'HOURS'; readonly duration: number };
    readonly schedule_policy?: unknown;
    readonly notification?: { readonly topic_urn: string; readonly events: readonly string[] };
  };
}

/** Flavor details of a job or a flavor listing. */
export interface FlavorInfo {
  readonly max_num?: number;
  readonly cpu?: { readonly arch?: string; readonly core_num?: number };
  readonly gpu?: { readonly unit_num?: number; readonly product_name?: string; readonly memory?: string };
  readonly npu?: { readonly unit_num?: number; readonly product_name?: string; readonly memory?: string };
  readonly memory?: { readonly size?: number; readonly unit?: string };
  readonly disk?: { readonly size?: number; readonly unit?: string };
}

/** A training job (the v2 Job object of create, get, search and terminate). */
export interface TrainingJob {
  readonly kind: string;
  readonly metadata: {
    readonly id: string;
    readonly name: string;
    readonly workspace_id?: string;
    readonly description?: string;
    /** Epoch ms. */
    readonly create_time: number;
    readonly user_name?: string;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly ai_project?: string;
  };
  readonly status: {
    readonly phase: JobPhase;
    readonly secondary_phase?: string;
    /** ms. */
    readonly duration?: number;
    readonly start_time?: number;
    readonly node_count_metrics?: readonly (readonly [number, number])[];
    /** Task ids for logs and metrics, e.g. `worker-0`. */
    readonly tasks?: readonly string[];
    readonly task_statuses?: readonly { readonly task: string; readonly exit_code?: number; readonly message?: string }[];
    /** The cloud's runs of the job, one per (re)start: seconds, not ms (modelarts-api.md §8). */
    readonly running_records?: readonly RunningRecord[];
    readonly retention_time?: number;
    readonly task_ips?: readonly string[];
    /** Local mode: place in the flavor's queue while Pending (1 = next). */
    readonly queue_position?: number;
  };
  readonly algorithm: JobAlgorithmRequest & { readonly name?: string; readonly parameters?: readonly JobParameter[] };
  readonly spec: {
    readonly resource: {
      readonly policy?: string;
      readonly flavor_id: string;
      readonly flavor_name?: string;
      readonly node_count: number;
      readonly pool_id?: string;
      readonly flavor_detail?: {
        readonly flavor_type?: string;
        readonly billing?: { readonly code?: string; readonly unit_num?: number };
        readonly flavor_info?: FlavorInfo;
      };
    };
    readonly volumes?: readonly unknown[];
    readonly log_export_path?: { readonly obs_url?: string; readonly host_path?: string };
    readonly schedule_policy?: unknown;
    readonly is_hosted_log?: boolean;
  };
  readonly endpoints?: unknown;
  readonly tasks?: readonly unknown[];
}

/** Alias: the API calls it Job. */
export type Job = TrainingJob;

/** A search filter. Keys: name (like), phase (in), create_time (between, `["start_ms","end_ms"]`), workspace_id, kind, flavor_id (local), algorithm_name, user_id (cloud). */
export interface TrainingJobFilter {
  readonly key: string;
  readonly operator: 'between' | 'like' | 'in' | 'not';
  readonly value: readonly (string | number)[];
}

/** `POST …/training-job-searches` answer. `total` counts all of the user's jobs, `count` those matching. */
export interface TrainingJobSearchPage {
  readonly total: number;
  readonly count: number;
  readonly limit: number;
  /** A page index. */
  readonly offset: number;
  readonly sort_by?: string;
  readonly order?: string;
  readonly group_by?: string;
  readonly workspace_id?: string;
  readonly ai_project?: string;
  readonly train_type?: string;
  readonly items: TrainingJob[];
}

/** One slice of a task's log. Local mode: `current_size` is the byte offset right after `content`. */
export interface JobLogSlice {
  readonly content: string;
  readonly current_size: number;
  readonly full_size: number;
}

/** `GET …/metrics/{task_id}`: one average per minute on the cloud (-1 = no data), one per sample locally. */
export interface JobMetrics {
  readonly metrics: readonly {
    readonly metric: 'cpuUsage' | 'memUsage' | 'gpuUtil' | 'gpuMemUsage' | 'npuUtil' | 'npuMemUsage' | (string & {});
    readonly value: readonly number[];
  }[];
  /** Local mode: the time (ms) of each value. */
  readonly timestamps?: readonly number[];
  /** Local mode: raw resource samples. */
  readonly samples?: readonly { readonly timestamp_ms: number; readonly cpu_percent: number; readonly memory_bytes: number }[];
  /**
   * Local mode: scalar series: the job's `MA_METRIC name=value step=N` lines (`source: log`) and
   * the TensorBoard event files it writes to `MA_SUMMARY_DIR` (`source: event_file`). With a
   * cursor, only the points after it.
   */
  readonly scalars?: readonly JobScalarSeries[];
  /** Local mode: pass back as `cursor` to get only what is new. The cloud has none: every answer is whole. */
  readonly next_cursor?: string;
  /** Local mode: more is there already; ask again at once with `next_cursor`. */
  readonly more?: boolean;
  /** Local mode: event-file records skipped as corrupt so far. */
  readonly corrupt_records?: number;
}

/** New points of one scalar series of a job. */
export interface JobScalarSeries {
  readonly name: string;
  readonly step: readonly number[];
  readonly value: readonly number[];
  /** Epoch seconds of each point. */
  readonly wall_time?: readonly number[];
  readonly source?: 'log' | 'event_file';
}

/** A structured event (local mode; ISO 8601 time). */
export interface JobEventRecord {
  readonly time: string;
  readonly level: 'Info' | 'Warning' | 'Error';
  readonly source: 'Job' | 'Task' | 'K8S';
  readonly message: string;
}

/** An event: the cloud documents events as plain strings, local mode answers objects. */
export type JobEvent = string | JobEventRecord;

/** `GET …/events` answer. */
export interface JobEventPage {
  readonly total: number;
  readonly limit?: number;
  readonly offset?: number;
  readonly order?: string;
  readonly start_time?: string;
  readonly end_time?: string;
  readonly events: JobEvent[];
}

/** A training flavor. */
export interface TrainingFlavor {
  readonly flavor_id: string;
  readonly flavor_name: string;
  readonly flavor_type: 'CPU' | 'GPU' | 'Ascend' | (string & {});
  readonly max_num?: number;
  readonly billing?: { readonly code?: string; readonly unit_num?: number };
  readonly flavor_info?: FlavorInfo;
  readonly attributes?: Readonly<Record<string, string>>;
  /** Local mode: how many jobs of this flavor run at once. */
  readonly capacity?: number;
}

/** A preset AI engine. */
export interface TrainingEngine {
  readonly engine_id: string;
  readonly engine_name: string;
  readonly engine_version: string;
  readonly v1_compatible?: boolean;
  readonly run_user?: string;
  readonly image_info?: { readonly cpu_image_url?: string; readonly gpu_image_url?: string; readonly image_version?: string };
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
  /** Local mode: the image it stands for. */
  readonly image_id?: string;
}

/** One run of a job: a restart after a fault (rescheduled, a process restarted) begins another. */
export interface RunningRecord {
  /** Epoch seconds. */
  readonly start_at?: number;
  /** Epoch seconds. */
  readonly end_at?: number;
  /** `init_or_rescheduled`, … */
  readonly start_type?: string;
  /** Why the run ended: `exit with 127`, `job completed`. */
  readonly end_reason?: string;
  /** How the platform recovered: `job_reschedule`, `npu_proc_restart`, … */
  readonly end_recover?: string;
  readonly end_related_task?: string;
}
