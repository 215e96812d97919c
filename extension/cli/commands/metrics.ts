import { statSync } from 'node:fs';
import { formatFloat32, selectSeries, writeCsv, writeJson } from '../../core/metrics/export';
import { LogdirReader } from '../../core/metrics/runs';
import { SeriesStore } from '../../core/metrics/seriesStore';
import { summary } from '../../core/metrics/seriesView';
import { StorageClient } from '../../core/storage/client';
import { parseObsUrl } from '../../core/storage/urls';
import { UsageError, stringFlag } from '../args';
import type { Command, CommandContext } from '../command';
import { formatTable } from '../output';

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
    const pattern = stringFlag(ctx.flags, 'tag');
    let tag: RegExp | undefined;
    if (pattern !== undefined) {
      try {
        tag = new RegExp(pattern);
      } catch (err) {
        throw new UsageError(`--tag is not a valid regular expression: ${(err as Error).message}`);
      }
    }
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
      const series = selectSeries(store);
      const write = (chunk: string): void => ctx.out(chunk);
      if (ctx.output === 'json') await writeJson(series, write, { signal: ctx.signal });
      else if (ctx.output === 'csv') await writeCsv(series, write, { signal: ctx.signal });
      else {
        ctx.out(
          formatTable(
            series.map((s) => ({ run: s.run, tag: s.tag, ...summary(s) })),
            [
              { header: 'RUN', value: (r) => r.run },
              { header: 'TAG', value: (r) => r.tag },
              { header: 'POINTS', value: (r) => r.points },
              { header: 'FIRST STEP', value: (r) => r.firstStep },
              { header: 'LAST STEP', value: (r) => r.lastStep },
              { header: 'LAST VALUE', value: (r) => (Number.isFinite(r.last) ? formatFloat32(r.last) : String(r.last)) },
            ],
          ),
        );
      }
      return 0;
    } catch (err) {
      if (!(err instanceof NothingToShow)) throw err;
      ctx.err(`modelarts: ${err.message}\n`);
      return 1;
    }
  },
};

export const metricsCommands: readonly Command[] = [read];
