import path from 'node:path';
import { registerFlavorRoutes } from './api/flavors';
import type { Image } from './api/imageCatalog';
import { registerImageRoutes } from './api/images';
import { type KeyPair, registerKeyPairRoutes } from './api/keypairs';
import type { Notebook } from './api/notebookModel';
import { NotebookRuntime } from './api/notebookRuntime';
import { NotebookService } from './api/notebooks';
import { ensureDefaultWorkspace, registerWorkspaceRoutes, requireWorkspace, type Workspace } from './api/workspaces';
import { dataPaths, type Discovery, ensureDataDir, loadOrCreateCredentials } from './dataDir';
import { startApiServer } from './http/apiServer';
import { Router } from './http/router';
import { SignatureChecker } from './http/signatureCheck';
import { installDatasets } from './api/datasets/install';
import { installTrainingJobs } from './api/trainingJobs/install';
import type { DaemonContext } from './context';
import { startS3Server } from './s3/server';
import { StorageAccess } from './storageAccess';
import { RecordStore } from './store/recordStore';

export interface DaemonOptions {
  readonly dataDir: string;
  /** REST port on 127.0.0.1; 0 picks a free one. */
  readonly port?: number;
  readonly log?: (line: string) => void;
}

export interface RunningDaemon {
  readonly discovery: Discovery;
  close(): Promise<void>;
}

/** Version of the daemon's API surface, reported by `GET /health`. */
export const daemonApiVersion = 1;

/**
 * Builds the local platform on a data dir and starts serving it: the composition root of the
 * daemon. Every store is loaded before the first request is accepted.
 */
export async function startDaemon(opts: DaemonOptions): Promise<RunningDaemon> {
  const log = opts.log ?? (() => undefined);
  ensureDataDir(opts.dataDir);
  const paths = dataPaths(opts.dataDir);
  const credentials = loadOrCreateCredentials(opts.dataDir);
  const owner = 'local-user';

  const workspaces = new RecordStore<Workspace>(path.join(paths.state, 'workspaces'));
  const images = new RecordStore<Image>(path.join(paths.state, 'images'));
  const keyPairs = new RecordStore<KeyPair>(path.join(paths.state, 'keypairs'));
  const notebookStore = new RecordStore<Notebook>(path.join(paths.state, 'notebooks'));
  ensureDefaultWorkspace(workspaces, owner);

  const runtime = new NotebookRuntime(
    paths.notebooks,
    (nb) => nb.key_pair_names.flatMap((name) => keyPairs.get(name)?.public_key ?? []),
    credentials.project_id,
  );
  const notebooks = new NotebookService({
    store: notebookStore,
    images,
    keyPairs,
    runtime,
    requireWorkspace: (id) => void requireWorkspace(workspaces, id),
    log,
  });

  const router = new Router();
  const workspaceUsage: ((id: string) => string | undefined)[] = [
    (id) => {
      const count = notebooks.countIn(id);
      return count ? `${count} notebook(s)` : undefined;
    },
  ];
  registerWorkspaceRoutes(
    router,
    workspaces,
    owner,
    (id) =>
      workspaceUsage
        .map((describe) => describe(id))
        .filter(Boolean)
        .join(', ') || undefined,
  );
  registerImageRoutes(router, images, (id) => void requireWorkspace(workspaces, id));
  registerKeyPairRoutes(router, keyPairs, (name) => notebooks.usersOfKeyPair(name));
  registerFlavorRoutes(router);
  notebooks.register(router);
  await notebooks.recover();

  const storage = await startS3Server({
    rootDir: paths.storage,
    credentials: { accessKeyId: credentials.ak, secretAccessKey: credentials.sk },
  });
  const context: DaemonContext = {
    router,
    paths,
    credentials,
    workspaces,
    images,
    storage: new StorageAccess(storage.store),
    requireWorkspace: (id) => void requireWorkspace(workspaces, id),
    addWorkspaceUsage: (describe) => workspaceUsage.push(describe),
    log,
  };
  const modules = [await installTrainingJobs(context), await installDatasets(context)];

  const api = await startApiServer({
    router,
    signatures: new SignatureChecker(credentials),
    projectId: credentials.project_id,
    port: opts.port,
    health: () => ({ status: 'ok', api_version: daemonApiVersion, pid: process.pid, project_id: credentials.project_id }),
    log,
  });
  const discovery: Discovery = {
    endpoint: api.endpoint,
    s3_endpoint: storage.endpoint,
    project_id: credentials.project_id,
    ak: credentials.ak,
    sk: credentials.sk,
    pid: process.pid,
    data_dir: opts.dataDir,
  };
  log(`serving ${api.endpoint} for project ${credentials.project_id}`);
  let closing: Promise<void> | undefined;
  const closeAll = async () => {
    await api.close();
    for (const module of modules) await module.close();
    await storage.close();
    await notebooks.close();
  };
  // Closing twice (a signal during shutdown, a test's restart after a stop) waits for the first.
  return { discovery, close: () => (closing ??= closeAll()) };
}
