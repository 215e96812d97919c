import type { SampleListQuery } from '../../../core/api/routes/datasets';
import { Errors } from '../../http/apiError';
import type { RouteQuery } from '../../http/router';
import { sampleStates } from './model';
import type { SampleFilter } from './sampleIndex';

/**
 * The samples list's filters (OTC ListSamples): `sample_state`, `label_name`, `label_type`,
 * `sample_type`, and `search_conditions`, a URL-encoded JSON array of conditions, all of which
 * must hold. Of the platform's condition keys local mode serves `sample_name` (a part of the
 * sample name, any case: the reference says only "search by sample name, including the file name
 * extension", so whether the cloud matches a part or the whole name is unsure) and `hard` (`"1"`
 * hard examples, `"0"` the others; the platform documents strings, numbers and booleans are taken
 * too). Any other key is refused by name rather than ignored, so a filter never silently widens.
 */

const maxConditions = 16;
const maxNamePart = 256;

/** `sample_state`, checked: null for none. */
export function readState(query: RouteQuery<{ readonly sample_state?: string }>): string | null {
  const state = query.get('sample_state');
  if (state !== null && state !== '' && !(sampleStates as readonly string[]).includes(state)) {
    throw Errors.badRequest(`sample_state must be one of ${sampleStates.join(', ')} (__ALL__ = labelled, __NONE__ = unlabelled).`);
  }
  return state === '' ? null : state;
}

function wholeNumber(query: RouteQuery<SampleListQuery>, name: 'label_type' | 'sample_type', what: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw Errors.badRequest(`${name} must be a whole number (${what}).`);
  return Number(raw);
}

/** The filter a samples list asks for. */
export function sampleFilter(query: RouteQuery<SampleListQuery>): SampleFilter {
  const state = readState(query);
  const labelName = query.get('label_name');
  const conditions = searchConditions(query.get('search_conditions'));
  return {
    ...(state === '__ALL__' ? { labelled: true } : state === '__NONE__' ? { labelled: false } : state !== null ? { nothing: true } : {}),
    ...(labelName !== null && labelName !== '' ? { labelName } : {}),
    ...optionalNumber('labelType', wholeNumber(query, 'label_type', 'a labeling type such as 0 or 101')),
    ...optionalNumber('sampleType', wholeNumber(query, 'sample_type', '0 image, 1 text')),
    ...conditions,
  };
}

function optionalNumber<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

function hardValue(value: unknown, where: string): boolean {
  if (value === '1' || value === 1 || value === true) return true;
  if (value === '0' || value === 0 || value === false) return false;
  throw Errors.badRequest(`${where}.hard must be "1" (hard examples) or "0" (the others).`);
}

/** `search_conditions` as filter parts; contradictory `hard` conditions match nothing. */
function searchConditions(raw: string | null): Pick<SampleFilter, 'nameParts' | 'hard' | 'nothing'> {
  if (raw === null || raw === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw Errors.badRequest('search_conditions must be URL-encoded JSON, an array like [{"sample_name": "cat"}, {"hard": "1"}].');
  }
  if (!Array.isArray(value) || value.length > maxConditions)
    throw Errors.badRequest(`search_conditions must be an array of at most ${maxConditions} conditions like {"sample_name": "cat"}.`);
  const nameParts: string[] = [];
  const hard = new Set<boolean>();
  value.forEach((c: unknown, i) => {
    const where = `search_conditions[${i}]`;
    if (typeof c !== 'object' || c === null || Array.isArray(c))
      throw Errors.badRequest(`${where} must be an object like {"sample_name": "cat"}.`);
    for (const [key, v] of Object.entries(c)) {
      if (key === 'sample_name') {
        if (typeof v !== 'string' || v === '' || v.length > maxNamePart)
          throw Errors.badRequest(`${where}.sample_name must be 1 to ${maxNamePart} characters of the sample name.`);
        nameParts.push(v.toLowerCase());
      } else if (key === 'hard') hard.add(hardValue(v, where));
      else throw Errors.badRequest(`${where}.${key} is not served in local mode; it searches by sample_name and hard.`);
    }
  });
  return {
    ...(nameParts.length > 0 ? { nameParts } : {}),
    ...(hard.size === 1 ? { hard: [...hard][0] } : {}),
    ...(hard.size > 1 ? { nothing: true } : {}),
  };
}
