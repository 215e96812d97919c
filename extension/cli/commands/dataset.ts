import type { Dataset, Sample, SampleState } from '../../core/api/resources/datasetTypes';
import { numberFlag, stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { apiFor, print, when } from './common';

const typeNames: Readonly<Record<number, string>> = { 0: 'image classification', 1: 'object detection', 100: 'text classification' };

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

const states: Readonly<Record<string, SampleState | undefined>> = {
  all: undefined,
  labelled: '__ALL__',
  labeled: '__ALL__',
  unlabelled: '__NONE__',
  unlabeled: '__NONE__',
};

const samples: Command = {
  path: ['dataset', 'samples'],
  usage: 'modelarts dataset samples ID [--state all|labelled|unlabelled] [--limit N]',
  summary: "list a dataset's samples with their labels",
  positionals: [1, 1],
  flags: ['state', 'limit'],
  async run(ctx) {
    const stateArg = (stringFlag(ctx.flags, 'state') ?? 'all').toLowerCase();
    if (!(stateArg in states)) throw new UsageError(`--state must be all, labelled or unlabelled, not '${stateArg}'`);
    const state = states[stateArg];
    const limit = numberFlag(ctx.flags, 'limit', 1, 1_000_000) ?? 100;
    const api = await apiFor(ctx);
    const rows: Sample[] = [];
    for await (const s of api.datasets.samples(ctx.args[0] as string, { signal: ctx.signal, ...(state ? { state } : {}) })) {
      rows.push(s);
      if (rows.length >= limit) break;
    }
    print(ctx, rows, [
      { header: 'SAMPLE', value: (s) => s.sample_id },
      { header: 'STATUS', value: (s) => s.sample_status ?? '-' },
      { header: 'LABELS', value: (s) => (s.labels?.length ? s.labels.map((l) => l.name).join(',') : '-') },
      { header: 'SOURCE', value: (s) => s.source ?? '-' },
    ]);
    return 0;
  },
};

export const datasetCommands: readonly Command[] = [list, samples];
