import type { JournalLine } from '../../store/journal';
import { compareSamples, type LabelDef, type SampleLabel, type SampleUsage, type StoredSample } from './model';

/**
 * The changes a dataset's sample store journals, one journal line each, and how each applies.
 * Every change carries absolute values (a sample's whole new label list, the whole new label
 * definitions), never deltas, so applying one is the same live and when replayed after a restart,
 * and a line lost to damage costs only what that line changed.
 */

/** What a batch annotation sets on one sample: absent is unchanged, `null` is cleared. */
export interface AnnotationPatch {
  readonly labels?: readonly SampleLabel[];
  readonly annotated_time?: number;
  readonly sample_usage?: SampleUsage;
  readonly hard?: boolean | null;
  readonly hard_coefficient?: number | null;
  readonly hard_reasons?: readonly number[] | null;
}

const patchKeys = ['labels', 'annotated_time', 'sample_usage', 'hard', 'hard_coefficient', 'hard_reasons'] as const;

export type Change =
  /** A batch annotation: every item or none. */
  | { readonly op: 'annotate'; readonly items: readonly { readonly sample_id: string; readonly set: AnnotationPatch }[] }
  /** New label definitions; renames (old → new) and then removals reach every annotation. */
  | {
      readonly op: 'labels';
      readonly labels: readonly LabelDef[];
      readonly renames: readonly (readonly [string, string])[];
      readonly removed: readonly string[];
    }
  /** A sync's result: samples added or re-read (whole, annotations merged in) and samples gone. */
  | { readonly op: 'sync'; readonly upsert: readonly StoredSample[]; readonly remove: readonly string[] };

/** A change as journalled: its sequence number (the revision it gives) and time. */
export type Entry = Change & { readonly seq: number; readonly time: number };

/** The sample after an annotation patch. */
export function patchSample(s: StoredSample, patch: AnnotationPatch, seq: number, time: number): StoredSample {
  const next: Record<string, unknown> = { ...s, revision: seq, update_time: time };
  for (const key of patchKeys) {
    const value = patch[key];
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as unknown as StoredSample;
}

/** The sample after label renames and removals, or undefined when it carries none of them. */
export function relabelSample(
  s: StoredSample,
  renames: ReadonlyMap<string, string>,
  removed: ReadonlySet<string>,
  seq: number,
  time: number,
): StoredSample | undefined {
  if (!s.labels.some((l) => renames.has(l.name) || removed.has(l.name))) return undefined;
  const labels = s.labels
    .map((l) => (renames.has(l.name) ? { ...l, name: renames.get(l.name) as string } : l))
    .filter((l) => !removed.has(l.name));
  return { ...s, labels, revision: seq, update_time: time };
}

/** The sample list after a sync: `upsert` replaces or adds by id, `remove` drops; in list order. */
export function mergeSync(current: readonly StoredSample[], upsert: readonly StoredSample[], remove: ReadonlySet<string>): StoredSample[] {
  const pending = new Map(upsert.map((s) => [s.sample_id, s]));
  const out: StoredSample[] = [];
  for (const s of current) {
    if (remove.has(s.sample_id)) continue;
    const next = pending.get(s.sample_id);
    pending.delete(s.sample_id);
    out.push(next ?? s);
  }
  out.push(...pending.values());
  // Nearly sorted already: the sort is close to one pass.
  return out.sort(compareSamples);
}

// Reading records back. A journal line or snapshot record is checked for the shape the store
// relies on; one that fails is damage (see store/journal.ts), never a crash of the daemon.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optional = (v: unknown, check: (x: unknown) => boolean) => v === undefined || check(v);

function labelProblem(l: unknown): boolean {
  return !isObject(l) || typeof l.name !== 'string' || (l.property !== undefined && !isObject(l.property));
}

/** A stored sample, or what is wrong with it. */
export function checkSample(value: unknown): StoredSample | string {
  if (!isObject(value)) return 'not a JSON object';
  if (typeof value.sample_id !== 'string' || !/^[0-9a-f]{32}$/.test(value.sample_id)) return 'no valid sample_id';
  if (typeof value.bucket !== 'string' || typeof value.key !== 'string') return 'no bucket and key';
  if (!isNumber(value.sample_type) || !isNumber(value.size) || typeof value.sha256 !== 'string' || !isNumber(value.sample_time))
    return 'sample_type, size, sha256 or sample_time missing';
  if (!Array.isArray(value.labels) || value.labels.some(labelProblem)) return 'labels is not a list of {name, property}';
  if (!Number.isSafeInteger(value.revision) || !isNumber(value.update_time)) return 'revision or update_time missing';
  if (!optional(value.line, Number.isSafeInteger) || !optional(value.text, (t) => typeof t === 'string')) return 'bad line or text';
  if (!optional(value.hard, (h) => typeof h === 'boolean')) return 'bad hard';
  return value as unknown as StoredSample;
}

/** A label definition, or what is wrong with it. */
export function checkLabelDef(value: unknown): LabelDef | string {
  if (!isObject(value) || typeof value.name !== 'string' || !isNumber(value.type)) return 'a label needs a name and a type';
  if (!isObject(value.property) || !Array.isArray(value.attributes)) return 'a label needs property and attributes';
  return value as unknown as LabelDef;
}

function checkPatch(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (Object.keys(value).some((k) => !(patchKeys as readonly string[]).includes(k))) return false;
  return optional(value.labels, (l) => Array.isArray(l) && !l.some(labelProblem));
}

/** Why a journal line is not a change this store can apply, or undefined when it is. */
export function checkEntry({ value }: JournalLine): string | undefined {
  if (!isNumber(value.time)) return 'no time';
  switch (value.op) {
    case 'annotate':
      return Array.isArray(value.items) && value.items.every((i) => isObject(i) && typeof i.sample_id === 'string' && checkPatch(i.set))
        ? undefined
        : 'an annotate change needs items of {sample_id, set}';
    case 'labels':
      if (!Array.isArray(value.labels) || value.labels.some((l) => typeof checkLabelDef(l) === 'string')) return 'bad label definitions';
      if (
        !Array.isArray(value.renames) ||
        value.renames.some((r) => !Array.isArray(r) || r.length !== 2 || r.some((n) => typeof n !== 'string'))
      )
        return 'bad renames';
      return Array.isArray(value.removed) && value.removed.every((n) => typeof n === 'string') ? undefined : 'bad removed';
    case 'sync':
      if (!Array.isArray(value.upsert) || value.upsert.some((s) => typeof checkSample(s) === 'string')) return 'bad samples in a sync';
      return Array.isArray(value.remove) && value.remove.every((n) => typeof n === 'string') ? undefined : 'bad removed samples';
    default:
      return `unknown change ${JSON.stringify(value.op)}`;
  }
}
