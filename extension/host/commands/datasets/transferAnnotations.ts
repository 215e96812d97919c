import * as vscode from 'vscode';
import type { Dataset } from '../../../core/api/resources/datasetTypes';
import {
  type AnnotationFormat,
  annotationFormats,
  exportAnnotations,
  formatDatasetTypes,
  formatLocation,
  formatProblem,
  ImportApplyError,
  ImportError,
  importAnnotations,
  type ImportReport,
  type LabelingProgress,
} from '../../../core/labeling';
import { toAbortSignal } from '../../cancellation';
import { MultiStep } from '../../flows/multiStep';
import { pickStorageFolder } from '../../flows/storageFolderStep';
import { notify } from '../../notify';
import type { Connection } from '../../platform/session';
import type { Services } from '../../services';
import type { DatasetNode } from '../../views/datasets/describe';
import { ViewIds } from '../../views/viewIds';
import type { CommandHandler } from '../command';
import { pickDatasets } from '../pick';
import { selectedNodes } from '../selection';
import { plural } from '../../../core/util/plural';

const t = vscode.l10n.t;

/** Literal calls, so the translation check sees every format's description. */
function formatItems(dataset: Dataset): (vscode.QuickPickItem & { format: AnnotationFormat })[] {
  const all: (vscode.QuickPickItem & { format: AnnotationFormat })[] = [
    { label: 'ModelArts manifest', description: t('JSON Lines, as ModelArts writes it'), format: 'manifest' },
    { label: 'PASCAL VOC', description: t('one XML file per image'), format: 'voc' },
    { label: 'COCO', description: t('instances JSON'), format: 'coco' },
    { label: 'YOLO', description: t('classes file and one text file per image'), format: 'yolo' },
    { label: 'Label Studio', description: t('JSON export of tasks, with the labeling config'), format: 'label-studio' },
  ];
  return all.filter((i) => annotationFormats.includes(i.format) && formatDatasetTypes[i.format].includes(dataset.dataset_type));
}

function phaseText(p: LabelingProgress): string {
  const of = p.total === undefined ? String(p.done) : t('{0} of {1}', p.done, p.total);
  switch (p.phase) {
    case 'listing':
      return t('listing samples: {0}', of);
    case 'reading':
      return t('reading files: {0}', of);
    case 'applying':
      return t('saving annotations: {0}', of);
    case 'writing':
      return t('writing files: {0}', of);
    case 'uploading':
      return t('uploading files: {0}', of);
  }
}

async function datasetFor(connection: Connection, node: unknown, nodes: unknown, placeHolder: string): Promise<Dataset | undefined> {
  const [selected] = selectedNodes('dataset', node, nodes);
  if (selected) return selected.dataset;
  const [picked] = await pickDatasets(connection, placeHolder);
  return picked;
}

/** What a script passes last instead of answering the quick inputs. */
function scriptedTransfer(options: unknown): { format: AnnotationFormat; location: string } | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const o = options as { format?: unknown; location?: unknown };
  const format = annotationFormats.find((f) => f === o.format);
  return format !== undefined && typeof o.location === 'string' && o.location !== '' ? { format, location: o.location } : undefined;
}

/** Format, then where: a local folder (or, to import, a file) or a storage folder. */
async function askTransfer(
  connection: Connection,
  dataset: Dataset,
  direction: 'import' | 'export',
): Promise<{ format: AnnotationFormat; location: string } | undefined> {
  const items = formatItems(dataset);
  if (items.length === 0) throw new Error(t('No annotation format holds the labels of {0}.', dataset.dataset_name));
  const flow = new MultiStep(direction === 'import' ? t('Import Annotations') : t('Export Annotations'), 3);
  const { format } = await flow.pick({ placeholder: t('Which format?'), items });
  const where = await flow.pick({
    placeholder: direction === 'import' ? t('Import from where?') : t('Export to where?'),
    items: [
      { label: t('$(folder) A folder on this computer…'), where: 'local' as const },
      { label: t('$(cloud) A storage folder (obs://…)'), where: 'obs' as const },
    ],
  });
  if (where.where === 'obs') {
    const location = await pickStorageFolder(flow, connection.storage, {
      placeholder:
        direction === 'import' ? t('The folder holding the annotation files') : t('The folder to write the annotation files into'),
      typePrompt: t('A storage folder, e.g. obs://bucket/annotations/'),
      validate: (v) => (/^obs:\/\/[^/]+\/./.test(v) ? undefined : t('Give a folder inside a bucket: obs://bucket/folder/')),
    });
    return { format, location };
  }
  const chosen = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: direction === 'import',
    canSelectMany: false,
    openLabel: direction === 'import' ? t('Import') : t('Export Here'),
  });
  const location = chosen?.[0]?.fsPath;
  return location === undefined ? undefined : { format, location };
}

function runWithProgress<T>(title: string, work: (signal: AbortSignal, report: (p: LabelingProgress) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const cancel = toAbortSignal(token);
      try {
        return await work(cancel.signal, (p) => progress.report({ message: phaseText(p) }));
      } finally {
        cancel.dispose();
      }
    },
  );
}

function importSummary(dataset: Dataset, r: ImportReport): string {
  const parts = [
    plural(r.applied, {
      one: t('Imported the annotations of {0} sample into {1}.', r.applied, dataset.dataset_name),
      other: t('Imported the annotations of {0} samples into {1}.', r.applied, dataset.dataset_name),
    }),
  ];
  if (r.labelsAdded.length > 0) parts.push(t('Labels added: {0}.', r.labelsAdded.join(', ')));
  const unmatched = r.unmatched.length;
  if (unmatched > 0)
    parts.push(
      plural(unmatched, { one: t('{0} record matched no sample.', unmatched), other: t('{0} records matched no sample.', unmatched) }),
    );
  const skipped = r.skipped.length;
  if (skipped > 0)
    parts.push(
      plural(skipped, { one: t('{0} invalid record was left out.', skipped), other: t('{0} invalid records were left out.', skipped) }),
    );
  return parts.join(' ');
}

/** Writes what a person may want to read in full (unmatched records, problems) to the log, and shows it. */
function showDetails(services: Services, heading: string, lines: readonly string[]): void {
  services.log.info(heading);
  for (const line of lines) services.log.info(`  ${line}`);
  services.log.show(true);
}

async function runImport(
  services: Services,
  connection: Connection,
  dataset: Dataset,
  format: AnnotationFormat,
  from: string,
  skipInvalid: boolean,
): Promise<ImportReport | undefined> {
  try {
    const report = await runWithProgress(t('Importing annotations into {0}…', dataset.dataset_name), (signal, onProgress) =>
      importAnnotations({ api: connection.api, storage: connection.storage }, dataset.dataset_id, {
        format,
        from,
        skipInvalid,
        signal,
        onProgress,
      }),
    );
    services.trees.refresh(ViewIds.datasets);
    const details = [
      ...report.unmatched.map((u) => t('no sample for {0} ({1})', u.ref, formatLocation(u.origin))),
      ...report.skipped.map((p) => formatProblem(p)),
    ];
    notify(
      'info',
      importSummary(dataset, report),
      details.length > 0 ? { [t('Show Details')]: () => showDetails(services, importSummary(dataset, report), details) } : {},
      services.log,
    );
    return report;
  } catch (err) {
    if (err instanceof ImportError) {
      const count = err.problems.length;
      const message = plural(count, {
        one: t('{0} problem in {1}; nothing was imported.', count, from),
        other: t('{0} problems in {1}; nothing was imported.', count, from),
      });
      services.log.warn(err.message);
      notify(
        'error',
        message,
        {
          [t('Show Problems')]: () => showDetails(services, message, err.problems.map(formatProblem)),
          [t('Import the Valid Records')]: () => runImport(services, connection, dataset, format, from, true),
        },
        services.log,
      );
      return undefined;
    }
    if (err instanceof ImportApplyError) services.trees.refresh(ViewIds.datasets);
    throw err;
  }
}

/**
 * Import Annotations…: a folder of annotation files (manifest, VOC, COCO, YOLO, Label Studio) onto a dataset's
 * samples; a script passes `{ format, location }` last. Resolves with the report, or undefined
 * when the import was refused (the notification lists the problems).
 */
export const importDatasetAnnotations: CommandHandler<DatasetNode> = async (services, node, nodes, options) => {
  const connection = services.session.require();
  const dataset = await datasetFor(connection, node, nodes, t('Import annotations into which dataset?'));
  if (!dataset) return undefined;
  const asked = scriptedTransfer(options) ?? (await askTransfer(connection, dataset, 'import'));
  if (!asked) return undefined;
  return runImport(services, connection, dataset, asked.format, asked.location, false);
};

/** Export Annotations…: every sample's annotations, in a format, to a local or storage folder; resolves with the report. */
export const exportDatasetAnnotations: CommandHandler<DatasetNode> = async (services, node, nodes, options) => {
  const connection = services.session.require();
  const dataset = await datasetFor(connection, node, nodes, t('Export the annotations of which dataset?'));
  if (!dataset) return undefined;
  const asked = scriptedTransfer(options) ?? (await askTransfer(connection, dataset, 'export'));
  if (!asked) return undefined;
  const report = await runWithProgress(t('Exporting the annotations of {0}…', dataset.dataset_name), (signal, onProgress) =>
    exportAnnotations({ api: connection.api, storage: connection.storage }, dataset.dataset_id, {
      format: asked.format,
      to: asked.location,
      signal,
      onProgress,
    }),
  );
  const message = t(
    'Exported {0} of {1} to {2} ({3}).',
    plural(report.annotations, { one: t('{0} annotation', report.annotations), other: t('{0} annotations', report.annotations) }),
    plural(report.samples, { one: t('{0} sample', report.samples), other: t('{0} samples', report.samples) }),
    asked.location,
    plural(report.files, { one: t('{0} file', report.files), other: t('{0} files', report.files) }),
  );
  const left = report.omitted.length;
  const omitted = report.omitted.map((o) => `${o.path}: ${o.label} (${o.reason})`);
  notify(
    report.omitted.length > 0 ? 'warning' : 'info',
    left > 0
      ? `${message} ${plural(left, {
          one: t('{0} annotation the format cannot hold was left out.', left),
          other: t('{0} annotations the format cannot hold were left out.', left),
        })}`
      : message,
    omitted.length > 0 ? { [t('Show Details')]: () => showDetails(services, message, omitted) } : {},
    services.log,
  );
  return report;
};
