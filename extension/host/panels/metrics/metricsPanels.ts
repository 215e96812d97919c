import * as vscode from 'vscode';
import type { MetricsStateParams } from '../../../../webviews/protocol/metrics';
import { MetricsPanel } from './metricsPanel';
import type { PanelData } from './panelData';
import { type MetricsSourceSpec, parseSourceSpec, specKey, specTitle } from './sourceSpec';

/** What the exports show of an open panel. */
export interface OpenMetricsPanel {
  readonly key: string;
  readonly title: string;
  readonly spec: MetricsSourceSpec;
  /** States sent to the webview so far, and the last one. */
  readonly statesSent: number;
  readonly lastState: MetricsStateParams | undefined;
}

/** The webview panel type of metrics panels (the manifest's `onWebviewPanel:` activation names it). */
export const metricsViewType = 'modelarts.metrics';

/**
 * Every open metrics panel, one per job, comparison or folder: opening one that is open reveals
 * it. Also VS Code's serializer for them: a panel restored after a window reload reads its saved
 * spec and asks for the same data again.
 */
export class MetricsPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Map<string, MetricsPanel>();
  private readonly registration: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly createData: (spec: MetricsSourceSpec) => PanelData,
  ) {
    this.registration = vscode.window.registerWebviewPanelSerializer(metricsViewType, this);
  }

  /** Opens (or reveals) the panel for `spec`; resolves with its key. */
  open(spec: MetricsSourceSpec): { key: string } {
    const key = specKey(spec);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return { key };
    }
    const panel = vscode.window.createWebviewPanel(metricsViewType, specTitle(spec, vscode.l10n.t), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
    });
    this.adopt(panel, spec);
    return { key };
  }

  /** The open panels (for the exports, which the integration tests read). */
  describe(): OpenMetricsPanel[] {
    return [...this.panels].map(([key, p]) => ({
      key,
      title: p.panel.title,
      spec: p.spec,
      statesSent: p.statesSent,
      lastState: p.lastState,
    }));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const spec = parseSourceSpec((state as { restore?: unknown } | undefined)?.restore);
    if (!spec) {
      // Nothing to show again (a state from an older version, or a broken one): close it quietly.
      this.log.warn('a metrics panel could not be restored: its saved state names no source');
      panel.dispose();
      return;
    }
    this.adopt(panel, spec);
    return Promise.resolve();
  }

  dispose(): void {
    this.registration.dispose();
    for (const p of this.panels.values()) p.panel.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, spec: MetricsSourceSpec): void {
    const key = specKey(spec);
    this.panels.get(key)?.panel.dispose();
    const metrics = new MetricsPanel(panel, spec, this.createData(spec), this.extensionUri, this.log);
    this.panels.set(key, metrics);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === metrics) this.panels.delete(key);
    });
  }
}
