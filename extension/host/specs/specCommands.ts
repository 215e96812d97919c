import * as vscode from 'vscode';
import { JobSpecError } from '../../core/jobs/jobSpec';
import { prepareJobSubmission } from '../../core/jobs/specCheck';
import { plural } from '../../core/util/plural';
import { toAbortSignal } from '../cancellation';
import { notify } from '../notify';
import type { Services } from '../services';

const t = vscode.l10n.t;

/** Run Locally: the spec goes to local mode, even while a cloud profile is active. Resolves with the job's id. */
export async function runSpecLocally(services: Services, resource?: unknown): Promise<string | undefined> {
  // Running a spec runs the workspace's code on this machine: only in a workspace the user trusts.
  if (!vscode.workspace.isTrusted) {
    const manage = t('Manage Workspace Trust');
    const chosen = await vscode.window.showWarningMessage(
      t('Run Locally runs this workspace’s code on this machine: trust the workspace first.'),
      manage,
    );
    if (chosen === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    return undefined;
  }
  const job = await services.editorJobs.submit(services, await specOf(resource), 'local');
  return job.metadata.id;
}

/** Submit to ‹profile›: the spec goes to the active platform, as Submit Training Job sends it. Resolves with the job's id. */
export async function submitSpecToActive(services: Services, resource?: unknown): Promise<string> {
  const job = await services.editorJobs.submit(services, await specOf(resource), 'active');
  return job.metadata.id;
}

/**
 * Validate: every check a submit makes before it uploads (see core/jobs/specCheck.ts), against
 * the active platform's lists (local mode's when nothing is connected), and nothing uploaded or
 * created. A problem is marked at its line in the editor (and in Problems) and shown; the mark
 * goes with the next edit. Resolves with whether the spec passed.
 */
export async function validateSpec(services: Services, resource?: unknown): Promise<boolean> {
  const file = await specOf(resource);
  const uri = vscode.Uri.file(file);
  const shown = vscode.workspace.asRelativePath(file);
  const connection = await services.editorJobs.targets.connect(services.session.current() ? 'active' : 'local');
  services.editorJobs.problems.delete(uri);
  const prepared = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Validating {0}', shown), cancellable: true },
    async (_progress, token) => {
      const cancel = toAbortSignal(token);
      try {
        return await prepareJobSubmission(file, connection.api.trainingJobs, { surface: 'editor', t, shown, signal: cancel.signal });
      } catch (err) {
        if (err instanceof JobSpecError) markProblem(services, uri, err);
        throw err;
      } finally {
        cancel.dispose();
      }
    },
  );
  const files = prepared.code?.files.length;
  const message =
    files === undefined
      ? t('{0} is ready to submit to {1}.', shown, connection.label)
      : plural(files, {
          one: t('{0} is ready to submit to {1}; {2} file of code would be uploaded.', shown, connection.label, files),
          other: t('{0} is ready to submit to {1}; {2} files of code would be uploaded.', shown, connection.label, files),
        });
  notify('info', message, {}, services.log);
  return true;
}

/** The problem at its place: the message without the `file:line:column: ` the editor shows by itself. */
function markProblem(services: Services, uri: vscode.Uri, err: JobSpecError): void {
  const line = Math.max(0, (err.location?.line ?? 1) - 1);
  const column = Math.max(0, (err.location?.column ?? 1) - 1);
  const message = err.message.replace(/^[^\n]*?:\d+:\d+: /, '');
  const diagnostic = new vscode.Diagnostic(
    new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER),
    message,
    vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = 'ModelArts';
  services.editorJobs.problems.set(uri, [diagnostic]);
}

/** The spec: the lens's Uri, else the active YAML editor's file. Either is saved first: the file on disk is what is sent. */
async function specOf(resource: unknown): Promise<string> {
  const uri = resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file' || !/\.ya?ml$/i.test(uri.fsPath))
    throw new Error(t('Open a training job spec (a YAML file on this computer) first.'));
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document?.isDirty) await document.save();
  return uri.fsPath;
}
