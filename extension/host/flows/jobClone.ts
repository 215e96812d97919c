/**
 * Clone Job: a new job with the same code, engine, hyperparameters, inputs, outputs and resources
 * as an existing one, under a new name. Pure: the name rules and the create body built from a job.
 */
import type {
  JobAlgorithmRequest,
  JobChannel,
  JobEngine,
  TrainingJob,
  TrainingJobCreateRequest,
} from '../../core/api/resources/trainingJobTypes';
import type { Translate } from '../views/node';

/** What the flow asks (and what a script may pass to the command instead). */
export interface CloneChanges {
  readonly name: string;
  /** Undefined keeps the original's description. */
  readonly description?: string;
}

/** Job names: 1 to 64 letters, digits, - and _ (local mode accepts letters of any script, as it does for workspaces). */
export function jobNameProblem(name: string, t: Translate): string | undefined {
  if (name.trim() === '') return t('Enter a name.');
  if (!/^[\p{L}\p{N}_-]{1,64}$/u.test(name)) return t('Use 1 to 64 letters, digits, - and _.');
  return undefined;
}

export function jobDescriptionProblem(description: string, t: Translate): string | undefined {
  return description.length > 256 ? t('At most 256 characters.') : undefined;
}

/** `<name>-copy`, then `<name>-copy-2`, … : the first not in `taken`, cut to fit 64 characters. */
export function cloneName(name: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const candidate = `${name.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The engine as a create request names it: a preset by id (or name and version), a custom image
 * by its URL. Answers carry all of them resolved; sending one keeps the platform from seeing a
 * conflict (local mode answers an empty id for a custom image).
 */
function engineOf(engine: JobEngine | undefined): JobEngine | undefined {
  if (!engine) return undefined;
  if (engine.engine_id) return { engine_id: engine.engine_id };
  if (engine.image_url)
    return {
      image_url: engine.image_url,
      ...(engine.install_sys_packages !== undefined ? { install_sys_packages: engine.install_sys_packages } : {}),
    };
  if (engine.engine_name && engine.engine_version) return { engine_name: engine.engine_name, engine_version: engine.engine_version };
  return undefined;
}

/** A channel as the request takes it: answers add constraints and, locally, a relative local_dir the platform sets itself. */
function channelOf(c: JobChannel): JobChannel {
  return {
    name: c.name,
    remote: c.remote,
    ...(c.description ? { description: c.description } : {}),
    ...(c.local_dir?.startsWith('/') ? { local_dir: c.local_dir } : {}),
  };
}

/** Drops undefined fields, so the body carries only what the original had. */
function defined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The create body for a copy of `job`. A saved algorithm is referred to by id; otherwise the code
 * (code_dir with boot_file, or a command) and the engine are copied. A boot file wins over a
 * command: the platform refuses both at once, and an answer may show a command it derived.
 * Hyperparameters keep their values and descriptions, not the constraints answers add.
 */
export function cloneRequest(job: TrainingJob, changes: CloneChanges): TrainingJobCreateRequest {
  const a = job.algorithm;
  const shared = defined({
    parameters: a.parameters?.map((p) => defined({ name: p.name, value: p.value, description: p.description || undefined })),
    inputs: a.inputs?.map(channelOf),
    outputs: a.outputs?.map(channelOf),
    environments: a.environments,
  });
  const algorithm: JobAlgorithmRequest = a.id
    ? defined({ id: a.id, subscription_id: a.subscription_id, item_version_id: a.item_version_id, ...shared })
    : defined({
        code_dir: a.code_dir,
        boot_file: a.boot_file,
        command: a.boot_file ? undefined : a.command,
        engine: engineOf(a.engine),
        local_code_dir: a.local_code_dir,
        working_dir: a.working_dir,
        ...shared,
      });
  const description = changes.description ?? job.metadata.description;
  const r = job.spec.resource;
  return {
    kind: 'job',
    metadata: defined({
      name: changes.name,
      workspace_id: job.metadata.workspace_id,
      description: description || undefined,
      annotations: job.metadata.annotations,
    }),
    algorithm,
    spec: defined({
      resource: defined({ flavor_id: r.flavor_id, node_count: r.node_count, pool_id: r.pool_id }),
      log_export_path: job.spec.log_export_path?.obs_url ? { obs_url: job.spec.log_export_path.obs_url } : undefined,
      volumes: job.spec.volumes?.length ? job.spec.volumes : undefined,
      schedule_policy: job.spec.schedule_policy,
    }),
  };
}
