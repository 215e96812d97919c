import type { SampleLabel } from '../../api/resources/datasetTypes';
import { sampleIdKey } from './labelStudio';
import { controlNames, labelConfigXml, objectFor } from './labelStudioConfig';
import {
  boxOf,
  END_INDEX,
  type ExportDocument,
  type ExportSample,
  FEATURE,
  flat,
  isPoint,
  LabelType,
  type Omitted,
  shapeOf,
  START_INDEX,
  type WriteResult,
} from './model';

/**
 * Writing a dataset as Label Studio tasks to import into a project: `tasks.json` (one task per
 * sample, `data.image` the sample's `s3://` object or its path, `data.text` its text, and
 * `data.modelarts_sample_id` so the tasks import back onto the same samples) and
 * `label_config.xml`, the labeling config to create the project with (Settings → Labeling
 * Interface → Code), whose controls the results name.
 *
 * A labelled sample gets one annotation: choices (every class of the sample in one result),
 * rectanglelabels for boxes, polygonlabels for polygons, keypointlabels for points, in percent of
 * the image's size; labels with `start`/`end` in code points and the spanned `text` for entities.
 * An unlabelled sample is a task without annotations (one to label in Label Studio, and one an
 * import back leaves alone). Circles, lines and polylines have no Label Studio region and are
 * listed as omitted, as are regions on an image of unknown size (percent needs it).
 */

/** The files a Label Studio export writes. */
export const labelStudioFiles = { tasks: 'tasks.json', config: 'label_config.xml' } as const;

/** `tasks.json` and `label_config.xml` for the dataset. */
export function writeLabelStudio(doc: ExportDocument): WriteResult {
  const names = doc.labels.map((l) => l.name);
  for (const s of doc.samples) for (const l of s.labels) if (!names.includes(l.name)) names.push(l.name);
  const { key } = objectFor(doc.datasetType);
  const regions = new Set<'polygon' | 'keypoint'>();
  const omitted: Omitted[] = [];
  let annotations = 0;
  const lines: string[] = [];
  for (const s of doc.samples) {
    const omit = (l: SampleLabel, reason: string) => omitted.push({ sampleId: s.sampleId, path: s.path, label: l.name, reason });
    const result = resultsOf(s, doc.datasetType, key, omit, regions);
    annotations += result.written;
    const data = {
      [key]: s.text ?? (s.location ? `s3://${s.location.bucket}/${s.location.key}` : s.path),
      [sampleIdKey]: s.sampleId,
    };
    lines.push(JSON.stringify({ data, annotations: result.regions.length > 0 ? [{ result: result.regions }] : [] }));
  }
  const files = new Map<string, string>([
    [labelStudioFiles.tasks, flat(lines.length > 0 ? `[\n${lines.join(',\n')}\n]\n` : '[]\n')],
    [labelStudioFiles.config, labelConfigXml(doc.datasetType, names, regions)],
  ]);
  return { files, omitted, annotations };
}

/** One sample's results, and how many of its annotations they hold. */
function resultsOf(
  s: ExportSample,
  datasetType: number,
  key: string,
  omit: (l: SampleLabel, reason: string) => void,
  regions: Set<'polygon' | 'keypoint'>,
): { regions: Record<string, unknown>[]; written: number } {
  const out: Record<string, unknown>[] = [];
  const id = () => `r${out.length + 1}`;
  if (s.labels.length === 0) return { regions: out, written: 0 };
  if (datasetType === LabelType.imageClassification || datasetType === LabelType.textClassification) {
    const choices = [...new Set(s.labels.map((l) => l.name))];
    out.push({ id: id(), type: 'choices', from_name: controlNames.choice, to_name: key, value: { choices } });
    return { regions: out, written: s.labels.length };
  }
  let written = 0;
  if (datasetType === LabelType.textEntity) {
    const chars = Array.from(s.text ?? '');
    for (const l of s.labels) {
      const start = l.property?.[START_INDEX];
      const end = l.property?.[END_INDEX];
      if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) > chars.length) {
        omit(l, "the entity's offsets are not inside the sample's text");
        continue;
      }
      const [a, b] = [start as number, end as number];
      const value = { start: a, end: b, text: chars.slice(a, b).join(''), labels: [l.name] };
      out.push({ id: id(), type: 'labels', from_name: controlNames.span, to_name: key, value, ...score(l) });
      written++;
    }
    return { regions: out, written };
  }
  const size = s.size;
  for (const l of s.labels) {
    if (!size) {
      omit(l, "the image's size is unknown (Label Studio keeps regions in percent of it)");
      continue;
    }
    const pct = ([x, y]: readonly [number, number]) => [(x / size.width) * 100, (y / size.height) * 100] as const;
    const region = (type: string, from: string, value: Record<string, unknown>) =>
      out.push({
        id: id(),
        type,
        from_name: from,
        to_name: key,
        original_width: size.width,
        original_height: size.height,
        image_rotation: 0,
        value,
        ...score(l),
      });
    const shape = shapeOf(l);
    const feature = l.property?.[FEATURE];
    const box = boxOf(l);
    if (box) {
      const [x0, y0] = pct([box[0], box[1]]);
      const [x1, y1] = pct([box[2], box[3]]);
      region('rectanglelabels', controlNames.rectangle, {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
        rotation: 0,
        rectanglelabels: [l.name],
      });
    } else if (shape === 'polygon' && Array.isArray(feature) && feature.length >= 3 && feature.every(isPoint)) {
      regions.add('polygon');
      region('polygonlabels', controlNames.polygon, {
        points: feature.map((p) => [...pct(p)]),
        closed: true,
        polygonlabels: [l.name],
      });
    } else if (shape === 'point' && Array.isArray(feature) && isPoint(feature[0])) {
      regions.add('keypoint');
      const [x, y] = pct(feature[0]);
      region('keypointlabels', controlNames.keypoint, { x, y, keypointlabels: [l.name] });
    } else {
      omit(l, `Label Studio has no ${shape ?? 'such'} region`);
      continue;
    }
    written++;
  }
  return { regions: out, written };
}

function score(l: SampleLabel): { score?: number } {
  return l.score !== undefined ? { score: l.score } : {};
}
