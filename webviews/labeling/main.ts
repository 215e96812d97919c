/**
 * The labeling panel's boot: the endpoint to the host, the UI state VS Code kept, then model,
 * controller and view at once, in the language the host wrote into <html lang>, while the
 * `core/ready` handshake and the first page of the grid travel. An edit the UI state kept from
 * before a reload goes to the host after the handshake; edits waiting for the autosave go at
 * once when the panel is hidden or closed.
 */
import './view/labeling.css';
import { HostEndpoint } from '../common/hostEndpoint';
import {
  ApplyLabel,
  ChangeLabel,
  GetImage,
  GetPage,
  GetSample,
  LabelingRestore,
  LabelingState,
  ResolveConflict,
  SaveAnnotations,
  SaveState,
  SetMultiLabel,
  StoreThumbnail,
} from '../protocol/labeling';
import { Ready } from '../protocol/rpc';
import { type LabelingHostApi, LabelingController } from './controller';
import { messagesFor } from './i18n';
import { LabelingModel } from './model';
import { restoreUiState } from './uiState';
import { ImageStore } from './view/images';
import { LabelingView } from './view/labelingView';
import { watchTheme } from '../common/watchTheme';

interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeWebviewApi;

async function boot(): Promise<void> {
  const vscode = acquireVsCodeApi();
  const endpoint = new HostEndpoint(vscode, window);
  const saved = vscode.getState();
  const { restore: savedRestore, ...savedUi } = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  let restore: unknown = savedRestore;
  let lastUi: object = savedUi;
  const save = (ui: object) => {
    lastUi = ui;
    vscode.setState({ ...ui, restore });
  };
  endpoint.onNotification(LabelingRestore, ({ spec }) => {
    restore = spec;
    save(lastUi);
  });

  const model = new LabelingModel(restoreUiState(savedUi));
  const host: LabelingHostApi = {
    page: (p) => endpoint.request(GetPage, p),
    // Fetching an image into the cache can take a while on a slow OBS link.
    sample: (id) => endpoint.request(GetSample, { id }, 120_000),
    image: (id) => endpoint.request(GetImage, { id }, 120_000),
    save: (p) => endpoint.request(SaveAnnotations, p, 60_000),
    resolve: (sampleId, keep) => endpoint.request(ResolveConflict, { sampleId, keep }, 60_000),
    // A batch over thousands of samples shows its own progress in the host: no time-out.
    applyLabel: (p) => endpoint.request(ApplyLabel, p, 0),
    changeLabel: (c) => endpoint.request(ChangeLabel, c, 60_000),
    setMultiLabel: (multiLabel) => endpoint.request(SetMultiLabel, { multiLabel }),
    storeThumbnail: (p) => endpoint.request(StoreThumbnail, p),
  };
  const images = new ImageStore();

  // The host writes VS Code's language into <html lang>: the view is built at once in it, while
  // the handshake and the first page are on their way (nothing waits for a round trip to start).
  const messages = messagesFor(document.documentElement.lang || 'en');
  document.documentElement.lang = messages.locale === 'zh-cn' ? 'zh-CN' : 'en';
  const controller = new LabelingController(model, host, { save }, images, messages);
  controller.prefetchFirstPage();
  const ready = endpoint.request(Ready, { app: 'labeling' }, 10_000);
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  const view = new LabelingView(root, model, controller, messages, images);
  controller.attach(view);
  endpoint.onNotification(LabelingState, (state) => controller.onState(state));
  endpoint.onNotification(SaveState, ({ sampleId, outcome }) => controller.onSaveState(sampleId, outcome));
  watchTheme(() => view.retheme());
  // Edits waiting for the autosave's pause go now: the panel may be about to close.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void controller.flushSave();
  });
  window.addEventListener('pagehide', () => void controller.flushSave());
  try {
    await ready;
    performance.mark('labeling:ready');
  } catch {
    // No answer: states still arrive if the host is merely slow.
  }
  await controller.replayUnsaved();
  // Back where the panel was: the sample that was open.
  const ui = model.ui;
  if (ui.mode === 'editor' && ui.sampleId !== undefined)
    void controller.open(ui.sampleId, ui.sampleIndex).catch(() => controller.closeEditor());
}

void boot();
