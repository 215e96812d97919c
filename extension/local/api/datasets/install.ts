import path from 'node:path';
import type { RouteFamily } from '../../../core/api/routes/route';
import { datasetRoutes } from '../../../core/api/routes/datasets';
import type { DaemonContext, DaemonModule } from '../../context';
import type { ErasedHandler, Handlers } from '../../http/router';
import { RecordStore } from '../../store/recordStore';
import { annotationHandlers } from './annotations';
import type { DatasetRecord } from './model';
import { SampleStores } from './sampleStores';
import { countDatasetsIn, DatasetService } from './service';

/**
 * Datasets and labeling (v2, modelarts-api.md section 7): datasets indexed from storage prefixes,
 * samples with annotations, labels and statistics. State lives under `state/`: one record per
 * dataset (`datasets/`), and per dataset a directory of its labels and samples, a snapshot and a
 * journal (`dataset-store/<id>/`, see sampleStore.ts). Sample sets of older versions
 * (`dataset-samples/`) are moved into it at the first start.
 *
 * The sample stores load in the background (about a second per 100,000 samples): the daemon
 * serves everything else at once, and a dataset request waits until they are in memory.
 */
export async function installDatasets(ctx: DaemonContext): Promise<DaemonModule> {
  const datasets = new RecordStore<DatasetRecord>(path.join(ctx.paths.state, 'datasets'));
  const opening = SampleStores.open(
    path.join(ctx.paths.state, 'dataset-store'),
    path.join(ctx.paths.state, 'dataset-samples'),
    new Set(datasets.all().map((d) => d.id)),
    ctx.log,
  );
  const ready = opening.then((samples) => {
    const service = new DatasetService({ datasets, samples, storage: ctx.storage, requireWorkspace: ctx.requireWorkspace, log: ctx.log });
    return { ...service.handlers(), ...annotationHandlers(service) };
  });
  ready.catch((err: unknown) => ctx.log(`datasets: could not load the sample stores, dataset requests fail: ${String(err)}`));
  ctx.router.serve(datasetRoutes, deferred(datasetRoutes, ready));
  ctx.usage.workspaces.add((workspaceId) => {
    const count = countDatasetsIn(datasets, workspaceId);
    return count ? `${count} dataset(s)` : undefined;
  });
  return { close: async () => (await opening.catch(() => undefined))?.close() };
}

/** Handlers that wait for the real ones (a failed load answers every request with a 500). */
function deferred<F extends RouteFamily>(family: F, ready: Promise<Handlers<F>>): Handlers<F> {
  const out: Record<string, ErasedHandler> = {};
  for (const name of Object.keys(family)) {
    out[name] = async (request) => {
      const handler = ((await ready) as unknown as Record<string, ErasedHandler>)[name] as ErasedHandler;
      return handler(request);
    };
  }
  return out as unknown as Handlers<F>;
}
