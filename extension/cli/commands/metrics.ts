import { statSync } from 'node:fs';
import { selectSeries } from '../../core/metrics/export';
import { LogdirReader } from '../../core/metrics/runs';
import { SeriesStore } from '../../core/metrics/seriesStore';
import { StorageClient } from '../../core/storage/client';
import { parseObsUrl } from '../../core/storage/urls';
import { UsageError } from '../args';
import type { Command, CommandContext } from '../command';
import { printSeries, tagFlag } from './seriesOutput';

const isObsUrl = (s: string): boolean => /^(obs|s3):\/\//i.test(s);

/** A message that ends the command with exit 1 (not a usage error): the input is fine, there is just nothing to show. */
class NothingToShow extends Error {}

/**
 * Reads every run under PATH once into a store. Local paths never resolve the target, so
 * reading a local folder needs no daemon and no credentials.
 */
async function readAll(ctx: CommandContext, where: string, tag: RegExp | undefined): Promise<{ store: SeriesStore; reader: LogdirReader }> {
  const store = new SeriesStore();
  const onPoint = (run: string, t: string, step: number, wallTime: number, value: number): void => {
    if (!tag || tag.test(t)) store.append(run, t, step, wallTime, value);
  };
  if (isObsUrl(where)) {
    const loc = parseObsUrl(where);
    const storage = new StorageClient((await ctx.target()).storage);
    try {
      const reader = LogdirReader.storage(storage, loc);
      await reader.poll({ signal: ctx.signal, onPoint });
      return { store, reader };
    } finally {
      storage.dispose();
    }
  }
  try {
    statSync(where);
  } catch {
    throw new UsageError(`${where} does not exist`);
  }
  const reader = LogdirReader.local(where);
  await reader.poll({ signal: ctx.signal, onPoint });
  return { store, reader };
}

const read: Command = {
  path: ['metrics', 'read'],
  usage:
    'modelarts metrics read PATH [--tag REGEX] [--output table|json|csv]   (PATH: an event file, a folder of runs, or obs://bucket/prefix)',
  summary: 'print the scalars in TensorBoard event files: a summary per run and tag, or every point as JSON or CSV',
  flags: ['tag'],
  outputs: ['table', 'json', 'csv'],
  positionals: [1, 1],
  async run(ctx) {
    const where = ctx.args[0] as string;
    const { pattern, tag } = tagFlag(ctx);
    try {
      const { store, reader } = await readAll(ctx, where, tag);
      const counts = reader.counts();
      if (reader.runs().length === 0) {
        throw new NothingToShow(
          `no TensorBoard event files (names containing 'tfevents') in ${where}. Give the folder your training writes its logs to (the log_dir of SummaryWriter or tf.summary), or one event file.`,
        );
      }
      if (store.pointCount === 0) {
        throw new NothingToShow(
          tag
            ? `no scalar tag matches /${pattern}/ in ${where} (${counts.points} point(s) in other tags). Run without --tag to see the tags.`
            : `the event files in ${where} hold no scalars yet (${counts.records} record(s) read).`,
        );
      }
      const damaged = counts.corruptRecords + counts.undecodableRecords + counts.resyncs;
      if (damaged > 0) {
        ctx.err(
          `modelarts: skipped ${counts.corruptRecords + counts.undecodableRecords} damaged record(s) and ${counts.skippedBytes} unreadable byte(s); everything else was read\n`,
        );
      }
      await printSeries(ctx, selectSeries(store), true);
      return 0;
    } catch (err) {
      if (!(err instanceof NothingToShow)) throw err;
      ctx.err(`modelarts: ${err.message}\n`);
      return 1;
    }
  },
};

export const metricsCommands: readonly Command[] = [read];
