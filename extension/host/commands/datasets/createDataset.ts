import * as vscode from 'vscode';
import type { Dataset } from '../../../core/api/resources/datasetTypes';
import { toAbortSignal } from '../../cancellation';
import {
  datasetCreateRequest,
  datasetDescriptionProblem,
  type DatasetDraft,
  datasetNameProblem,
  defaultOutputFolder,
  draftProblem,
  inputFolderProblem,
  labelListProblem,
  type NewDatasetType,
  outputFolderProblem,
  parseLabelList,
} from '../../flows/datasetDraft';
import { MultiStep } from '../../flows/multiStep';
import { pickStorageFolder } from '../../flows/storageFolderStep';
import type { Connection } from '../../platform/session';
import type { Services } from '../../services';
import type { StorageNode } from '../../views/storage/describe';
import { ViewIds } from '../../views/viewIds';
import { selectedNodes } from '../selection';
import { plural } from '../../../core/util/plural';

const t = vscode.l10n.t;

/** A draft a script passed instead of going through the flow. */
function isScriptedDraft(arg: unknown): arg is DatasetDraft {
  if (typeof arg !== 'object' || arg === null) return false;
  const d = arg as Record<string, unknown>;
  return typeof d.name === 'string' && typeof d.type === 'number' && typeof d.input === 'string' && typeof d.output === 'string';
}

/** Literal calls, so the translation check sees every type. */
function typeItems(): (vscode.QuickPickItem & { type: NewDatasetType })[] {
  return [
    { label: t('Image classification'), description: t('one or more labels per image'), type: 0 },
    { label: t('Object detection'), description: t('labelled boxes around objects in images'), type: 1 },
    { label: t('Text classification'), description: t('one label per line of text'), type: 100 },
    { label: t('Named entities'), description: t('labelled spans of characters in each line of text'), type: 101 },
  ];
}

/** Examples of a label set, by what is labelled. */
function labelExample(type: NewDatasetType | undefined): string {
  switch (type) {
    case 1:
      return t('e.g. car, person, bicycle');
    case 100:
      return t('e.g. positive, negative, neutral');
    case 101:
      return t('e.g. person, place, organisation');
    default:
      return t('e.g. cat, dog, bird');
  }
}

/** The six steps: name, type, input folder (browsed, or the one given), output folder, labels, description. */
function askDraft(connection: Connection, taken: ReadonlySet<string>, input: string | undefined): Promise<DatasetDraft> {
  const flow = new MultiStep(t('New Dataset'), 6);
  return flow.run<DatasetDraft>([
    async () => ({
      name: await flow.inputBox({ prompt: t('Dataset name'), placeholder: 'flowers', validate: (v) => datasetNameProblem(v, taken, t) }),
    }),
    async () => ({ type: (await flow.pick({ placeholder: t('What will be labelled?'), items: typeItems() })).type }),
    async () => {
      const prompt = t('Input: the storage folder the samples are in, e.g. obs://bucket/images/');
      if (input) return { input: await flow.inputBox({ prompt, value: input, validate: (v) => inputFolderProblem(v, t) }) };
      return {
        input: await pickStorageFolder(flow, connection.storage, {
          placeholder: t('Input: the folder the samples are in'),
          typePrompt: prompt,
          validate: (v) => inputFolderProblem(v, t),
        }),
      };
    },
    async (s) => ({
      output: await flow.inputBox({
        prompt: t('Output: the folder where labels and versions are written'),
        value: defaultOutputFolder(s.input ?? '', s.name ?? ''),
        validate: (v) => outputFolderProblem(v, s.input ?? '', t),
      }),
    }),
    async (s) => ({
      labels: parseLabelList(
        await flow.inputBox({
          prompt: t('Labels (optional): names separated by commas; more can be added while labelling'),
          placeholder: labelExample(s.type),
          validate: (v) => labelListProblem(v, t),
        }),
      ),
    }),
    async () => ({
      description: await flow.inputBox({ prompt: t('Description (optional)'), validate: (v) => datasetDescriptionProblem(v, t) }),
    }),
  ]);
}

/** Creates the dataset under a cancellable notification: the platform indexes the samples first. */
async function create(services: Services, connection: Connection, draft: DatasetDraft): Promise<Dataset> {
  const api = connection.api;
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: t('Creating dataset {0} and indexing its samples…', draft.name),
      cancellable: true,
    },
    async (_progress, token) => {
      const cancel = toAbortSignal(token);
      try {
        const { dataset_id } = await api.datasets.create(datasetCreateRequest(draft, connection.workspaceId), { signal: cancel.signal });
        services.trees.refresh(ViewIds.datasets);
        return await api.datasets.get(dataset_id, { signal: cancel.signal });
      } finally {
        cancel.dispose();
      }
    },
  );
}

async function run(services: Services, scripted: DatasetDraft | undefined, input: string | undefined): Promise<Dataset> {
  const connection = services.session.require();
  // Names are unique across workspaces (local mode checks them all), so all of them are read.
  const taken = new Set((await connection.api.datasets.listAll()).map((d) => d.dataset_name));
  const draft = scripted ?? (await askDraft(connection, taken, input));
  const problem = draftProblem(draft, taken, t);
  if (problem) throw new Error(problem);
  const dataset = await create(services, connection, draft);
  void vscode.window.showInformationMessage(
    plural(dataset.total_sample_count ?? 0, {
      one: t('Dataset {0} created with {1} sample.', dataset.dataset_name, dataset.total_sample_count ?? 0),
      other: t('Dataset {0} created with {1} samples.', dataset.dataset_name, dataset.total_sample_count ?? 0),
    }),
  );
  return dataset;
}

/**
 * New Dataset…: name, type, input folder (a bucket, then folders, or a typed obs:// path), output
 * folder, the label set (optional, comma-separated) and description. A script may pass the draft instead. Returns the new dataset.
 */
export async function createDataset(services: Services, draft?: DatasetDraft): Promise<Dataset> {
  return run(services, isScriptedDraft(draft) ? draft : undefined, undefined);
}

/** Create Dataset from Folder…: the same flow, its input already the Storage folder clicked. */
export async function createDatasetFromFolder(services: Services, node?: StorageNode): Promise<Dataset> {
  const [folder] = selectedNodes('folder', node);
  if (!folder) throw new Error(t('Right-click a folder in the Storage view to make a dataset of the files in it.'));
  return run(services, undefined, `obs://${folder.bucket}/${folder.prefix}`);
}
