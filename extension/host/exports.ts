import type * as vscode from 'vscode';
import type { JobDetailsPanels, OpenJobDetailsPanel } from './panels/jobDetails/jobDetailsPanels';
import type { LabelingPanels, OpenLabelingPanel } from './panels/labeling/labelingPanels';
import type { MetricsPanels, OpenMetricsPanel } from './panels/metrics/metricsPanels';
import type { DeepLinkOutcome, DeepLinkQuestion } from './deepLinks/deepLinks';
import type { TerminalEnvironmentChange } from './terminalPath';
import type { JobEndNotice } from './flows/jobEnded';
import type { NodeDescription } from './views/node';
import type { ViewId } from './views/viewIds';

/** What the exports read of a view (a ResourceTree). */
export interface ReadableView {
  readonly id: ViewId;
  /** Fires when the view is told to reload (what VS Code itself listens to). */
  readonly onDidChangeTreeData: vscode.Event<void>;
  rows(levels?: number): Promise<NodeDescription[]>;
}

/**
 * What `activate()` returns to other extensions (`vscode.extensions.getExtension(id).exports`):
 * a read-only look at the views, so the integration tests check what a user would see, and when
 * it reloads, without reaching into the extension. Nothing here changes anything.
 */
export interface ToolkitExports {
  readonly views: {
    /** Fires with a view's id each time that view is told to reload. */
    readonly onDidRefresh: vscode.Event<ViewId>;
    /** The rows a view shows now, `levels` deep (1: the top level), loaded fresh and described as the user sees them. */
    rows(viewId: ViewId, levels?: number): Promise<NodeDescription[]>;
  };
  readonly metrics: {
    /** The open metrics panels: what each shows and the last state the webview was sent (no points). */
    panels(): OpenMetricsPanel[];
  };
  readonly labeling: {
    /** The open labeling panels: the dataset, the last state the webview was sent, the requests it made. */
    panels(): OpenLabelingPanel[];
    /**
     * For tests only: speaks to a panel exactly as its webview does (the same untrusted-input
     * checks), since a test in the extension host cannot click inside a webview. Resolves with
     * the panel's answer. It can do nothing the webview itself cannot.
     */
    asWebview(key: string, method: string, params: unknown): Promise<unknown>;
  };
  readonly jobDetails: {
    /** The open job details panels: the job and the last state the webview was sent. */
    panels(): OpenJobDetailsPanel[];
    /** For tests only: speaks to a panel exactly as its webview does (the same checks). */
    asWebview(key: string, method: string, params: unknown): Promise<unknown>;
  };
  readonly terminal: {
    /** What new integrated terminals get from the extension: the launcher folder on PATH and the CLI's folders. */
    changes(): TerminalEnvironmentChange[];
  };
  readonly deepLinks: {
    /**
     * For tests only: follows a link exactly as the URI handler does, with `answer` standing in
     * for the user at the confirmation, which is always asked. It can do nothing the commands cannot.
     */
    follow(uri: string, answer: (question: DeepLinkQuestion) => boolean): Promise<DeepLinkOutcome>;
  };
  readonly editorJobs: {
    /** The job-ended notifications shown in this window (jobs from the spec CodeLens and modelarts tasks), oldest first. */
    endedNotices(): readonly JobEndNotice[];
  };
}

export function toolkitExports(
  views: readonly ReadableView[],
  metricsPanels: MetricsPanels,
  labelingPanels: LabelingPanels,
  jobDetailsPanels: JobDetailsPanels,
  fitIn: Pick<ToolkitExports, 'terminal' | 'deepLinks' | 'editorJobs'>,
): ToolkitExports {
  return {
    ...fitIn,
    jobDetails: {
      panels: () => jobDetailsPanels.describe(),
      asWebview: (key, method, params) => {
        const panel = jobDetailsPanels.panel(key);
        if (!panel) return Promise.reject(new Error(`No job details panel ${key} is open.`));
        return panel.handle(method, params);
      },
    },
    metrics: { panels: () => metricsPanels.describe() },
    labeling: {
      panels: () => labelingPanels.describe(),
      asWebview: (key, method, params) => {
        const panel = labelingPanels.panel(key);
        if (!panel) return Promise.reject(new Error(`No labeling panel ${key} is open.`));
        return panel.handle(method, params);
      },
    },
    views: {
      // `thisArgs` is not supported: nobody passes one to an event of ours.
      onDidRefresh: (listener, _thisArgs, disposables) => {
        const subscriptions = views.map((view) => view.onDidChangeTreeData(() => listener(view.id)));
        const subscription = { dispose: () => subscriptions.forEach((s) => s.dispose()) };
        disposables?.push(subscription);
        return subscription;
      },
      rows: async (viewId, levels) => (await views.find((v) => v.id === viewId)?.rows(levels)) ?? [],
    },
  };
}
