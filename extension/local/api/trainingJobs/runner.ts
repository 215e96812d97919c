// How a local training job is laid out and launched: its directory, the command line built from
// boot_file/command and parameters, the environment ModelArts gives a training container (as far
// as it makes sense on one machine), and the storage transfers before and after the run.

import { appendFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseStoragePath, type StorageAccess } from '../../storageAccess';
import { type JobRecord, workerTask } from './model';

/** The files of one job below `paths.jobs/<id>/`. */
export interface JobDirs {
  readonly root: string;
  /** code_dir is downloaded here; also the working directory and MA_JOB_DIR. */
  readonly code: string;
  readonly inputs: string;
  readonly outputs: string;
  readonly logs: string;
  /** stdout+stderr of worker-0, plus the platform's own "[ModelArts Service Log]" lines. */
  readonly logFile: string;
  /** Written by the runner's wrapper when the process ends; read after a daemon restart. */
  readonly exitFile: string;
  /** When each part of the log was written (see runtime/logClock.ts). */
  readonly clockFile: string;
  /** MA_SUMMARY_DIR: where the job writes TensorBoard event files; the metrics route reads them live. */
  readonly summary: string;
}

export function jobDirs(jobsRoot: string, id: string): JobDirs {
  const root = path.join(jobsRoot, id);
  const logs = path.join(root, 'logs');
  return {
    root,
    code: path.join(root, 'code'),
    inputs: path.join(root, 'inputs'),
    outputs: path.join(root, 'outputs'),
    logs,
    logFile: path.join(logs, `${workerTask}.log`),
    exitFile: path.join(root, 'exit-status'),
    clockFile: path.join(logs, `${workerTask}.log.clock`),
    summary: path.join(root, 'summary'),
  };
}

/** Appends a platform line to the job's log, as the cloud prefixes its own lines. */
export async function serviceLog(dirs: JobDirs, message: string): Promise<void> {
  await mkdir(dirs.logs, { recursive: true });
  await appendFile(dirs.logFile, `[ModelArts Service Log] ${new Date().toISOString()} ${message}\n`);
}

function storageBase(url: string): { bucket: string; prefix: string } {
  return parseStoragePath(url, 'obs_url');
}

/**
 * Makes the job dir and fetches code_dir into `code/` and each input into `inputs/<name>/`.
 * A fresh start always begins from an empty dir: a re-queued job must not see a half download.
 */
export async function prepareJobDir(job: JobRecord, dirs: JobDirs, storage: StorageAccess, isCancelled: () => boolean): Promise<void> {
  for (const dir of [dirs.code, dirs.inputs, dirs.outputs]) await rm(dir, { recursive: true, force: true });
  for (const dir of [dirs.code, dirs.inputs, dirs.outputs, dirs.logs, dirs.summary]) await mkdir(dir, { recursive: true, mode: 0o700 });
  if (job.algorithm.code_dir) {
    const n = await storage.downloadPrefix(storageBase(job.algorithm.code_dir), dirs.code);
    await serviceLog(dirs, `Downloaded code_dir ${job.algorithm.code_dir} (${n} files).`);
  }
  for (const input of job.algorithm.inputs) {
    if (isCancelled()) return;
    const local = path.join(dirs.inputs, input.name);
    await mkdir(local, { recursive: true });
    const n = await storage.downloadPrefix(storageBase(input.remote.obs.obs_url), local);
    await serviceLog(dirs, `Downloaded input ${input.name} from ${input.remote.obs.obs_url} (${n} files).`);
  }
  for (const output of job.algorithm.outputs) await mkdir(path.join(dirs.outputs, output.name), { recursive: true });
}

/**
 * Parameters, then each input and output, as `--name=value` arguments. That is how ModelArts
 * hands them to a boot file (e.g. `--data_url=/home/ma-user/modelarts/inputs/data_url_0/`), so
 * an argparse script runs unchanged here and in the cloud. Paths end in '/', like the cloud's.
 */
export function jobArguments(job: JobRecord, dirs: JobDirs): string[] {
  return [
    ...job.algorithm.parameters.map((p) => `--${p.name}=${p.value}`),
    ...job.algorithm.inputs.map((c) => `--${c.name}=${path.join(dirs.inputs, c.name)}/`),
    ...job.algorithm.outputs.map((c) => `--${c.name}=${path.join(dirs.outputs, c.name)}/`),
  ];
}

/**
 * The process to start. A boot file runs as `python3 code/<boot_file> --args` (`.py`) or
 * `/bin/sh code/<boot_file> --args` (`.sh`), an argv without a shell. A `command` runs with
 * `/bin/sh -c`, the same arguments given as its positional parameters ("$@", $1…): pasting them
 * onto the end of the command text would hand them to whatever its last simple command is
 * (`cd x && python t.py; echo done`), so a command that wants them says so: `python t.py "$@"`.
 */
export function jobCommand(job: JobRecord, dirs: JobDirs): string[] {
  const args = jobArguments(job, dirs);
  if (job.algorithm.boot_file) {
    const file = path.join(dirs.code, job.algorithm.boot_file);
    return [file.endsWith('.py') ? 'python3' : '/bin/sh', file, ...args];
  }
  return ['/bin/sh', '-c', job.algorithm.command ?? 'false', 'modelarts-job', ...args];
}

function envSuffix(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/**
 * The job's complete environment; nothing else of the daemon's leaks in (its credentials, ELECTRON_*).
 *
 * - PATH is the daemon's own, so the python3/conda the user has is what runs; HOME is the job dir;
 *   LANG the daemon's or C.UTF-8; PYTHONUNBUFFERED=1 so prints reach the log (and the metrics
 *   parser) as they happen rather than at exit.
 * - The variables a ModelArts training container has, with single-node values: MA_JOB_DIR (the
 *   downloaded code dir, the cloud's user-job-dir), MA_CURRENT_IP and MA_CURRENT_HOST_IP
 *   (127.0.0.1), MA_NUM_GPUS=0, MA_NUM_HOSTS=1, MA_TASK_NAME=worker, VC_TASK_INDEX=0,
 *   VC_WORKER_NUM=1, VC_WORKER_HOSTS=127.0.0.1, JOB_ID, MA_VJ_NAME (modelarts-job-<id>).
 * - Local extras: MODELARTS_LOCAL=1, MA_JOB_NAME, MA_FLAVOR, MA_WORKSPACE_ID, MA_LOG_DIR,
 *   MA_INPUTS_DIR and MA_OUTPUTS_DIR (the parents of every channel), and one
 *   MA_INPUT_<NAME> / MA_OUTPUT_<NAME> per channel (name upper-cased, other characters as '_').
 * - MA_SUMMARY_DIR: a folder for TensorBoard event files (`SummaryWriter(os.environ['MA_SUMMARY_DIR'])`);
 *   the metrics panel reads them while the job runs.
 * - algorithm.environments last: the user may override any of the above.
 */
export function jobEnv(job: JobRecord, dirs: JobDirs, daemonEnv: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {
    PATH: daemonEnv.PATH || '/usr/local/bin:/usr/bin:/bin',
    HOME: dirs.root,
    LANG: daemonEnv.LANG || 'C.UTF-8',
    PYTHONUNBUFFERED: '1',
    MODELARTS_LOCAL: '1',
    JOB_ID: job.id,
    MA_VJ_NAME: `modelarts-job-${job.id}`,
    MA_JOB_NAME: job.metadata.name,
    MA_JOB_DIR: dirs.code,
    MA_CURRENT_IP: '127.0.0.1',
    MA_CURRENT_HOST_IP: '127.0.0.1',
    MA_NUM_GPUS: '0',
    MA_NUM_HOSTS: String(job.spec.node_count),
    MA_TASK_NAME: 'worker',
    VC_TASK_INDEX: '0',
    VC_WORKER_NUM: String(job.spec.node_count),
    VC_WORKER_HOSTS: '127.0.0.1',
    MA_FLAVOR: job.spec.flavor_id,
    MA_WORKSPACE_ID: job.metadata.workspace_id,
    MA_LOG_DIR: dirs.logs,
    MA_INPUTS_DIR: dirs.inputs,
    MA_OUTPUTS_DIR: dirs.outputs,
    MA_SUMMARY_DIR: dirs.summary,
  };
  for (const c of job.algorithm.inputs) env[`MA_INPUT_${envSuffix(c.name)}`] = `${path.join(dirs.inputs, c.name)}/`;
  for (const c of job.algorithm.outputs) env[`MA_OUTPUT_${envSuffix(c.name)}`] = `${path.join(dirs.outputs, c.name)}/`;
  return { ...env, ...job.algorithm.environments };
}

/**
 * Uploads every output dir to its storage path, whatever the outcome (a failed run's checkpoints
 * are often what the user wants to see). Returns one message per output that could not be uploaded.
 */
export async function uploadOutputs(job: JobRecord, dirs: JobDirs, storage: StorageAccess): Promise<string[]> {
  const problems: string[] = [];
  for (const out of job.algorithm.outputs) {
    try {
      const n = await storage.uploadDir(path.join(dirs.outputs, out.name), storageBase(out.remote.obs.obs_url));
      await serviceLog(dirs, `Uploaded output ${out.name} to ${out.remote.obs.obs_url} (${n} files).`).catch(() => undefined);
    } catch (err) {
      problems.push(`output ${out.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return problems;
}

/** The log's object in spec.log_export_path: `modelarts-job-<id>-worker-0.log`, as the cloud names it. */
export function exportedLogLocation(job: JobRecord): { bucket: string; key: string } | undefined {
  const url = job.spec.log_export_path?.obs_url;
  if (!url) return undefined;
  const where = storageBase(url);
  const base = where.prefix === '' || where.prefix.endsWith('/') ? where.prefix : `${where.prefix}/`;
  return { bucket: where.bucket, key: `${base}modelarts-job-${job.id}-${workerTask}.log` };
}

/** Copies the log (as it is now) to spec.log_export_path; undefined when the job has none. */
export async function exportLog(job: JobRecord, dirs: JobDirs, storage: StorageAccess): Promise<string | undefined> {
  const where = exportedLogLocation(job);
  if (!where) return undefined;
  await mkdir(dirs.logs, { recursive: true });
  await appendFile(dirs.logFile, '');
  await storage.uploadFile(where.bucket, where.key, dirs.logFile, 'text/plain; charset=utf-8');
  return `obs://${where.bucket}/${where.key}`;
}
