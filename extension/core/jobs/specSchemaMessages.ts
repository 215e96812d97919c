/**
 * What one ajv error means to the person who wrote the spec: the field as they write it
 * (`algorithm.parameters[0].value`), where to point (a field's value, or its key when the key is
 * the mistake), and what is expected: the allowed values, the type in words, or the schema's own
 * description of the field in the reader's language.
 */
import type { ErrorObject } from 'ajv';
import { plural } from '../util/plural';
import type { Translate } from '../util/translate';
import type { FieldPart, FieldPath } from './specText';

/** The languages the schema's descriptions are written in. */
export type SchemaLanguage = 'en' | 'zh-cn';

/** The parts of a JSON Schema node the messages read. */
export interface SpecSchemaNode {
  readonly description?: string;
  readonly 'x-description-zh-cn'?: string;
  readonly properties?: Readonly<Record<string, SpecSchemaNode>>;
  readonly items?: SpecSchemaNode;
  readonly $ref?: string;
  readonly definitions?: Readonly<Record<string, SpecSchemaNode>>;
  readonly [keyword: string]: unknown;
}

export interface SchemaErrorText {
  readonly field: FieldPath;
  readonly part: FieldPart;
  readonly message: string;
}

/** A node's description in the language, without its closing full stop (a message goes on after it). */
export function descriptionOf(node: SpecSchemaNode | undefined, language: SchemaLanguage): string | undefined {
  const text = (language === 'zh-cn' ? node?.['x-description-zh-cn'] : undefined) ?? node?.description;
  return text?.replace(/[.。]$/, '');
}

/** `['algorithm', 'parameters', 0]` as written in messages: `algorithm.parameters[0]`. */
export function fieldName(field: FieldPath): string {
  return field.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** A JSON pointer (`/algorithm/parameters/0`) as a field path, list indexes as numbers. */
function pathOf(pointer: string, body: unknown): (string | number)[] {
  if (pointer === '') return [];
  const keys: (string | number)[] = [];
  let value: unknown = body;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(value) ? Number(key) : undefined;
    keys.push(index ?? key);
    value = (value as Record<string | number, unknown> | undefined)?.[index ?? key];
  }
  return keys;
}

function valueAt(body: unknown, field: FieldPath): unknown {
  let value = body;
  for (const key of field) value = (value as Record<string | number, unknown> | undefined)?.[key];
  return value;
}

function typeWords(types: readonly string[], t: Translate): string {
  const words = types.map((type) => {
    switch (type) {
      case 'string':
        return t('text');
      case 'number':
        return t('a number');
      case 'integer':
        return t('a whole number');
      case 'boolean':
        return t('true or false');
      case 'object':
        return t('a mapping');
      case 'array':
        return t('a list');
      default:
        return type;
    }
  });
  return words.reduce((all, w) => t('{0} or {1}', all, w));
}

/** The nearest name among `names` to a mistyped one (a letter or two off, or a different case). */
export function closestName(name: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of names) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 4)) && (!best || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function atMost(limit: number, name: string, what: 'characters' | 'entries', t: Translate): string {
  return what === 'characters'
    ? plural(limit, {
        one: t('{0} may have at most {1} character', name, limit),
        other: t('{0} may have at most {1} characters', name, limit),
      })
    : plural(limit, { one: t('{0} may have at most {1} entry', name, limit), other: t('{0} may have at most {1} entries', name, limit) });
}

/** One ajv error (compiled with `verbose`, so it carries its schema node) in words. */
export function describeSchemaError(error: ErrorObject, body: unknown, t: Translate, language: SchemaLanguage): SchemaErrorText {
  const at = pathOf(error.instancePath, body);
  const parent = (error.parentSchema ?? {}) as SpecSchemaNode;
  const name = fieldName(at);
  const params = error.params as Record<string, unknown>;
  const expected = (node: SpecSchemaNode | undefined, message: string) => {
    const description = descriptionOf(node, language);
    return description ? t('{0}. Expected: {1}', message, description) : message;
  };
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const field = [...at, missing];
      const message = t('{0} is required', fieldName(field));
      return { field: at, part: 'value', message: expected(parent.properties?.[missing], message) };
    }
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      const known = Object.keys(parent.properties ?? {});
      const where = at.length === 0 ? t('the spec') : name;
      const closest = closestName(unknown, known);
      const message = closest
        ? t('{0} is not a field of {1}. Did you mean {2}?', unknown, where, closest)
        : t('{0} is not a field of {1}. Its fields: {2}', unknown, where, known.join(', '));
      return { field: [...at, unknown], part: 'key', message };
    }
    case 'dependencies': {
      const property = String(params.property);
      const message = t(
        '{0} is written without {1}, which it needs',
        fieldName([...at, property]),
        fieldName([...at, String(params.missingProperty)]),
      );
      return { field: [...at, property], part: 'key', message };
    }
    case 'type': {
      const types = String(params.type).split(',');
      const value = valueAt(body, at);
      if (types.includes('string') && (typeof value === 'number' || typeof value === 'boolean'))
        return { field: at, part: 'value', message: t('{0} must be text: write it in quotes, {1}', name, JSON.stringify(String(value))) };
      return { field: at, part: 'value', message: t('{0} must be {1}', name, typeWords(types, t)) };
    }
    case 'enum': {
      const values = (params.allowedValues as readonly unknown[]).map((v) => String(v)).join(', ');
      return { field: at, part: 'value', message: t('{0} must be one of: {1}', name, values) };
    }
    case 'pattern': {
      const message = t('{0} {1} is not valid', name, JSON.stringify(valueAt(body, at)));
      return { field: at, part: 'value', message: expected(parent, message) };
    }
    case 'minLength':
      return { field: at, part: 'value', message: expected(parent, t('{0} must not be empty', name)) };
    case 'maxLength':
      return { field: at, part: 'value', message: atMost(Number(params.limit), name, 'characters', t) };
    case 'minimum':
      return { field: at, part: 'value', message: t('{0} must be at least {1}', name, Number(params.limit)) };
    case 'maxProperties':
      return { field: at, part: 'value', message: atMost(Number(params.limit), name, 'entries', t) };
    default:
      return { field: at, part: 'value', message: `${name || t('the spec')}: ${error.message ?? error.keyword}` };
  }
}
