/**
 * The job details panel's state, pure: the last state the host sent, the UI state kept across a
 * reload (which events to show), a running job's duration counted on from the read, and the text
 * of the header, the history and the events. No DOM: unit-tested in Node.
 */
import type { EventView, HistoryStep, JobAction, JobDetailsStateParams, JobView } from '../protocol/jobDetails';
import type { Messages, MessageKey } from './i18n';

export type EventFilter = 'all' | 'problems';

/** What `vscode.setState` keeps (besides the host's restore spec). */
export interface UiState {
  readonly eventFilter: EventFilter;
}

export function restoreUiState(saved: unknown): UiState {
  const filter = (saved as { eventFilter?: unknown } | null)?.eventFilter;
  return { eventFilter: filter === 'problems' ? 'problems' : 'all' };
}

const phaseKeys: Readonly<Record<string, MessageKey>> = {
  Creating: 'phase.Creating',
  Pending: 'phase.Pending',
  Running: 'phase.Running',
  Failed: 'phase.Failed',
  Completed: 'phase.Completed',
  Terminating: 'phase.Terminating',
  Terminated: 'phase.Terminated',
  Abnormal: 'phase.Abnormal',
};

/** A phase in the panel's language; one the panel does not know, as the platform wrote it. */
export function phaseLabel(phase: string, messages: Messages): string {
  const key = phaseKeys[phase];
  return key ? messages.t(key) : phase;
}

/** `1 h 2 min 3 s`, `2 min 5 s`, `40 s`. */
export function formatDuration(ms: number, messages: Messages): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  if (total === 0) return messages.t('duration.lessThanSecond');
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return messages.t('duration.hms', { h, m, s });
  if (m > 0) return messages.t('duration.ms', { m, s });
  return messages.t('duration.s', { s });
}

/** One row of the status history, as text (the time is formatted by the view). */
export interface HistoryRow {
  readonly step: HistoryStep['step'];
  readonly label: string;
  readonly at?: number;
  readonly note?: string;
  /** The phase the row stands for, for its colour. */
  readonly phase: string;
}

/** The buttons of the header, in order, and whether each can act now. */
export interface ActionState {
  readonly action: JobAction;
  readonly enabled: boolean;
}

/** Phase class names for colour: running, pending, done, failed, stopped. */
export function phaseTone(phase: string): 'running' | 'pending' | 'done' | 'failed' | 'stopped' {
  switch (phase) {
    case 'Running':
    case 'Terminating':
      return 'running';
    case 'Creating':
    case 'Pending':
      return 'pending';
    case 'Completed':
      return 'done';
    case 'Terminated':
      return 'stopped';
    default:
      return 'failed';
  }
}

export class JobDetailsModel {
  state: JobDetailsStateParams | undefined;
  /** When the state arrived, on the clock `apply` was given (the webview's own: no host clock skew). */
  private receivedAt = 0;

  constructor(public ui: UiState) {}

  apply(state: JobDetailsStateParams, now: number): void {
    this.state = state;
    this.receivedAt = now;
  }

  get job(): JobView | undefined {
    return this.state?.job;
  }

  setEventFilter(filter: EventFilter): void {
    this.ui = { ...this.ui, eventFilter: filter };
  }

  /** A running job's duration goes on by itself between reads; every other stays as read. */
  get ticking(): boolean {
    const job = this.job;
    return job !== undefined && !job.ended && job.durationMs !== undefined && job.phase === 'Running' && !this.state?.problem;
  }

  /** The job's running time at `now` (the clock `apply` was given). */
  durationAt(now: number): number | undefined {
    const job = this.job;
    if (job?.durationMs === undefined) return undefined;
    return this.ticking ? job.durationMs + Math.max(0, now - this.receivedAt) : job.durationMs;
  }

  /**
   * Why the job is where it is: the platform's reason, or a non-zero exit code. A completed job's
   * "Exit code 0" says nothing its phase does not, so it is left out.
   */
  reason(messages: Messages): string {
    const job = this.job;
    if (!job) return '';
    if (job.phase === 'Completed' && !job.exitCode) return '';
    return job.reason ?? (job.exitCode ? messages.t('status.exitCode', { code: job.exitCode }) : '');
  }

  /** The line under the title: how long it ran or runs, or where it waits. */
  statusLine(now: number, messages: Messages): string {
    const job = this.job;
    if (!job) return '';
    const duration = this.durationAt(now);
    if (job.ended)
      return duration !== undefined
        ? messages.t('status.ranFor', { duration: formatDuration(duration, messages) })
        : messages.t('status.neverRan');
    if (duration !== undefined) return messages.t('status.runningFor', { duration: formatDuration(duration, messages) });
    if (job.queuePosition) return messages.t('status.queued', { position: job.queuePosition });
    return messages.t('status.notStarted');
  }

  actions(): ActionState[] {
    const job = this.job;
    const have = job !== undefined;
    const stoppable = have && !job.ended && job.phase !== 'Terminating';
    return [
      { action: 'showLog', enabled: have },
      { action: 'showMetrics', enabled: have },
      { action: 'resubmit', enabled: have },
      { action: 'stop', enabled: stoppable },
      { action: 'refresh', enabled: this.state !== undefined && !this.state.loading },
    ];
  }

  /** The history, oldest first, each step with how long it took to get there. */
  historyRows(messages: Messages): HistoryRow[] {
    const job = this.job;
    if (!job) return [];
    const rows: HistoryRow[] = [];
    for (const step of job.history) {
      switch (step.step) {
        case 'created':
          rows.push({
            step: step.step,
            label: messages.t('history.created'),
            phase: step.phase,
            ...(step.at !== undefined ? { at: step.at } : {}),
          });
          break;
        case 'started': {
          const waited = step.at !== undefined ? step.at - job.createdAt : undefined;
          rows.push({
            step: step.step,
            label: messages.t('history.started'),
            phase: step.phase,
            ...(step.at !== undefined ? { at: step.at } : {}),
            ...(waited !== undefined && waited >= 1000
              ? { note: messages.t('history.waited', { duration: formatDuration(waited, messages) }) }
              : {}),
          });
          break;
        }
        case 'restarted':
          rows.push({
            step: step.step,
            label: messages.t('history.restarted', { run: step.run ?? 2 }),
            phase: step.phase,
            ...(step.at !== undefined ? { at: step.at } : {}),
            ...(step.reason ? { note: messages.t('history.restartReason', { reason: step.reason }) } : {}),
          });
          break;
        case 'ended': {
          const label = messages.t('history.ended', { phase: phaseLabel(step.phase, messages) });
          const note =
            job.durationMs !== undefined ? messages.t('history.after', { duration: formatDuration(job.durationMs, messages) }) : undefined;
          rows.push({
            step: step.step,
            label,
            phase: step.phase,
            ...(step.at !== undefined ? { at: step.at } : {}),
            ...(note ? { note } : {}),
          });
          break;
        }
        case 'now':
          rows.push({ step: step.step, label: messages.t('history.now', { phase: phaseLabel(step.phase, messages) }), phase: step.phase });
          break;
      }
    }
    return rows;
  }

  /** The events the filter lets through, newest first. */
  visibleEvents(): readonly EventView[] {
    const events = this.job?.events ?? [];
    return this.ui.eventFilter === 'problems' ? events.filter((e) => e.level !== 'Info') : events;
  }

  /** The line under the events: why the list is empty, or that it holds only the newest. */
  eventsNote(messages: Messages): string | undefined {
    const job = this.job;
    if (!job) return undefined;
    if (job.events.length === 0) return messages.t('events.none');
    if (this.visibleEvents().length === 0) return messages.t('events.noProblems');
    if (job.eventsTotal > job.events.length) return messages.t('events.capped', { shown: job.events.length, total: job.eventsTotal });
    return undefined;
  }
}
