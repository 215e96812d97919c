import * as vscode from 'vscode';
import { isAbortError } from '../../core/util/abort';
import type { Services } from '../services';
import { showLocalModeStatus } from './local/showLocalModeStatus';
import { startLocalMode } from './local/startLocalMode';
import { stopLocalMode } from './local/stopLocalMode';
import { getStarted } from './getStarted';
import { connectToNotebook } from './ssh/connectToNotebook';
import { forwardPort, openForward, stopForward } from './ssh/forwardPort';
import { openTerminal } from './ssh/openTerminal';
import { runCommand } from './ssh/runCommand';
import { sshDoctor } from './ssh/sshDoctor';
import { downloadFolder, uploadFolder } from './ssh/syncFolder';
import { createKeyPair } from './keyPairs/createKeyPair';
import { importKeyPair } from './keyPairs/importKeyPair';
import { openSettings } from './openSettings';
import { createNotebook } from './notebooks/createNotebook';
import { createDataset, createDatasetFromFolder } from './datasets/createDataset';
import { deleteDatasets } from './datasets/deleteDatasets';
import { exportDatasetAnnotations, importDatasetAnnotations } from './datasets/transferAnnotations';
import { labelDataset } from './datasets/labelDataset';
import { deleteImages } from './images/deleteImages';
import { clearImageFilter, filterImages } from './images/filterImages';
import { registerImage } from './images/registerImage';
import { cloneJob } from './trainingJobs/cloneJob';
import { showTrainingEngines, showTrainingFlavors } from './trainingJobs/showCatalog';
import { clearJobFilter, filterJobs } from './trainingJobs/filterJobs';
import { copySshCommand, deleteNotebooks, renewNotebookLease, startNotebooks, stopNotebooks } from './notebooks/notebookActions';
import { loadMore, refresh } from './refresh';
import { addCloudProfile } from './profiles/addCloudProfile';
import { removeProfile } from './profiles/removeProfile';
import { switchProfile } from './profiles/switchProfile';
import { switchRegion } from './profiles/switchRegion';
import { switchPlatform } from './switchPlatform';
import { submitJob } from './trainingJobs/submitJob';
import { copyObsUrl } from './storage/copyObsUrl';
import { openStorageObject } from './storage/openObject';
import { createBucket, createStorageFolder, deleteFromStorage, downloadFromStorage } from './storage/storageActions';
import { uploadToStorage } from './storage/uploadToStorage';
import { createWorkspace, deleteWorkspace } from './workspaces/workspaceActions';
import { deleteJobs, showJobLogs, stopJobs } from './trainingJobs/jobActions';
import { selectWorkspace } from './workspaces/selectWorkspace';
import { showDiagnostics } from './showDiagnostics';
import { showLog } from './showLog';
import { compareRuns, openTensorBoardLogs, showMetrics } from './metrics/showMetrics';
import { webviewKey } from './datasets/webviewKey';
import { showJobDetails } from './trainingJobs/showJobDetails';
import { revealInStorage } from './storage/revealInStorage';
import { runSpecLocally, submitSpecToActive, validateSpec } from '../specs/specCommands';
import { notify } from '../notify';
import { describeError, errorForLog, openErrorLocation } from '../errorText';
import { openLocation } from '../openLocation';

/**
 * A handler as the table holds it. VS Code hands a command whatever its caller passed (its own API
 * types them `any`), so each handler checks its arguments where they arrive — `selectedNodes` for
 * tree nodes, `commandOptions` for options, an `is…` guard for a scripted input — and its
 * parameter types say what it accepts once checked. See CommandHandler in ./command.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the arguments are checked in each handler, as said above
type TableEntry = (services: Services, ...args: any[]) => Promise<unknown>;

/**
 * Every command the extension registers. The manifest's `contributes.commands` must list exactly
 * these ids; a unit test holds the two together.
 */
export const commandTable: Readonly<Record<string, TableEntry>> = {
  'modelarts.refresh': refresh,
  'modelarts.showLog': showLog,
  'modelarts.openSettings': openSettings,
  'modelarts.getStarted': getStarted,
  'modelarts.keyPairs.create': createKeyPair,
  'modelarts.keyPairs.import': importKeyPair,
  'modelarts.showDiagnostics': showDiagnostics,
  'modelarts.local.start': startLocalMode,
  'modelarts.local.stop': stopLocalMode,
  'modelarts.local.showStatus': showLocalModeStatus,
  'modelarts.loadMore': loadMore,
  'modelarts.switchPlatform': switchPlatform,
  'modelarts.profiles.add': addCloudProfile,
  'modelarts.profiles.switch': switchProfile,
  'modelarts.profiles.switchRegion': switchRegion,
  'modelarts.profiles.remove': removeProfile,
  'modelarts.workspaces.select': selectWorkspace,
  'modelarts.notebooks.create': createNotebook,
  'modelarts.notebooks.start': startNotebooks,
  'modelarts.notebooks.stop': stopNotebooks,
  'modelarts.notebooks.delete': deleteNotebooks,
  'modelarts.notebooks.renewLease': renewNotebookLease,
  'modelarts.notebooks.copySshCommand': copySshCommand,
  'modelarts.notebooks.connect': connectToNotebook,
  'modelarts.notebooks.openTerminal': openTerminal,
  'modelarts.notebooks.runCommand': runCommand,
  'modelarts.notebooks.forwardPort': forwardPort,
  'modelarts.notebooks.openForward': openForward,
  'modelarts.notebooks.stopForward': stopForward,
  'modelarts.notebooks.uploadFolder': uploadFolder,
  'modelarts.notebooks.downloadFolder': downloadFolder,
  'modelarts.notebooks.sshDoctor': sshDoctor,
  'modelarts.trainingJobs.stop': stopJobs,
  'modelarts.trainingJobs.delete': deleteJobs,
  'modelarts.trainingJobs.showLogs': showJobLogs,
  'modelarts.trainingJobs.submit': submitJob,
  'modelarts.storage.copyUrl': copyObsUrl,
  'modelarts.storage.upload': uploadToStorage,
  'modelarts.storage.download': downloadFromStorage,
  'modelarts.storage.delete': deleteFromStorage,
  'modelarts.storage.createFolder': createStorageFolder,
  'modelarts.storage.createBucket': createBucket,
  'modelarts.storage.preview': openStorageObject,
  'modelarts.workspaces.create': createWorkspace,
  'modelarts.workspaces.delete': deleteWorkspace,
  'modelarts.images.filter': filterImages,
  'modelarts.images.clearFilter': clearImageFilter,
  'modelarts.images.register': registerImage,
  'modelarts.images.delete': deleteImages,
  'modelarts.datasets.create': createDataset,
  'modelarts.datasets.createFromFolder': createDatasetFromFolder,
  'modelarts.datasets.delete': deleteDatasets,
  'modelarts.datasets.importAnnotations': importDatasetAnnotations,
  'modelarts.datasets.exportAnnotations': exportDatasetAnnotations,
  'modelarts.datasets.label': labelDataset,
  'modelarts.labeling.webviewKey': webviewKey,
  'modelarts.trainingJobs.filter': filterJobs,
  'modelarts.trainingJobs.clearFilter': clearJobFilter,
  'modelarts.trainingJobs.clone': cloneJob,
  'modelarts.trainingJobs.showEngines': showTrainingEngines,
  'modelarts.trainingJobs.showFlavors': showTrainingFlavors,
  'modelarts.trainingJobs.showMetrics': showMetrics,
  'modelarts.trainingJobs.compareRuns': compareRuns,
  'modelarts.metrics.openTensorBoardLogs': openTensorBoardLogs,
  'modelarts.trainingJobs.showDetails': showJobDetails,
  'modelarts.storage.reveal': revealInStorage,
  'modelarts.specs.runLocally': runSpecLocally,
  'modelarts.specs.submit': submitSpecToActive,
  'modelarts.specs.validate': validateSpec,
};

/**
 * Registers the table once. Each handler runs inside one wrapper: a cancelled operation is
 * silent; any other error is logged in full (with the request line) and shown as what went wrong
 * and what to do (the platform's message, its hint, our advice, its code and request id), with a
 * way to the log, and to the file and line when the error points at one (a spec).
 */
export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(commandTable).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(services, ...args);
      } catch (err) {
        if (isAbortError(err)) return undefined;
        services.log.error(`${id} failed: ${errorForLog(err)}`);
        // A spec error points at a line: the first button opens the file there.
        const open = openErrorLocation(err, vscode.l10n.t);
        const actions: Record<string, () => unknown> = open ? { [open.label]: () => openLocation(open.location) } : {};
        actions[vscode.l10n.t('Show Log')] = () => services.log.show(true);
        notify('error', describeError(err, vscode.l10n.t), actions, services.log);
        return undefined;
      }
    }),
  );
}
