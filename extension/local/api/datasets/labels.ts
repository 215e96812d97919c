import { Errors } from '../../http/apiError';
import { DatasetErrors, DatasetType, type LabelDef, type SampleLabel, shapes, type StoredSample } from './model';

/**
 * Validation of label definitions (dataset level) and of annotations (sample level), section 7.3.
 * Every failure names the item (`labels[2]`, `samples[0].labels[1]`) so a client can point at it.
 */

/** Colours handed to labels created without one, so the labeling panel can always draw them. */
const palette = ['#3399ff', '#ff6633', '#33cc66', '#cc33ff', '#ffcc00', '#00cccc', '#ff3399', '#996633', '#6666ff', '#99cc00'];

const maxLabelName = 64;
const maxLabelsPerSample = 1000;
const maxPropertyJson = 16 * 1024;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A label name: 1 to 64 characters, no control characters, not blank. */
function labelName(value: unknown, where: string): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > maxLabelName ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/.test(value) ||
    value.trim() === ''
  ) {
    throw Errors.badRequest(`${where}.name must be 1 to ${maxLabelName} characters, not blank, without control characters.`);
  }
  return value;
}

/** A label's `type` must be the dataset's own annotation type (0, 1, 100 or 101); absent means that type. */
function labelType(value: unknown, datasetType: number, where: string): number {
  if (value === undefined || value === null) return datasetType;
  if (value !== datasetType) throw Errors.badRequest(`${where}.type must be ${datasetType}, the dataset's labeling type.`);
  return datasetType;
}

/**
 * A dataset label's `property`: string values only (as LabelProperty is typed), with the known
 * keys checked. `@modelarts:rename_to` is accepted only where a rename is meant (label updates).
 */
function labelProperty(value: unknown, where: string, allowRename: boolean): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw Errors.badRequest(`${where}.property must be an object.`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string' || v.length > 256 || key.length > 64)
      throw Errors.badRequest(`${where}.property["${key}"] must be a string of at most 256 characters.`);
    if (key === '@modelarts:color' && !/^#[0-9a-fA-F]{6}$/.test(v))
      throw Errors.badRequest(`${where}.property["@modelarts:color"] must be a colour like #3399ff.`);
    if (key === '@modelarts:default_shape' && !(shapes as readonly string[]).includes(v))
      throw Errors.badRequest(`${where}.property["@modelarts:default_shape"] must be one of ${shapes.join(', ')}.`);
    if (key === '@modelarts:shortcut' && v.length > 16)
      throw Errors.badRequest(`${where}.property["@modelarts:shortcut"] must be at most 16 characters.`);
    if (key === '@modelarts:rename_to' && !allowRename)
      throw Errors.badRequest(`${where}.property["@modelarts:rename_to"] is only meaningful when updating a label.`);
    out[key] = v;
  }
  return out;
}

function attributes(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || JSON.stringify(value).length > 8192)
    throw Errors.badRequest(`${where}.attributes must be an array (at most 8 KiB of JSON).`);
  return value;
}

/**
 * New label definitions (create dataset, add labels): names unique among themselves and against
 * `existing` (ModelArts.4411), a colour assigned when none is given.
 */
export function parseNewLabels(value: unknown, datasetType: number, existing: readonly LabelDef[], field: string): LabelDef[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw Errors.badRequest(`${field} must be an array of labels.`);
  if (existing.length + value.length > 1000) throw Errors.badRequest('A dataset may define at most 1000 labels.');
  const out: LabelDef[] = [];
  const names = new Set(existing.map((l) => l.name));
  value.forEach((raw, i) => {
    const where = `${field}[${i}]`;
    if (!isObject(raw)) throw Errors.badRequest(`${where} must be an object like {"name": "cat"}.`);
    const name = labelName(raw.name, where);
    if (names.has(name)) throw DatasetErrors.labelExists(name);
    names.add(name);
    const property = labelProperty(raw.property, where, false);
    if (!property['@modelarts:color']) property['@modelarts:color'] = palette[(existing.length + i) % palette.length] as string;
    if (datasetType === DatasetType.objectDetection && !property['@modelarts:default_shape'])
      property['@modelarts:default_shape'] = 'bndbox';
    out.push({ name, type: labelType(raw.type, datasetType, where), property, attributes: attributes(raw.attributes, where) });
  });
  return out;
}

/**
 * Updates to existing labels, by name: property keys are merged over the current ones;
 * `@modelarts:rename_to` renames. Returns the new definitions and the renames to apply to samples.
 */
export function applyLabelUpdates(
  value: unknown,
  datasetType: number,
  current: readonly LabelDef[],
  field: string,
): { labels: LabelDef[]; renames: Map<string, string> } {
  if (!Array.isArray(value) || value.length === 0) throw Errors.badRequest(`${field} must be a non-empty array of labels.`);
  const labels = current.map((l) => ({ ...l, property: { ...l.property } }));
  const renames = new Map<string, string>();
  value.forEach((raw, i) => {
    const where = `${field}[${i}]`;
    if (!isObject(raw)) throw Errors.badRequest(`${where} must be an object like {"name": "cat", "property": {...}}.`);
    const name = labelName(raw.name, where);
    const index = labels.findIndex((l) => l.name === name);
    if (index < 0) throw DatasetErrors.labelNotFound(name, where);
    const target = labels[index] as LabelDef;
    labelType(raw.type, datasetType, where);
    const { '@modelarts:rename_to': renameTo, ...property } = labelProperty(raw.property, where, true);
    let newName = target.name;
    if (renameTo !== undefined && renameTo !== target.name) {
      newName = labelName(renameTo, `${where}.property["@modelarts:rename_to"]`);
      if (labels.some((l) => l.name === newName)) throw DatasetErrors.labelExists(newName);
      // Renames apply to annotations all at once, so a label renamed twice in one request
      // (a → b, then b → c) is one rename from its stored name (a → c).
      const stored = [...renames].find(([, to]) => to === target.name)?.[0] ?? target.name;
      if (stored === newName) renames.delete(stored);
      else renames.set(stored, newName);
    }
    labels[index] = {
      ...target,
      name: newName,
      property: { ...target.property, ...property },
      attributes: raw.attributes === undefined ? target.attributes : attributes(raw.attributes, where),
    };
  });
  return { labels, renames };
}

/** Names of labels to delete; each must exist (ModelArts.4410). */
export function labelNamesToDelete(value: unknown, current: readonly LabelDef[], field: string): Set<string> {
  if (!Array.isArray(value) || value.length === 0)
    throw Errors.badRequest(`${field} must be a non-empty array of labels like {"name": "cat"}.`);
  const names = new Set<string>();
  value.forEach((raw, i) => {
    const where = `${field}[${i}]`;
    if (!isObject(raw)) throw Errors.badRequest(`${where} must be an object like {"name": "cat"}.`);
    const name = labelName(raw.name, where);
    if (!current.some((l) => l.name === name)) throw DatasetErrors.labelNotFound(name, where);
    names.add(name);
  });
  return names;
}

/**
 * A sample's new annotations (the `labels` of one item of PUT .../samples), checked against the
 * dataset's labels and, for object detection, against the image's size. An empty list clears them.
 */
export function parseSampleLabels(
  value: unknown,
  datasetType: number,
  defs: readonly LabelDef[],
  sample: StoredSample,
  where: string,
): SampleLabel[] {
  if (!Array.isArray(value)) throw Errors.badRequest(`${where}.labels must be an array (empty to remove every label).`);
  if (value.length > maxLabelsPerSample) throw Errors.badRequest(`${where}.labels may hold at most ${maxLabelsPerSample} annotations.`);
  const seen = new Set<string>();
  return value.map((raw, i) => {
    const at = `${where}.labels[${i}]`;
    if (!isObject(raw)) throw Errors.badRequest(`${at} must be an object like {"name": "cat"}.`);
    const name = labelName(raw.name, at);
    if (!defs.some((d) => d.name === name)) throw DatasetErrors.labelNotFound(name, at);
    const type = labelType(raw.type, datasetType, at);
    const property = raw.property === undefined || raw.property === null ? {} : raw.property;
    if (!isObject(property) || JSON.stringify(property).length > maxPropertyJson)
      throw Errors.badRequest(`${at}.property must be an object (at most 16 KiB of JSON).`);
    if (datasetType === DatasetType.objectDetection) {
      checkGeometry(property, sample, at);
    } else if (datasetType === DatasetType.textEntity) {
      // Entities of one label may recur, each span once.
      const span = checkSpan(property, sample, at);
      const key = `${name}\0${span}`;
      if (seen.has(key)) throw Errors.badRequest(`${at}: label ${JSON.stringify(name)} is given twice for the span ${span}.`);
      seen.add(key);
    } else {
      // A class is given once per sample; a repeat is a client bug, not a second opinion.
      if (seen.has(name)) throw Errors.badRequest(`${at}: label ${JSON.stringify(name)} is given twice for this sample.`);
      seen.add(name);
    }
    const score = raw.score;
    if (score !== undefined && score !== null && (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1))
      throw Errors.badRequest(`${at}.score must be a number from 0 to 1.`);
    const by = raw.annotated_by ?? 'human';
    if (typeof by !== 'string' || by.length === 0 || by.length > 64)
      throw Errors.badRequest(`${at}.annotated_by must be a string such as "human".`);
    const id = raw.id;
    if (id !== undefined && id !== null && (typeof id !== 'string' || id.length > 64))
      throw Errors.badRequest(`${at}.id must be a string of at most 64 characters.`);
    return {
      ...(typeof id === 'string' ? { id } : {}),
      name,
      type,
      ...(typeof score === 'number' ? { score } : {}),
      annotated_by: by,
      property,
    };
  });
}

/** A text's length as ModelArts counts offsets: Unicode code points, as Python's `len` (an emoji is 1). */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Named entity recognition: `@modelarts:start_index` and `@modelarts:end_index` (7.3), integers
 * with 0 ≤ start < end ≤ the text's length, end exclusive, in code points (see codePointLength).
 * Answers the span as `[start, end)` for messages.
 */
function checkSpan(property: Record<string, unknown>, sample: StoredSample, at: string): string {
  const length = codePointLength(sample.text ?? '');
  const index = (key: '@modelarts:start_index' | '@modelarts:end_index') => {
    const v = property[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v))
      throw Errors.badRequest(
        `${at}.property["${key}"] must be a whole number: an offset into the text in Unicode code points (the text has ${length}).`,
      );
    return v;
  };
  const start = index('@modelarts:start_index');
  const end = index('@modelarts:end_index');
  if (!(start >= 0 && start < end && end <= length))
    throw Errors.badRequest(
      `${at}: the span [${start}, ${end}) must have 0 ≤ start < end ≤ ${length}, the text's length in Unicode code points (end is exclusive).`,
    );
  return `[${start}, ${end})`;
}

/** Object detection: `@modelarts:shape` and `@modelarts:feature`, every point inside the image. */
function checkGeometry(property: Record<string, unknown>, sample: StoredSample, at: string): void {
  const shape = property['@modelarts:shape'];
  if (typeof shape !== 'string' || !(shapes as readonly string[]).includes(shape))
    throw Errors.badRequest(`${at}.property["@modelarts:shape"] must be one of ${shapes.join(', ')}.`);
  const feature = property['@modelarts:feature'];
  const w = sample.width ?? 0;
  const h = sample.height ?? 0;
  const bad = (why: string) => Errors.badRequest(`${at}: ${shape} ${why} (image is ${w}x${h} pixels, origin top-left).`);
  if (!Array.isArray(feature)) throw bad('needs "@modelarts:feature", a list of [x, y] points');
  const point = (p: unknown, k: number): [number, number] => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n)))
      throw bad(`point ${k} must be [x, y] with two finite numbers`);
    const [x, y] = p as [number, number];
    if (x < 0 || y < 0 || x > w || y > h) throw bad(`point ${k} [${x}, ${y}] lies outside the image`);
    return [x, y];
  };
  if (shape === 'circle') {
    // [[cx, cy], [r]]
    if (feature.length !== 2) throw bad('must be [[cx, cy], [r]]');
    point(feature[0], 0);
    const r = feature[1];
    if (!Array.isArray(r) || r.length !== 1 || typeof r[0] !== 'number' || !Number.isFinite(r[0]) || r[0] <= 0)
      throw bad('radius must be [r] with r a positive finite number');
    return;
  }
  const points = feature.map((p, k) => point(p, k));
  const count = { bndbox: [2, 2], line: [2, 2], dashed: [2, 2], point: [1, 1], polygon: [3, 10000], polyline: [2, 10000] }[
    shape as 'bndbox'
  ] as [number, number];
  if (points.length < count[0] || points.length > count[1])
    throw bad(count[0] === count[1] ? `needs exactly ${count[0]} point(s)` : `needs ${count[0]} to ${count[1]} points`);
  if (shape === 'bndbox') {
    const [[xmin, ymin], [xmax, ymax]] = points as [[number, number], [number, number]];
    if (!(xmin < xmax && ymin < ymax)) throw bad('must be [[xmin, ymin], [xmax, ymax]] with xmin < xmax and ymin < ymax');
  }
}
