/**
 * Facts about a platform sample and its labels (reference §7.3), shared by the labeling panel's
 * host and its journal: comparing two versions of a sample's labels, hard examples, a text
 * sample's text, an image's size, a label's colour. Pure functions.
 */
import type { Label, Sample, SampleLabel } from '../api/resources/datasetTypes';

const hardKey = '@modelarts:hard';

export function finiteNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * A canonical form of a sample's labels for comparisons: the fields that say what is annotated
 * (name and property, keys sorted), not the ones the platform fills in on its own (type, author,
 * id of a classification). Order does not count.
 */
export function labelsFingerprint(labels: readonly SampleLabel[] | undefined): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (typeof v === 'object' && v !== null)
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify((labels ?? []).map((l) => JSON.stringify([l.name, sorted(l.property ?? {}), l.score ?? null])).sort());
}

export function sameLabels(a: readonly SampleLabel[] | undefined, b: readonly SampleLabel[] | undefined): boolean {
  return labelsFingerprint(a) === labelsFingerprint(b);
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}

/** A hard example: the sample's metadata says so, or one of its annotations does. */
export function isHard(sample: Sample): boolean {
  return truthy(sample.metadata?.[hardKey]) || (sample.labels ?? []).some((l) => truthy(l.property?.[hardKey]));
}

/** The sample's text: `sample_data`, or the inline `content://` source (reference §7.4). */
export function sampleText(sample: Sample): string | undefined {
  if (sample.sample_data?.[0] !== undefined) return sample.sample_data[0];
  if (sample.source?.startsWith('content://')) return sample.source.slice('content://'.length);
  return undefined;
}

/** The image's size from the sample's metadata (`@modelarts:size` = [w, h, depth]), when given. */
export function imageSize(sample: Sample): { width: number; height: number } | undefined {
  const size = sample.metadata?.['@modelarts:size'];
  if (!Array.isArray(size)) return undefined;
  const [w, h] = size.map(finiteNumber);
  return w !== undefined && h !== undefined && w > 0 && h > 0 ? { width: w, height: h } : undefined;
}

/** The colour of a dataset label, or one from a fixed palette by position. */
export function labelColor(label: Label, index: number): string {
  const c = label.property?.['@modelarts:color'];
  if (typeof c === 'string' && /^#[0-9a-fA-F]{6}$/.test(c)) return c.toLowerCase();
  return palette[index % palette.length] as string;
}

const palette = ['#3399ff', '#ff6633', '#33cc66', '#cc33ff', '#ffcc00', '#00cccc', '#ff3399', '#996633', '#6666ff', '#99cc00'];
