/**
 * The job spec's JSON Schema (`jobSpec.schema.json`, the one source) checked with ajv, each
 * mistake turned into a {@link JobSpecError} at the field's line and column that says what is
 * expected. The same file is what the YAML extension reads through `yamlValidation` (the build
 * writes an English and a Chinese copy to `dist/`, see esbuild.mjs), so completion, hover and
 * these checks cannot disagree.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { languageCode, messages } from '../util/translate';
import schema from './jobSpec.schema.json';
import { type SpecSchemaNode, describeSchemaError, type SchemaLanguage } from './specSchemaMessages';
import type { JobSpecError } from './specError';
import { parseSpecText, type SpecText, type SpecTextOptions } from './specText';

export { type SchemaLanguage } from './specSchemaMessages';

/** The schema, as the build writes it for the YAML extension. */
export const jobSpecSchema: SpecSchemaNode = schema;

/** The annotation that holds a description's Chinese text (the build makes `description` of it for zh-cn). */
export const zhDescriptionKeyword = 'x-description-zh-cn';

let compiled: ValidateFunction | undefined;

/** Compiled once: ajv turns the schema into code, which takes longer than any one check. */
function validator(): ValidateFunction {
  if (!compiled) {
    // verbose: each error carries its schema node, whose description says what is expected.
    const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true });
    ajv.addKeyword(zhDescriptionKeyword);
    compiled = ajv.compile(jobSpecSchema);
  }
  return compiled;
}

export interface SchemaCheckOptions extends SpecTextOptions {
  /** The language of the schema's descriptions quoted in messages (default English). */
  readonly language?: SchemaLanguage;
}

/** The schema's mistakes in a parsed spec, in the order of the file. */
export function schemaProblems(spec: SpecText, opts: SchemaCheckOptions = {}): JobSpecError[] {
  if (!spec.body) return [];
  const validate = validator();
  if (validate(spec.body)) return [];
  const t = opts.t ?? messages;
  const language = opts.language ?? languageCode();
  const errors = relevant(validate.errors ?? []);
  const seen = new Set<string>();
  const problems: JobSpecError[] = [];
  for (const error of errors) {
    const { field, part, message } = describeSchemaError(error, spec.body, t, language);
    const problem = spec.fieldError(field, message, part);
    // allErrors finds one mistake by several rules at times (a type and a pattern): say it once.
    if (seen.has(problem.message)) continue;
    seen.add(problem.message);
    problems.push(problem);
  }
  return problems.sort(
    (a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
}

/**
 * The errors a person needs. An `anyOf` (environments: a mapping, or a list of mappings) fails
 * with every branch's errors: keep those of the branch the value's shape chose, not "must be an
 * array" about a mapping, and not the `anyOf` itself when a branch says more.
 */
function relevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  return errors.filter((e) => {
    if (e.keyword === 'anyOf')
      return !errors.some(
        (o) => o.instancePath.startsWith(`${e.instancePath}/`) || (o !== e && o.instancePath === e.instancePath && o.keyword !== 'type'),
      );
    if (e.keyword === 'type' && anyOfPaths.has(e.instancePath) && e.schemaPath.includes('/anyOf/')) return false;
    // An empty or overlong name breaks its pattern too: the length says it better.
    if (e.keyword === 'pattern') return !errors.some((o) => o.instancePath === e.instancePath && /^m(in|ax)Length$/.test(o.keyword));
    return true;
  });
}

/**
 * Every problem of a spec's text that needs no platform and no disk: its YAML, then the schema.
 * For the editor (diagnostics on unsaved text), the CLI's `job validate` and other helpers
 * (CodeLens, tasks). An empty list: the spec is well formed; the platform's lists are checked by
 * `checkJobSpec`.
 */
export function validateJobSpecText(text: string, file: string, opts: SchemaCheckOptions = {}): JobSpecError[] {
  const spec = parseSpecText(text, file, opts);
  return spec.problems.length > 0 ? [...spec.problems] : schemaProblems(spec, opts);
}
