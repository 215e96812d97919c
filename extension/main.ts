import * as vscode from 'vscode';
import { DisposableStore } from './core/util/disposable';
import { useLanguage } from './core/util/translate';
import { registerCommands } from './host/commands/commands';
import { ContextKeys, setContext } from './host/contextKeys';
import { type ToolkitExports, toolkitExports } from './host/exports';
import { LocalMode } from './host/localMode';
import { createLog } from './host/log';
import { NotebookBridge } from './host/ssh/bridge';
import type { Services } from './host/services';
import { LogChannels } from './host/logChannels';
import { JobDetailsPanels } from './host/panels/jobDetails/jobDetailsPanels';
import { LabelingPanels } from './host/panels/labeling/labelingPanels';
import { MetricsPanels } from './host/panels/metrics/metricsPanels';
import { createPanelData } from './host/panels/metrics/panelDataFactory';
import { registerMetricsLogLinks } from './host/panels/metrics/logLinks';
import { CloudProfiles } from './host/platform/cloudProfiles';
import { PlatformChooser } from './host/platform/platformChooser';
import { PlatformSession } from './host/platform/session';
import { PlatformStatusBar } from './host/statusBar';
import { EditorJobs } from './host/specs/editorJobs';
import { registerEditorJobs } from './host/specs/registerEditorJobs';
import { registerStoragePreviews } from './host/commands/storage/openObject';
import { DeepLinks } from './host/deepLinks/deepLinks';
import { TerminalPath } from './host/terminalPath';
import { registerSpecEditor } from './host/specs/register';
import { parseImageFilter } from './host/views/images/filter';
import { ResourceTree } from './host/views/resourceTree';
import { datasetsSpec, imagesSpec, notebooksSpec, storageSpec, trainingJobsSpec, workspacesSpec } from './host/views/specs';
import { parseJobFilter } from './host/views/trainingJobs/filter';
import { Trees } from './host/views/trees';
import { ViewIds } from './host/views/viewIds';
import { ViewFilter } from './host/views/viewFilter';

/**
 * The composition root: adapters first, then views, then commands, all wired by hand.
 * Activation comes once the editor has started (`onStartupFinished`, never `*`, so it holds
 * nothing up): the status bar item says where the views point from the start, as the README
 * promises. Opening a ModelArts view or running one of its commands activates it sooner.
 * Resolves with a read-only look at the views, for the integration tests (see host/exports.ts).
 */
export async function activate(context: vscode.ExtensionContext): Promise<ToolkitExports> {
  const started = Date.now();
  const store = new DisposableStore();
  context.subscriptions.push(store);

  // Errors made deep in the core's clients (storage, SSH) speak the window's language too.
  useLanguage(vscode.l10n.t, vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en');
  const log = store.add(createLog());
  const bridge = store.add(new NotebookBridge(log));
  log.info(
    `ModelArts Toolkit ${String((context.extension.packageJSON as { version?: unknown }).version)} activating in ${vscode.env.appName} ${vscode.version}`,
  );

  // Until a platform answers every view stays empty, so its welcome content leads the way.
  // Local mode's state is set first, so the Workspaces view never flashes a wrong message.
  const useLocalMode = !vscode.workspace.getConfiguration('modelarts').get<string>('activeProfile');
  await Promise.all([setContext(ContextKeys.connected, false), setContext(ContextKeys.localMode, useLocalMode ? 'starting' : 'stopped')]);
  const session = store.add(new PlatformSession(context.globalState));
  // Images and Training Jobs can be filtered; a filter outlives a window reload, and changing it reloads its view.
  const filters = {
    images: store.add(new ViewFilter(context.workspaceState, 'modelarts.filter.images', ContextKeys.imagesFiltered, parseImageFilter)),
    trainingJobs: store.add(
      new ViewFilter(context.workspaceState, 'modelarts.filter.trainingJobs', ContextKeys.trainingJobsFiltered, parseJobFilter),
    ),
  };
  const imagesTree = new ResourceTree(imagesSpec(filters.images), session);
  const trainingJobsTree = new ResourceTree(trainingJobsSpec(filters.trainingJobs), session);
  store.add(filters.images.onDidChange(() => imagesTree.refresh()));
  store.add(filters.trainingJobs.onDidChange(() => trainingJobsTree.refresh()));
  const notebooksTree = new ResourceTree(notebooksSpec(bridge), session);
  store.add(bridge.onDidChange(() => notebooksTree.refresh()));
  const views = [
    new ResourceTree(workspacesSpec, session),
    notebooksTree,
    imagesTree,
    trainingJobsTree,
    new ResourceTree(datasetsSpec, session),
    new ResourceTree(storageSpec, session, {
      // Files dropped from the OS or the Explorer onto a bucket or folder are uploaded there.
      dropMimeTypes: ['text/uri-list'],
      dragMimeTypes: [],
      async handleDrop(target, data) {
        const list = await data.get('text/uri-list')?.asString();
        const uris = (list ?? '')
          .split(/\r?\n/)
          .filter((l) => l && !l.startsWith('#'))
          .map((l) => vscode.Uri.parse(l.trim()));
        if (target && uris.length > 0) await vscode.commands.executeCommand('modelarts.storage.upload', target, undefined, uris);
      },
    }),
  ];
  const trees = store.add(new Trees(views));
  const localMode = store.add(new LocalMode(context.asAbsolutePath('dist/daemon.js'), log));
  const profiles = new CloudProfiles(context.secrets);
  const platform = store.add(new PlatformChooser(profiles, session, localMode, log));
  const logChannels = store.add(new LogChannels());
  store.add(new PlatformStatusBar(session));
  // Registered at activation, so VS Code can restore metrics panels left open before a reload.
  const metricsPanels = store.add(new MetricsPanels(context.extensionUri, log, (spec) => createPanelData(spec, session, log)));
  store.add(registerMetricsLogLinks());
  // Storage objects open in place: text as obs:// files saved back on save, images from a copy this window removes.
  store.add(registerStoragePreviews(context, session));
  // Job specs: problems as they are typed, and completion of what the platform has.
  store.add(registerSpecEditor(session, log));
  // Registered at activation too: labeling panels come back after a reload, each on its dataset.
  const labelingPanels = store.add(new LabelingPanels(context, session, log));
  // And job details panels, each on its job.
  const jobDetailsPanels = store.add(new JobDetailsPanels(context.extensionUri, session, log, () => trees.refresh(ViewIds.trainingJobs)));
  const services: Services = {
    context,
    log,
    trees,
    localMode,
    session,
    logChannels,
    profiles,
    platform,
    filters,
    bridge,
    metricsPanels,
    labelingPanels,
    jobDetailsPanels,
    editorJobs: store.add(new EditorJobs(session, localMode, profiles)),
  };
  for (const registration of registerCommands(services)) store.add(registration);
  // `modelarts` in every new terminal of the window, on the extension's own folders.
  const terminalPath = store.add(new TerminalPath(context, localMode, log));
  terminalPath.apply();
  // vscode://modelarts.modelarts-toolkit/connect?… and /job?…: checked, then confirmed by the user.
  const deepLinks = new DeepLinks(services);
  store.add(vscode.window.registerUriHandler(deepLinks));
  // The spec CodeLens and the modelarts task type.
  for (const registration of registerEditorJobs(services)) store.add(registration);
  // With no cloud profile chosen, local mode is the platform: start its daemon (or find the one
  // another window or the CLI started) without holding up activation.
  if (useLocalMode) void vscode.commands.executeCommand('modelarts.local.start');
  else void platform.apply();
  // bench/activation reads this line to time activation end to end.
  log.info(`activated in ${Date.now() - started} ms`);
  return toolkitExports(views, metricsPanels, labelingPanels, jobDetailsPanels, {
    terminal: { changes: () => terminalPath.changes() },
    deepLinks: { follow: (uri, answer) => deepLinks.follow(vscode.Uri.parse(uri, true), async (q) => answer(q)) },
    editorJobs: { endedNotices: () => services.editorJobs.watcher(services).notices() },
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
