import path from 'node:path';
import * as vscode from 'vscode';
import { finalJobPhases, type JobPhase, type TrainingJob } from '../../core/api/resources/trainingJobTypes';
import { JobSpecError } from '../../core/jobs/jobSpec';
import { looksLikeJobSpec } from '../../core/jobs/specShape';
import { specFileName } from '../../core/jobs/specTemplate';
import { isAbortError } from '../../core/util/abort';
import { sendSpec } from '../commands/trainingJobs/submitJob';
import { describeError } from '../errorText';
import type { Services } from '../services';
import { parseSpecTarget, type SpecTarget } from '../specs/specTargets';

const t = vscode.l10n.t;

/** The task type in tasks.json: `{ "type": "modelarts", "spec": "job.yaml", "target": "local" }`. */
export const jobTaskType = 'modelarts';

export interface JobTaskDefinition extends vscode.TaskDefinition {
  readonly type: typeof jobTaskType;
  /** The spec file: absolute, or relative to the task's workspace folder. */
  readonly spec: string;
  /** "local", a cloud profile's name, or absent for the active platform. */
  readonly target?: string;
}

/**
 * How a task ends, as `modelarts job submit --wait` exits: 0 the job completed, 1 it ended
 * otherwise (failed, stopped) or the platform refused it, 2 the spec has a problem. A task whose
 * terminal is closed stops following (the job goes on) and ends with 130, as an interrupt does.
 */
export const JobTaskExit = { completed: 0, notCompleted: 1, specProblem: 2, interrupted: 130 } as const;

function isJobTaskDefinition(value: vscode.TaskDefinition): value is JobTaskDefinition {
  return value.type === jobTaskType && typeof value.spec === 'string' && value.spec !== '';
}

/**
 * The `modelarts` task type. It offers a "run locally" task for each spec in the workspace (the
 * `job.yaml` files `modelarts job init` writes, and any open YAML that looks like a spec), and a
 * "submit" one while a cloud profile is active; tasks.json may name any spec and target. The
 * task submits in its own terminal and streams the job's state and log until the job ends.
 */
export class JobTaskProvider implements vscode.TaskProvider {
  constructor(private readonly services: Services) {}

  async provideTasks(token: vscode.CancellationToken): Promise<vscode.Task[]> {
    const found = await vscode.workspace.findFiles(`**/${specFileName}`, '**/node_modules/**', 100, token);
    const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && looksLikeJobSpec(d.fileName, d.getText()));
    const files = [...new Map([...found, ...open.map((d) => d.uri)].map((u) => [u.fsPath, u])).values()];
    const active = this.services.session.current();
    const targets = ['local', ...(active?.kind === 'cloud' ? [active.label] : [])];
    return files.flatMap((uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const spec = folder ? path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/') : uri.fsPath;
      return targets.map((target) => this.task({ type: jobTaskType, spec, target }, folder ?? vscode.TaskScope.Global));
    });
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (!isJobTaskDefinition(task.definition)) return undefined;
    return this.task(task.definition, task.scope ?? vscode.TaskScope.Workspace);
  }

  private task(definition: JobTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope): vscode.Task {
    const name =
      definition.target === 'local'
        ? t('Run {0} locally', definition.spec)
        : definition.target
          ? t('Submit {0} to {1}', definition.spec, definition.target)
          : t('Submit {0}', definition.spec);
    const execution = new vscode.CustomExecution((resolved) => {
      // VS Code has put in ${workspaceFolder} and the like by now.
      const spec = typeof resolved.spec === 'string' ? resolved.spec : definition.spec;
      const base = typeof scope === 'object' ? scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      const file = path.isAbsolute(spec) || !base ? path.resolve(spec) : path.resolve(base, spec);
      return Promise.resolve(new JobTaskTerminal(this.services, file, parseSpecTarget(resolved.target)));
    });
    const task = new vscode.Task(definition, scope, name, jobTaskType, execution, []);
    task.detail = t('Submit the spec and follow the job until it ends');
    return task;
  }
}

/** The task's terminal: the submit's steps, then the job's state changes and log, then how it ended. */
class JobTaskTerminal implements vscode.Pseudoterminal {
  private readonly writes = new vscode.EventEmitter<string>();
  private readonly closes = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writes.event;
  readonly onDidClose = this.closes.event;
  private readonly stop = new AbortController();
  /** Whether the last line written is a progress line the next one replaces. */
  private overwriting = false;

  constructor(
    private readonly services: Services,
    private readonly file: string,
    private readonly target: SpecTarget,
  ) {}

  open(): void {
    void this.run().then((code) => {
      this.closes.fire(code);
      this.writes.dispose();
      this.closes.dispose();
    });
  }

  close(): void {
    this.stop.abort();
  }

  private async run(): Promise<number> {
    const { signal } = this.stop;
    const shown = vscode.workspace.asRelativePath(this.file);
    try {
      const connection = await this.services.editorJobs.targets.connect(this.target);
      this.line(t('Submitting {0} to {1}', shown, connection.label));
      const job = await sendSpec(this.services, this.file, connection, {
        signal,
        report: (message, percent) => (percent === undefined ? this.line(message) : this.progress(message)),
      });
      const id = job.metadata.id;
      this.line(t('Training job {0} created ({1}).', job.metadata.name, id));
      this.services.editorJobs.watch(this.services, connection, this.file, this.target, job);
      const api = connection.api.trainingJobs;
      let phase: JobPhase | undefined;
      // The state and the log side by side; the log ends once the job has and its last words are read.
      const ended = api.waitFor(id, finalJobPhases, {
        signal,
        maxPollMs: 3000,
        onUpdate: (j: TrainingJob) => {
          if (j.status.phase !== phase) this.line(`[${t('state')}] ${(phase = j.status.phase)}`);
        },
      });
      ended.catch(() => undefined); // awaited below; not unhandled while the log is read
      for await (const chunk of api.tailLogs(id, job.status.tasks?.[0] ?? 'worker-0', { signal })) this.write(chunk.content);
      const last = await ended;
      const completed = last.status.phase === 'Completed';
      this.line(t('Training job {0} ended: {1}.', last.metadata.name, last.status.phase));
      return completed ? JobTaskExit.completed : JobTaskExit.notCompleted;
    } catch (err) {
      if (isAbortError(err) || signal.aborted) return JobTaskExit.interrupted;
      this.line(describeError(err, t));
      return err instanceof JobSpecError ? JobTaskExit.specProblem : JobTaskExit.notCompleted;
    }
  }

  /** Text to the terminal, which wants \r\n for a new line. */
  private write(text: string): void {
    if (this.overwriting) this.writes.fire('\r\n');
    this.overwriting = false;
    this.writes.fire(text.replace(/\r?\n/g, '\r\n'));
  }

  private line(text: string): void {
    this.write(`${text}\n`);
  }

  /** A progress line that replaces the one before it (the upload's file count). */
  private progress(text: string): void {
    this.writes.fire(`\r\x1b[K${text}`);
    this.overwriting = true;
  }
}
