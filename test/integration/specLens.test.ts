import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ToolkitExports } from '../../extension/host/exports';
import { localApi, localDiscovery } from './localApi';
import { until } from './wait';

function exports(): ToolkitExports {
  const ext = vscode.extensions.all.find((e) => e.id.toLowerCase().endsWith('.modelarts-toolkit'));
  assert.ok(ext?.isActive, 'the extension is active');
  return ext.exports as ToolkitExports;
}

/** A spec folder: DIR/job-like NAME with a train.py of SCRIPT beside it; FLAVOR may be a wrong one. */
function specFolder(opts: {
  name: string;
  script: string;
  file?: string;
  flavor?: string;
  env?: Record<string, string>;
  under?: string;
}): string {
  const dir = mkdtempSync(path.join(opts.under ?? os.tmpdir(), 'ma-it-lens-'));
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src', 'train.py'), opts.script);
  const env = opts.env
    ? `  environments:\n${Object.entries(opts.env)
        .map(([k, v]) => `    ${k}: "${v}"\n`)
        .join('')}`
    : '';
  const spec = path.join(dir, opts.file ?? 'job.yaml');
  writeFileSync(
    spec,
    `kind: job\nmetadata:\n  name: ${opts.name}\nalgorithm:\n  code_dir: ./src\n  boot_file: train.py\n  engine:\n    engine_name: PyTorch\n    engine_version: "1.8"\n${env}spec:\n  resource:\n    flavor_id: ${opts.flavor ?? 'modelarts.vm.cpu.2u'}\n    node_count: 1\n`,
  );
  return spec;
}

async function jobCount(): Promise<number> {
  let n = 0;
  for await (const _ of (await localApi()).trainingJobs.search({})) n++;
  return n;
}

const ended = ['Completed', 'Failed', 'Abnormal', 'Terminated'] as const;

describe('Jobs from the editor: the spec CodeLens, in the real extension host', () => {
  before(async function () {
    this.timeout(90_000);
    await localDiscovery();
  });

  it('offers Run Locally and Validate at the top of a spec (no Submit to a profile on local mode), and nothing on other YAML', async () => {
    const spec = specFolder({ name: 'it-lens-offer', script: 'print(1)\n', file: 'train-spec.yaml' });
    await vscode.window.showTextDocument(vscode.Uri.file(spec));
    const lenses = await until('the spec’s lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', vscode.Uri.file(spec));
      const ours = found.filter((l) => l.command?.command.startsWith('modelarts.specs.'));
      return ours.length > 0 ? ours : undefined;
    });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.command, l.command?.title]),
      [
        [0, 'modelarts.specs.runLocally', '$(play) Run Locally'],
        [0, 'modelarts.specs.validate', '$(check) Validate'],
      ],
    );
    assert.equal((lenses[0]?.command?.arguments?.[0] as vscode.Uri).fsPath, spec);
    const other = path.join(path.dirname(spec), 'ci.yaml');
    writeFileSync(other, 'jobs:\n  build:\n    runs-on: ubuntu-latest\n');
    await vscode.window.showTextDocument(vscode.Uri.file(other));
    const none = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', vscode.Uri.file(other));
    assert.deepEqual(
      none.filter((l) => l.command?.command.startsWith('modelarts.')),
      [],
    );
  });

  it('Run Locally uploads the code and creates the job in the local daemon with the spec’s environment variables; its end is announced', async function () {
    this.timeout(120_000);
    const spec = specFolder({
      name: 'it-lens-run',
      script: 'import os\nprint("GREETING=" + os.environ["GREETING"])\n',
      env: { GREETING: 'hello from the spec' },
    });
    const id = await vscode.commands.executeCommand<string | undefined>('modelarts.specs.runLocally', vscode.Uri.file(spec));
    assert.ok(id, 'Run Locally gave no job id');
    const api = await localApi();
    const job = await api.trainingJobs.waitFor(id, [...ended]);
    assert.equal(job.status.phase, 'Completed');
    assert.equal(job.algorithm?.code_dir, 'obs://modelarts-local/jobs/it-lens-run/code/');
    assert.equal((job.algorithm?.environments as Record<string, string> | undefined)?.GREETING, 'hello from the spec');
    assert.match((await api.trainingJobs.logPreview(id, 'worker-0')).content, /GREETING=hello from the spec/);
    const notice = await until('the job-ended notification', async () =>
      exports()
        .editorJobs.endedNotices()
        .find((n) => n.jobId === id),
    );
    assert.deepEqual(
      { phase: notice.phase, severity: notice.severity, message: notice.message, actions: notice.actions },
      {
        phase: 'Completed',
        severity: 'info',
        message: 'Training job it-lens-run completed.',
        actions: ['Show Log', 'Show Metrics', 'Resubmit'],
      },
    );
  });

  it('announces a job that fails as failed, with the same buttons', async function () {
    this.timeout(120_000);
    const spec = specFolder({ name: 'it-lens-fail', script: 'import sys\nsys.exit(3)\n' });
    const id = await vscode.commands.executeCommand<string | undefined>('modelarts.specs.runLocally', vscode.Uri.file(spec));
    assert.ok(id);
    const notice = await until(
      'the job-ended notification',
      async () =>
        exports()
          .editorJobs.endedNotices()
          .find((n) => n.jobId === id),
      90_000,
    );
    assert.equal(notice.phase, 'Failed');
    assert.equal(notice.severity, 'error');
    assert.match(notice.message, /^Training job it-lens-fail failed/);
    assert.deepEqual(notice.actions, ['Show Log', 'Show Metrics', 'Resubmit']);
  });

  it('Validate marks a flavor the platform lacks at its line, and uploads and creates nothing; a good spec passes and clears it', async function () {
    this.timeout(60_000);
    const spec = specFolder({ name: 'it-lens-validate', script: 'print(1)\n', flavor: 'modelarts.vm.no-such' });
    const uri = vscode.Uri.file(spec);
    const before = await jobCount();
    assert.equal(await vscode.commands.executeCommand('modelarts.specs.validate', uri), undefined);
    const [problem, ...more] = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ModelArts');
    assert.ok(problem, 'no problem was marked');
    assert.deepEqual(more, []);
    // flavor_id is on line 12 of the spec (0-based 11), its value at column 15.
    assert.deepEqual([problem.range.start.line, problem.range.start.character], [11, 15]);
    assert.match(problem.message, /^spec\.resource\.flavor_id: the platform has no flavor modelarts\.vm\.no-such/);
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(await jobCount(), before);

    writeFileSync(spec, (await vscode.workspace.fs.readFile(uri)).toString().replace('modelarts.vm.no-such', 'modelarts.vm.cpu.2u'));
    assert.equal(await vscode.commands.executeCommand('modelarts.specs.validate', uri), true);
    assert.deepEqual(
      vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ModelArts'),
      [],
    );
    assert.equal(await jobCount(), before);
  });
});

describe('The modelarts task type, in the real extension host', () => {
  let folder: string;
  before(async function () {
    this.timeout(90_000);
    // VS Code's task service runs no provided task in a window without a folder (fetchTasks answers []).
    const open = vscode.workspace.workspaceFolders?.[0];
    if (!open) this.skip();
    folder = open.uri.fsPath;
    await localDiscovery();
  });

  /** Runs the provided "run locally" task of SPEC (open in an editor) and resolves with its exit code. */
  async function runTask(spec: string): Promise<number | undefined> {
    await vscode.workspace.openTextDocument(spec);
    const rel = path.relative(folder, spec).split(path.sep).join('/');
    const tasks = await vscode.tasks.fetchTasks({ type: 'modelarts' });
    const task = tasks.find((t) => t.definition.spec === rel && t.definition.target === 'local');
    assert.ok(task, `no modelarts task for ${rel}: ${JSON.stringify(tasks.map((t) => t.definition))}`);
    assert.equal(task.name, `Run ${rel} locally`);
    return exitCodeOf(task, rel);
  }

  /** Executes TASK (whose definition names spec REL) and resolves with its exit code. */
  function exitCodeOf(task: vscode.Task, rel: string): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      const listener = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.definition.spec !== rel) return;
        listener.dispose();
        resolve(e.exitCode);
      });
      vscode.tasks.executeTask(task).then(undefined, (err: unknown) => {
        listener.dispose();
        reject(err instanceof Error ? err : new Error(String(err)));
      });
    });
  }

  it('a task runs the spec on local mode and exits 0 when the job completes', async function () {
    this.timeout(120_000);
    const spec = specFolder({ name: 'it-task-ok', script: 'print("MA_METRIC loss=0.1 step=1")\n', file: 'ok.yaml', under: folder });
    assert.equal(await runTask(spec), 0);
    const api = await localApi();
    let found;
    for await (const job of api.trainingJobs.search({ name: 'it-task-ok' })) found = job;
    assert.equal(found?.status.phase, 'Completed');
  });

  it('exits 1 when the job fails, and 2 for a spec problem (creating nothing)', async function () {
    this.timeout(120_000);
    assert.equal(await runTask(specFolder({ name: 'it-task-fail', script: 'raise SystemExit(4)\n', file: 'fail.yaml', under: folder })), 1);
    const before = await jobCount();
    assert.equal(await runTask(specFolder({ name: 'it task bad', script: 'print(1)\n', file: 'bad.yaml', under: folder })), 2);
    assert.equal(await jobCount(), before);
  });

  it('a task written in tasks.json runs, and its exit code follows the job', async function () {
    this.timeout(120_000);
    const spec = specFolder({ name: 'it-tasks-json', script: 'print("from tasks.json")\n', file: 'configured.yaml', under: folder });
    const rel = path.relative(folder, spec).split(path.sep).join('/');
    mkdirSync(path.join(folder, '.vscode'), { recursive: true });
    const label = 'it: run the configured spec locally';
    writeFileSync(
      path.join(folder, '.vscode', 'tasks.json'),
      JSON.stringify({ version: '2.0.0', tasks: [{ label, type: 'modelarts', spec: rel, target: 'local' }] }, null, 2),
    );
    const task = await until('the task of tasks.json', async () =>
      (await vscode.tasks.fetchTasks({ type: 'modelarts' })).find((t) => t.name === label),
    );
    assert.deepEqual({ ...task.definition }, { type: 'modelarts', spec: rel, target: 'local' });
    assert.equal(await exitCodeOf(task, rel), 0);
    let found;
    for await (const job of (await localApi()).trainingJobs.search({ name: 'it-tasks-json' })) found = job;
    assert.equal(found?.status.phase, 'Completed');
  });
});
