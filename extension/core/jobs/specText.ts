/**
 * A spec's text parsed once, with the places of its fields: every check (YAML, schema, the
 * platform's lists) reports at the field's own line and column, from the `yaml` package's node
 * ranges, so the CLI, the editor's diagnostics and the submit path point at the same spot.
 */
import path from 'node:path';
import { type Document, isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { messages, type Translate } from '../util/translate';
import { JobSpecError } from './specError';

/** A field's path in the spec: `['algorithm', 'parameters', 0, 'value']`. */
export type FieldPath = readonly (string | number)[];

/** Which part of a field a message points at: its value (the default) or its key (an unknown or misplaced field). */
export type FieldPart = 'value' | 'key';

export interface SpecTextOptions {
  readonly t?: Translate;
  /** How messages name the file (default: as given): the CLI's argument, the editor's workspace-relative path. */
  readonly shown?: string;
}

export interface SpecText {
  /** The file, absolute. */
  readonly file: string;
  /** The body when the text is a YAML mapping. */
  readonly body?: Record<string, unknown>;
  /** YAML problems: the text is not a usable mapping when there are any. */
  readonly problems: readonly JobSpecError[];
  /** An error at the place `field` is written (or its nearest written parent). */
  fieldError(field: FieldPath, message: string, part?: FieldPart): JobSpecError;
}

/** Parses a spec's text; YAML problems are returned, not thrown, each at its place. */
export function parseSpecText(text: string, file: string, opts: SpecTextOptions = {}): SpecText {
  const t = opts.t ?? messages;
  const shown = opts.shown ?? file;
  const absolute = path.resolve(file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const errorAt = (start: number, end: number | undefined, message: string) => {
    const { line, col } = lines.linePos(start);
    const until = end !== undefined && end > start ? lines.linePos(end) : undefined;
    return new JobSpecError(
      `${shown}:${line}:${col}: ${message}`,
      { file: absolute, line, column: col },
      until ? { line: until.line, column: until.col } : undefined,
    );
  };
  const fieldError = (field: FieldPath, message: string, part: FieldPart = 'value') => {
    const [start, end] = rangeOf(doc, text, field, part);
    return errorAt(start, end, message);
  };
  const yamlErrors = doc.errors.map((e) => errorAt(e.pos[0], e.pos[1], t('not valid YAML: {0}', e.message.replace(/[\s:]+$/, ''))));
  if (yamlErrors.length > 0) return { file: absolute, problems: yamlErrors, fieldError };
  let body: unknown;
  try {
    body = doc.toJS();
  } catch (err) {
    // An alias to nothing (`*name`) fails only here, without a place.
    const message = t('not valid YAML: {0}', err instanceof Error ? err.message : String(err));
    return { file: absolute, problems: [errorAt(0, undefined, message)], fieldError };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const message = t('the spec must be a mapping: the training job’s create body (kind, metadata, algorithm, spec)');
    return { file: absolute, problems: [errorAt(0, undefined, message)], fieldError };
  }
  return { file: absolute, body: body as Record<string, unknown>, problems: [], fieldError };
}

interface Ranged {
  range?: [number, number, number] | null;
}

/**
 * The offsets of a field's value (or key), else of the nearest parent written, else the start.
 * A key is found in its mapping's pairs: `getIn` answers values only.
 */
function rangeOf(doc: Document, text: string, field: FieldPath, part: FieldPart): [number, number | undefined] {
  if (part === 'key' && field.length > 0) {
    const parent = field.length === 1 ? doc.contents : doc.getIn(field.slice(0, -1), true);
    const last = field[field.length - 1];
    if (isMap(parent)) {
      for (const pair of parent.items) {
        const key = pair.key as (Ranged & { value?: unknown }) | null;
        if (key?.range && String(key.value) === String(last)) return [key.range[0], key.range[1]];
      }
    }
  }
  for (let depth = field.length; depth > 0; depth--) {
    const node = doc.getIn(field.slice(0, depth), true) as Ranged | null | undefined;
    // An empty value (`engine:` and nothing) has no width: the key is the place to point at.
    if (node?.range && node.range[1] > node.range[0]) return [node.range[0], endOfFirstLine(text, node)];
    if (node?.range || node === null) {
      const [keyStart, keyEnd] = rangeOf(doc, text, field.slice(0, depth), 'key');
      if (keyEnd !== undefined) return [keyStart, keyEnd];
    }
  }
  return [0, undefined];
}

/** A mapping or list spans many lines: underline its first line only, as compilers do. */
function endOfFirstLine(text: string, node: Ranged): number | undefined {
  const range = node.range;
  if (!range) return undefined;
  if (!isMap(node) && !isSeq(node)) return range[1];
  const newline = text.indexOf('\n', range[0]);
  return newline < 0 || newline > range[1] ? range[1] : newline;
}
