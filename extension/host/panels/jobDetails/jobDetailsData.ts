/**
 * The data of one job details panel: the job and its events, read together from the platform,
 * again every few seconds while the panel is visible and the job has not ended (and once more
 * after it ended, for the events that follow the last phase). Reads never overlap; one asked for
 * during a read runs right after it. A failed read keeps the last good one and says what went
 * wrong; a job that no longer exists stops the polling. (No `vscode`: unit-tested.)
 */
import { isPlatformError } from '../../../core/api/errors';
import type { JobEvent, TrainingJob } from '../../../core/api/resources/trainingJobTypes';
import type { CallOptions } from '../../../core/api/resources/common';
import { isAbortError } from '../../../core/util/abort';
import { Emitter } from '../../../core/util/event';
import type { Translate } from '../../../core/util/translate';
import type { DetailsProblem, JobDetailsStateParams, JobView } from '../../../../webviews/protocol/jobDetails';
import { describeError } from '../../errorText';
import { jobView } from './detailsView';
import type { JobDetailsSpec } from './spec';

/** What the data reads through: the job's platform's training job calls. */
export interface JobReader {
  get(id: string, options?: CallOptions): Promise<TrainingJob>;
  events(id: string, options?: CallOptions & { order?: 'asc' | 'desc' }): Promise<JobEvent[]>;
}

export interface JobDetailsSource {
  /** The calls of the job's platform, or undefined while another platform (or none) is connected. */
  reader(): JobReader | undefined;
  /** What the panel says meanwhile: which platform to connect. */
  disconnected(): string;
}

export interface JobDetailsOptions {
  /** Between reads while the job runs; default 2 s. */
  readonly pollMs?: number;
  /** The longest wait after failed reads (which back off); default 30 s. */
  readonly maxBackoffMs?: number;
  readonly log?: (line: string) => void;
}

/** The platform's code for a training job that does not exist (reference §6.3). */
const jobNotFound = 'ModelArts.2775';

export class JobDetailsData {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private job: TrainingJob | undefined;
  private view: JobView | undefined;
  private problem: DetailsProblem | undefined;
  private loading = true;
  private active = true;
  private disposed = false;
  private failures = 0;
  /** Reads that found the job ended: polling stops after the second. */
  private endedReads = 0;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private readonly lifetime = new AbortController();

  constructor(
    readonly spec: JobDetailsSpec,
    private readonly source: JobDetailsSource,
    private readonly t: Translate,
    private readonly options: JobDetailsOptions = {},
  ) {}

  /** What the webview is sent. */
  state(): JobDetailsStateParams {
    return {
      name: this.view?.name ?? this.spec.jobName,
      loading: this.loading,
      ...(this.view ? { job: this.view } : {}),
      ...(this.problem ? { problem: this.problem } : {}),
    };
  }

  /** The job as last read (what the panel's actions act on). */
  lastJob(): TrainingJob | undefined {
    return this.job;
  }

  /** The view as last read. */
  lastView(): JobView | undefined {
    return this.view;
  }

  /**
   * Reads now, or right after the read under way (at most one waits). `showLoading` makes the
   * panel say it is reading, for a read the user asked for; polls stay quiet.
   */
  refresh(showLoading = false): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (showLoading && !this.loading) {
      this.loading = true;
      this.changed.fire();
    }
    if (this.queued) return this.queued;
    if (this.reading) {
      this.queued = this.reading.then(() => {
        this.queued = undefined;
        return this.startRead();
      });
      return this.queued;
    }
    return this.startRead();
  }

  /** Polls only while the panel is visible; becoming visible reads at once. */
  setActive(active: boolean): void {
    if (this.active === active) return;
    this.active = active;
    if (active) void this.refresh();
    else clearTimeout(this.timer);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.lifetime.abort();
    this.changed.dispose();
  }

  private startRead(): Promise<void> {
    clearTimeout(this.timer);
    this.reading = this.read().finally(() => {
      this.reading = undefined;
      this.schedule();
    });
    return this.reading;
  }

  private async read(): Promise<void> {
    const reader = this.source.reader();
    if (!reader) {
      this.settle(this.view, { kind: 'disconnected', message: this.source.disconnected() });
      return;
    }
    const signal = this.lifetime.signal;
    const id = this.spec.jobId;
    try {
      const [job, events] = await Promise.all([reader.get(id, { signal }), reader.events(id, { order: 'asc', signal })]);
      if (this.disposed) return;
      this.job = job;
      this.view = jobView(job, events);
      this.failures = 0;
      this.endedReads = this.view.ended ? this.endedReads + 1 : 0;
      this.settle(this.view, undefined);
    } catch (err) {
      if (this.disposed || isAbortError(err)) return;
      if (isPlatformError(err) && err.errorCode === jobNotFound) {
        const message = this.t('The training job {0} no longer exists (it was deleted). Close this panel.', this.state().name);
        this.settle(this.view, { kind: 'gone', message });
        return;
      }
      this.failures++;
      this.options.log?.(`job details ${this.spec.jobName}: reading failed: ${err instanceof Error ? err.message : String(err)}`);
      const message = this.t('Could not read the training job: {0} The panel tries again by itself.', describeError(err));
      this.settle(this.view, { kind: 'failed', message });
    }
  }

  private settle(view: JobView | undefined, problem: DetailsProblem | undefined): void {
    this.view = view;
    this.problem = problem;
    this.loading = false;
    this.changed.fire();
  }

  /** The next poll: soon while the job runs, backing off after failures; none once it ended, is gone, or waits for its platform. */
  private schedule(): void {
    clearTimeout(this.timer);
    if (this.disposed || !this.active || this.reading || this.queued) return;
    const kind = this.problem?.kind;
    if (kind === 'gone' || kind === 'disconnected') return;
    if (this.endedReads >= 2) return;
    const pollMs = this.options.pollMs ?? 2000;
    const delay = this.failures > 0 ? Math.min(this.options.maxBackoffMs ?? 30_000, pollMs * 2 ** this.failures) : pollMs;
    this.timer = setTimeout(() => void this.refresh(), delay);
  }
}
