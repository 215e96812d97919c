import { parseObsUrl } from '../../storage/urls';
import { type ConfigObject, type LabelConfig, parseLabelConfig } from './labelStudioConfig';
import { type Bad, convertResults } from './labelStudioResults';
import {
  type AnnotatedSample,
  dirOf,
  type FileSource,
  type ImageSize,
  LabelType,
  type Problem,
  type ReadOptions,
  type ReadResult,
  type SampleRef,
  stemOf,
} from './model';
import { parseJson, readFiles, textOf } from './read';

/**
 * Label Studio's JSON export (Export → JSON): a list of tasks, each with its `data` (the image
 * URL or the text, under the key the labeling config names) and its `annotations[]` (`completions`
 * before Label Studio 1.0), each with a `result[]` of regions; a single task object (one file per
 * task, as Label Studio 0.x wrote) is read too. The labeling config (`label_config.xml` or any
 * `<View>` XML) beside an export, or in a folder above it, says which data field each result is
 * about and what kind it is, and lists the labels; without one, the result's `to_name` is taken
 * as the data field. Results become annotations as labelStudioResults.ts describes.
 *
 * Which annotation of a task is imported: the annotators' own, never `predictions` (a model's
 * guesses, which Label Studio keeps apart). Cancelled (skipped) annotations are passed over, and
 * so are annotations rejected in review; of the rest, one marked `ground_truth` wins, else the
 * most recently updated. A task with nothing left to take is not touched (it is counted, not
 * imported); one whose annotations were all rejected in review is a problem, since the file does
 * hold annotations and they were judged wrong.
 *
 * The sample a task names: `data.modelarts_sample_id` (written by our export), then the image's
 * place: an `s3://` URL is an OBS object, an upload (`/data/upload/3/1a2b3c4d-cat.jpg`) is its
 * file name without Label Studio's 8-hex-digit prefix, a local file (`/data/local-files/?d=a/b.jpg`)
 * its path, any other URL its path (one without an extension, `/image1`, also by its path
 * without one); a text task is matched by its text. Image sizes come from the results'
 * `original_width`/`original_height`, else from the dataset's sample.
 *
 * With `options.datasetType` (an import always gives it) only results of that kind are read: a
 * project that drew boxes and ticked a quality choice imports its boxes into a detection dataset
 * and its choices into a classification one. A task whose results are all of another kind is
 * left alone, and a file with not one task of the dataset's kind is a problem (another project's
 * export, most likely).
 */

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The data field our export writes the sample id into. */
export const sampleIdKey = 'modelarts_sample_id';

/** Reads every `.json` file under the source as a Label Studio export, with the labeling configs beside them. */
export async function readLabelStudio(source: FileSource, options: ReadOptions = {}): Promise<ReadResult> {
  const problems: Problem[] = [];
  const configs = new Map<string, LabelConfig>();
  const labelNames: string[] = [];
  const xmlFiles = source.files.filter((f) => /\.xml$/i.test(f));
  await readFiles(source, xmlFiles, options.signal ? { signal: options.signal } : {}, (file, bytes) => {
    const parsed = parseLabelConfig(textOf(bytes), file);
    if (!parsed) return;
    if ('problem' in parsed) return void problems.push(parsed.problem);
    const dir = dirOf(file);
    const had = configs.get(dir);
    // Two configs in one folder (an export's and its copy): their tags are merged, the first name wins.
    configs.set(
      dir,
      had
        ? { ...had, objects: new Map([...parsed.config.objects, ...had.objects]), byKey: new Map([...parsed.config.byKey, ...had.byKey]) }
        : parsed.config,
    );
    for (const n of parsed.config.labelNames) if (!labelNames.includes(n)) labelNames.push(n);
  });
  const configFor = (file: string): LabelConfig | undefined => {
    for (let dir = dirOf(file); ; dir = dirOf(dir.slice(0, -1))) {
      const c = configs.get(dir);
      if (c || dir === '') return c;
    }
  };
  const jsonFiles = source.files.filter((f) => /\.json$/i.test(f));
  const samples: AnnotatedSample[] = [];
  let records = 0;
  await readFiles(source, jsonFiles, options, (file, bytes) => {
    const r = parseLabelStudioText(textOf(bytes), file, configFor(file), options);
    records += r.records;
    samples.push(...r.samples);
    problems.push(...r.problems);
  });
  if (jsonFiles.length === 0) problems.push({ file: '.', message: `no .json file under ${source.root}` });
  return { samples, problems, labelNames, filesRead: jsonFiles.length + xmlFiles.length, records };
}

/** One export file. */
export function parseLabelStudioText(
  text: string,
  file: string,
  config: LabelConfig | undefined,
  options: Pick<ReadOptions, 'sizeOf' | 'datasetType'> = {},
): { samples: AnnotatedSample[]; problems: Problem[]; records: number } {
  const parsed = parseJson(text, file);
  if ('problem' in parsed) return { samples: [], problems: [parsed.problem], records: 0 };
  const doc = parsed.value;
  const fatal = (message: string) => ({ samples: [], problems: [{ file, message }], records: 0 });
  let tasks: unknown[];
  let single = false;
  if (Array.isArray(doc)) tasks = doc;
  else if (isObject(doc) && isObject(doc.data)) [tasks, single] = [[doc], true];
  else if (isObject(doc) && Array.isArray(doc.images) && Array.isArray(doc.annotations))
    return fatal('is COCO JSON, not a Label Studio export: import it as COCO');
  else return fatal('is not a Label Studio JSON export: that is a list of tasks, each with "data" and "annotations"');
  if (tasks.length > 0 && tasks.every((t) => isObject(t) && !('data' in t) && !('annotations' in t) && !('completions' in t)))
    return fatal("looks like Label Studio's JSON-MIN export (no data or annotations in its tasks): export as JSON instead");

  const samples: AnnotatedSample[] = [];
  const problems: Problem[] = [];
  const otherTypes = new Set<string>();
  tasks.forEach((task, i) => {
    // `tasks[3].annotations[0]`: the fourth element of the file's list; a single-task file has no prefix.
    const el = (rest?: string): string => (single ? (rest ?? '') : `tasks[${i}]${rest ? `.${rest}` : ''}`);
    const id = isObject(task) && (typeof task.id === 'number' || typeof task.id === 'string') ? ` (task ${task.id})` : '';
    const before = problems.length;
    const bad: Bad = (element, message) => {
      problems.push({ file, ...(element ? { element } : {}), message: `${message}${id}` });
      return undefined;
    };
    if (!isObject(task)) return bad(el(), 'must be a task object with data and annotations');
    if (!isObject(task.data)) return bad(el('data'), "is required: the task's image URL or text");
    const chosen = chooseAnnotation(task, el, bad);
    if (!chosen) return;
    const results = chosen.annotation.result ?? [];
    if (!Array.isArray(results)) return bad(`${chosen.at}.result`, 'must be a list of results');
    const object = taskObject(task.data, results, config, options.datasetType, el, bad);
    if (!object) return;
    const sampleId = task.data[sampleIdKey];
    const ref: SampleRef = {
      ...(object.kind === 'text' ? { text: object.value } : imageRef(object.value)),
      ...(typeof sampleId === 'string' && sampleId !== '' ? { sampleId } : {}),
    };
    const at = `${chosen.at}.result`;
    const fileSize = object.kind === 'image' ? sizeOfResults(results, at, bad) : undefined;
    const size = object.kind === 'image' ? (fileSize ?? options.sizeOf?.(ref)) : undefined;
    const { labels, taken, passedOver } = convertResults(
      results,
      at,
      {
        kind: object.kind,
        belongs: object.belongs,
        ...(object.kind === 'text' ? { text: object.value } : {}),
        ...(size ? { size } : {}),
        ...(options.datasetType !== undefined ? { datasetType: options.datasetType } : {}),
      },
      bad,
    );
    if (problems.length > before) return;
    // Results all of another kind (the boxes of a project imported into a classification
    // dataset) say nothing about this dataset's labels: the sample is left as it is.
    if (taken === 0 && passedOver.size > 0) return void passedOver.forEach((t) => otherTypes.add(t));
    samples.push({ origin: { file, ...(el() ? { element: el() } : {}) }, ref, ...(fileSize ? { size: fileSize } : {}), labels });
  });
  // Not one task of the file fits the dataset: it is another project's export, which is worth saying.
  if (samples.length === 0 && problems.length === 0 && otherTypes.size > 0)
    problems.push({
      file,
      message: `holds only ${[...otherTypes].join(', ')} results, none of them for this dataset's type of annotation`,
    });
  return { samples, problems, records: tasks.length };
}

/** An annotation has been rejected in review: its last action says so, or else its latest review. */
function isRejected(a: Record<string, unknown>): boolean {
  if (typeof a.last_action === 'string') return a.last_action === 'rejected';
  const reviews = Array.isArray(a.reviews) ? a.reviews.filter(isObject) : [];
  return reviews.length > 0 && reviews[reviews.length - 1]?.accepted === false;
}

function time(v: unknown): number | undefined {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/** The annotation a task's import takes (see the header), or undefined when there is none or a problem was reported. */
function chooseAnnotation(
  task: Record<string, unknown>,
  el: (rest?: string) => string,
  bad: Bad,
): { annotation: Record<string, unknown>; at: string } | undefined {
  const key = task.annotations === undefined && task.completions !== undefined ? 'completions' : 'annotations';
  const list = task[key];
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) return bad(el(key), 'must be a list of annotations');
  let best: { annotation: Record<string, unknown>; at: string; rank: [number, number] } | undefined;
  let rejected: string | undefined;
  list.forEach((a: unknown, j) => {
    const at = el(`${key}[${j}]`);
    if (!isObject(a)) return bad(at, 'must be an annotation object with a result list');
    if (a.was_cancelled === true) return;
    if (isRejected(a)) return void (rejected = at);
    const rank: [number, number] = [a.ground_truth === true ? 1 : 0, time(a.updated_at) ?? time(a.created_at) ?? -Infinity];
    // Later in the list wins a tie: Label Studio lists annotations oldest first.
    if (!best || rank[0] > best.rank[0] || (rank[0] === best.rank[0] && rank[1] >= best.rank[1])) best = { annotation: a, at, rank };
  });
  if (!best && rejected)
    return bad(rejected, 'was rejected in review, and the task has no other annotation: accept or fix it in Label Studio and export again');
  return best;
}

/** The data field a task's annotations are about, and whether it is an image or a text. */
function taskObject(
  data: Record<string, unknown>,
  results: readonly unknown[],
  config: LabelConfig | undefined,
  datasetType: number | undefined,
  el: (rest?: string) => string,
  bad: Bad,
): { key: string; kind: 'image' | 'text'; value: string; belongs: (r: Record<string, unknown>) => boolean } | undefined {
  const objectOf = (key: string): ConfigObject | undefined => config?.byKey.get(key);
  const byName = new Map<string, Record<string, unknown>[]>();
  for (const r of results)
    if (isObject(r) && typeof r.to_name === 'string') {
      const key = config?.objects.get(r.to_name)?.key ?? r.to_name;
      const list = byName.get(key);
      if (list) list.push(r);
      else byName.set(key, [r]);
    }
  const kindOf = (key: string): 'image' | 'text' | 'other' => {
    const tagged = objectOf(key)?.kind;
    if (tagged) return tagged;
    const rs = byName.get(key) ?? [];
    if (rs.some((r) => r.original_width !== undefined || /^(rectangle|polygon|keypoint|brush|ellipse)/.test(String(r.type))))
      return 'image';
    if (rs.some((r) => isObject(r.value) && typeof r.value.start === 'number')) return 'text';
    if (datasetType !== undefined) return datasetType >= LabelType.textClassification ? 'text' : 'image';
    const v = String(data[key]);
    return /^(s3|gs|obs|https?|azure-blob):\/\/|^\/data\/|\.(jpe?g|png|gif|bmp|webp|tiff?)$/i.test(v) ? 'image' : 'text';
  };
  const wanted = datasetType === undefined ? undefined : datasetType >= LabelType.textClassification ? 'text' : 'image';
  let keys = [...byName.keys()];
  const fromResults = keys.length > 0;
  if (!fromResults) keys = [...(config?.byKey.keys() ?? [])];
  if (keys.length === 0) keys = Object.keys(data).filter((k) => k !== sampleIdKey && typeof data[k] === 'string');
  // Objects of the other kind are not this dataset's (a project labelling an image and its caption).
  if (keys.length > 1 && wanted) keys = keys.filter((k) => kindOf(k) === wanted);
  // A task without results names no object: the conventional field is the sample.
  const conventional = [wanted ?? 'image', 'text', 'image'].find((k) => keys.includes(k));
  if (keys.length > 1 && !fromResults && conventional) keys = [conventional];
  const key = keys[0];
  if (key === undefined || keys.length > 1)
    return bad(
      el('data'),
      `does not say which field is the sample (${Object.keys(data).join(', ') || 'it is empty'}): put the labeling config beside the export`,
    );
  const value = data[key];
  if (typeof value !== 'string' || value === '')
    return bad(el(`data.${key}`), `is required: the ${kindOf(key) === 'text' ? 'text' : 'image URL'} the annotations are on`);
  const kind = kindOf(key);
  if (kind === 'other')
    return bad(
      el(`data.${key}`),
      `is labelled as a ${objectOf(key) ? 'media object' : 'kind of data'} ModelArts has no image or text dataset for`,
    );
  // A result about no object (Label Studio always writes to_name) goes with the one there is.
  const belongs = (r: Record<string, unknown>) =>
    typeof r.to_name !== 'string' || (config?.objects.get(r.to_name)?.key ?? r.to_name) === key;
  return { key, kind, value, belongs };
}

/** The size the results state; a problem when they disagree. */
function sizeOfResults(results: readonly unknown[], at: string, bad: Bad): ImageSize | undefined {
  let size: ImageSize | undefined;
  let from = -1;
  results.forEach((r, k) => {
    if (!isObject(r) || (r.original_width === undefined && r.original_height === undefined)) return;
    const [w, h] = [r.original_width, r.original_height];
    if (!Number.isInteger(w) || !Number.isInteger(h) || (w as number) <= 0 || (h as number) <= 0)
      return bad(
        `${at}[${k}].original_width`,
        `original_width and original_height must be whole numbers of pixels, not ${JSON.stringify(w)} and ${JSON.stringify(h)}`,
      );
    if (!size) [size, from] = [{ width: w as number, height: h as number }, k];
    else if (size.width !== w || size.height !== h)
      bad(
        `${at}[${k}].original_width`,
        `says the image is ${String(w)}x${String(h)}, but ${at}[${from}] says ${size.width}x${size.height}`,
      );
  });
  return size;
}

/** Label Studio's upload prefix: the first 8 hex digits of a UUID and a dash before the file's own name. */
const uploadPrefix = /^[0-9a-f]{8}-/;

/** Where an image URL points, as the matcher reads it (see the header). */
export function imageRef(url: string): SampleRef {
  if (/^(s3|obs):\/\//i.test(url)) {
    try {
      const location = parseObsUrl(url);
      return { location, path: location.key };
    } catch {
      // Fall through to a plain path.
    }
  }
  let path = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(url);
  if (scheme) path = url.slice(scheme[0].length);
  const local = /^\/data\/local-files\/?\?(.*)$/.exec(path);
  if (local) return { path: (new URLSearchParams(local[1]).get('d') ?? '').replace(/^\/+/, '') };
  path = path.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // A stray % is part of the name.
  }
  const upload = /^\/data\/upload\/[^/]+\/([^/]+)$/.exec(path);
  path = upload ? (upload[1] as string).replace(uploadPrefix, '') : path.replace(/^\.?\/+/, '');
  // A URL without an extension (`/image1`) names the sample by its path without one.
  return stemOf(path) === path ? { path, stems: [path] } : { path };
}
