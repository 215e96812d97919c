import * as vscode from 'vscode';
import type { TrainingJob } from '../../../core/api/resources/trainingJobTypes';
import type { JobDetailsStateParams } from '../../../../webviews/protocol/jobDetails';
import type { PlatformSession } from '../../platform/session';
import { platformKeyOf } from '../labeling/labelingPanels';
import { JobDetailsData } from './jobDetailsData';
import { JobDetailsPanel, jobDetailsTitle } from './jobDetailsPanel';
import { jobDetailsKey, type JobDetailsSpec, parseJobDetailsSpec } from './spec';

/** What the exports show of an open panel. */
export interface OpenJobDetailsPanel {
  readonly key: string;
  readonly title: string;
  readonly spec: JobDetailsSpec;
  /** States sent to the webview so far, and the last one. */
  readonly statesSent: number;
  readonly lastState: JobDetailsStateParams | undefined;
}

/** The webview panel type of job details panels (the manifest's `onWebviewPanel:` activation names it). */
export const jobDetailsViewType = 'modelarts.jobDetails';

/**
 * Every open job details panel, one per job: opening one that is open reveals it. Also VS Code's
 * serializer for them: a panel restored after a window reload reads its saved spec and shows the
 * same job, once its platform is connected again (it says so meanwhile).
 */
export class JobDetailsPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Map<string, JobDetailsPanel>();
  private readonly registration: vscode.Disposable;
  private readonly sessionChange: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: PlatformSession,
    private readonly log: vscode.LogOutputChannel,
    /** A panel saw its job change phase: the Training Jobs view, which polls slower, shows it too. */
    private readonly onPhaseChange: () => void = () => undefined,
  ) {
    this.registration = vscode.window.registerWebviewPanelSerializer(jobDetailsViewType, this);
    // Local mode back after a restart, or another platform chosen: every panel reads again (and
    // says so when its job's platform is not the one connected).
    this.sessionChange = session.onDidChange(() => {
      for (const p of this.panels.values()) void p.data.refresh();
    });
  }

  /** Opens (or reveals) the details of `job`, on the connected platform; resolves with the panel's key. */
  open(job: TrainingJob, options: { preserveFocus?: boolean } = {}): { key: string } {
    const spec: JobDetailsSpec = {
      platform: platformKeyOf(this.session.require()) ?? 'local',
      jobId: job.metadata.id,
      jobName: job.metadata.name,
    };
    const key = jobDetailsKey(spec);
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, options.preserveFocus);
      return { key };
    }
    const panel = vscode.window.createWebviewPanel(
      jobDetailsViewType,
      jobDetailsTitle(spec.jobName),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
      { enableScripts: true, retainContextWhenHidden: true },
    );
    this.adopt(panel, spec);
    return { key };
  }

  describe(): OpenJobDetailsPanel[] {
    return [...this.panels].map(([key, p]) => ({
      key,
      title: p.panel.title,
      spec: p.spec,
      statesSent: p.statesSent,
      lastState: p.lastState,
    }));
  }

  /** The open panel of `key` (for tests that speak to it as its webview would). */
  panel(key: string): JobDetailsPanel | undefined {
    return this.panels.get(key);
  }

  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const spec = parseJobDetailsSpec((state as { restore?: unknown } | undefined)?.restore);
    if (!spec) {
      this.log.warn('a job details panel could not be restored: its saved state names no job');
      panel.dispose();
      return Promise.resolve();
    }
    this.adopt(panel, spec);
    return Promise.resolve();
  }

  dispose(): void {
    this.registration.dispose();
    this.sessionChange.dispose();
    for (const p of this.panels.values()) p.panel.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, spec: JobDetailsSpec): void {
    const key = jobDetailsKey(spec);
    this.panels.get(key)?.panel.dispose();
    const data = new JobDetailsData(
      spec,
      {
        reader: () => {
          const c = this.session.current();
          return c && platformKeyOf(c) === spec.platform ? c.api.trainingJobs : undefined;
        },
        disconnected: () => {
          const where = spec.platform === 'local' ? vscode.l10n.t('local mode') : spec.platform.replace(/^cloud:/, '');
          // Nothing connected yet (a panel restored while local mode starts): it is on its way.
          if (!this.session.current()) return vscode.l10n.t('Waiting for {0} to connect (this panel shows its data).', where);
          return vscode.l10n.t(
            'The training job {0} is on {1}, which is not connected: switch to it (ModelArts: Switch Platform…) and the panel shows the job.',
            spec.jobName,
            where,
          );
        },
      },
      vscode.l10n.t,
      { log: (line) => this.log.info(line) },
    );
    let phase: string | undefined;
    data.onDidChange(() => {
      const now = data.lastView()?.phase;
      if (phase !== undefined && now !== undefined && now !== phase) this.onPhaseChange();
      phase = now ?? phase;
    });
    const details = new JobDetailsPanel(panel, spec, data, this.extensionUri, this.log, (job) => this.open(job));
    this.panels.set(key, details);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === details) this.panels.delete(key);
    });
  }
}
