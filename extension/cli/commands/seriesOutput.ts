import { formatFloat32, writeCsv, writeJson } from '../../core/metrics/export';
import type { Series } from '../../core/metrics/seriesStore';
import { summary } from '../../core/metrics/seriesView';
import { stringFlag, UsageError } from '../args';
import type { CommandContext } from '../command';
import { formatTable } from '../output';

/** `--tag REGEX`, checked: a bad pattern is a usage error. */
export function tagFlag(ctx: CommandContext): { pattern: string | undefined; tag: RegExp | undefined } {
  const pattern = stringFlag(ctx.flags, 'tag');
  if (pattern === undefined) return { pattern, tag: undefined };
  try {
    return { pattern, tag: new RegExp(pattern) };
  } catch (err) {
    throw new UsageError(`--tag is not a valid regular expression: ${(err as Error).message}`);
  }
}

/**
 * Prints series as `metrics read` and `job metrics` do: every point as JSON or CSV, or a table of
 * one row per series (with a RUN column when `withRun`).
 */
export async function printSeries(ctx: CommandContext, series: readonly Series[], withRun: boolean): Promise<void> {
  const write = (chunk: string): void => ctx.out(chunk);
  if (ctx.output === 'json') return void (await writeJson(series, write, { signal: ctx.signal }));
  if (ctx.output === 'csv') return void (await writeCsv(series, write, { signal: ctx.signal }));
  const num = (n: number) => (Number.isFinite(n) ? formatFloat32(n) : '');
  ctx.out(
    formatTable(
      series.map((s) => ({ run: s.run, tag: s.tag, ...summary(s) })),
      [
        ...(withRun ? [{ header: 'RUN', value: (r: { run: string }) => r.run }] : []),
        { header: 'TAG', value: (r) => r.tag },
        { header: 'POINTS', value: (r) => r.points },
        { header: 'FIRST STEP', value: (r) => r.firstStep },
        { header: 'LAST STEP', value: (r) => r.lastStep },
        { header: 'LAST VALUE', value: (r) => (Number.isFinite(r.last) ? formatFloat32(r.last) : String(r.last)) },
        { header: 'MIN', value: (r) => num(r.min) },
        { header: 'MAX', value: (r) => num(r.max) },
      ],
    ),
  );
}
