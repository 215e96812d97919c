import * as vscode from 'vscode';
import { finalJobPhases, type JobPhase, type TrainingJob } from '../../core/api/resources/trainingJobTypes';
import { isAbortError } from '../../core/util/abort';
import { showJobLogsOn } from '../commands/trainingJobs/jobActions';
import { notify, type NotifySeverity } from '../notify';
import { type Connection, samePlatform } from '../platform/session';
import type { Services } from '../services';
import { ViewIds } from '../views/viewIds';

const t = vscode.l10n.t;

/** A job-ended notification as shown: for the integration tests (through the exports) and the log. */
export interface JobEndNotice {
  readonly jobId: string;
  readonly name: string;
  readonly phase: JobPhase;
  readonly severity: NotifySeverity;
  readonly message: string;
  /** The buttons, in order. */
  readonly actions: readonly string[];
}

/** How many notices are remembered for the exports: enough for a session, never a growing list. */
const keptNotices = 50;

/**
 * Watches the jobs submitted from the editor (the spec CodeLens, a modelarts task) until they
 * end, then says how each ended (Completed, Failed, Stopped) with its log, its charts and a
 * resubmit of the same spec one click away: a job on a GPU runs for hours, and the editor is
 * where its author waits. A watch stops with the window (or the connection it polls through).
 */
export class JobEndWatcher implements vscode.Disposable {
  private readonly stop = new AbortController();
  private readonly watched = new Set<string>();
  private readonly shown: JobEndNotice[] = [];

  constructor(private readonly services: Services) {}

  /** Notices shown so far in this window, oldest first. */
  notices(): readonly JobEndNotice[] {
    return [...this.shown];
  }

  /** Watches JOB on CONNECTION; RESUBMIT sends the same spec again. Watching a job twice watches it once. */
  watch(connection: Connection, job: TrainingJob, resubmit: () => Promise<unknown>): void {
    const id = job.metadata.id;
    if (this.watched.has(id)) return;
    this.watched.add(id);
    connection.api.trainingJobs
      .waitFor(id, finalJobPhases, { signal: this.stop.signal, pollMs: 1000, maxPollMs: 5000 })
      .then((ended) => this.announce(connection, ended, resubmit))
      .catch((err: unknown) => {
        if (!isAbortError(err))
          this.services.log.warn(`Stopped watching training job ${job.metadata.name}: ${err instanceof Error ? err.message : String(err)}`);
      })
      .finally(() => this.watched.delete(id));
  }

  private announce(connection: Connection, job: TrainingJob, resubmit: () => Promise<unknown>): void {
    const { services } = this;
    const phase = job.status.phase;
    const { severity, message } = describeEnd(job);
    const actions: Record<string, () => unknown> = {
      [t('Show Log')]: () => showJobLogsOn(services, connection, job),
    };
    // The metrics panel reads the active platform's jobs; a local run beside a cloud profile has its log.
    if (samePlatform(connection, services.session.current()))
      actions[t('Show Metrics')] = () => vscode.commands.executeCommand('modelarts.trainingJobs.showMetrics', { kind: 'job', job });
    actions[t('Resubmit')] = resubmit;
    services.log.info(`Training job ${job.metadata.name} (${job.metadata.id}) on ${connection.label} ended: ${phase}.`);
    this.shown.push({ jobId: job.metadata.id, name: job.metadata.name, phase, severity, message, actions: Object.keys(actions) });
    if (this.shown.length > keptNotices) this.shown.shift();
    // Its row in Training Jobs has a new state.
    if (samePlatform(connection, services.session.current())) services.trees.refresh(ViewIds.trainingJobs);
    notify(severity, message, actions, services.log);
  }

  dispose(): void {
    this.stop.abort();
  }
}

function describeEnd(job: TrainingJob): { severity: NotifySeverity; message: string } {
  const name = job.metadata.name;
  const reason = job.status.task_statuses?.find((s) => s.message)?.message;
  switch (job.status.phase) {
    case 'Completed':
      return { severity: 'info', message: t('Training job {0} completed.', name) };
    case 'Terminated':
      return { severity: 'warning', message: t('Training job {0} was stopped.', name) };
    default:
      return {
        severity: 'error',
        message: reason ? t('Training job {0} failed: {1}', name, reason) : t('Training job {0} failed.', name),
      };
  }
}
