/**
 * The job details panel's boot: the endpoint to the host, the UI state VS Code kept, the view
 * built at once in the language the host wrote into <html lang>, then the `core/ready`
 * handshake, after which states arrive (one that came first is kept and applied).
 */
import './view/jobDetails.css';
import { HostEndpoint } from '../common/hostEndpoint';
import { JobDetailsRestore, JobDetailsState, RevealStorage, RunJobAction } from '../protocol/jobDetails';
import { Ready } from '../protocol/rpc';
import { messagesFor } from './i18n';
import { JobDetailsModel, restoreUiState, type UiState } from './model';
import { DetailsView } from './view/detailsView';

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
  const save = (ui: UiState | object) => {
    lastUi = ui;
    vscode.setState({ ...ui, restore });
  };
  endpoint.onNotification(JobDetailsRestore, ({ spec }) => {
    restore = spec;
    save(lastUi);
  });

  const messages = messagesFor(document.documentElement.lang || 'en');
  document.documentElement.lang = messages.locale === 'zh-cn' ? 'zh-CN' : 'en';
  const model = new JobDetailsModel(restoreUiState(savedUi));
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  const view = new DetailsView(
    root,
    model,
    {
      // A command may wait for a person (a confirmation, the resubmit flow): no time-out.
      action: (action) => endpoint.request(RunJobAction, { action }, 0),
      reveal: (url) => endpoint.request(RevealStorage, { url }, 60_000),
    },
    messages,
    save,
  );
  view.render();
  endpoint.onNotification(JobDetailsState, (state) => {
    model.apply(state, performance.now());
    view.render();
  });
  try {
    await endpoint.request(Ready, { app: 'jobDetails' }, 10_000);
  } catch {
    // No answer: states still arrive if the host is merely slow.
  }
}

void boot();
