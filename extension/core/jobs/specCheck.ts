/**
 * Everything about a spec that can be checked before anything is uploaded or created, so a typo
 * costs a second, not an upload and a failed create: the YAML and the JSON Schema (read with the
 * spec, `jobSpec.ts`, `specSchema.ts`), then that the boot file is among the code that will be
 * uploaded, and that the engine and the flavor are ones the platform lists (its own list routes).
 * Each problem is a {@link JobSpecError} at the field's place in the file. The platform checks
 * everything again.
 */
import { isPlatformError } from '../api/errors';
import type { TrainingEngine, TrainingFlavor } from '../api/resources/trainingJobTypes';
import { messages, type Translate } from '../util/translate';
import { type CodeFiles, listCodeFiles } from './codeFiles';
import { type EngineRef, engineMatches } from './engineMatch';
import { type JobSpec, JobSpecError, jobNameOf, readJobSpec, type ReadSpecOptions } from './jobSpec';
import path from 'node:path';

/** The platform's lists a spec is checked against (`api.trainingJobs`). */
export interface JobCatalog {
  engines(options?: { signal?: AbortSignal }): Promise<readonly TrainingEngine[]>;
  flavors(options?: { signal?: AbortSignal }): Promise<readonly TrainingFlavor[]>;
}

/** A spec ready to submit: checked, named, and with the local code to upload listed. */
export interface PreparedJob {
  readonly spec: JobSpec;
  readonly name: string;
  /** When `algorithm.code_dir` is a local folder: the files that go up and the ones left out. */
  readonly code?: { readonly dir: string } & CodeFiles;
}

export interface PrepareOptions extends ReadSpecOptions {
  /** The CLI's messages name the command that lists valid values; the editor's list them only. */
  readonly surface: 'cli' | 'editor';
  readonly signal?: AbortSignal;
}

/** Reads SPEC.yaml and checks it; nothing is uploaded or created. */
export async function prepareJobSubmission(file: string, catalog: JobCatalog, opts: PrepareOptions): Promise<PreparedJob> {
  // async: a problem of the file itself rejects, as the platform's do, rather than throwing.
  return checkJobSpec(readJobSpec(file, opts), catalog, opts);
}

/** Checks a spec already read (the editor reads it first, for the job's name in its progress title). */
export async function checkJobSpec(spec: JobSpec, catalog: JobCatalog, opts: PrepareOptions): Promise<PreparedJob> {
  const t = opts.t ?? messages;
  const code = await codeOf(spec, opts);
  if (code) checkBootFile(spec, algorithmOf(spec), code, t);
  await checkEngine(spec, algorithmOf(spec), catalog, opts, t);
  await checkFlavor(spec, resourceOf(spec), catalog, opts, t);
  return { spec, name: jobNameOf(spec), ...(code ? { code } : {}) };
}

/**
 * Every problem `checkJobSpec` would find one at a time, for the editor's diagnostics: the boot
 * file (when `withCode`: it lists the code folder), the engine and the flavor. Problems other
 * than a spec's (the platform not answering) are thrown.
 */
export async function jobSpecPlatformProblems(
  spec: JobSpec,
  catalog: JobCatalog,
  opts: PrepareOptions & { readonly withCode?: boolean },
): Promise<JobSpecError[]> {
  const t = opts.t ?? messages;
  const problems: JobSpecError[] = [];
  const collect = async (check: () => unknown) => {
    try {
      await check();
    } catch (err) {
      if (!(err instanceof JobSpecError)) throw err;
      problems.push(err);
    }
  };
  if (opts.withCode)
    await collect(async () => {
      const code = await codeOf(spec, opts);
      if (code) checkBootFile(spec, algorithmOf(spec), code, t);
    });
  await collect(() => checkEngine(spec, algorithmOf(spec), catalog, opts, t));
  await collect(() => checkFlavor(spec, resourceOf(spec), catalog, opts, t));
  return problems;
}

/** The schema has made sure these are mappings (`algorithm`, `spec.resource`). */
const algorithmOf = (spec: JobSpec) => spec.body.algorithm as Record<string, unknown>;
const resourceOf = (spec: JobSpec) => (spec.body.spec as { resource: Record<string, unknown> }).resource;

/** The files of a local code_dir that go up, and the ones left out. */
async function codeOf(spec: JobSpec, opts: PrepareOptions): Promise<PreparedJob['code']> {
  if (!spec.localCodeDir) return undefined;
  const dir = spec.localCodeDir;
  const algorithm = algorithmOf(spec);
  const specRel = path.relative(dir, spec.file).split(path.sep).join('/');
  const files = await listCodeFiles(dir, {
    // The spec is the job's request, not its code: it stays home unless the job reads it.
    exclude: (rel) => rel === specRel && !mentions(algorithm, rel),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { dir, ...files };
}

/** Whether the job's command, boot file or a parameter value names the file (by path or by name). */
function mentions(algorithm: Record<string, unknown>, rel: string): boolean {
  const words = [algorithm.command, algorithm.boot_file, ...(Array.isArray(algorithm.parameters) ? algorithm.parameters : [])]
    .map((v) => (typeof v === 'object' && v !== null ? (v as { value?: unknown }).value : v))
    .filter((v): v is string => typeof v === 'string');
  const base = path.posix.basename(rel);
  return words.some((w) => w.includes(rel) || w.includes(base));
}

/** A boot file that would not be uploaded fails now, not when the platform cannot find it. */
function checkBootFile(spec: JobSpec, algorithm: Record<string, unknown>, code: CodeFiles, t: Translate): void {
  const bootFile = algorithm.boot_file;
  if (typeof bootFile !== 'string') return;
  const rel = bootFile.replace(/^\.\//, '');
  if (code.files.some((f) => f.rel === rel)) return;
  const field = ['algorithm', 'boot_file'];
  if (code.ignored.some((i) => rel === i || rel.startsWith(`${i}/`)))
    throw spec.fieldError(field, t('algorithm.boot_file {0} is left out of the upload by .gitignore or .modelartsignore', bootFile));
  throw spec.fieldError(field, t('algorithm.boot_file {0} is not in algorithm.code_dir {1}', bootFile, String(algorithm.code_dir)));
}

async function checkEngine(
  spec: JobSpec,
  algorithm: Record<string, unknown>,
  catalog: JobCatalog,
  opts: PrepareOptions,
  t: Translate,
): Promise<void> {
  const engine = algorithm.engine as Record<string, unknown> | undefined;
  const ref: EngineRef | undefined =
    typeof engine?.engine_id === 'string'
      ? { engineId: engine.engine_id }
      : typeof engine?.engine_name === 'string' && (typeof engine.engine_version === 'string' || typeof engine.engine_version === 'number')
        ? { engineName: engine.engine_name, engineVersion: String(engine.engine_version) }
        : undefined;
  // A custom image (image_url, image_id) is the platform's to check: engines do not list images.
  if (!ref) return;
  const engines = await listed(() => catalog.engines(signalOf(opts)));
  if (!engines || engines.some((e) => engineMatches(e, ref))) return;
  const named = 'engineId' in ref ? ref.engineId : `${ref.engineName} ${ref.engineVersion}`;
  const offered = shortList(
    engines.map((e) => `${e.engine_name} ${e.image_info?.image_version ?? e.engine_version}`),
    t,
  );
  const message = t('algorithm.engine: the platform has no engine {0}. Its engines: {1}.', named, offered);
  throw spec.fieldError(['algorithm', 'engine'], withCommand(message, opts, 'modelarts job engines', t));
}

async function checkFlavor(
  spec: JobSpec,
  resource: Record<string, unknown>,
  catalog: JobCatalog,
  opts: PrepareOptions,
  t: Translate,
): Promise<void> {
  const field = ['spec', 'resource', 'flavor_id'];
  const flavorId = resource.flavor_id as string;
  // A dedicated pool has flavors of its own, which the public list does not hold.
  if (resource.pool_id !== undefined) return;
  const flavors = await listed(() => catalog.flavors(signalOf(opts)));
  if (!flavors || flavors.some((f) => f.flavor_id === flavorId)) return;
  const message = t(
    'spec.resource.flavor_id: the platform has no flavor {0}. Its flavors: {1}.',
    flavorId,
    shortList(
      flavors.map((f) => f.flavor_id),
      t,
    ),
  );
  throw spec.fieldError(field, withCommand(message, opts, 'modelarts job flavors', t));
}

/** The list, or undefined when the platform answers but will not list (no permission): it checks at create. */
async function listed<T>(list: () => Promise<readonly T[]>): Promise<readonly T[] | undefined> {
  try {
    return await list();
  } catch (err) {
    if (isPlatformError(err) && err.kind === 'http') return undefined;
    throw err;
  }
}

function signalOf(opts: PrepareOptions): { signal?: AbortSignal } {
  return opts.signal ? { signal: opts.signal } : {};
}

function withCommand(message: string, opts: PrepareOptions, command: string, t: Translate): string {
  return opts.surface === 'cli' ? `${message} ${t('`{0}` lists them.', command)}` : message;
}

/** "a, b, c" of the distinct values, the first eight and how many more. */
function shortList(values: readonly string[], t: Translate): string {
  const distinct = [...new Set(values)];
  if (distinct.length === 0) return t('(the platform lists none)');
  const shown = distinct.slice(0, 8).join(', ');
  return distinct.length > 8 ? t('{0} and {1} more', shown, distinct.length - 8) : shown;
}
