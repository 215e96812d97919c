import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { messages } from '../util/translate';
import { JobSpecError } from './specError';
import { type SchemaCheckOptions, schemaProblems } from './specSchema';
import { type FieldPart, type FieldPath, parseSpecText } from './specText';

export { JobSpecError } from './specError';

/** A training job spec file: the v2 create body, in YAML (or JSON, which is YAML too). */
export interface JobSpec {
  /** The spec file, absolute. */
  readonly file: string;
  readonly body: Record<string, unknown>;
  /** A local code dir that must be uploaded before the job is created, when the spec names one. */
  readonly localCodeDir?: string;
  /** An error about a field, at the place the field is written (or its nearest written parent). */
  fieldError(field: FieldPath, message: string, part?: FieldPart): JobSpecError;
}

/** How a spec's messages are written: translated, naming the file as shown, quoting the schema in a language. */
export type ReadSpecOptions = SchemaCheckOptions;

/**
 * Reads SPEC.yaml. `algorithm.code_dir` may be a local directory (absolute, or relative to the
 * spec file); everything else is passed to the API as written (see `specCheck.ts` for what is
 * checked before anything is uploaded). Every problem is a {@link JobSpecError} with its place.
 */
export function readJobSpec(file: string, opts: ReadSpecOptions = {}): JobSpec {
  const t = opts.t ?? messages;
  let text: string;
  try {
    text = readFileSync(path.resolve(file), 'utf8');
  } catch (err) {
    throw new JobSpecError(t('Cannot read {0}: {1}', opts.shown ?? file, (err as NodeJS.ErrnoException).code ?? String(err)));
  }
  return jobSpecFromText(text, file, opts);
}

/**
 * A spec from its text (an editor's unsaved document, or a file read): the YAML and the schema
 * are checked here, and the first problem is thrown (`validateJobSpecText` lists them all).
 */
export function jobSpecFromText(text: string, file: string, opts: ReadSpecOptions = {}): JobSpec {
  const t = opts.t ?? messages;
  const parsed = parseSpecText(text, file, opts);
  const problem = parsed.problems[0] ?? schemaProblems(parsed, opts)[0];
  if (problem) throw problem;
  const spec = parsed.body ?? {};
  const base = { file: parsed.file, body: spec, fieldError: parsed.fieldError };
  const algorithm = spec.algorithm as Record<string, unknown> | undefined;
  const codeDir = algorithm?.code_dir;
  if (typeof codeDir !== 'string' || /^(obs|s3):\/\//.test(codeDir)) return base;
  // ModelArts writes storage paths as /bucket/dir too; a path that exists locally is local code.
  const local = path.resolve(path.dirname(parsed.file), codeDir);
  let isDir: boolean;
  try {
    isDir = statSync(local).isDirectory();
  } catch {
    return base;
  }
  if (!isDir) throw parsed.fieldError(['algorithm', 'code_dir'], t('algorithm.code_dir {0} is a file; it must be a folder', codeDir));
  return { ...base, localCodeDir: local };
}

/** The spec's `metadata.name`, which the schema has checked by the platform's rule. */
export function jobNameOf(spec: JobSpec): string {
  return String((spec.body.metadata as { name?: unknown }).name);
}

/** The create body with `algorithm.code_dir` pointing at where the local code was uploaded. */
export function withCodeDir(spec: JobSpec, codeDir: string): Record<string, unknown> {
  return { ...spec.body, algorithm: { ...(spec.body.algorithm as object), code_dir: codeDir } };
}
