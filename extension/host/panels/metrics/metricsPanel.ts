import { writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import * as vscode from 'vscode';
import {
  ExportPoints,
  GetSeriesView,
  GetSummaries,
  GetValueAt,
  MetricsRestore,
  MetricsState,
  type MetricsStateParams,
  parseExportParams,
  parseSaveImageParams,
  parseSeriesViewParams,
  parseSummariesParams,
  parseValueAtParams,
  SaveChartImage,
} from '../../../../webviews/protocol/metrics';
import { Ready } from '../../../../webviews/protocol/rpc';
import { panelEndpoint } from '../panelEndpoint';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { PanelData } from './panelData';
import { type MetricsSourceSpec, specTitle } from './sourceSpec';
import { plural } from '../../../core/util/plural';

const t = vscode.l10n.t;

/** How often the webview hears of new points at most: live enough, without a message per point. */
const stateIntervalMs = 250;
/** Live points still show within 2 s however costly the views are. */
const maxStateIntervalMs = 1500;

/**
 * One metrics panel: its webview, the channel to it, and the data it shows. Lifecycle only: the
 * data lives in PanelData (core/metrics), the drawing in the webview app.
 */
export class MetricsPanel {
  private readonly disposables: vscode.Disposable[] = [];
  private stateTimer: NodeJS.Timeout | undefined;
  private lastSentAt = 0;
  /** Time spent building chart views since the last state, and in the interval before it. */
  private viewMsSinceState = 0;
  private lastViewMs = 0;
  private ready = false;
  /** What the webview was last told, and how often (the exports show them to tests). */
  statesSent = 0;
  lastState: MetricsStateParams | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly spec: MetricsSourceSpec,
    private readonly data: PanelData,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    panel.title = specTitle(spec, t);
    panel.webview.options = webviewOptions(extensionUri);
    const rpc = panelEndpoint(panel, log, 'metrics panel');
    rpc.onRequest(
      Ready,
      (raw) => raw as { app: string },
      () => {
        this.ready = true;
        // The webview keeps what the panel shows in its saved state, for a restore after a reload.
        rpc.notify(MetricsRestore, { spec });
        this.sendState(rpc);
        return { locale: vscode.env.language };
      },
    );
    rpc.onRequest(GetSeriesView, parseSeriesViewParams, (p) => {
      const started = performance.now();
      try {
        return this.data.seriesView(p);
      } finally {
        this.viewMsSinceState += performance.now() - started;
      }
    });
    rpc.onRequest(GetValueAt, parseValueAtParams, (p) => this.data.valueAt(p));
    rpc.onRequest(GetSummaries, parseSummariesParams, (p) => this.data.summaries(p.tag));
    rpc.onRequest(ExportPoints, parseExportParams, (p) => this.exportPoints(p));
    rpc.onRequest(SaveChartImage, parseSaveImageParams, (p) => this.saveImage(p.tag, p.dataUrl));
    this.disposables.push(
      this.data.onDidChange(() => {
        if (!this.ready || this.stateTimer) return;
        // At most one state per interval, the first at once: the first data after a quiet spell
        // (the first answer, a live job's next point) must not wait out a timer.
        const wait = this.lastSentAt + this.stateInterval() - Date.now();
        if (wait <= 0) return this.sendState(rpc);
        this.stateTimer = setTimeout(() => {
          this.stateTimer = undefined;
          this.sendState(rpc);
        }, wait);
      }),
    );
    panel.onDidDispose(() => this.dispose());
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'metrics', panel.title);
  }

  reveal(): void {
    this.panel.reveal();
  }

  /**
   * Each state makes the webview re-ask its charts, and a view costs a pass over the points in
   * range: with many runs loading, states at the base rate would keep the extension host busy
   * re-bucketing. So the interval stretches until building views takes at most a quarter of it.
   */
  private stateInterval(): number {
    return Math.max(stateIntervalMs, Math.min(maxStateIntervalMs, this.lastViewMs * 4));
  }

  private sendState(rpc: ReturnType<typeof panelEndpoint>): void {
    this.lastState = this.data.state();
    this.lastSentAt = Date.now();
    this.lastViewMs = this.viewMsSinceState;
    this.viewMsSinceState = 0;
    this.statesSent++;
    rpc.notify(MetricsState, this.lastState);
  }

  private async exportPoints(params: Parameters<PanelData['exportPoints']>[0]): Promise<{ file?: string; points: number }> {
    const target = await vscode.window.showSaveDialog({
      saveLabel: t('Export'),
      filters: params.format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      defaultUri: vscode.Uri.file(`metrics.${params.format}`),
    });
    if (!target) return { points: 0 };
    const out = createWriteStream(target.fsPath, { mode: 0o644 });
    const write = (chunk: string) =>
      new Promise<void>((resolve, reject) => {
        if (out.write(chunk)) resolve();
        else out.once('drain', resolve).once('error', reject);
      });
    try {
      const points = await this.data.exportPoints(params, write);
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      void vscode.window.showInformationMessage(
        plural(points, {
          one: t('Exported {0} point to {1}.', points, target.fsPath),
          other: t('Exported {0} points to {1}.', points, target.fsPath),
        }),
      );
      return { file: target.fsPath, points };
    } catch (err) {
      out.destroy();
      throw err;
    }
  }

  private async saveImage(tag: string, dataUrl: string): Promise<{ file?: string }> {
    const safe = tag.replace(/[^\p{L}\p{N}_.-]+/gu, '_');
    const target = await vscode.window.showSaveDialog({
      saveLabel: t('Save'),
      filters: { PNG: ['png'] },
      defaultUri: vscode.Uri.file(`${safe}.png`),
    });
    if (!target) return {};
    await writeFile(target.fsPath, Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));
    return { file: target.fsPath };
  }

  private dispose(): void {
    clearTimeout(this.stateTimer);
    for (const d of this.disposables) d.dispose();
    this.data.dispose();
    this.log.info(`metrics panel closed: ${this.panel.title}`);
  }
}
