/**
 * The metrics panel's boot: the endpoint to the host, the UI state VS Code kept, the `core/ready`
 * handshake (which answers the locale), then model, controller and view. States that arrive
 * before the view exists are kept (the latest one) and applied once it does.
 */
import 'uplot/dist/uPlot.min.css';
import './view/metrics.css';
import './view/charts.css';
import { HostEndpoint } from '../common/hostEndpoint';
import { markOnce } from '../common/marks';
import {
  ExportPoints,
  GetSeriesView,
  GetSummaries,
  GetValueAt,
  MetricsRestore,
  MetricsState,
  type MetricsStateParams,
  SaveChartImage,
} from '../protocol/metrics';
import { Ready } from '../protocol/rpc';
import { type MetricsHostApi, MetricsController } from './controller';
import { messagesFor } from './i18n';
import { MetricsModel } from './model';
import { restoreUiState } from './uiState';
import { MetricsView } from './view/metricsView';

interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeWebviewApi;

async function boot(): Promise<void> {
  const vscode = acquireVsCodeApi();
  const endpoint = new HostEndpoint(vscode, window);
  // States that come before the view exists: the latest one is all that matters.
  let pending: MetricsStateParams | undefined;
  endpoint.onNotification(MetricsState, (state) => {
    markState(state);
    pending = state;
  });
  // What the panel shows, kept beside the UI state so the host can restore it after a reload.
  const saved = vscode.getState();
  const { restore: savedRestore, ...savedUi } = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  let restore: unknown = savedRestore;
  let lastUi: object = savedUi;
  const save = (ui: object) => {
    lastUi = ui;
    vscode.setState({ ...ui, restore });
  };
  endpoint.onNotification(MetricsRestore, ({ spec }) => {
    restore = spec;
    save(lastUi);
  });

  const model = new MetricsModel(restoreUiState(vscode.getState()));
  const host: MetricsHostApi = {
    seriesView: (params) => endpoint.request(GetSeriesView, params),
    valueAt: (params) => endpoint.request(GetValueAt, params),
    summaries: (tag) => endpoint.request(GetSummaries, { tag }),
    // The save dialog waits for a person: no time-out.
    exportPoints: (params) => endpoint.request(ExportPoints, params, 0),
    saveImage: (tag, dataUrl) => endpoint.request(SaveChartImage, { tag, dataUrl }, 0),
  };

  // The host writes the locale into <html lang>; it stands in until `core/ready` answers.
  let locale = document.documentElement.lang || 'en';
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  root.replaceChildren(
    Object.assign(document.createElement('p'), { className: 'connecting', textContent: messagesFor(locale).t('app.connecting') }),
  );
  markOnce('metrics:ready-sent');
  try {
    locale = (await endpoint.request(Ready, { app: 'metrics' }, 10_000)).locale || locale;
  } catch {
    // No answer: keep the page's language; states still arrive if the host is merely slow.
  }
  markOnce('metrics:ready-answered');
  const messages = messagesFor(locale);
  document.documentElement.lang = messages.locale === 'zh-cn' ? 'zh-CN' : 'en';
  const controller = new MetricsController(model, host, { save }, messages);
  controller.attach(new MetricsView(root, model, controller, messages));
  endpoint.onNotification(MetricsState, (state) => {
    markState(state);
    controller.onState(state);
  });
  if (pending) controller.onState(pending);
}

/** The first state, and the first with any tag in it (the first data). */
function markState(state: MetricsStateParams): void {
  markOnce('metrics:first-state');
  if (state.tags.length > 0) markOnce('metrics:first-state-with-data');
}

void boot();
