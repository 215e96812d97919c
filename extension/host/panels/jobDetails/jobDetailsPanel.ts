import * as vscode from 'vscode';
import {
  type JobAction,
  JobDetailsRestore,
  JobDetailsState,
  type JobDetailsStateParams,
  parseActionParams,
  parseRevealParams,
  RevealStorage,
  RunJobAction,
} from '../../../../webviews/protocol/jobDetails';
import { Ready, type RequestType } from '../../../../webviews/protocol/rpc';
import type { RpcEndpoint } from '../../../../webviews/protocol/endpoint';
import type { TrainingJob } from '../../../core/api/resources/trainingJobTypes';
import { describeError } from '../../errorText';
import { panelEndpoint } from '../panelEndpoint';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { linkedUrls } from './detailsView';
import type { JobDetailsData } from './jobDetailsData';
import type { JobDetailsSpec } from './spec';

const t = vscode.l10n.t;

/** The commands the panel's buttons run, each on the job as last read (a tree node's shape). */
const actionCommands: Readonly<Record<Exclude<JobAction, 'refresh'>, string>> = {
  showLog: 'modelarts.trainingJobs.showLogs',
  showMetrics: 'modelarts.trainingJobs.showMetrics',
  resubmit: 'modelarts.trainingJobs.clone',
  stop: 'modelarts.trainingJobs.stop',
};

export function jobDetailsTitle(name: string): string {
  return t('Job: {0}', name);
}

/**
 * One job details panel: its webview, the channel to it, and the job's data. Lifecycle only: the
 * reading lives in JobDetailsData, the drawing in the webview app. The buttons run the same
 * commands as the job's menu in the Training Jobs view, so they ask and report the same way.
 */
export class JobDetailsPanel {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private readonly rpc: RpcEndpoint;
  private readonly handlers = new Map<string, (raw: unknown) => Promise<unknown>>();
  /** What the webview was last told, and how often (the exports show them to tests). */
  statesSent = 0;
  lastState: JobDetailsStateParams | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly spec: JobDetailsSpec,
    readonly data: JobDetailsData,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    /** Opens the details of another job (the one a resubmit made). */
    private readonly openDetails: (job: TrainingJob) => void,
  ) {
    panel.title = jobDetailsTitle(spec.jobName);
    panel.webview.options = webviewOptions(extensionUri);
    this.rpc = panelEndpoint(panel, log, 'job details panel');
    this.rpc.onRequest(
      Ready,
      (raw) => raw as { app: string },
      () => {
        this.ready = true;
        this.rpc.notify(JobDetailsRestore, { spec });
        this.sendState();
        return { locale: vscode.env.language };
      },
    );
    this.serve(RunJobAction, parseActionParams, (p) => this.run(p.action));
    this.serve(RevealStorage, parseRevealParams, (p) => this.revealStorage(p.url));
    this.disposables.push(
      data.onDidChange(() => {
        const name = data.state().name;
        if (panel.title !== jobDetailsTitle(name)) panel.title = jobDetailsTitle(name);
        if (this.ready) this.sendState();
      }),
      // Polls only while someone can see it; looking again reads at once.
      panel.onDidChangeViewState((e) => data.setActive(e.webviewPanel.visible)),
    );
    panel.onDidDispose(() => this.dispose());
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'jobDetails', panel.title);
    void data.refresh(true);
    // A panel restored in a background tab reads once, then waits until it is looked at.
    data.setActive(panel.visible);
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Answers `method` as a request of the webview would be (its params checked the same way). For the exports' tests. */
  handle(method: string, params: unknown): Promise<unknown> {
    const handler = this.handlers.get(method);
    return handler ? handler(params) : Promise.reject(new Error(`Nothing answers ${method}.`));
  }

  private serve<P, R>(type: RequestType<P, R>, parse: (raw: unknown) => P, handler: (p: P) => Promise<R>): void {
    const run = async (p: P): Promise<R> => {
      try {
        return await handler(p);
      } catch (err) {
        this.log.warn(`job details panel ${this.spec.jobName}: ${type.method} failed: ${err instanceof Error ? err.message : String(err)}`);
        throw new Error(describeError(err), { cause: err });
      }
    };
    this.rpc.onRequest(type, parse, run);
    this.handlers.set(type.method, async (raw) => run(parse(raw)));
  }

  private async run(action: JobAction): Promise<{ done: boolean }> {
    if (action === 'refresh') {
      await this.data.refresh(true);
      return { done: true };
    }
    const job = this.data.lastJob();
    if (!job) throw new Error(t('The job has not been read yet; wait for it, or press Refresh.'));
    const node = { kind: 'job', job };
    const command = actionCommands[action];
    // The log streams until the job ends: nothing waits for that.
    if (action === 'showLog') {
      void vscode.commands.executeCommand(command, node);
      return { done: true };
    }
    const result = await vscode.commands.executeCommand<unknown>(command, node);
    if (action === 'resubmit' && isJob(result)) this.openDetails(result);
    if (action === 'stop' || action === 'resubmit') void this.data.refresh();
    return { done: result !== undefined };
  }

  /** Only a path the panel shows may be revealed: the webview is untrusted input. */
  private async revealStorage(url: string): Promise<{ revealed: string }> {
    const view = this.data.lastView();
    if (!view || !linkedUrls(view).has(url)) throw new Error(t('{0} is not a storage path of this job.', url));
    const revealed = await vscode.commands.executeCommand<string | undefined>('modelarts.storage.reveal', { url });
    return { revealed: revealed ?? '' };
  }

  private sendState(): void {
    this.lastState = this.data.state();
    this.statesSent++;
    this.rpc.notify(JobDetailsState, this.lastState);
  }

  private dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.data.dispose();
    this.log.info(`job details panel closed: ${this.spec.jobName}`);
  }
}

function isJob(value: unknown): value is TrainingJob {
  const metadata = (value as { metadata?: { id?: unknown } } | null)?.metadata;
  return typeof metadata?.id === 'string';
}
