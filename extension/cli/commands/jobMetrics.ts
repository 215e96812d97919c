import { formatFloat32, selectSeries, writeCsv, writeJson } from '../../core/metrics/export';
import { JobMetricsSource } from '../../core/metrics/jobSource';
import { SeriesStore } from '../../core/metrics/seriesStore';
import { summary } from '../../core/metrics/seriesView';
import { StorageClient } from '../../core/storage/client';
import { stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { formatTable } from '../output';
import { apiFor } from './common';

/**
 * `modelarts job metrics ID`: every point of every series of a job, read as the metrics panel reads
 * them (the same source: the platform's metrics route, its event files, its summary log dir), so a
 * script can check what the panel draws. Resource usage comes as `resources/<metric>` tags.
 */
export const jobMetrics: Command = {
  path: ['job', 'metrics'],
  usage: 'modelarts job metrics ID [--tag REGEX] [--output table|json|csv]',
  summary: "print a job's scalars and resource usage: a summary per tag, or every point as JSON or CSV",
  flags: ['tag'],
  outputs: ['table', 'json', 'csv'],
  positionals: [1, 1],
  async run(ctx) {
    const id = ctx.args[0] as string;
    const pattern = stringFlag(ctx.flags, 'tag');
    let tag: RegExp | undefined;
    if (pattern !== undefined) {
      try {
        tag = new RegExp(pattern);
      } catch (err) {
        throw new UsageError(`--tag is not a valid regular expression: ${(err as Error).message}`);
      }
    }
    const api = await apiFor(ctx);
    const storage = new StorageClient((await ctx.target()).storage);
    try {
      const store = new SeriesStore();
      const source = new JobMetricsSource(api, id, id, storage);
      // One pass over what the platform has now (a running job's later points are not waited for).
      while ((await source.poll(store, ctx.signal)).more);
      const series = selectSeries(store, tag ? { tags: tag } : {});
      if (series.length === 0) {
        ctx.err(
          tag
            ? `modelarts: no series of job ${id} matches /${pattern}/. Run without --tag to see them.\n`
            : `modelarts: job ${id} has no metrics yet. Print lines like "MA_METRIC loss=0.3 step=10", or write TensorBoard event files to $MA_SUMMARY_DIR.\n`,
        );
        return 1;
      }
      const write = (chunk: string): void => ctx.out(chunk);
      if (ctx.output === 'json') await writeJson(series, write, { signal: ctx.signal });
      else if (ctx.output === 'csv') await writeCsv(series, write, { signal: ctx.signal });
      else {
        ctx.out(
          formatTable(
            series.map((s) => ({ tag: s.tag, ...summary(s) })),
            [
              { header: 'TAG', value: (r) => r.tag },
              { header: 'POINTS', value: (r) => r.points },
              { header: 'FIRST STEP', value: (r) => r.firstStep },
              { header: 'LAST STEP', value: (r) => r.lastStep },
              { header: 'LAST VALUE', value: (r) => (Number.isFinite(r.last) ? formatFloat32(r.last) : String(r.last)) },
              { header: 'MIN', value: (r) => (Number.isFinite(r.min) ? formatFloat32(r.min) : '') },
              { header: 'MAX', value: (r) => (Number.isFinite(r.max) ? formatFloat32(r.max) : '') },
            ],
          ),
        );
      }
      return 0;
    } finally {
      storage.dispose();
    }
  },
};
