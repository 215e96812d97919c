import { isDeepStrictEqual } from 'node:util';
import { Errors } from '../../http/apiError';
import type { AnnotationPatch } from './changes';
import { sampleMetadata, type StoredSample } from './model';

/**
 * A batch annotation item's `metadata` (7.2, SampleMetadata). Local mode keeps the hard example
 * marks a user (or an import) sets: `@modelarts:hard` (0/1, also false/true; the platform types it
 * as a Double), `@modelarts:hard_coefficient` (0 to 1) and `@modelarts:hard_reasons` (reason ids,
 * the platform's 0 to 30); `null` clears one. The keys the daemon answers from what it read in
 * storage (`@modelarts:size`, `@modelarts:import_origin`, a text line's source) may be sent back
 * as they were answered, so a client can echo a sample's metadata; changing one is refused.
 */

type HardPatch = Pick<AnnotationPatch, 'hard' | 'hard_coefficient' | 'hard_reasons'>;

const maxReasons = 64;
const maxReasonId = 1000;

export function parseMetadata(value: unknown, sample: StoredSample, where: string): HardPatch {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw Errors.badRequest(`${where}.metadata must be an object.`);
  const answered = sampleMetadata(sample);
  const out: { -readonly [K in keyof HardPatch]: HardPatch[K] } = {};
  for (const [key, v] of Object.entries(value)) {
    const at = `${where}.metadata["${key}"]`;
    if (key === '@modelarts:hard') {
      if (v === null) out.hard = null;
      else if (v === 1 || v === true) out.hard = true;
      else if (v === 0 || v === false) out.hard = false;
      else throw Errors.badRequest(`${at} must be 1 (a hard example), 0 (not one) or null (unset).`);
    } else if (key === '@modelarts:hard_coefficient') {
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1))
        throw Errors.badRequest(`${at} must be a number from 0 to 1, or null.`);
      out.hard_coefficient = v;
    } else if (key === '@modelarts:hard_reasons') {
      if (v !== null && (!Array.isArray(v) || v.length > maxReasons || !v.every((r) => Number.isInteger(r) && r >= 0 && r <= maxReasonId)))
        throw Errors.badRequest(
          `${at} must be a list of at most ${maxReasons} reason ids (whole numbers such as 1 for low confidence), or null.`,
        );
      out.hard_reasons = v as number[] | null;
    } else if (key in answered) {
      if (!isDeepStrictEqual(v, answered[key]))
        throw Errors.badRequest(`${at} is read from the sample in storage and cannot be changed (it is ${JSON.stringify(answered[key])}).`);
    } else {
      throw Errors.badRequest(
        `${at} is not kept in local mode; it keeps @modelarts:hard, @modelarts:hard_coefficient and @modelarts:hard_reasons.`,
      );
    }
  }
  return out;
}
