/**
 * What the job details panel shows, from a job and its events as the platform answers them
 * (reference §6.2 and the events API): plain data for the webview, which only draws it. Secrets
 * stay here: a parameter the platform marks sensitive, or an environment variable whose name says
 * it holds a key, a token or a password, crosses without its value. (No `vscode`: unit-tested.)
 */
import {
  finalJobPhases,
  type JobChannel,
  type JobEvent,
  type JobParameter,
  type TrainingJob,
} from '../../../core/api/resources/trainingJobTypes';
import { parseObsUrl } from '../../../core/storage/urls';
import {
  type ChannelView,
  type EventView,
  type FlavorView,
  type HistoryStep,
  type JobView,
  maxEvents,
  type NamedValue,
  type StorageLink,
} from '../../../../webviews/protocol/jobDetails';

/** Names of environment variables that hold secrets by convention (AK/SK, tokens, passwords, keys). */
const secretName = /secret|token|passw(or)?d|credential|private|api_?key|access_?key|(^|_)(ak|sk)($|_)/i;

/** A storage path the Storage view can show, or the text alone when it is none. */
export function storageLink(text: string | undefined): StorageLink | undefined {
  if (!text) return undefined;
  try {
    const { bucket, key } = parseObsUrl(text);
    return { text, url: `obs://${bucket}/${key}` };
  } catch {
    return { text };
  }
}

/** The boot file as a path inside storage: as written when it is a full path, else below code_dir. */
function bootFileLink(bootFile: string | undefined, codeDir: StorageLink | undefined): StorageLink | undefined {
  if (!bootFile) return undefined;
  const own = storageLink(bootFile);
  if (own?.url || !codeDir?.url) return own;
  const base = codeDir.url.endsWith('/') ? codeDir.url : `${codeDir.url}/`;
  return { text: bootFile, url: `${base}${bootFile.replace(/^\.?\/+/, '')}` };
}

function channel(c: JobChannel): ChannelView {
  const storage = storageLink(c.remote?.obs?.obs_url);
  const dataset = c.remote?.dataset;
  return {
    name: c.name,
    ...(c.description ? { description: c.description } : {}),
    ...(c.local_dir ? { localDir: c.local_dir } : {}),
    ...(storage ? { storage } : {}),
    ...(dataset?.id ? { dataset: { id: dataset.id, ...(dataset.version_id ? { versionId: dataset.version_id } : {}) } } : {}),
  };
}

/** Responses document `environments` as a map or as an array of maps (reference §6.1): both read the same. */
function environment(env: TrainingJob['algorithm']['environments']): NamedValue[] {
  const maps = env === undefined ? [] : Array.isArray(env) ? env : [env as Readonly<Record<string, string>>];
  return maps
    .flatMap((m) => Object.entries(m))
    .map(([name, value]) => (secretName.test(name) ? { name, value: '', hidden: true } : { name, value: String(value), hidden: false }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function flavor(job: TrainingJob): FlavorView {
  const r = job.spec.resource;
  const info = r.flavor_detail?.flavor_info;
  const accel = (a: { unit_num?: number; product_name?: string; memory?: string } | undefined) =>
    a && (a.unit_num || a.product_name)
      ? {
          ...(a.unit_num ? { count: a.unit_num } : {}),
          ...(a.product_name ? { product: a.product_name } : {}),
          ...(a.memory ? { memory: a.memory } : {}),
        }
      : undefined;
  const gpu = accel(info?.gpu);
  const npu = accel(info?.npu);
  return {
    id: r.flavor_id,
    ...(r.flavor_name && r.flavor_name !== r.flavor_id ? { name: r.flavor_name } : {}),
    ...(r.flavor_detail?.flavor_type ? { type: r.flavor_detail.flavor_type } : {}),
    ...(info?.cpu?.core_num ? { cpuCores: info.cpu.core_num } : {}),
    ...(info?.memory?.size ? { memory: `${info.memory.size} ${info.memory.unit ?? 'GB'}` } : {}),
    ...(gpu ? { gpu } : {}),
    ...(npu ? { npu } : {}),
  };
}

/** The API's events (ISO 8601 times; the cloud documents plain strings), newest first. */
export function eventViews(events: readonly JobEvent[]): EventView[] {
  const views = events.map((e): EventView => {
    if (typeof e === 'string') return { level: 'Info', message: e };
    const time = Date.parse(e.time);
    const level = e.level === 'Error' || e.level === 'Warning' ? e.level : 'Info';
    return { ...(Number.isFinite(time) ? { time } : {}), level, ...(e.source ? { source: e.source } : {}), message: e.message };
  });
  // Stable: events of the same second keep the platform's order, reversed with the rest.
  return views
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (b.e.time ?? 0) - (a.e.time ?? 0) || b.i - a.i)
    .map(({ e }) => e);
}

/**
 * When the job ended: its start plus its running time, as the platform counts it; for a job that
 * never started (refused, stopped while queued), the last event's time, if any.
 */
function endTime(job: TrainingJob, events: readonly EventView[]): number | undefined {
  const { start_time: start, duration } = job.status;
  if (start && start > 0 && duration !== undefined) return start + duration;
  return events.find((e) => e.time !== undefined)?.time;
}

/**
 * The cloud's restarts: each running record after the first began a new run, after the one
 * before it ended (`exit with 127`, rescheduled). Local mode never restarts a job and has none.
 */
function restarts(job: TrainingJob): HistoryStep[] {
  const records = job.status.running_records ?? [];
  const steps: HistoryStep[] = [];
  for (let i = 1; i < records.length; i++) {
    const record = records[i];
    const before = records[i - 1];
    const startAt = record?.start_at;
    const reason = [before?.end_reason, before?.end_related_task].filter(Boolean).join(', ');
    steps.push({
      step: 'restarted',
      phase: 'Running',
      run: i + 1,
      ...(typeof startAt === 'number' && startAt > 0 ? { at: startAt * 1000 } : {}),
      ...(reason ? { reason } : {}),
    });
  }
  return steps;
}

function history(job: TrainingJob, ended: boolean, endedAt: number | undefined): HistoryStep[] {
  const steps: HistoryStep[] = [{ step: 'created', phase: 'Creating', at: job.metadata.create_time }];
  const start = job.status.start_time;
  if (start && start > 0) steps.push({ step: 'started', phase: 'Running', at: start });
  steps.push(...restarts(job));
  if (ended) steps.push({ step: 'ended', phase: job.status.phase, ...(endedAt !== undefined ? { at: endedAt } : {}) });
  else if (job.status.phase !== 'Running' || !start) steps.push({ step: 'now', phase: job.status.phase });
  return steps;
}

/** The panel's view of `job` with `events` (in any order) read at the same time. */
export function jobView(job: TrainingJob, events: readonly JobEvent[]): JobView {
  const ended = finalJobPhases.includes(job.status.phase);
  const allEvents = eventViews(events);
  const endedAt = ended ? endTime(job, allEvents) : undefined;
  const a = job.algorithm;
  const task = job.status.task_statuses?.find((s) => s.message || s.exit_code !== undefined);
  const codeDir = storageLink(a.code_dir);
  const bootFile = bootFileLink(a.boot_file, codeDir);
  const logExport = storageLink(job.spec.log_export_path?.obs_url);
  const engine = a.engine ?? {};
  const start = job.status.start_time;
  return {
    id: job.metadata.id,
    name: job.metadata.name,
    ...(job.metadata.description ? { description: job.metadata.description } : {}),
    phase: job.status.phase,
    ...(job.status.secondary_phase && job.status.secondary_phase !== job.status.phase
      ? { secondaryPhase: job.status.secondary_phase }
      : {}),
    ended,
    ...(task?.message ? { reason: task.message } : {}),
    ...(task?.exit_code !== undefined && task.exit_code !== null ? { exitCode: task.exit_code } : {}),
    ...(job.status.queue_position ? { queuePosition: job.status.queue_position } : {}),
    createdAt: job.metadata.create_time,
    ...(start && start > 0 ? { startedAt: start } : {}),
    ...(endedAt !== undefined ? { endedAt } : {}),
    ...(start && start > 0 && job.status.duration !== undefined ? { durationMs: job.status.duration } : {}),
    engine: {
      ...(engine.engine_name ? { name: engine.engine_name } : {}),
      ...(engine.engine_version ? { version: engine.engine_version } : {}),
      ...(engine.engine_id ? { id: engine.engine_id } : {}),
      ...(engine.image_url ? { image: engine.image_url } : {}),
    },
    flavor: flavor(job),
    nodeCount: job.spec.resource.node_count,
    ...(codeDir ? { codeDir } : {}),
    ...(bootFile ? { bootFile } : {}),
    ...(a.command ? { command: a.command } : {}),
    ...(a.working_dir ? { workingDir: a.working_dir } : {}),
    ...(logExport ? { logExport } : {}),
    parameters: ((a.parameters ?? []) as readonly JobParameter[]).map((p) => ({
      name: p.name,
      ...(p.constraint?.sensitive ? { value: '', hidden: true } : { value: String(p.value ?? ''), hidden: false }),
      ...(p.description ? { description: p.description } : {}),
    })),
    environment: environment(a.environments),
    inputs: (a.inputs ?? []).map(channel),
    outputs: (a.outputs ?? []).map(channel),
    history: history(job, ended, endedAt),
    events: allEvents.slice(0, maxEvents),
    eventsTotal: allEvents.length,
  };
}

/** Every `obs://` URL the view links to: what the webview may ask to reveal, and nothing else. */
export function linkedUrls(view: JobView): Set<string> {
  const links = [view.codeDir, view.bootFile, view.logExport, ...[...view.inputs, ...view.outputs].map((c) => c.storage)];
  return new Set(links.flatMap((l) => (l?.url ? [l.url] : [])));
}
