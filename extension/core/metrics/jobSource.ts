import type { ModelArtsApi } from '../api/resources/modelArtsApi';
import { finalJobPhases, type JobMetrics, type TrainingJob } from '../api/resources/trainingJobTypes';
import type { StorageClient } from '../storage/client';
import { parseObsUrl } from '../storage/urls';
import { LogdirReader } from './runs';
import type { SeriesStore } from './seriesStore';
import type { MetricsSource, MetricsWarning, SourcePoll, SourceRun } from './source';

/** Resource series arrive as `resources/<metric>` tags, beside the job's own scalars. */
export const resourceTagPrefix = 'resources/';

/**
 * One training job's metrics: the platform's metrics route (local mode: MA_METRIC lines and the
 * event files the job writes to MA_SUMMARY_DIR, through a cursor so each poll gets only what is
 * new; the cloud: per-minute resource usage) and, when the job names one, its summary log dir in
 * storage (`algorithm.summary.log_dir`), read with ranged GETs.
 */
export class JobMetricsSource implements MetricsSource {
  readonly pollSeconds = 1;
  private job: TrainingJob | undefined;
  private cursor: string | undefined;
  /** The cloud answers whole series every time: how many values of each metric were taken. */
  private readonly resourceSeen = new Map<string, number>();
  private summaryDir: LogdirReader | undefined;
  private ended = false;
  private readFirst = false;
  private corrupt = 0;

  constructor(
    private readonly api: ModelArtsApi,
    readonly jobId: string,
    readonly label: string,
    private readonly storage: Pick<StorageClient, 'listAll' | 'head' | 'readRange'> | undefined,
  ) {}

  get finished(): boolean {
    return this.ended;
  }

  runs(): readonly SourceRun[] {
    const job = this.job;
    const phase = job?.status.phase;
    const final = phase !== undefined && finalJobPhases.includes(phase);
    const reason = job?.status.task_statuses?.find((t) => t.message)?.message ?? '';
    const started = job?.status.start_time;
    return [
      {
        id: this.jobId,
        name: job?.metadata.name ?? this.label,
        live: !final,
        ...(final && phase
          ? {
              end: {
                phase,
                reason,
                ...(started !== undefined && job?.status.duration !== undefined ? { endedAt: started + job.status.duration } : {}),
              },
            }
          : {}),
        hyperParameters: Object.fromEntries((job?.algorithm.parameters ?? []).map((p) => [p.name, p.value])),
      },
    ];
  }

  progress(): { filesRead: number; filesTotal: number } | undefined {
    return this.readFirst ? undefined : { filesRead: 0, filesTotal: 1 };
  }

  warnings(): readonly MetricsWarning[] {
    return this.corrupt > 0 ? [{ kind: 'corruptRecords', count: this.corrupt, where: this.label }] : [];
  }

  async poll(store: SeriesStore, signal: AbortSignal): Promise<SourcePoll> {
    const before = store.pointCount;
    const previousPhase = this.job?.status.phase;
    const job = await this.api.trainingJobs.get(this.jobId, { signal });
    this.job = job;
    const finalNow = finalJobPhases.includes(job.status.phase);
    const task = job.status.tasks?.[0] ?? 'worker-0';
    // The first answer is kept small, so the first chart draws at once; the rest comes in big ones.
    const limitBytes = this.cursor ? 8 * 1024 * 1024 : 256 * 1024;
    const metrics = await this.api.trainingJobs.metrics(this.jobId, task, {
      signal,
      limitBytes,
      ...(this.cursor ? { cursor: this.cursor } : {}),
    });
    this.take(store, metrics, job);
    if (metrics.next_cursor) this.cursor = metrics.next_cursor;
    if (metrics.corrupt_records !== undefined) this.corrupt = metrics.corrupt_records;
    const more = metrics.more === true;
    await this.readSummaryDir(store, job, signal);
    this.readFirst = this.readFirst || !more;
    // Read once more after the job ended, so its last points are in; then stop.
    if (finalNow && !more && previousPhase !== undefined && finalJobPhases.includes(previousPhase)) this.ended = true;
    return { changed: store.pointCount !== before || previousPhase !== job.status.phase, more };
  }

  private take(store: SeriesStore, m: JobMetrics, job: TrainingJob): void {
    const now = Date.now() / 1000;
    for (const s of m.scalars ?? []) {
      for (let i = 0; i < s.step.length; i++)
        store.append(this.jobId, s.name, s.step[i] as number, s.wall_time?.[i] ?? now, s.value[i] as number);
    }
    const incremental = m.next_cursor !== undefined;
    // The cloud gives one value a minute from the job's start, with -1 where there is no data.
    const startMs = job.status.start_time ?? job.metadata.create_time;
    for (const series of m.metrics) {
      const seen = incremental ? 0 : (this.resourceSeen.get(series.metric) ?? 0);
      for (let i = seen; i < series.value.length; i++) {
        const value = series.value[i] as number;
        const atMs = m.timestamps?.[i] ?? startMs + i * 60_000;
        if (value < 0) continue;
        const step = incremental ? (store.get(this.jobId, `${resourceTagPrefix}${series.metric}`)?.length ?? 0) : i;
        store.append(this.jobId, `${resourceTagPrefix}${series.metric}`, step, atMs / 1000, value);
      }
      if (!incremental) this.resourceSeen.set(series.metric, series.value.length);
    }
  }

  private async readSummaryDir(store: SeriesStore, job: TrainingJob, signal: AbortSignal): Promise<void> {
    const path = job.algorithm.summary?.log_dir?.pfs?.pfs_path;
    if (!path || !this.storage) return;
    if (!this.summaryDir) {
      this.summaryDir = LogdirReader.storage(this.storage, parseObsUrl(path));
    }
    const result = await this.summaryDir.poll({
      signal,
      // Every run under the log dir belongs to this job: its tags are the job's.
      onPoint: (_run, tag, step, wallTime, value) => store.append(this.jobId, tag, step, wallTime, value),
    });
    this.corrupt = result.counts.corruptRecords;
  }
}
