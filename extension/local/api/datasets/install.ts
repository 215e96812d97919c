import path from 'node:path';
import { datasetRoutes } from '../../../core/api/routes/datasets';
import type { DaemonContext, DaemonModule } from '../../context';
import { RecordStore } from '../../store/recordStore';
import { annotationHandlers } from './annotations';
import type { DatasetRecord, SampleSet } from './model';
import { DatasetService } from './service';

/**
 * Datasets and labeling (v2, modelarts-api.md section 7): datasets indexed from storage prefixes,
 * samples with annotations, labels and statistics. State lives in two record stores under
 * `state/`: one record per dataset, and one per dataset's labels and samples (see SampleSet).
 */
export async function installDatasets(ctx: DaemonContext): Promise<DaemonModule> {
  const service = new DatasetService({
    datasets: new RecordStore<DatasetRecord>(path.join(ctx.paths.state, 'datasets')),
    sets: new RecordStore<SampleSet>(path.join(ctx.paths.state, 'dataset-samples')),
    storage: ctx.storage,
    requireWorkspace: ctx.requireWorkspace,
    log: ctx.log,
  });
  ctx.router.serve(datasetRoutes, { ...service.handlers(), ...annotationHandlers(service) });
  ctx.usage.workspaces.add((workspaceId) => {
    const count = service.countIn(workspaceId);
    return count ? `${count} dataset(s)` : undefined;
  });
  return { close: async () => undefined };
}
