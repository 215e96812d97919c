import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** A spec that cannot be used; the message names the file and what to change. */
export class JobSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobSpecError';
  }
}

/** A training job spec file: the v2 create body, in YAML (or JSON, which is YAML too). */
export interface JobSpec {
  readonly body: Record<string, unknown>;
  /** A local code dir that must be uploaded before the job is created, when the spec names one. */
  readonly localCodeDir?: string;
}

/**
 * Reads SPEC.yaml. `algorithm.code_dir` may be a local directory (absolute, or relative to the
 * spec file); everything else is passed to the API as written, which validates it.
 */
export function readJobSpec(file: string): JobSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new JobSpecError(`cannot read ${file}`);
  }
  let body: unknown;
  try {
    body = parseYaml(text);
  } catch (err) {
    throw new JobSpecError(`${file} is not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new JobSpecError(`${file} must hold a mapping: the training job's create body (kind, metadata, algorithm, spec)`);
  const spec = body as Record<string, unknown>;
  const algorithm = spec.algorithm as Record<string, unknown> | undefined;
  const codeDir = algorithm?.code_dir;
  if (typeof codeDir !== 'string' || /^(obs|s3):\/\//.test(codeDir)) return { body: spec };
  // ModelArts writes storage paths as /bucket/dir too; a path that exists locally is local code.
  const local = path.resolve(path.dirname(file), codeDir);
  let isDir: boolean;
  try {
    isDir = statSync(local).isDirectory();
  } catch {
    return { body: spec };
  }
  if (!isDir) throw new JobSpecError(`algorithm.code_dir ${codeDir} is a file; it must be a directory`);
  return { body: spec, localCodeDir: local };
}

/** The spec's `metadata.name`, which every create body needs. */
export function jobNameOf(spec: JobSpec, file: string): string {
  const metadata = spec.body.metadata as { name?: unknown } | undefined;
  if (typeof metadata?.name !== 'string' || metadata.name === '') throw new JobSpecError(`${file} needs metadata.name`);
  return metadata.name;
}

/** The create body with `algorithm.code_dir` pointing at where the local code was uploaded. */
export function withCodeDir(spec: JobSpec, codeDir: string): Record<string, unknown> {
  return { ...spec.body, algorithm: { ...(spec.body.algorithm as object), code_dir: codeDir } };
}
