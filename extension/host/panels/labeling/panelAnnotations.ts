/**
 * The labeling panel's annotations ↔ the platform's SampleLabel (reference §7.3). The panel
 * edits a box's corners, a span's offsets and every annotation's label; everything else the
 * platform sent (id, score, author, other property keys, whole shapes it does not edit) rides
 * along in `extra` and comes back unchanged, so a save never drops what another tool wrote.
 */
import type { Sample, SampleLabel } from '../../../core/api/resources/datasetTypes';
import { finiteNumber, isHard, sampleText } from '../../../core/labeling/sampleLabels';
import type { Annotation, SampleSummary, TaskKind } from '../../../../webviews/protocol/labeling';

const shapeKey = '@modelarts:shape';
const featureKey = '@modelarts:feature';
const startKey = '@modelarts:start_index';
const endKey = '@modelarts:end_index';

/** The panel's task for a ModelArts `dataset_type`, or undefined for types it does not label. */
export function taskKindOf(datasetType: number): TaskKind | undefined {
  return ({ 0: 'image-classification', 1: 'object-detection', 100: 'text-classification', 101: 'text-entity' } as const)[
    datasetType as 0 | 1 | 100 | 101
  ];
}

/** The label `type` annotations of a task carry (the dataset type). */
export function labelTypeOf(kind: TaskKind): number {
  return { 'image-classification': 0, 'object-detection': 1, 'text-classification': 100, 'text-entity': 101 }[kind];
}

export function isTextTask(kind: TaskKind): boolean {
  return kind === 'text-classification' || kind === 'text-entity';
}

/** `[[xmin, ymin], [xmax, ymax]]`, or undefined when the feature is not a well-formed box. */
function bndbox(feature: unknown): [number, number, number, number] | undefined {
  if (!Array.isArray(feature) || feature.length !== 2) return undefined;
  const [a, b] = feature as unknown[];
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== 2 || b.length !== 2) return undefined;
  const [x0, y0, x1, y1] = [a[0], a[1], b[0], b[1]].map(finiteNumber);
  if (x0 === undefined || y0 === undefined || x1 === undefined || y1 === undefined || !(x0 < x1 && y0 < y1)) return undefined;
  return [x0, y0, x1, y1];
}

/** What is kept of a label beside the edited fields: everything but name, type and the keys given. */
function extraOf(label: SampleLabel, editedKeys: readonly string[]): Record<string, unknown> | undefined {
  const { name: _name, type: _type, property, ...rest } = label;
  const keep: Record<string, unknown> = { ...rest };
  const props = Object.fromEntries(Object.entries(property ?? {}).filter(([k]) => !editedKeys.includes(k)));
  if (Object.keys(props).length > 0) keep.property = props;
  return Object.keys(keep).length > 0 ? keep : undefined;
}

/** The platform's labels of one sample as the panel edits them. */
export function toAnnotations(labels: readonly SampleLabel[] | undefined, kind: TaskKind): Annotation[] {
  return (labels ?? []).map((label, i): Annotation => {
    const id = typeof label.id === 'string' && label.id !== '' ? label.id : `p${i}`;
    const property = label.property ?? {};
    if (kind === 'object-detection') {
      const box = property[shapeKey] === 'bndbox' ? bndbox(property[featureKey]) : undefined;
      if (box) {
        const [x0, y0, x1, y1] = box;
        const extra = extraOf(label, [shapeKey, featureKey]);
        return { type: 'box', id, label: label.name, x0, y0, x1, y1, ...(extra ? { extra } : {}) };
      }
      const extra = extraOf(label, []);
      return { type: 'other', id, label: label.name, shape: String(property[shapeKey] ?? 'unknown'), ...(extra ? { extra } : {}) };
    }
    if (kind === 'text-entity') {
      const start = finiteNumber(property[startKey]);
      const end = finiteNumber(property[endKey]);
      if (start !== undefined && end !== undefined && Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end) {
        const extra = extraOf(label, [startKey, endKey]);
        return { type: 'span', id, label: label.name, start, end, ...(extra ? { extra } : {}) };
      }
      const extra = extraOf(label, []);
      return { type: 'other', id, label: label.name, shape: 'entity', ...(extra ? { extra } : {}) };
    }
    const extra = extraOf(label, []);
    return { type: 'class', label: label.name, ...(extra ? { extra } : {}) };
  });
}

/**
 * The panel's annotations as the platform's labels: the kept fields first, then what the panel
 * edits over them. Ids the panel made are sent too, so a box keeps its identity across reloads.
 */
export function toSampleLabels(annotations: readonly Annotation[], kind: TaskKind): SampleLabel[] {
  const type = labelTypeOf(kind);
  return annotations.map((a): SampleLabel => {
    const extra = (a.extra ?? {}) as Record<string, unknown>;
    const { property: keptProperty, ...kept } = extra;
    const property = { ...((keptProperty as Record<string, unknown> | undefined) ?? {}) };
    switch (a.type) {
      case 'box':
        property[shapeKey] = 'bndbox';
        property[featureKey] = [
          [a.x0, a.y0],
          [a.x1, a.y1],
        ];
        return { ...kept, id: a.id, name: a.label, type, property };
      case 'span':
        property[startKey] = a.start;
        property[endKey] = a.end;
        return { ...kept, id: a.id, name: a.label, type, property };
      case 'other':
        return { ...kept, name: a.label, type, property };
      case 'class':
        return { ...kept, name: a.label, type, property };
    }
  });
}

/** A grid cell of a sample; `thumb` is the cached thumbnail's URI when there is one. */
export function toSummary(sample: Sample, thumb: string | undefined): SampleSummary {
  const text = sample.sample_type === 1 ? sampleText(sample) : undefined;
  return {
    id: sample.sample_id,
    name: sample.sample_name ?? sample.sample_id,
    labels: [...new Set((sample.labels ?? []).map((l) => l.name))],
    hard: isHard(sample),
    ...(thumb ? { thumb } : {}),
    ...(text !== undefined ? { preview: text.slice(0, 160) } : {}),
  };
}
