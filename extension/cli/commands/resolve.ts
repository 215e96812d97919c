/**
 * Names or ids everywhere: every command that takes a resource (a job, a dataset, a notebook, an
 * image) takes its id or its name, through this one resolver. An id wins over a name (ids are
 * unique, names need not be); a name that several resources share is a usage error listing their
 * ids, so the user can pick one; a name or id that matches nothing exits 1 and says which command
 * lists what there is.
 */
import { isPlatformError } from '../../core/api/errors';
import type { Dataset } from '../../core/api/resources/datasetTypes';
import type { Image } from '../../core/api/resources/imageTypes';
import type { ModelArtsApi } from '../../core/api/resources/modelArtsApi';
import type { Notebook } from '../../core/api/resources/notebookTypes';
import type { TrainingJob } from '../../core/api/resources/trainingJobTypes';
import { UsageError } from '../args';
import { when } from './common';

/** How to find one kind of resource by id and by name. */
export interface ResourceKind<T> {
  /** `training job`, for messages. */
  readonly noun: string;
  readonly plural: string;
  /** The command that lists them, for the not-found message. */
  readonly listCommand: string;
  id(resource: T): string;
  name(resource: T): string;
  /** Creation time (ms), to tell namesakes apart in the ambiguity message. */
  created(resource: T): number | undefined;
  get(api: ModelArtsApi, id: string, signal: AbortSignal): Promise<T>;
  /** Resources that may have this name: the API's name filter where it has one (exact matches are picked here). */
  named(api: ModelArtsApi, name: string, signal: AbortSignal): AsyncIterable<T>;
}

/** Nothing has that id or name: exit 1, with the command that lists what there is. */
export class ResourceNotFoundError extends Error {
  constructor(kind: ResourceKind<unknown>, idOrName: string) {
    super(`no ${kind.noun} with id or name '${idOrName}' (see: ${kind.listCommand})`);
    this.name = 'ResourceNotFoundError';
  }
}

/**
 * The platform's answer to an id it does not know: 400 (ModelArts.2775, .6309, .4352, .6797…, the
 * code differs per service) or 404. Anything else (auth, throttling, a network failure) is real.
 */
function isUnknownId(err: unknown): boolean {
  return isPlatformError(err) && err.kind === 'http' && (err.status === 400 || err.status === 404);
}

/** The resource with this id, else the one resource with this name. */
export async function resolveResource<T>(kind: ResourceKind<T>, api: ModelArtsApi, idOrName: string, signal: AbortSignal): Promise<T> {
  if (idOrName.trim() === '') throw new UsageError(`a ${kind.noun} id or name must not be empty`);
  try {
    return await kind.get(api, idOrName, signal);
  } catch (err) {
    if (!isUnknownId(err)) throw err;
  }
  const matches: T[] = [];
  for await (const resource of kind.named(api, idOrName, signal)) {
    if (kind.name(resource) === idOrName && !matches.some((m) => kind.id(m) === kind.id(resource))) matches.push(resource);
  }
  if (matches.length === 1) return matches[0] as T;
  if (matches.length === 0) throw new ResourceNotFoundError(kind, idOrName);
  const listed = matches.map((m) => {
    const created = kind.created(m);
    return created ? `${kind.id(m)} (created ${when(created)})` : kind.id(m);
  });
  throw new UsageError(`${matches.length} ${kind.plural} are named '${idOrName}'; use an id: ${listed.join(', ')}`);
}

export const jobs: ResourceKind<TrainingJob> = {
  noun: 'training job',
  plural: 'training jobs',
  listCommand: 'modelarts job list',
  id: (j) => j.metadata.id,
  name: (j) => j.metadata.name,
  created: (j) => j.metadata.create_time,
  get: (api, id, signal) => api.trainingJobs.get(id, { signal }),
  named: (api, name, signal) => api.trainingJobs.search({ name, signal }),
};

export const datasets: ResourceKind<Dataset> = {
  noun: 'dataset',
  plural: 'datasets',
  listCommand: 'modelarts dataset list',
  id: (d) => d.dataset_id,
  name: (d) => d.dataset_name,
  created: (d) => d.create_time,
  get: (api, id, signal) => api.datasets.get(id, { signal }),
  named: (api, name, signal) => api.datasets.list({ name, signal }),
};

export const notebooks: ResourceKind<Notebook> = {
  noun: 'notebook',
  plural: 'notebooks',
  listCommand: 'modelarts notebook list',
  id: (n) => n.id,
  name: (n) => n.name,
  created: (n) => n.create_at,
  get: (api, id, signal) => api.notebooks.get(id, { signal }),
  named: (api, name, signal) => api.notebooks.list({ name, signal }),
};

export const images: ResourceKind<Image> = {
  noun: 'image',
  plural: 'images',
  listCommand: 'modelarts image list',
  id: (i) => i.id,
  name: (i) => i.name,
  created: (i) => i.create_at,
  get: (api, id, signal) => api.images.get(id, { signal }),
  named: (api, name, signal) => api.images.list({ name, nameFuzzy: false, signal }),
};
