/**
 * The data labeling panel's messages. The host holds the dataset (it pages samples from the
 * platform, fetches images into a disk cache and keeps unsaved edits in a journal); the webview
 * asks for views of it: a page of the grid, one sample to edit, and sends edits back.
 *
 * Host → webview: `labeling/state` (dataset, labels with live counts, save queue) whenever it
 * changes; `labeling/saveState` when a queued save lands, fails or meets a conflict later on.
 * Webview → host: the requests below. `parse*` functions check what a webview sends, since it is
 * untrusted input.
 *
 * Coordinates: boxes are in image pixels (origin top-left, x right, y down), the panel's own
 * `[x0, y0, x1, y1]` with x0 < x1 and y0 < y1, which is ModelArts' bndbox
 * `[[xmin, ymin], [xmax, ymax]]`. Text spans are in characters as ModelArts counts them (Unicode
 * code points, end exclusive), not JavaScript's UTF-16 units: see webviews/labeling/spans.ts.
 */
import { ParamsError } from './endpoint';
import { notification, request } from './rpc';

/** What a dataset is labelled for: ModelArts dataset types 0, 1, 100 and 101. */
export type TaskKind = 'image-classification' | 'object-detection' | 'text-classification' | 'text-entity';
export const taskKinds: readonly TaskKind[] = ['image-classification', 'object-detection', 'text-classification', 'text-entity'];

/** A label of the dataset, with how much it is used (live). */
export interface LabelInfo {
  readonly name: string;
  /** `#rrggbb`. */
  readonly color: string;
  /** Annotations with this label, every sample counted. */
  readonly count: number;
  /** Samples with at least one annotation of this label. */
  readonly sampleCount: number;
}

export interface LabelingStateParams {
  readonly datasetId: string;
  readonly name: string;
  readonly kind: TaskKind;
  /** Image and text classification: several labels per sample. Object detection and NER: always true. */
  readonly multiLabel: boolean;
  readonly total: number;
  readonly labelled: number;
  readonly labels: readonly LabelInfo[];
  /** Edits written to the journal and not yet acknowledged by the platform. */
  readonly pendingSaves: number;
  /** Samples whose platform copy changed since they were loaded; each waits for the user's choice. */
  readonly conflicts: readonly string[];
  /** Why saves are waiting, when they are (e.g. "the local daemon is not running; retrying"). */
  readonly saveProblem?: string;
  /** Long work the host is doing (indexing names for a search), with how far it got. */
  readonly progress?: { readonly what: 'indexing'; readonly done: number; readonly total: number };
}

/** Host → webview: the dataset, its labels and counts, and the save queue (small: no samples). */
export const LabelingState = notification<LabelingStateParams>('labeling/state');

/**
 * Host → webview, once after `core/ready`: what the panel shows, opaque to the webview, kept in
 * its saved state so the host can open the same dataset when VS Code restores the panel.
 */
export const LabelingRestore = notification<{ readonly spec: unknown }>('labeling/restore');

// ——— Annotations ———

/**
 * Fields of the platform's annotation the panel does not edit (score, author, other property
 * keys), carried through untouched so a save never drops them. Opaque to the webview.
 */
export type Extra = Readonly<Record<string, unknown>>;

/** A whole-sample label (image or text classification). */
export interface ClassAnnotation {
  readonly type: 'class';
  readonly label: string;
  readonly extra?: Extra;
}

/** A bounding box in image pixels. */
export interface BoxAnnotation {
  readonly type: 'box';
  /** Stable within the panel: the platform's id, or one the webview made. */
  readonly id: string;
  readonly label: string;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly extra?: Extra;
}

/** A named entity: characters [start, end) of the text, as ModelArts counts them. */
export interface SpanAnnotation {
  readonly type: 'span';
  readonly id: string;
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly extra?: Extra;
}

/** A shape the panel shows but does not edit (polygon, circle…): kept exactly as it came. */
export interface OtherAnnotation {
  readonly type: 'other';
  readonly id: string;
  readonly label: string;
  readonly shape: string;
  readonly extra?: Extra;
}

export type Annotation = ClassAnnotation | BoxAnnotation | SpanAnnotation | OtherAnnotation;

// ——— The grid ———

/** Which samples the grid shows. */
export interface SampleFilter {
  readonly state: 'all' | 'unlabelled' | 'labelled' | 'hard';
  /** Only samples with an annotation of this label. */
  readonly label?: string;
  /** Part of the file name, case-insensitive. */
  readonly search?: string;
}

/** One cell of the grid. */
export interface SampleSummary {
  readonly id: string;
  readonly name: string;
  /** Distinct label names on the sample, in first-seen order. */
  readonly labels: readonly string[];
  readonly hard: boolean;
  /** A cached thumbnail's webview URI; absent until the webview made one (see StoreThumbnail). */
  readonly thumb?: string;
  /** Text samples: the first characters, for the cell. */
  readonly preview?: string;
}

export interface PageParams {
  readonly filter: SampleFilter;
  readonly offset: number;
  /** 1–100 (the platform's page size limit). */
  readonly limit: number;
}

export interface SamplePage {
  /** Samples matching the filter. */
  readonly total: number;
  readonly offset: number;
  readonly items: readonly SampleSummary[];
}

export const GetPage = request<PageParams, SamplePage>('labeling/page');

// ——— One sample ———

export interface SampleDetail {
  readonly id: string;
  readonly name: string;
  /** Image samples: the cached file's webview URI, its size in pixels and its cache key (for the thumbnail). */
  readonly image?: { readonly uri: string; readonly width: number; readonly height: number; readonly key: string };
  readonly text?: string;
  readonly hard: boolean;
  /** The annotations on the platform as loaded (the base a conflict is measured against). */
  readonly annotations: readonly Annotation[];
  /** Edits in the journal not yet saved (a panel closed or a daemon down): the panel shows these. */
  readonly pending?: readonly Annotation[];
  /** The pending edits met a changed platform copy: the user chooses (see ResolveConflict). */
  readonly conflict?: boolean;
}

export const GetSample = request<{ readonly id: string }, SampleDetail>('labeling/sample');

/**
 * A sample's image alone (for its thumbnail): the cached file's URI and its cache key. Cheaper
 * than GetSample for a grid cell, which needs neither annotations nor the journal.
 */
export const GetImage = request<{ readonly id: string }, { readonly uri: string; readonly key: string }>('labeling/image');

/** A sample's new annotations (all of them). The host journals them before it answers. */
export interface SaveParams {
  readonly sampleId: string;
  readonly annotations: readonly Annotation[];
}

export type SaveOutcome =
  | { readonly state: 'saved' }
  /** In the journal; the platform did not take it yet (it is retried). */
  | { readonly state: 'pending'; readonly message: string }
  /** The platform's copy changed since it was loaded: both versions, for the user to choose. */
  | { readonly state: 'conflict'; readonly mine: readonly Annotation[]; readonly theirs: readonly Annotation[] };

export const SaveAnnotations = request<SaveParams, SaveOutcome>('labeling/save');

/** Host → webview: a save that was pending landed, failed again, or met a conflict. */
export const SaveState = notification<{ readonly sampleId: string; readonly outcome: SaveOutcome }>('labeling/saveState');

/** The user's choice in a conflict: keep their edits (overwriting the platform's) or take the platform's. */
export const ResolveConflict = request<
  { readonly sampleId: string; readonly keep: 'mine' | 'theirs' },
  { readonly outcome: SaveOutcome; readonly annotations: readonly Annotation[] }
>('labeling/resolve');

// ——— Batch classification ———

export interface ApplyLabelParams {
  readonly sampleIds: readonly string[];
  readonly label: string;
  /** `set`: the label alone (single-label); `add` and `remove`: beside the others (multi-label). */
  readonly op: 'set' | 'add' | 'remove';
}

export const ApplyLabel = request<ApplyLabelParams, { readonly changed: number; readonly failed: readonly string[] }>(
  'labeling/applyLabel',
);

// ——— Labels ———

export type LabelChange =
  | { readonly op: 'add'; readonly name: string; readonly color?: string }
  | { readonly op: 'rename'; readonly name: string; readonly to: string }
  | { readonly op: 'recolor'; readonly name: string; readonly color: string }
  /** Deletes the label and every annotation of it (the webview said how many first). */
  | { readonly op: 'delete'; readonly name: string };

export const ChangeLabel = request<LabelChange, { readonly ok: true }>('labeling/changeLabel');

/** Image and text classification: one label per sample or several (remembered per dataset). */
export const SetMultiLabel = request<{ readonly multiLabel: boolean }, { readonly ok: true }>('labeling/setMultiLabel');

// ——— Thumbnails ———

/** A thumbnail the webview made from the image at `key`, to cache on disk and serve thereafter. */
export interface ThumbnailParams {
  readonly sampleId: string;
  /** The image's cache key (SampleDetail.image.key). */
  readonly key: string;
  readonly type: 'image/jpeg' | 'image/png' | 'image/webp';
  readonly bytes: Uint8Array;
}

export const StoreThumbnail = request<ThumbnailParams, { readonly uri: string }>('labeling/thumbnail');

// ——— Checks of what a webview sends ———

/** At most this many annotations on one sample (the local platform's limit too). */
export const maxAnnotations = 1000;
export const maxThumbnailBytes = 512 * 1024;
const maxLabel = 64;

function object(raw: unknown, what: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ParamsError(`${what} must be an object.`);
  return raw as Record<string, unknown>;
}

function text(value: unknown, what: string, max = 512): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max)
    throw new ParamsError(`${what} must be a string of 1 to ${max} characters.`);
  return value;
}

function integer(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new ParamsError(`${what} must be a whole number from ${min} to ${max}.`);
  return value;
}

function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1e6)
    throw new ParamsError(`${what} must be a number from 0 to 1000000.`);
  return value;
}

function color(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(value)) throw new ParamsError(`${what} must be a colour like #3399ff.`);
  return value.toLowerCase();
}

function labelName(value: unknown, what: string): string {
  const name = text(value, what, maxLabel);
  // eslint-disable-next-line no-control-regex
  if (name.trim() === '' || /[\u0000-\u001f\u007f]/.test(name))
    throw new ParamsError(`${what} must not be blank or hold control characters.`);
  return name;
}

function extra(value: unknown, what: string): Extra | undefined {
  if (value === undefined) return undefined;
  const o = object(value, what);
  if (JSON.stringify(o).length > 16 * 1024) throw new ParamsError(`${what} must be at most 16 KiB of JSON.`);
  return o;
}

export function parseAnnotation(raw: unknown, what: string): Annotation {
  const o = object(raw, what);
  const label = labelName(o.label, `${what}.label`);
  const x = extra(o.extra, `${what}.extra`);
  const withExtra = <T extends object>(a: T): T => (x ? { ...a, extra: x } : a);
  switch (o.type) {
    case 'class':
      return withExtra({ type: 'class', label });
    case 'box': {
      const [x0, y0, x1, y1] = (['x0', 'y0', 'x1', 'y1'] as const).map((k) => finite(o[k], `${what}.${k}`)) as [
        number,
        number,
        number,
        number,
      ];
      if (!(x0 < x1 && y0 < y1)) throw new ParamsError(`${what} must have x0 < x1 and y0 < y1.`);
      return withExtra({ type: 'box', id: text(o.id, `${what}.id`, 64), label, x0, y0, x1, y1 });
    }
    case 'span': {
      const start = integer(o.start, `${what}.start`, 0, 10_000_000);
      const end = integer(o.end, `${what}.end`, 1, 10_000_000);
      if (!(start < end)) throw new ParamsError(`${what} must have start < end.`);
      return withExtra({ type: 'span', id: text(o.id, `${what}.id`, 64), label, start, end });
    }
    case 'other':
      return withExtra({ type: 'other', id: text(o.id, `${what}.id`, 64), label, shape: text(o.shape, `${what}.shape`, 32) });
    default:
      throw new ParamsError(`${what}.type must be class, box, span or other.`);
  }
}

export function parseAnnotations(raw: unknown, what: string): Annotation[] {
  if (!Array.isArray(raw) || raw.length > maxAnnotations)
    throw new ParamsError(`${what} must be a list of at most ${maxAnnotations} annotations.`);
  return raw.map((a, i) => parseAnnotation(a, `${what}[${i}]`));
}

export function parseFilter(raw: unknown): SampleFilter {
  const o = object(raw, 'filter');
  if (!['all', 'unlabelled', 'labelled', 'hard'].includes(o.state as string))
    throw new ParamsError('filter.state must be all, unlabelled, labelled or hard.');
  const search = o.search === undefined || o.search === '' ? undefined : text(o.search, 'filter.search', 256);
  return {
    state: o.state as SampleFilter['state'],
    ...(o.label === undefined ? {} : { label: labelName(o.label, 'filter.label') }),
    ...(search === undefined ? {} : { search }),
  };
}

export function parsePageParams(raw: unknown): PageParams {
  const o = object(raw, 'page');
  return { filter: parseFilter(o.filter), offset: integer(o.offset, 'offset', 0, 100_000_000), limit: integer(o.limit, 'limit', 1, 100) };
}

export function parseSampleId(raw: unknown): { readonly id: string } {
  return { id: text(object(raw, 'sample').id, 'id', 128) };
}

export function parseSaveParams(raw: unknown): SaveParams {
  const o = object(raw, 'save');
  return { sampleId: text(o.sampleId, 'sampleId', 128), annotations: parseAnnotations(o.annotations, 'annotations') };
}

export function parseResolveParams(raw: unknown): { readonly sampleId: string; readonly keep: 'mine' | 'theirs' } {
  const o = object(raw, 'resolve');
  if (o.keep !== 'mine' && o.keep !== 'theirs') throw new ParamsError('keep must be mine or theirs.');
  return { sampleId: text(o.sampleId, 'sampleId', 128), keep: o.keep };
}

export function parseApplyLabelParams(raw: unknown): ApplyLabelParams {
  const o = object(raw, 'applyLabel');
  if (!Array.isArray(o.sampleIds) || o.sampleIds.length === 0 || o.sampleIds.length > 100_000)
    throw new ParamsError('sampleIds must be a list of 1 to 100000 sample ids.');
  if (o.op !== 'set' && o.op !== 'add' && o.op !== 'remove') throw new ParamsError('op must be set, add or remove.');
  return {
    sampleIds: o.sampleIds.map((id, i) => text(id, `sampleIds[${i}]`, 128)),
    label: labelName(o.label, 'label'),
    op: o.op,
  };
}

export function parseLabelChange(raw: unknown): LabelChange {
  const o = object(raw, 'changeLabel');
  const name = labelName(o.name, 'name');
  switch (o.op) {
    case 'add':
      return { op: 'add', name, ...(o.color === undefined ? {} : { color: color(o.color, 'color') }) };
    case 'rename':
      return { op: 'rename', name, to: labelName(o.to, 'to') };
    case 'recolor':
      return { op: 'recolor', name, color: color(o.color, 'color') };
    case 'delete':
      return { op: 'delete', name };
    default:
      throw new ParamsError('op must be add, rename, recolor or delete.');
  }
}

export function parseMultiLabel(raw: unknown): { readonly multiLabel: boolean } {
  const o = object(raw, 'setMultiLabel');
  if (typeof o.multiLabel !== 'boolean') throw new ParamsError('multiLabel must be true or false.');
  return { multiLabel: o.multiLabel };
}

export function parseThumbnailParams(raw: unknown): ThumbnailParams {
  const o = object(raw, 'thumbnail');
  if (o.type !== 'image/jpeg' && o.type !== 'image/png' && o.type !== 'image/webp')
    throw new ParamsError('type must be image/jpeg, image/png or image/webp.');
  // VS Code delivers a Uint8Array as one, or as its ArrayBuffer, depending on the transport.
  const bytes = o.bytes instanceof ArrayBuffer ? new Uint8Array(o.bytes) : o.bytes;
  if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > maxThumbnailBytes)
    throw new ParamsError(`bytes must be a Uint8Array of 1 to ${maxThumbnailBytes} bytes.`);
  const key = text(o.key, 'key', 128);
  if (!/^[\w.-]+$/.test(key)) throw new ParamsError('key must hold only letters, digits, _, - and .');
  return { sampleId: text(o.sampleId, 'sampleId', 128), key, type: o.type, bytes };
}
