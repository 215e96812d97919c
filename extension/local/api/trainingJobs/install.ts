import { trainingJobRoutes } from '../../../core/api/routes/trainingJobs';
import type { DaemonContext, DaemonModule } from '../../context';
import { catalogHandlers } from './catalog';
import { jobHandlers } from './routes';
import { TrainingJobService } from './service';

/**
 * Training jobs (v2) in local mode: jobs are processes on this machine, queued per flavor, with
 * code and inputs fetched from local storage and outputs uploaded back when they end. Jobs keep
 * running when the daemon stops; the next daemon adopts them (see TrainingJobService.recover).
 */
export async function installTrainingJobs(ctx: DaemonContext): Promise<DaemonModule> {
  const jobs = new TrainingJobService(ctx);
  ctx.router.serve(trainingJobRoutes, {
    ...jobHandlers(jobs, { images: ctx.images, storage: ctx.storage, requireWorkspace: ctx.requireWorkspace }),
    ...catalogHandlers(ctx.images),
  });
  ctx.usage.workspaces.add((workspaceId) => {
    const count = jobs.countIn(workspaceId);
    return count ? `${count} training job(s)` : undefined;
  });
  await jobs.recover();
  return { close: () => jobs.close() };
}
