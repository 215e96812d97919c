/**
 * The training job details panel's messages. The host reads the job and its events from the
 * platform (again every few seconds while the job has not ended) and sends what the panel shows
 * as one state; the webview draws it, counts a running job's duration on by itself, and asks the
 * host to act: show the log or the metrics, resubmit, stop, read again, or reveal a storage path.
 *
 * Host → webview: `jobDetails/state` on every change; `jobDetails/restore` once after `core/ready`.
 * Webview → host: the requests below; `parse*` functions check what a webview sends, since it is
 * untrusted input.
 */
import { ParamsError } from './endpoint';
import { notification, request } from './rpc';

/** A storage path as the job names it (`/bucket/dir/` or `obs://bucket/dir/`), and where it points. */
export interface StorageLink {
  /** As the platform wrote it. */
  readonly text: string;
  /** `obs://bucket/key`, when `text` is a storage path the Storage view can show. */
  readonly url?: string;
}

/** An input or an output of the job. */
export interface ChannelView {
  readonly name: string;
  readonly description?: string;
  /** Where the job sees it, e.g. `/home/ma-user/modelarts/inputs/data_url_0`. */
  readonly localDir?: string;
  readonly storage?: StorageLink;
  /** A dataset version instead of a storage path (the cloud's datasets). */
  readonly dataset?: { readonly id: string; readonly versionId?: string };
}

/** A hyperparameter or an environment variable; a secret one comes without its value. */
export interface NamedValue {
  readonly name: string;
  /** Empty when `hidden`. */
  readonly value: string;
  readonly description?: string;
  /** The platform marks it sensitive, or its name says it holds a secret: the value never leaves the host. */
  readonly hidden: boolean;
}

/** The resources the job asked for. */
export interface FlavorView {
  readonly id: string;
  readonly name?: string;
  /** `CPU`, `GPU`, `Ascend`. */
  readonly type?: string;
  readonly cpuCores?: number;
  /** E.g. `64 GB`. */
  readonly memory?: string;
  readonly gpu?: { readonly count?: number; readonly product?: string; readonly memory?: string };
  readonly npu?: { readonly count?: number; readonly product?: string; readonly memory?: string };
}

/**
 * One step of the job's life, from its status: created, started running, ended (and how), or,
 * while it has not ended, where it is now. Times are epoch ms; a step the platform gives no time
 * for has none.
 */
export interface HistoryStep {
  readonly step: 'created' | 'started' | 'restarted' | 'ended' | 'now';
  /** The phase the step led to (`Creating`, `Running`, `Completed`, …). */
  readonly phase: string;
  readonly at?: number;
  /** `restarted`: the run it begins (2 for the first restart), and why the run before it ended, as the platform says. */
  readonly run?: number;
  readonly reason?: string;
}

/** An event of the job, as the platform's events API answers it. */
export interface EventView {
  /** Epoch ms; the cloud's plain-string events have none. */
  readonly time?: number;
  readonly level: 'Info' | 'Warning' | 'Error';
  /** `Job`, `Task`, `K8S`. */
  readonly source?: string;
  readonly message: string;
}

/** Everything the panel shows of a job, as of one read. */
export interface JobView {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly phase: string;
  readonly secondaryPhase?: string;
  /** The phase is one a job never leaves. */
  readonly ended: boolean;
  /** Why the job is where it is (the task's message), when the platform says. */
  readonly reason?: string;
  readonly exitCode?: number;
  /** Local mode: place in the flavor's queue while Pending (1 = next). */
  readonly queuePosition?: number;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** Running time as of the read (ms); a running job's goes on from there. */
  readonly durationMs?: number;
  readonly engine: { readonly name?: string; readonly version?: string; readonly id?: string; readonly image?: string };
  readonly flavor: FlavorView;
  readonly nodeCount: number;
  readonly codeDir?: StorageLink;
  readonly bootFile?: StorageLink;
  readonly command?: string;
  readonly workingDir?: string;
  readonly logExport?: StorageLink;
  readonly parameters: readonly NamedValue[];
  readonly environment: readonly NamedValue[];
  readonly inputs: readonly ChannelView[];
  readonly outputs: readonly ChannelView[];
  readonly history: readonly HistoryStep[];
  /** Newest first, at most {@link maxEvents}. */
  readonly events: readonly EventView[];
  /** How many events the platform has (more than `events` holds when capped). */
  readonly eventsTotal: number;
}

/** The panel shows at most this many events (the newest). */
export const maxEvents = 500;

/** Why the panel shows no job, or an old read of it. `message` says what to do (host language). */
export interface DetailsProblem {
  /** `gone`: the job no longer exists; `disconnected`: its platform is not the one connected; `failed`: a read failed. */
  readonly kind: 'gone' | 'disconnected' | 'failed';
  readonly message: string;
}

export interface JobDetailsStateParams {
  /** The job's name, known before the first read. */
  readonly name: string;
  /** A read is on its way (the first one, or one the user asked for). */
  readonly loading: boolean;
  /** The last read; kept when a later one fails, so the panel shows it with the problem above. */
  readonly job?: JobView;
  readonly problem?: DetailsProblem;
}

export const JobDetailsState = notification<JobDetailsStateParams>('jobDetails/state');

/**
 * Host → webview, once after `core/ready`: which job the panel shows, opaque to the webview. It
 * keeps `spec` in its saved state so the host can show the same job after a window reload.
 */
export const JobDetailsRestore = notification<{ readonly spec: unknown }>('jobDetails/restore');

/** What the panel's buttons ask the host to do. */
export type JobAction = 'showLog' | 'showMetrics' | 'resubmit' | 'stop' | 'refresh';
export const jobActions: readonly JobAction[] = ['showLog', 'showMetrics', 'resubmit', 'stop', 'refresh'];

export const RunJobAction = request<{ readonly action: JobAction }, { readonly done: boolean }>('jobDetails/action');

/** Shows a storage path of the job in the Storage view; answers the `obs://` URL it revealed (an ancestor when the path holds nothing yet). */
export const RevealStorage = request<{ readonly url: string }, { readonly revealed: string }>('jobDetails/revealStorage');

export function parseActionParams(raw: unknown): { action: JobAction } {
  const action = (raw as { action?: unknown } | null)?.action;
  if (typeof action !== 'string' || !jobActions.includes(action as JobAction))
    throw new ParamsError(`action must be one of ${jobActions.join(', ')}.`);
  return { action: action as JobAction };
}

export function parseRevealParams(raw: unknown): { url: string } {
  const url = (raw as { url?: unknown } | null)?.url;
  if (typeof url !== 'string' || !url.startsWith('obs://') || url.length > 2048) throw new ParamsError('url must be an obs:// URL.');
  return { url };
}
