import type { Dataset, Sample, SampleLabel, SampleState } from '../../core/api/resources/datasetTypes';
import { boxOf, shapeOf } from '../../core/labeling/formats/model';
import { folderPrefix, formatObsUrl, parseObsUrl } from '../../core/storage/urls';
import { plural } from '../../core/util/plural';
import { numberFlag, stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { apiFor, print, when } from './common';
import { datasets, resolveResource } from './resolve';

const typeNames: Readonly<Record<number, string>> = {
  0: 'image classification',
  1: 'object detection',
  100: 'text classification',
  101: 'named entity recognition',
};

/** `--type` words and their `dataset_type` numbers (modelarts-api.md §7.1). */
const typeFlags: Readonly<Record<string, number>> = {
  image_classification: 0,
  object_detection: 1,
  text_classification: 100,
  text_entity: 101,
};

const list: Command = {
  path: ['dataset', 'list'],
  usage: 'modelarts dataset list',
  summary: 'list datasets with their sample and labelled counts',
  async run(ctx) {
    const api = await apiFor(ctx);
    print(ctx, await api.datasets.listAll({ signal: ctx.signal }), [
      { header: 'NAME', value: (d: Dataset) => d.dataset_name },
      { header: 'TYPE', value: (d: Dataset) => typeNames[d.dataset_type] ?? d.dataset_type },
      { header: 'SAMPLES', value: (d: Dataset) => d.total_sample_count ?? '-' },
      { header: 'LABELLED', value: (d: Dataset) => d.annotated_sample_count ?? '-' },
      { header: 'CREATED', value: (d: Dataset) => when(d.create_time) },
      { header: 'ID', value: (d: Dataset) => d.dataset_id },
    ]);
    return 0;
  },
};

const create: Command = {
  path: ['dataset', 'create'],
  usage:
    'modelarts dataset create --name NAME --type image_classification|object_detection|text_classification|text_entity --input obs://bucket/dir/ [--output obs://bucket/out/] [--labels a,b,c] [--description TEXT]   (--output json|table prints, as everywhere)',
  summary:
    'create a dataset over the images (or .txt lines) in an OBS folder; the output folder (--output obs://…) defaults to a sibling <input>-output/',
  flags: ['name', 'type', 'input', 'labels', 'description'],
  outputFolder: true,
  async run(ctx) {
    const name = stringFlag(ctx.flags, 'name');
    if (!name) throw new UsageError('--name is required');
    const typeArg = stringFlag(ctx.flags, 'type');
    if (!typeArg) throw new UsageError(`--type is required: ${Object.keys(typeFlags).join(', ')}`);
    const type = typeFlags[typeArg];
    if (type === undefined) throw new UsageError(`--type must be ${Object.keys(typeFlags).join(', ')}, not '${typeArg}'`);
    const inputArg = stringFlag(ctx.flags, 'input');
    if (!inputArg) throw new UsageError('--input is required: the OBS folder of the samples, e.g. obs://bucket/images/');
    const input = parseObsUrl(inputArg);
    const inputKey = folderPrefix(input.key);
    // `--output obs://…` is the output folder; `--output json|table` the printed format (dispatch tells them apart).
    const outputFlag = stringFlag(ctx.flags, 'output');
    const outputArg = outputFlag && /^(obs|s3):\/\//i.test(outputFlag) ? outputFlag : undefined;
    if (!outputArg && inputKey === '') throw new UsageError('--output is required when --input is a whole bucket');
    const output = outputArg ? parseObsUrl(outputArg) : { bucket: input.bucket, key: `${inputKey.slice(0, -1)}-output/` };
    const labels = (stringFlag(ctx.flags, 'labels') ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const description = stringFlag(ctx.flags, 'description');
    const api = await apiFor(ctx);
    const { dataset_id: id } = await api.datasets.create(
      {
        dataset_name: name,
        dataset_type: type,
        data_sources: [{ data_type: 0, data_path: formatObsUrl({ bucket: input.bucket, key: inputKey }, 'path') }],
        work_path: formatObsUrl({ bucket: output.bucket, key: folderPrefix(output.key) }, 'path'),
        ...(labels.length > 0 ? { labels: labels.map((l) => ({ name: l })) } : {}),
        ...(description ? { description } : {}),
      },
      { signal: ctx.signal },
    );
    const dataset = await api.datasets.get(id, { signal: ctx.signal });
    if (ctx.output === 'json') print(ctx, dataset, []);
    else {
      const n = dataset.total_sample_count ?? 0;
      const samples = plural(n, { one: `${n} sample`, other: `${n} samples` });
      ctx.out(`created dataset ${dataset.dataset_name} (${id}): ${typeNames[dataset.dataset_type] ?? dataset.dataset_type}, ${samples}\n`);
    }
    return 0;
  },
};

const states: Readonly<Record<string, SampleState | undefined>> = {
  all: undefined,
  labelled: '__ALL__',
  labeled: '__ALL__',
  unlabelled: '__NONE__',
  unlabeled: '__NONE__',
};

/** `cat[10,20,50,95]` for a box (image pixels), `lane(polyline)` for another shape, the name otherwise. */
export function describeLabel(l: SampleLabel): string {
  const box = boxOf(l);
  if (box) return `${l.name}[${box.map((v) => +v.toFixed(2)).join(',')}]`;
  const shape = shapeOf(l);
  return shape ? `${l.name}(${shape})` : l.name;
}

const samples: Command = {
  path: ['dataset', 'samples'],
  usage: 'modelarts dataset samples NAME_OR_ID [--state all|labelled|unlabelled] [--limit N]',
  summary: "list a dataset's samples with their labels (boxes as [xmin,ymin,xmax,ymax] in image pixels; --output json: the API's samples)",
  positionals: [1, 1],
  flags: ['state', 'limit'],
  async run(ctx) {
    const stateArg = (stringFlag(ctx.flags, 'state') ?? 'all').toLowerCase();
    if (!(stateArg in states)) throw new UsageError(`--state must be all, labelled or unlabelled, not '${stateArg}'`);
    const state = states[stateArg];
    const limit = numberFlag(ctx.flags, 'limit', 1, 1_000_000) ?? 100;
    const api = await apiFor(ctx);
    const dataset = await resolveResource(datasets, api, ctx.args[0] as string, ctx.signal);
    const rows: Sample[] = [];
    for await (const s of api.datasets.samples(dataset.dataset_id, { signal: ctx.signal, ...(state ? { state } : {}) })) {
      rows.push(s);
      if (rows.length >= limit) break;
    }
    print(ctx, rows, [
      { header: 'SAMPLE', value: (s) => s.sample_id },
      { header: 'STATUS', value: (s) => s.sample_status ?? '-' },
      { header: 'LABELS', value: (s) => (s.labels?.length ? s.labels.map(describeLabel).join(' ') : '-') },
      { header: 'SOURCE', value: (s) => s.source ?? '-' },
    ]);
    return 0;
  },
};

export const datasetCommands: readonly Command[] = [list, create, samples];
