/**
 * New Dataset: the checks on what people type and the request it becomes, as pure functions.
 * The rules are the platform's (modelarts-api.md §7.2, and local mode's validator in
 * extension/local/api/datasets/service.ts): a name of 1 to 100 letters, digits, - and _; the input
 * is a storage folder (or a whole bucket); the output is a folder inside a bucket, never a bare
 * bucket; a description of at most 256 characters without ^ ! < > = & "; labels of 1 to 64
 * characters without control characters, each once.
 */
import type { DatasetCreateRequest } from '../../core/api/resources/datasetTypes';
import { folderPrefix, formatObsUrl, parseObsUrl } from '../../core/storage/urls';
import type { Translate } from '../views/node';

/** The dataset types local mode serves, which the view also names: 0, 1, 100 and 101 (§7.1). */
export type NewDatasetType = 0 | 1 | 100 | 101;
export const newDatasetTypes: readonly NewDatasetType[] = [0, 1, 100, 101];

/** What the flow collects (and what a script may pass to the command instead). */
export interface DatasetDraft {
  readonly name: string;
  readonly type: NewDatasetType;
  /** `obs://bucket/prefix/` (or `/bucket/prefix/`): where the samples are. */
  readonly input: string;
  /** `obs://bucket/prefix/`: where the platform writes labels and versions. */
  readonly output: string;
  readonly description?: string;
  /** The label set to start with (names); more can be added while labelling. */
  readonly labels?: readonly string[];
}

export function datasetNameProblem(name: string, taken: ReadonlySet<string>, t: Translate): string | undefined {
  if (name.trim() === '') return t('Enter a name.');
  if (!/^[\p{L}\p{N}_-]{1,100}$/u.test(name)) return t('Use 1 to 100 letters, digits, - and _.');
  if (taken.has(name)) return t('A dataset named {0} already exists.', name);
  return undefined;
}

/** `obs://bucket/prefix/` for a storage folder, however it was written; undefined when it is not one. */
export function folderUrl(value: string): string | undefined {
  try {
    const { bucket, key } = parseObsUrl(value);
    if (key.split('/').some((segment) => segment === '.' || segment === '..')) return undefined;
    return `obs://${bucket}/${folderPrefix(key)}`;
  } catch {
    return undefined;
  }
}

/** An input folder: any folder, or a whole bucket. */
export function inputFolderProblem(value: string, t: Translate): string | undefined {
  return folderUrl(value)
    ? undefined
    : t(
        'Write a storage folder as obs://bucket/folder/: a bucket name of 3 to 63 lower-case letters, digits, . and -, and no . or .. folders.',
      );
}

/**
 * The output folder. Besides being a folder inside a bucket, it may not be the input folder or lie
 * inside it, as the ModelArts console requires: the label files written there would otherwise be
 * read back as data.
 */
export function outputFolderProblem(value: string, input: string, t: Translate): string | undefined {
  const output = folderUrl(value);
  if (!output) return inputFolderProblem(value, t);
  if (/^obs:\/\/[^/]+\/$/.test(output)) return t('Choose a folder inside the bucket, not the bucket itself.');
  const from = folderUrl(input);
  if (from && output.startsWith(from)) return t('The output folder must not be the input folder or lie inside it ({0}).', from);
  return undefined;
}

export function datasetDescriptionProblem(description: string, t: Translate): string | undefined {
  if (description.length > 256) return t('At most 256 characters.');
  if (/[\^!<>=&"]/.test(description)) return t('A description cannot contain any of ^ ! < > = & ".');
  return undefined;
}

/** At most this many labels a dataset, and this many characters a label name (the platform's limits). */
const maxLabels = 1000;
const maxLabelName = 64;

/**
 * The label set as typed: `cat, dog, bird`. Commas separate names (the full-width ，, which a
 * Chinese keyboard types, too); spaces around a name are dropped, and so are empty parts.
 */
export function parseLabelList(value: string): string[] {
  return value
    .split(/[,，]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** A label set: each name 1 to 64 characters without control characters, none twice. */
export function labelNamesProblem(names: readonly string[], t: Translate): string | undefined {
  if (names.length > maxLabels) return t('At most 1,000 labels.');
  const seen = new Set<string>();
  for (const name of names) {
    // eslint-disable-next-line no-control-regex
    if (name.trim() === '' || /[\u0000-\u001f\u007f]/.test(name)) return t('A label name cannot be blank or hold control characters.');
    if (name.length > maxLabelName) return t('The label name {0} is longer than 64 characters.', name);
    if (seen.has(name)) return t('The label {0} is there twice.', name);
    seen.add(name);
  }
  return undefined;
}

/** The label step's value: optional, so empty is fine. */
export function labelListProblem(value: string, t: Translate): string | undefined {
  return labelNamesProblem(parseLabelList(value), t);
}

/**
 * Where the output step starts: a folder next to the input, named after the dataset. An input that
 * is a whole bucket has no "next to", so the step starts at that bucket.
 */
export function defaultOutputFolder(input: string, name: string): string {
  const url = folderUrl(input);
  if (!url) return 'obs://';
  const { bucket, key } = parseObsUrl(url);
  const parent = key.split('/').filter(Boolean).slice(0, -1).join('/');
  return key === '' ? `obs://${bucket}/` : `obs://${bucket}/${parent ? `${parent}/` : ''}${name}-output/`;
}

/** Every problem of a draft a script passed in, or undefined when it can be sent. */
export function draftProblem(d: DatasetDraft, taken: ReadonlySet<string>, t: Translate): string | undefined {
  return (
    datasetNameProblem(d.name, taken, t) ??
    (newDatasetTypes.includes(d.type)
      ? undefined
      : t('The dataset type must be 0 (image classification), 1 (object detection), 100 (text classification) or 101 (named entities).')) ??
    inputFolderProblem(d.input, t) ??
    outputFolderProblem(d.output, d.input, t) ??
    (d.labels === undefined || (Array.isArray(d.labels) && d.labels.every((l) => typeof l === 'string'))
      ? labelNamesProblem(d.labels ?? [], t)
      : t('labels must be a list of label names.')) ??
    datasetDescriptionProblem(d.description ?? '', t)
  );
}

/** The create body. Paths go in ModelArts' own `/bucket/folder/` spelling. */
export function datasetCreateRequest(d: DatasetDraft, workspaceId: string): DatasetCreateRequest {
  const asPath = (value: string) => formatObsUrl(parseObsUrl(folderUrl(value) ?? value), 'path');
  return {
    dataset_name: d.name,
    dataset_type: d.type,
    data_sources: [{ data_type: 0, data_path: asPath(d.input) }],
    work_path: asPath(d.output),
    work_path_type: 0,
    workspace_id: workspaceId,
    ...(d.description ? { description: d.description } : {}),
    // Each label of the dataset's own annotation type, as the platform's create example sends them.
    ...(d.labels && d.labels.length > 0 ? { labels: d.labels.map((name) => ({ name, type: d.type })) } : {}),
  };
}
