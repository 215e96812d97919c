import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { ImageCache } from '../../../core/labeling/imageCache';
import { PendingEdits } from '../../../core/labeling/pendingEdits';
import type { LabelingStateParams } from '../../../../webviews/protocol/labeling';
import type { PlatformSession } from '../../platform/session';
import { LabelingData } from './labelingData';
import { LabelingPanel } from './labelingPanel';
import { labelingKey, type LabelingSpec, parseLabelingSpec } from './spec';

/** What the exports show of an open panel. */
export interface OpenLabelingPanel {
  readonly key: string;
  readonly title: string;
  readonly spec: LabelingSpec;
  readonly statesSent: number;
  readonly lastState: LabelingStateParams | undefined;
  /** Requests the webview made so far, by method. */
  readonly served: Readonly<Record<string, number>>;
}

/** The webview panel type of labeling panels (the manifest's `onWebviewPanel:` activation names it). */
export const labelingViewType = 'modelarts.labeling';

/** The image cache keeps at most this much (thumbnails aside): images are fetched again past it. */
const maxCacheBytes = 2 * 1024 * 1024 * 1024;
/** How long a restored panel waits for its platform before it says so (it keeps listening after). */
const connectWaitMs = 60_000;

/** The key of the platform a connection talks to, as a spec names it. */
export function platformKeyOf(connection: { kind: 'local' | 'cloud'; label: string } | undefined): string | undefined {
  if (!connection) return undefined;
  return connection.kind === 'local' ? 'local' : `cloud:${connection.label}`;
}

/**
 * Every open labeling panel, one per dataset: opening one that is open reveals it. Also VS
 * Code's serializer for them: a panel restored after a window reload reads its saved spec and
 * opens the same dataset. Owns the disk state they share under the extension's global storage:
 * `labeling/cache` (images and thumbnails, by content) and `labeling/pending/<dataset>` (the
 * journal of edits not yet saved).
 */
export class LabelingPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Map<string, LabelingPanel>();
  private readonly registration: vscode.Disposable;
  private readonly sessionChange: vscode.Disposable;
  private cache: ImageCache | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly session: PlatformSession,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.registration = vscode.window.registerWebviewPanelSerializer(labelingViewType, this);
    // A platform (back) after a daemon restart or a reconnect: saves that wait go now.
    this.sessionChange = session.onDidChange(() => {
      for (const p of this.panels.values()) {
        p.data.saves.nudge();
        // A panel whose dataset could not be read (restored before its platform connected) reads it now.
        if (!p.data.loaded && platformKeyOf(session.current()) === p.spec.platform) void p.data.refresh().catch(() => undefined);
      }
    });
  }

  /** Opens (or reveals) the panel for a dataset; resolves with its key once the dataset is read. */
  async open(spec: LabelingSpec): Promise<{ key: string }> {
    const key = labelingKey(spec);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return { key };
    }
    const panel = vscode.window.createWebviewPanel(
      labelingViewType,
      vscode.l10n.t('Label: {0}', spec.datasetName),
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        retainContextWhenHidden: true,
      },
    );
    await this.adopt(panel, spec);
    return { key };
  }

  describe(): OpenLabelingPanel[] {
    return [...this.panels].map(([key, p]) => ({
      key,
      title: p.panel.title,
      spec: p.spec,
      statesSent: p.statesSent,
      lastState: p.lastState,
      served: Object.fromEntries(p.served),
    }));
  }

  /** The open panel of `key` (for tests that speak to it as its webview would). */
  panel(key: string): LabelingPanel | undefined {
    return this.panels.get(key);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const spec = parseLabelingSpec((state as { restore?: unknown } | undefined)?.restore);
    if (!spec) {
      this.log.warn('a labeling panel could not be restored: its saved state names no dataset');
      panel.dispose();
      return;
    }
    await this.adopt(panel, spec);
  }

  dispose(): void {
    this.registration.dispose();
    this.sessionChange.dispose();
    for (const p of this.panels.values()) p.panel.dispose();
  }

  /** Resolves once the spec's platform is the connected one (at once when it is). */
  private connected(spec: LabelingSpec): Promise<void> {
    if (platformKeyOf(this.session.current()) === spec.platform) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        const where = spec.platform === 'local' ? vscode.l10n.t('local mode') : spec.platform.replace(/^cloud:/, '');
        reject(
          new Error(
            vscode.l10n.t(
              'The dataset {0} is on {1}, which is not connected: switch to it (ModelArts: Switch Platform (Local or Cloud Profile)…) and the panel loads it.',
              spec.datasetName,
              where,
            ),
          ),
        );
      }, connectWaitMs);
      const sub = this.session.onDidChange((c) => {
        if (platformKeyOf(c) !== spec.platform) return;
        clearTimeout(timer);
        sub.dispose();
        resolve();
      });
    });
  }

  private cacheRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.globalStorageUri, 'labeling', 'cache');
  }

  private imageCache(): ImageCache {
    if (!this.cache) {
      this.cache = new ImageCache(this.cacheRoot().fsPath);
      const cache = this.cache;
      // Pruning reads the folder: later, off the panel's first paint.
      setTimeout(() => {
        try {
          const removed = cache.prune(maxCacheBytes);
          if (removed > 0) this.log.info(`labeling cache: ${removed} old images removed`);
        } catch (err) {
          this.log.warn(`labeling cache: pruning failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }, 30_000).unref();
    }
    return this.cache;
  }

  private async adopt(panel: vscode.WebviewPanel, spec: LabelingSpec): Promise<void> {
    const key = labelingKey(spec);
    this.panels.get(key)?.panel.dispose();
    const journalDir = vscode.Uri.joinPath(
      this.context.globalStorageUri,
      'labeling',
      'pending',
      createHash('sha256').update(key).digest('hex').slice(0, 32),
    ).fsPath;
    const memoryKey = `modelarts.labeling.multiLabel.${key}`;
    const data = new LabelingData({
      datasetId: spec.datasetId,
      connection: () => {
        const c = this.session.current();
        // Another platform is connected now: this dataset is not on it; edits wait in the journal.
        if (!c || platformKeyOf(c) !== spec.platform) return undefined;
        const local = c.kind === 'local';
        return { datasets: c.api.datasets, storage: c.storage, imageSource: local ? 'content-route' : 'storage', nameSearch: local };
      },
      cache: this.imageCache(),
      journal: new PendingEdits(journalDir),
      toUri: (file) => panel.webview.asWebviewUri(vscode.Uri.file(file)).toString(),
      multiLabel: {
        get: () => this.context.globalState.get<boolean>(memoryKey),
        set: (value) => this.context.globalState.update(memoryKey, value),
      },
      log: (line) => this.log.info(line),
    });
    // A panel restored after a reload comes before local mode (or the cloud profile) is connected again.
    const loaded = this.connected(spec).then(() => data.init());
    const labeling = new LabelingPanel(panel, spec, data, this.context.extensionUri, this.cacheRoot(), this.log, loaded);
    this.panels.set(key, labeling);
    panel.onDidDispose(() => {
      if (this.panels.get(key) === labeling) this.panels.delete(key);
    });
    try {
      await loaded;
    } catch (err) {
      // The panel stays open and says why; the grid asks again once the platform answers.
      this.log.warn(`labeling panel ${spec.datasetName}: reading the dataset failed: ${err instanceof Error ? err.message : String(err)}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Could not read the dataset {0}: {1}', spec.datasetName, err instanceof Error ? err.message : String(err)),
      );
    }
  }
}
