import * as vscode from 'vscode';
import {
  ApplyLabel,
  ChangeLabel,
  GetImage,
  GetPage,
  GetSample,
  LabelingRestore,
  LabelingState,
  type LabelingStateParams,
  parseApplyLabelParams,
  parseLabelChange,
  parseMultiLabel,
  parsePageParams,
  parseResolveParams,
  parseSampleId,
  parseSaveParams,
  parseThumbnailParams,
  ResolveConflict,
  SaveAnnotations,
  SaveState,
  SetMultiLabel,
  StoreThumbnail,
} from '../../../../webviews/protocol/labeling';
import { Ready, type RequestType } from '../../../../webviews/protocol/rpc';
import type { RpcEndpoint } from '../../../../webviews/protocol/endpoint';
import { describeError } from '../../errorText';
import { panelEndpoint } from '../panelEndpoint';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { LabelingData } from './labelingData';
import type { LabelingSpec } from './spec';
import { plural } from '../../../core/util/plural';

const t = vscode.l10n.t;

/** How often the webview hears of changed counts at most (a batch of saves sends a few states, not hundreds). */
const stateIntervalMs = 150;
/** A batch label over more samples than this shows progress with a cancel button. */
const progressFrom = 50;

/**
 * One labeling panel: its webview, the channel to it, and the dataset's data. Lifecycle only:
 * the data lives in LabelingData, the drawing in the webview app. Failures reach the webview as
 * what went wrong and what to do (the platform's message and hint), the request line goes to the log.
 */
export class LabelingPanel {
  private readonly disposables: vscode.Disposable[] = [];
  private stateTimer: NodeJS.Timeout | undefined;
  private ready = false;
  readonly rpc: RpcEndpoint;
  /** What the webview was last told, and how often (the exports show them to tests). */
  statesSent = 0;
  lastState: LabelingStateParams | undefined;
  /** Requests the webview made, by method (the exports show them to tests). */
  readonly served = new Map<string, number>();
  private readonly handlers = new Map<string, (raw: unknown) => Promise<unknown>>();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly spec: LabelingSpec,
    readonly data: LabelingData,
    extensionUri: vscode.Uri,
    cacheRoot: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    /** The dataset's first read: the webview's first state and answers wait for it (so it never shows a wrong task). */
    private readonly loaded: Promise<unknown>,
  ) {
    panel.title = t('Label: {0}', spec.datasetName);
    panel.webview.options = webviewOptions(extensionUri, [cacheRoot]);
    const rpc = panelEndpoint(panel, log, 'labeling panel');
    this.rpc = rpc;
    rpc.onRequest(
      Ready,
      (raw) => raw as { app: string },
      () => {
        rpc.notify(LabelingRestore, { spec });
        void loaded.finally(() => {
          this.ready = true;
          this.sendState();
        });
        return { locale: vscode.env.language };
      },
    );
    this.serve(GetPage, parsePageParams, (p) => data.page(p));
    this.serve(GetSample, parseSampleId, (p) => data.sample(p.id));
    this.serve(GetImage, parseSampleId, (p) => data.image(p.id));
    this.serve(SaveAnnotations, parseSaveParams, (p) => data.save(p.sampleId, p.annotations));
    this.serve(ResolveConflict, parseResolveParams, (p) => data.resolve(p.sampleId, p.keep));
    this.serve(ApplyLabel, parseApplyLabelParams, (p) => this.applyLabel(p));
    this.serve(ChangeLabel, parseLabelChange, async (c) => {
      await data.changeLabel(c);
      return { ok: true as const };
    });
    this.serve(SetMultiLabel, parseMultiLabel, async (p) => {
      await data.setMultiLabel(p.multiLabel);
      return { ok: true as const };
    });
    this.serve(StoreThumbnail, parseThumbnailParams, (p) => data.storeThumbnail(p));
    this.disposables.push(
      data.onDidChange(() => {
        if (!this.ready || this.stateTimer) return;
        this.stateTimer = setTimeout(() => {
          this.stateTimer = undefined;
          this.sendState();
        }, stateIntervalMs);
      }),
      data.onSaveState((sampleId, outcome) => rpc.notify(SaveState, { sampleId, outcome })),
    );
    panel.onDidDispose(() => this.dispose());
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'labeling', panel.title, { fetchLocal: true });
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Answers `method` as a request of the webview would be (its params checked the same way). For the exports' tests. */
  handle(method: string, params: unknown): Promise<unknown> {
    const handler = this.handlers.get(method);
    return handler ? handler(params) : Promise.reject(new Error(`Nothing answers ${method}.`));
  }

  /** Answers a request of the webview; a failure becomes a message that says what to do. */
  private serve<P, R>(type: RequestType<P, R>, parse: (raw: unknown) => P, handler: (p: P) => R | Promise<R>): void {
    const run = async (p: P): Promise<R> => {
      this.served.set(type.method, (this.served.get(type.method) ?? 0) + 1);
      // A restored panel asks before its platform is back: the answer waits for the dataset's first read.
      await this.loaded.catch(() => undefined);
      try {
        return await handler(p);
      } catch (err) {
        this.log.warn(
          `labeling panel ${this.spec.datasetName}: ${type.method} failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        throw new Error(describeError(err, vscode.l10n.t), { cause: err });
      }
    };
    this.rpc.onRequest(type, parse, run);
    this.handlers.set(type.method, async (raw) => run(parse(raw)));
  }

  private sendState(): void {
    this.lastState = this.data.state();
    this.statesSent++;
    this.rpc.notify(LabelingState, this.lastState);
  }

  /** A batch label: with progress and cancel in VS Code's notification area when it is long. */
  private applyLabel(p: ReturnType<typeof parseApplyLabelParams>): Promise<{ changed: number; failed: string[] }> {
    if (p.sampleIds.length < progressFrom) return this.data.applyLabel(p, () => undefined);
    return Promise.resolve(
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: plural(p.sampleIds.length, {
            one: t('Labelling {0} sample with {1}', p.sampleIds.length, p.label),
            other: t('Labelling {0} samples with {1}', p.sampleIds.length, p.label),
          }),
          cancellable: true,
        },
        async (progress, token) => {
          const abort = new AbortController();
          const cancel = token.onCancellationRequested(() => abort.abort());
          let last = 0;
          try {
            return await this.data.applyLabel(
              p,
              (done) => {
                progress.report({
                  increment: (100 * (done - last)) / p.sampleIds.length,
                  message: t('{0} of {1}', done, p.sampleIds.length),
                });
                last = done;
              },
              abort.signal,
            );
          } finally {
            cancel.dispose();
          }
        },
      ),
    );
  }

  private dispose(): void {
    clearTimeout(this.stateTimer);
    for (const d of this.disposables) d.dispose();
    this.data.dispose();
    this.log.info(`labeling panel closed: ${this.spec.datasetName}`);
  }
}
