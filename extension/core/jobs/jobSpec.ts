import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { FileLocation } from '../util/fileLocation';
import { messages, type Translate } from '../util/translate';

/**
 * A spec that cannot be used. The message starts with the place (`spec.yaml:3:5: …`, as compilers
 * write it, so terminals and the editor can link it) and names the field and what to change;
 * `location` is that place, for an editor to open the file there.
 */
export class JobSpecError extends Error {
  constructor(
    message: string,
    readonly location?: FileLocation,
  ) {
    super(message);
    this.name = 'JobSpecError';
  }
}

/** A training job spec file: the v2 create body, in YAML (or JSON, which is YAML too). */
export interface JobSpec {
  /** The spec file, absolute. */
  readonly file: string;
  readonly body: Record<string, unknown>;
  /** A local code dir that must be uploaded before the job is created, when the spec names one. */
  readonly localCodeDir?: string;
  /** An error about a field, at the place the field is written (or its nearest written parent). */
  fieldError(field: readonly (string | number)[], message: string): JobSpecError;
}

export interface ReadSpecOptions {
  readonly t?: Translate;
  /** How messages name the file (default: as given): the CLI's argument, the editor's workspace-relative path. */
  readonly shown?: string;
}

/** A metadata.name the platform accepts: letters (any script), digits, `-` and `_`, 1 to 64 characters. */
export const jobNamePattern = /^[\p{L}\p{N}_-]{1,64}$/u;

/**
 * Reads SPEC.yaml. `algorithm.code_dir` may be a local directory (absolute, or relative to the
 * spec file); everything else is passed to the API as written (see `specCheck.ts` for what is
 * checked before anything is uploaded). Every problem is a {@link JobSpecError} with its place.
 */
export function readJobSpec(file: string, opts: ReadSpecOptions = {}): JobSpec {
  const t = opts.t ?? messages;
  const shown = opts.shown ?? file;
  const absolute = path.resolve(file);
  const at = (line: number, column: number, message: string) =>
    new JobSpecError(`${shown}:${line}:${column}: ${message}`, { file: absolute, line, column });
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (err) {
    throw new JobSpecError(t('Cannot read {0}: {1}', shown, (err as NodeJS.ErrnoException).code ?? String(err)));
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = lines.linePos(yamlError.pos[0]);
    throw at(line, col, t('not valid YAML: {0}', yamlError.message.replace(/[\s:]+$/, '')));
  }
  let body: unknown;
  try {
    body = doc.toJS();
  } catch (err) {
    // An alias to nothing (`*name`) fails only here, without a place.
    throw at(1, 1, t('not valid YAML: {0}', err instanceof Error ? err.message : String(err)));
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw at(1, 1, t('the spec must be a mapping: the training job’s create body (kind, metadata, algorithm, spec)'));
  const fieldError = (field: readonly (string | number)[], message: string) => {
    const { line, col } = lines.linePos(offsetOf(doc, field));
    return at(line, col, message);
  };
  const spec = body as Record<string, unknown>;
  const base = { file: absolute, body: spec, fieldError };
  const algorithm = spec.algorithm as Record<string, unknown> | undefined;
  const codeDir = algorithm?.code_dir;
  if (typeof codeDir !== 'string' || /^(obs|s3):\/\//.test(codeDir)) return base;
  // ModelArts writes storage paths as /bucket/dir too; a path that exists locally is local code.
  const local = path.resolve(path.dirname(absolute), codeDir);
  let isDir: boolean;
  try {
    isDir = statSync(local).isDirectory();
  } catch {
    return base;
  }
  if (!isDir) throw fieldError(['algorithm', 'code_dir'], t('algorithm.code_dir {0} is a file; it must be a folder', codeDir));
  return { ...base, localCodeDir: local };
}

/** Where `field` is written: its value, or the nearest parent that is written, or the start. */
function offsetOf(doc: Document, field: readonly (string | number)[]): number {
  for (let depth = field.length; depth > 0; depth--) {
    const node = doc.getIn(field.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return node.range[0];
  }
  return 0;
}

/** The spec's `metadata.name`, which every create body needs, checked by the platform's rule. */
export function jobNameOf(spec: JobSpec, t: Translate = messages): string {
  const metadata = spec.body.metadata as { name?: unknown } | undefined;
  const name = metadata?.name;
  if (typeof name !== 'string' || name === '')
    throw spec.fieldError(['metadata', 'name'], t('metadata.name is required: 1 to 64 letters, digits, - and _'));
  if (!jobNamePattern.test(name))
    throw spec.fieldError(
      ['metadata', 'name'],
      t('metadata.name {0} may hold only letters, digits, - and _ (1 to 64 characters)', JSON.stringify(name)),
    );
  return name;
}

/** The create body with `algorithm.code_dir` pointing at where the local code was uploaded. */
export function withCodeDir(spec: JobSpec, codeDir: string): Record<string, unknown> {
  return { ...spec.body, algorithm: { ...(spec.body.algorithm as object), code_dir: codeDir } };
}
