import * as vscode from 'vscode';
import type { TrainingJobCreateRequest } from '../../../core/api/resources/trainingJobTypes';
import { defaultCodeUrl, uploadJobCode } from '../../../core/jobs/codeUpload';
import { jobNameOf, readJobSpec, withCodeDir } from '../../../core/jobs/jobSpec';
import { checkJobSpec } from '../../../core/jobs/specCheck';
import { parseObsUrl } from '../../../core/storage/urls';
import { abortError } from '../../../core/util/abort';
import { toAbortSignal } from '../../cancellation';
import type { Services } from '../../services';
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
  const file = await specFile(resource);
  const options = {
    surface: 'editor',
    t,
    shown: vscode.workspace.asRelativePath(file),
    // The schema's descriptions quoted in messages, in the reader's language.
    language: vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en',
  } as const;
  const spec = readJobSpec(file, options);
  const name = jobNameOf(spec);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Submitting training job {0}', name), cancellable: true },
    async (progress, token) => {
      const cancel = toAbortSignal(token);
      try {
        progress.report({ message: t('Checking the spec…') });
        const { code } = await checkJobSpec(spec, connection.api.trainingJobs, { ...options, signal: cancel.signal });
        let body = spec.body;
        if (code) {
          const url = connection.kind === 'local' ? defaultCodeUrl(name) : await askCodeUrl(services, name);
          let last = 0;
          const { codeDir, result } = await uploadJobCode(connection.storage, code, url, {
            createBucket: connection.kind === 'local',
            signal: cancel.signal,
            onProgress: (p) => {
              const pct = p.bytesTotal > 0 ? (p.bytesDone / p.bytesTotal) * 100 : 100;
              progress.report({
                increment: pct - last,
                message: plural(p.filesTotal, {
                  one: t('Uploading code: {0} of {1} file', p.filesDone, p.filesTotal),
                  other: t('Uploading code: {0} of {1} files', p.filesDone, p.filesTotal),
                }),
              });
              last = pct;
            },
          });
          const leftOut = code.ignored.length > 0 ? `; left out: ${code.ignored.join(', ')}` : '';
          services.log.info(`Uploaded ${result.transferred} file(s) of ${code.dir} to ${codeDir} (${result.skipped} unchanged${leftOut}).`);
          body = withCodeDir(spec, codeDir);
        }
        progress.report({ message: t('Creating the job…') });
        const job = await connection.api.trainingJobs.create(body as unknown as TrainingJobCreateRequest, { signal: cancel.signal });
        // The job is new in its list, and uploaded code new in storage.
        services.trees.refresh(ViewIds.trainingJobs, ...(code ? [ViewIds.storage] : []));
        const showLogs = t('Show Logs');
        notify(
          'info',
          t('Training job {0} submitted.', job.metadata.name),
          { [showLogs]: () => vscode.commands.executeCommand('modelarts.trainingJobs.showLogs', { kind: 'job', job }) },
          services.log,
        );
        return job.metadata.id;
      } finally {
        cancel.dispose();
      }
    },
  );
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
