import { selectSeries } from '../../core/metrics/export';
import { JobMetricsSource } from '../../core/metrics/jobSource';
import { SeriesStore } from '../../core/metrics/seriesStore';
import { StorageClient } from '../../core/storage/client';
import type { Command } from '../command';
import { printSeries, tagFlag } from './seriesOutput';
import { apiFor } from './common';
import { jobs, resolveResource } from './resolve';

/**
 * `modelarts job metrics NAME_OR_ID`: every point of every series of a job, read as the metrics panel reads
 * them (the same source: the platform's metrics route, its event files, its summary log dir), so a
 * script can check what the panel draws. Resource usage comes as `resources/<metric>` tags.
 */
export const jobMetrics: Command = {
  path: ['job', 'metrics'],
  usage: 'modelarts job metrics NAME_OR_ID [--tag REGEX] [--output table|json|csv]',
  summary: "print a job's scalars and resource usage: a summary per tag, or every point as JSON or CSV",
  flags: ['tag'],
  outputs: ['table', 'json', 'csv'],
  positionals: [1, 1],
  async run(ctx) {
    const { pattern, tag } = tagFlag(ctx);
    const api = await apiFor(ctx);
    const id = (await resolveResource(jobs, api, ctx.args[0] as string, ctx.signal)).metadata.id;
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
      await printSeries(ctx, series, false);
      return 0;
    } finally {
      storage.dispose();
    }
  },
};
