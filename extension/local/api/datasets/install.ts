import path from 'node:path';
import { datasetRoutes } from '../../../core/api/routes/datasets';
import type { DaemonContext, DaemonModule } from '../../context';
import { RecordStore } from '../../store/recordStore';
import { annotationHandlers } from './annotations';
import type { DatasetRecord } from './model';
import { SampleStores } from './sampleStores';
import { DatasetService } from './service';

/**
 * Datasets and labeling (v2, modelarts-api.md section 7): datasets indexed from storage prefixes,
 * samples with annotations, labels and statistics. State lives under `state/`: one record per
 * dataset (`datasets/`), and per dataset a directory of its labels and samples, a snapshot and a
 * journal (`dataset-store/<id>/`, see sampleStore.ts). Sample sets of older versions
 * (`dataset-samples/`) are moved into it at the first start.
 */
export async function installDatasets(ctx: DaemonContext): Promise<DaemonModule> {
  const datasets = new RecordStore<DatasetRecord>(path.join(ctx.paths.state, 'datasets'));
  const samples = await SampleStores.open(
    path.join(ctx.paths.state, 'dataset-store'),
    path.join(ctx.paths.state, 'dataset-samples'),
    new Set(datasets.all().map((d) => d.id)),
    ctx.log,
  );
  const service = new DatasetService({ datasets, samples, storage: ctx.storage, requireWorkspace: ctx.requireWorkspace, log: ctx.log });
  ctx.router.serve(datasetRoutes, { ...service.handlers(), ...annotationHandlers(service) });
  ctx.usage.workspaces.add((workspaceId) => {
    const count = service.countIn(workspaceId);
    return count ? `${count} dataset(s)` : undefined;
  });
  return { close: () => samples.close() };
}
