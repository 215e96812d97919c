import * as vscode from 'vscode';
import type { TrainingJob, TrainingJobCreateRequest } from '../../../core/api/resources/trainingJobTypes';
import { defaultCodeUrl, uploadJobCode } from '../../../core/jobs/codeUpload';
import { jobNameOf, readJobSpec, withCodeDir } from '../../../core/jobs/jobSpec';
import { checkJobSpec } from '../../../core/jobs/specCheck';
import { parseObsUrl } from '../../../core/storage/urls';
import { abortError } from '../../../core/util/abort';
import { toAbortSignal } from '../../cancellation';
import { type Connection, samePlatform } from '../../platform/session';
import type { Services } from '../../services';
import { showJobLogsOn } from './jobActions';
import { ViewIds } from '../../views/viewIds';
import { notify } from '../../notify';
import { plural } from '../../../core/util/plural';

const t = vscode.l10n.t;
const lastUploadKey = 'modelarts.jobs.lastCodeUrl';

/**
 * Submit Training Job: a YAML spec (the v2 create body, as `modelarts job submit` takes) from the
 * Explorer, the editor, or a file dialog. The spec is checked first (YAML, name, boot file, engine
 * and flavor against the platform's lists), and only then is a local `algorithm.code_dir` uploaded
 * (`.gitignore` and `.modelartsignore` respected, the spec itself left out), with progress and
 * cancel: to local mode's own code bucket, or on the cloud to an OBS folder the user names. A spec
 * error names the file, line and column, and its notification opens the file there. Resolves with
 * the new job's id.
 */
export async function submitJob(services: Services, resource?: unknown): Promise<string | undefined> {
  const connection = services.session.require();
  const job = await submitSpec(services, await specFile(resource), connection);
  return job.metadata.id;
}

/**
 * Submits the spec FILE to CONNECTION under a cancellable progress notification, and says so
 * with the job's log one click away. The connection is the active one for Submit Training Job;
 * the spec CodeLens passes local mode's even while a cloud profile is active (see specs/).
 */
export async function submitSpec(services: Services, file: string, connection: Connection): Promise<TrainingJob> {
  const options = specOptions(file);
  const name = jobNameOf(readJobSpec(file, options));
  const job = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Submitting training job {0}', name), cancellable: true },
    async (progress, token) => {
      const cancel = toAbortSignal(token);
      let last = 0;
      try {
        return await sendSpec(services, file, connection, {
          signal: cancel.signal,
          report: (message, pct) => {
            progress.report({ message, ...(pct === undefined ? {} : { increment: pct - last }) });
            if (pct !== undefined) last = pct;
          },
        });
      } finally {
        cancel.dispose();
      }
    },
  );
  const showLogs = t('Show Logs');
  notify(
    'info',
    t('Training job {0} submitted.', job.metadata.name),
    { [showLogs]: () => showJobLogsOn(services, connection, job) },
    services.log,
  );
  return job;
}

/** How a submission reports: a step's message, and for the upload how far it is (0-100). */
export interface SubmitReporter {
  readonly signal: AbortSignal;
  report(message: string, percent?: number): void;
}

/**
 * The one way a spec becomes a job, whatever shows its progress (a notification, a task's
 * terminal): the spec is checked (YAML, name, boot file, engine and flavor against the platform's
 * lists), and only then is a local `algorithm.code_dir` uploaded (`.gitignore` and
 * `.modelartsignore` respected, the spec itself left out): to local mode's own code bucket, or on
 * the cloud to an OBS folder the user names. Then the job is created.
 */
export async function sendSpec(services: Services, file: string, connection: Connection, reporter: SubmitReporter): Promise<TrainingJob> {
  const options = specOptions(file);
  const spec = readJobSpec(file, options);
  const name = jobNameOf(spec);
  const { signal } = reporter;
  reporter.report(t('Checking the spec…'));
  const { code } = await checkJobSpec(spec, connection.api.trainingJobs, { ...options, signal });
  let body = spec.body;
  if (code) {
    const url = connection.kind === 'local' ? defaultCodeUrl(name) : await askCodeUrl(services, name);
    const { codeDir, result } = await uploadJobCode(connection.storage, code, url, {
      createBucket: connection.kind === 'local',
      signal,
      onProgress: (p) =>
        reporter.report(
          plural(p.filesTotal, {
            one: t('Uploading code: {0} of {1} file', p.filesDone, p.filesTotal),
            other: t('Uploading code: {0} of {1} files', p.filesDone, p.filesTotal),
          }),
          p.bytesTotal > 0 ? (p.bytesDone / p.bytesTotal) * 100 : 100,
        ),
    });
    const leftOut = code.ignored.length > 0 ? `; left out: ${code.ignored.join(', ')}` : '';
    services.log.info(`Uploaded ${result.transferred} file(s) of ${code.dir} to ${codeDir} (${result.skipped} unchanged${leftOut}).`);
    body = withCodeDir(spec, codeDir);
  }
  reporter.report(t('Creating the job…'));
  const job = await connection.api.trainingJobs.create(body as unknown as TrainingJobCreateRequest, { signal });
  // The job is new in its list, and uploaded code new in storage (the views show the active platform).
  if (samePlatform(connection, services.session.current()))
    services.trees.refresh(ViewIds.trainingJobs, ...(code ? [ViewIds.storage] : []));
  return job;
}

/** Spec errors name the file as the workspace shows it. */
function specOptions(file: string) {
  return {
    surface: 'editor',
    t,
    shown: vscode.workspace.asRelativePath(file),
    // The schema's descriptions quoted in messages, in the reader's language.
    language: vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en',
  } as const;
}

/** The spec: the given file, else the active YAML editor (saved first), else a file dialog. */
async function specFile(resource: unknown): Promise<string> {
  if (resource instanceof vscode.Uri) return resource.fsPath;
  if (typeof resource === 'string') return resource;
  const editor = vscode.window.activeTextEditor;
  if (editor && /\.ya?ml$/i.test(editor.document.fileName) && editor.document.uri.scheme === 'file') {
    if (editor.document.isDirty) await editor.document.save();
    return editor.document.fileName;
  }
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { [t('Training job spec')]: ['yaml', 'yml'] },
    openLabel: t('Submit'),
  });
  if (!chosen?.[0]) throw abortError();
  return chosen[0].fsPath;
}

/** On the cloud the code goes to an OBS folder the user owns; the last one is offered again. */
async function askCodeUrl(services: Services, jobName: string): Promise<string> {
  const last = services.context.globalState.get<string>(lastUploadKey);
  const value = await vscode.window.showInputBox({
    title: t('Upload the job’s code to'),
    prompt: t('An OBS folder for the code of {0}, e.g. obs://my-bucket/jobs/{0}/code/', jobName),
    value: last ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        parseObsUrl(v);
        return undefined;
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    },
  });
  if (!value) throw abortError();
  await services.context.globalState.update(lastUploadKey, value);
  return value;
}
