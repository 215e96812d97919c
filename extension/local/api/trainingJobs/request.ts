// Validation of `POST /v2/{p}/training-jobs` (reference §6.1). Everything is checked before
// anything is written: field shapes, storage paths (and that their buckets and the boot file
// exist, so a typo fails now and not minutes later in the queue), the engine, the flavor and the
// workspace. Failures are 400s with ModelArts codes and an `error_solution`.

import path from 'node:path';
import type { TrainingJobCreateRequest } from '../../../core/api/resources/trainingJobTypes';
import { optionalObject, optionalString, requiredString, resourceName } from '../../http/json';
import type { Untrusted } from '../../http/router';
import type { RecordStore } from '../../store/recordStore';
import { parseStoragePath, type StorageAccess, type StoragePath } from '../../storageAccess';
import type { LocalImage } from '../images/catalog';
import { allImages } from '../images/install';
import { findFlavor, trainingEngines } from './catalog';
import { type JobRecord, type LocalJobChannel, type LocalJobEngine, TrainingError } from './model';
import { trainingJobRoutes } from '../../../core/api/routes/trainingJobs';
import { describeRoute } from '../../../core/api/routes/route';
import { engineMatches } from '../../../core/jobs/engineMatch';

/** What validation needs from the daemon. */
export interface RequestDeps {
  readonly images: RecordStore<LocalImage>;
  readonly storage: StorageAccess;
  readonly requireWorkspace: (id: string) => void;
}

/** The parts of a job record that come from the request. */
export type JobDefinition = Pick<JobRecord, 'kind' | 'metadata' | 'algorithm' | 'spec'>;

const invalid = (message: string, solution = 'Correct the request body; see the ModelArts "Creating a Training Job" API.') =>
  new TrainingError(400, 'ModelArts.0104', message, solution);

/** Names that become directories and `--name=` arguments: no paths, no shell metacharacters. */
const channelName = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

function objectAt<T extends object>(obj: T, field: keyof T & string, label: string): Record<string, unknown> {
  const value: unknown = obj[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${label} is required and must be an object.`);
  return value as Record<string, unknown>;
}

function arrayAt(obj: Record<string, unknown>, field: string, label: string): Record<string, unknown>[] {
  const value = obj[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v)))
    throw invalid(`${label} must be an array of objects.`);
  return value as Record<string, unknown>[];
}

/** Parses and checks a create request; throws a 400 (and has written nothing) on any problem. */
export async function parseCreateRequest(req: Untrusted<TrainingJobCreateRequest>, deps: RequestDeps): Promise<JobDefinition> {
  const kind = req.kind ?? 'job';
  if (kind !== 'job') throw invalid(`kind ${JSON.stringify(kind)} is not supported locally; use "job".`);

  const meta = objectAt(req, 'metadata', 'metadata');
  const name = resourceName(meta, 'name');
  const workspaceId = optionalString(meta, 'workspace_id', 64) ?? '0';
  deps.requireWorkspace(workspaceId);
  const annotations = stringMap(optionalObject(meta, 'annotations') ?? {}, 'metadata.annotations', 50);

  const alg = objectAt(req, 'algorithm', 'algorithm');
  if (alg.id !== undefined || alg.subscription_id !== undefined) {
    throw new TrainingError(
      400,
      'ModelArts.2755',
      'Saved and subscribed algorithms are not available in local mode.',
      'Give algorithm.code_dir with boot_file or command instead of algorithm.id.',
    );
  }
  const command = optionalString(alg, 'command', 8192);
  const codeDirRaw = optionalString(alg, 'code_dir', 1024);
  const codeDir = codeDirRaw === undefined ? undefined : storagePath(codeDirRaw, 'algorithm.code_dir');
  const bootFile =
    alg.boot_file === undefined || alg.boot_file === null ? undefined : bootFilePath(requiredString(alg, 'boot_file', 1024), codeDir);
  if (bootFile !== undefined && command !== undefined) throw invalid('Give algorithm.boot_file or algorithm.command, not both.');
  if (bootFile === undefined && command === undefined) {
    throw new TrainingError(
      400,
      'ModelArts.2806',
      'The algorithm needs a boot_file (with code_dir) or a command.',
      'Set algorithm.code_dir and algorithm.boot_file, or algorithm.command.',
    );
  }
  if (bootFile !== undefined && codeDir === undefined) throw invalid('algorithm.boot_file needs algorithm.code_dir.');

  const engine = resolveEngine(alg, deps.images, command !== undefined);
  const parameters = arrayAt(alg, 'parameters', 'algorithm.parameters').map((p, i) => parameter(p, i));
  const inputs = arrayAt(alg, 'inputs', 'algorithm.inputs').map((c, i) => channel(c, `algorithm.inputs[${i}]`, 'inputs'));
  const outputs = arrayAt(alg, 'outputs', 'algorithm.outputs').map((c, i) => channel(c, `algorithm.outputs[${i}]`, 'outputs'));
  const names = [...parameters.map((p) => p.name), ...inputs.map((c) => c.name), ...outputs.map((c) => c.name)];
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate)
    throw invalid(`The name ${duplicate} is used twice among parameters, inputs and outputs; each becomes a --${duplicate}= argument.`);
  const environments = environmentsOf(alg.environments);

  const spec = objectAt(req, 'spec', 'spec');
  const resource = objectAt(spec, 'resource', 'spec.resource');
  const flavorId = requiredString(resource, 'flavor_id', 128);
  const flavor = findFlavor(flavorId);
  if (!flavor)
    throw new TrainingError(
      400,
      'ModelArts.2781',
      `Flavor ${flavorId} does not exist in local mode.`,
      `List flavors with ${describeRoute(trainingJobRoutes.flavors)}.`,
    );
  const nodeCount = resource.node_count ?? 1;
  if (typeof nodeCount !== 'number' || !Number.isInteger(nodeCount) || nodeCount < 1)
    throw invalid('spec.resource.node_count must be a whole number of at least 1.');
  if (nodeCount > flavor.max_num)
    throw new TrainingError(
      400,
      'ModelArts.2793',
      `node_count ${nodeCount} is out of range: local jobs run on this one machine (max ${flavor.max_num}).`,
      'Set spec.resource.node_count to 1.',
    );
  const logExport = optionalObject(spec, 'log_export_path');
  const logUrl = logExport ? optionalString(logExport, 'obs_url', 1024) : undefined;
  const logPath = logUrl === undefined ? undefined : storagePath(logUrl, 'spec.log_export_path.obs_url');

  await checkStorage(deps.storage, codeDir, bootFile, inputs, outputs, logPath);
  return {
    kind: 'job',
    metadata: {
      name,
      description: optionalString(meta, 'description', 256) ?? '',
      workspace_id: workspaceId,
      create_time: Date.now(),
      user_name: 'local-user',
      annotations,
    },
    algorithm: {
      code_dir: codeDirRaw,
      boot_file: bootFile,
      command,
      parameters,
      engine,
      inputs,
      outputs,
      environments,
    },
    spec: { flavor_id: flavorId, node_count: nodeCount, log_export_path: logUrl === undefined ? undefined : { obs_url: logUrl } },
  };
}

function storagePath(value: string, field: string): StoragePath {
  try {
    return parseStoragePath(value, field);
  } catch (err) {
    throw invalid(
      err instanceof Error ? err.message : String(err),
      'Use a storage path like obs://bucket/dir/ (buckets are made through the local S3 endpoint).',
    );
  }
}

/**
 * boot_file relative to code_dir. ModelArts users also write it as a full storage path inside the
 * code dir (`obs://bucket/code/train.py`); that form is accepted and made relative.
 */
function bootFilePath(value: string, codeDir: StoragePath | undefined): string {
  let relative = value;
  if (/^(obs|s3):\/\//.test(value) || value.startsWith('/')) {
    const full = storagePath(value, 'algorithm.boot_file');
    const base = codeDir ? (codeDir.prefix === '' || codeDir.prefix.endsWith('/') ? codeDir.prefix : `${codeDir.prefix}/`) : undefined;
    if (!codeDir || full.bucket !== codeDir.bucket || base === undefined || !full.prefix.startsWith(base))
      throw invalid('algorithm.boot_file must lie inside algorithm.code_dir.');
    relative = full.prefix.slice(base.length);
  }
  const parts = relative.split('/');
  if (relative === '' || parts.some((p) => p === '' || p === '.' || p === '..') || relative.includes('\0'))
    throw invalid(`algorithm.boot_file must be a file path inside code_dir, not '${value}'.`);
  const ext = path.extname(relative);
  if (ext !== '.py' && ext !== '.sh')
    throw invalid('algorithm.boot_file must be a .py or .sh file (run with python3 or /bin/sh); use algorithm.command for anything else.');
  return relative;
}

function parameter(p: Record<string, unknown>, i: number): { name: string; value: string } {
  const name = p.name;
  if (typeof name !== 'string' || !channelName.test(name))
    throw invalid(`algorithm.parameters[${i}].name must be 1 to 64 letters, digits, '_', '.' or '-'.`);
  const value = p.value ?? '';
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
    throw invalid(`algorithm.parameters[${i}].value must be a string.`);
  const text = String(value);
  if (text.length > 4096 || text.includes('\0')) throw invalid(`algorithm.parameters[${i}].value must be at most 4096 characters.`);
  return { name, value: text };
}

function channel(c: Record<string, unknown>, label: string, kind: 'inputs' | 'outputs'): LocalJobChannel {
  const name = c.name;
  if (typeof name !== 'string' || !channelName.test(name)) throw invalid(`${label}.name must be 1 to 64 letters, digits, '_', '.' or '-'.`);
  const remote = objectAt(c, 'remote', `${label}.remote`);
  if (remote.dataset !== undefined)
    throw new TrainingError(
      400,
      'ModelArts.2783',
      `${label}: dataset inputs are not available to local jobs.`,
      'Use remote.obs.obs_url with a storage path.',
    );
  const obs = objectAt(remote, 'obs', `${label}.remote.obs`);
  const url = requiredString(obs, 'obs_url', 1024);
  storagePath(url, `${label}.remote.obs.obs_url`);
  return {
    name,
    description: optionalString(c, 'description', 256) ?? '',
    local_dir: `${kind}/${name}`,
    remote: { obs: { obs_url: url } },
  };
}

function stringMap(obj: Record<string, unknown>, label: string, max: number): Record<string, string> {
  const entries = Object.entries(obj);
  if (entries.length > max) throw invalid(`${label} may hold at most ${max} entries.`);
  for (const [k, v] of entries) if (typeof v !== 'string') throw invalid(`${label}.${k} must be a string.`);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** A map, or (as responses document it) an array of maps; ≤100 pairs, keys ≤8192, values ≤4096. */
function environmentsOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  const maps = Array.isArray(value) ? value : [value];
  const out: Record<string, string> = {};
  for (const m of maps) {
    if (typeof m !== 'object' || m === null || Array.isArray(m))
      throw invalid('algorithm.environments must be an object of string values.');
    for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
      if (!envName.test(k) || k.length > 8192)
        throw invalid(`algorithm.environments: ${JSON.stringify(k.slice(0, 64))} is not a valid variable name.`);
      if (typeof v !== 'string' || v.length > 4096 || v.includes('\0'))
        throw invalid(`algorithm.environments.${k} must be a string of at most 4096 characters.`);
      out[k] = v;
    }
  }
  if (Object.keys(out).length > 100) throw invalid('algorithm.environments may hold at most 100 variables.');
  return out;
}

const engineNotFound = (what: string) =>
  new TrainingError(
    400,
    'ModelArts.2780',
    `Engine ${what} does not exist in local mode.`,
    `List engines with ${describeRoute(trainingJobRoutes.engines)}, or give a registered image.`,
  );

/**
 * The engine from `engine.engine_id`, `engine.engine_name`+`engine_version` (full or short
 * version), `engine.image_url` (a preset's or a registered image's SWR path), or `image_id`
 * (on the algorithm or the engine). Local mode runs on this machine, so the image only names the
 * environment; a custom image (image_url / image_id) needs a command, as on ModelArts.
 */
function resolveEngine(alg: Record<string, unknown>, images: RecordStore<LocalImage>, hasCommand: boolean): LocalJobEngine {
  const eng = optionalObject(alg, 'engine') ?? {};
  const engineId = optionalString(eng, 'engine_id', 256);
  const engineName = optionalString(eng, 'engine_name', 128);
  const engineVersion = optionalString(eng, 'engine_version', 256);
  const imageUrl = optionalString(eng, 'image_url', 512);
  const imageId = optionalString(alg, 'image_id', 128) ?? optionalString(eng, 'image_id', 128);
  const engines = trainingEngines(images);
  if (engineId !== undefined) {
    const e = engines.find((x) => engineMatches(x, { engineId }));
    if (!e) throw engineNotFound(engineId);
    return { engine_id: e.engine_id, engine_name: e.engine_name, engine_version: e.engine_version, image_url: e.image_info.cpu_image_url };
  }
  if (engineName !== undefined || engineVersion !== undefined) {
    if (engineName === undefined || engineVersion === undefined)
      throw invalid('algorithm.engine needs both engine_name and engine_version.');
    const e = engines.find((x) => engineMatches(x, { engineName, engineVersion }));
    if (!e) throw engineNotFound(`${engineName} ${engineVersion}`);
    return { engine_id: e.engine_id, engine_name: e.engine_name, engine_version: e.engine_version, image_url: e.image_info.cpu_image_url };
  }
  if (imageUrl !== undefined || imageId !== undefined) {
    const img = allImages(images).find(
      (i) => (imageUrl !== undefined && (i.swr_path === imageUrl || i.name === imageUrl)) || (imageId !== undefined && i.id === imageId),
    );
    if (!img) throw engineNotFound(imageUrl ?? imageId ?? '');
    if (!hasCommand)
      throw new TrainingError(
        400,
        'ModelArts.2806',
        'A job on a custom image needs algorithm.command.',
        'Set algorithm.command, e.g. "python3 train.py".',
      );
    return { engine_id: '', engine_name: img.engine, engine_version: img.engine_version, image_url: img.swr_path };
  }
  throw engineNotFound('(none given)');
}

async function checkStorage(
  storage: StorageAccess,
  codeDir: StoragePath | undefined,
  bootFile: string | undefined,
  inputs: readonly LocalJobChannel[],
  outputs: readonly LocalJobChannel[],
  logPath: StoragePath | undefined,
): Promise<void> {
  const needBucket = async (where: StoragePath, field: string) => {
    if (!(await storage.bucketExists(where.bucket)))
      throw invalid(`${field}: bucket ${where.bucket} does not exist.`, 'Create the bucket through the local S3 endpoint first.');
  };
  if (codeDir) {
    await needBucket(codeDir, 'algorithm.code_dir');
    if (bootFile !== undefined) {
      const base = codeDir.prefix === '' || codeDir.prefix.endsWith('/') ? codeDir.prefix : `${codeDir.prefix}/`;
      const key = base + bootFile;
      if (!(await storage.list({ bucket: codeDir.bucket, prefix: key })).some((o) => o.key === key)) {
        throw invalid(`algorithm.boot_file ${bootFile} is not in ${codeDir.bucket}/${base}.`, 'Upload the code to code_dir first.');
      }
    }
  }
  for (const c of inputs) {
    const where = parseStoragePath(c.remote.obs.obs_url, 'input');
    await needBucket(where, `input ${c.name}`);
    if ((await storage.list(where)).length === 0)
      throw invalid(`input ${c.name}: nothing is stored at ${c.remote.obs.obs_url}.`, 'Upload the input data first, or fix obs_url.');
  }
  for (const c of outputs) await needBucket(parseStoragePath(c.remote.obs.obs_url, 'output'), `output ${c.name}`);
  if (logPath) await needBucket(logPath, 'spec.log_export_path.obs_url');
}
