import {
  annotationFormats,
  type AnnotationFormat,
  exportAnnotations,
  formatLocation,
  formatProblem,
  ImportApplyError,
  ImportError,
  importAnnotations,
  type ImportReport,
  isObsPath,
  LabelingError,
  type LabelingProgress,
  type LabelingServices,
} from '../../core/labeling';
import { StorageClient } from '../../core/storage/client';
import { stringFlag, UsageError } from '../args';
import type { Command, CommandContext } from '../command';
import { formatJson } from '../output';
import { apiFor } from './common';
import { datasets, resolveResource } from './resolve';

/**
 * `modelarts dataset import` and `export`: annotation files in and out of a dataset, with
 * core/labeling's policy (everything checked first, nothing applied when anything is invalid
 * unless --skip-invalid). Exit 0 when the import applied (or, with --dry-run, would apply) its
 * records, 1 when it was refused or none of its records matched a sample, 2 for usage errors.
 */

function formatFlag(ctx: CommandContext): AnnotationFormat {
  const f = stringFlag(ctx.flags, 'format');
  if (!f) throw new UsageError(`--format is required: ${annotationFormats.join(', ')}`);
  if (!(annotationFormats as readonly string[]).includes(f))
    throw new UsageError(`--format must be ${annotationFormats.join(', ')}, not '${f}'`);
  return f as AnnotationFormat;
}

/** Runs `work` with the API, and a storage client when a path is in OBS; place problems are usage errors. */
async function withServices<T>(ctx: CommandContext, paths: readonly string[], work: (s: LabelingServices) => Promise<T>): Promise<T> {
  const api = await apiFor(ctx);
  const storage = paths.some(isObsPath) ? new StorageClient((await ctx.target()).storage) : undefined;
  try {
    return await work({ api, ...(storage ? { storage } : {}) });
  } catch (err) {
    if (err instanceof LabelingError) throw new UsageError(err.message);
    throw err;
  } finally {
    storage?.dispose();
  }
}

/** Progress on stderr, one line rewritten in place on a terminal; nothing when piped. */
function progressLine(ctx: CommandContext): (p: LabelingProgress) => void {
  if (!process.stderr.isTTY) return () => undefined;
  let last = '';
  return (p) => {
    const line = `\r${p.phase} ${p.done}${p.total !== undefined ? `/${p.total}` : ''}`.padEnd(40);
    if (line !== last) ctx.err(line);
    last = line;
  };
}

function clearProgress(ctx: CommandContext): void {
  if (process.stderr.isTTY) ctx.err(`\r${' '.repeat(40)}\r`);
}

function importSummary(r: ImportReport): string {
  const lines = [
    `${r.dryRun ? 'would import' : 'imported'} ${r.applied} sample(s), ${r.annotations} annotation(s), from ${r.records} record(s) in ${r.files} file(s) (${r.format})`,
  ];
  if (r.labelsAdded.length > 0) lines.push(`labels ${r.dryRun ? 'to add' : 'added'}: ${r.labelsAdded.join(', ')}`);
  if (r.unmatched.length > 0) {
    lines.push(`${r.unmatched.length} record(s) match no sample of the dataset:`);
    for (const u of r.unmatched.slice(0, 20)) lines.push(`  ${formatLocation(u.origin)}: ${u.ref}`);
    if (r.unmatched.length > 20) lines.push(`  … and ${r.unmatched.length - 20} more (--output json lists all)`);
  }
  if (r.skipped.length > 0) {
    lines.push(`skipped (--skip-invalid), ${r.skipped.length} problem(s):`);
    for (const p of r.skipped.slice(0, 50)) lines.push(`  ${formatProblem(p)}`);
    if (r.skipped.length > 50) lines.push(`  … and ${r.skipped.length - 50} more (--output json lists all)`);
  }
  return `${lines.join('\n')}\n`;
}

const importCommand: Command = {
  path: ['dataset', 'import'],
  usage: `modelarts dataset import DATASET --format ${annotationFormats.join('|')} --from PATH [--skip-invalid] [--dry-run]   (PATH: a folder or file, or obs://…)`,
  summary: 'import annotation files into a dataset: all or nothing, unless --skip-invalid leaves out (and lists) the invalid records',
  positionals: [1, 1],
  flags: ['format', 'from'],
  booleanFlags: ['skip-invalid', 'dry-run'],
  async run(ctx) {
    const format = formatFlag(ctx);
    const from = stringFlag(ctx.flags, 'from');
    if (!from) throw new UsageError('--from is required: a folder or file, or an obs:// folder or object');
    return withServices(ctx, [from], async (services) => {
      const dataset = await resolveResource(datasets, services.api, ctx.args[0] as string, ctx.signal);
      let report: ImportReport;
      try {
        report = await importAnnotations(services, dataset.dataset_id, {
          format,
          from,
          skipInvalid: ctx.flags.get('skip-invalid') === true,
          dryRun: ctx.flags.get('dry-run') === true,
          signal: ctx.signal,
          onProgress: progressLine(ctx),
        });
      } catch (err) {
        clearProgress(ctx);
        // Scripts reading --output json get the report (and the problems) on stdout as well.
        if (err instanceof ImportApplyError && ctx.output === 'json') ctx.out(formatJson(err.report));
        if (err instanceof ImportError && ctx.output === 'json') ctx.out(formatJson({ ...err.report, problems: err.problems }));
        throw err;
      }
      clearProgress(ctx);
      ctx.out(ctx.output === 'json' ? formatJson(report) : importSummary(report));
      if (report.applied === 0 && report.records > 0) {
        ctx.err(`modelarts: none of the ${report.records} record(s) in ${from} was imported into ${dataset.dataset_name}\n`);
        return 1;
      }
      return 0;
    });
  },
};

const exportCommand: Command = {
  path: ['dataset', 'export'],
  usage: `modelarts dataset export DATASET --format ${annotationFormats.join('|')} --to PATH   (PATH: a folder, or obs://bucket/folder/)`,
  summary: "export every sample's annotations to a local or OBS folder",
  positionals: [1, 1],
  flags: ['format', 'to'],
  async run(ctx) {
    const format = formatFlag(ctx);
    const to = stringFlag(ctx.flags, 'to');
    if (!to) throw new UsageError('--to is required: a folder, or an obs:// folder');
    return withServices(ctx, [to], async (services) => {
      const dataset = await resolveResource(datasets, services.api, ctx.args[0] as string, ctx.signal);
      const report = await exportAnnotations(services, dataset.dataset_id, {
        format,
        to,
        signal: ctx.signal,
        onProgress: progressLine(ctx),
      });
      clearProgress(ctx);
      if (ctx.output === 'json') ctx.out(formatJson(report));
      else {
        const lines = [
          `exported ${report.samples} sample(s), ${report.annotations} annotation(s), ${report.files} file(s) to ${to} (${format})`,
        ];
        if (report.omitted.length > 0) {
          lines.push(`${report.omitted.length} annotation(s) not written (${format} cannot hold them):`);
          for (const o of report.omitted.slice(0, 20)) lines.push(`  ${o.path}: ${o.label}: ${o.reason}`);
          if (report.omitted.length > 20) lines.push(`  … and ${report.omitted.length - 20} more (--output json lists all)`);
        }
        ctx.out(`${lines.join('\n')}\n`);
      }
      return 0;
    });
  },
};

export const datasetTransferCommands: readonly Command[] = [importCommand, exportCommand];
