import path from 'node:path';
import { notebookRoutes } from '../../../core/api/routes/notebooks';
import type { DaemonContext, DaemonModule } from '../../context';
import { RecordStore } from '../../store/recordStore';
import type { StoredNotebook } from './model';
import { NotebookRuntime } from './runtime';
import { NotebookService } from './service';

/**
 * Notebooks in local mode: a work directory and an SSH server per notebook while it runs. Running
 * notebooks come back after a daemon restart with the same host key (and port when it is free).
 */
export async function installNotebooks(ctx: DaemonContext): Promise<DaemonModule> {
  const runtime = new NotebookRuntime(
    ctx.paths.notebooks,
    (nb) => nb.key_pair_names.flatMap((name) => ctx.keyPairs.get(name)?.public_key ?? []),
    ctx.credentials.project_id,
  );
  const notebooks = new NotebookService({
    store: new RecordStore<StoredNotebook>(path.join(ctx.paths.state, 'notebooks')),
    images: ctx.images,
    keyPairs: ctx.keyPairs,
    runtime,
    background: ctx.background,
    requireWorkspace: ctx.requireWorkspace,
    log: ctx.log,
    hostRuntime: ctx.runtime,
  });
  ctx.router.serve(notebookRoutes, notebooks.handlers());
  ctx.usage.workspaces.add((workspaceId) => {
    const count = notebooks.countIn(workspaceId);
    return count ? `${count} notebook(s)` : undefined;
  });
  ctx.usage.keyPairs.add((name) => notebooks.usersOfKeyPair(name));
  notebooks.recover();
  return { close: () => notebooks.close() };
}
