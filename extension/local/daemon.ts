import { probeHostRuntime } from './hostRuntime';
import path from 'node:path';
import type { Workspace } from '../core/api/resources/workspaceTypes';
import { installDatasets } from './api/datasets/install';
import type { LocalImage } from './api/images/catalog';
import { installImages } from './api/images/install';
import { installKeyPairs, type StoredKeyPair } from './api/keyPairs';
import { installNotebooks } from './api/notebooks/install';
import { installTrainingJobs } from './api/trainingJobs/install';
import { installWorkspaces, requireWorkspace } from './api/workspaces';
import { BackgroundWork } from './background';
import { type DaemonContext, type DaemonModule, type InstallModule, Usage } from './context';
import { dataPaths, type Discovery, ensureDataDir, loadOrCreateCredentials } from './dataDir';
import { startApiServer } from './http/apiServer';
import { Router } from './http/router';
import { SignatureChecker } from './http/signatureCheck';
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
  /** The routes served, for the check that the daemon serves every local descriptor. */
  readonly router: Router;
  /** Resolves when every background task started so far has settled. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Version of the daemon's API surface, reported by `GET /health`. */
export const daemonApiVersion = 1;

/**
 * The modules, in install order: each serves its routes from core/api/routes through the router.
 * Workspaces come first (everything lives in one); key pairs before notebooks, which name them.
 */
const modules: readonly InstallModule[] = [
  installWorkspaces,
  installImages,
  installKeyPairs,
  installNotebooks,
  installTrainingJobs,
  installDatasets,
];

/**
 * Builds the local platform on a data dir and starts serving it: the composition root of the
 * daemon. Every store is loaded before the first request is accepted.
 */
export async function startDaemon(opts: DaemonOptions): Promise<RunningDaemon> {
  const log = opts.log ?? (() => undefined);
  ensureDataDir(opts.dataDir);
  const paths = dataPaths(opts.dataDir);
  const credentials = loadOrCreateCredentials(opts.dataDir);
  const storage = await startS3Server({
    rootDir: paths.storage,
    credentials: { accessKeyId: credentials.ak, secretAccessKey: credentials.sk },
  });
  const workspaces = new RecordStore<Workspace>(path.join(paths.state, 'workspaces'));
  const router = new Router();
  const background = new BackgroundWork(log);
  const context: DaemonContext = {
    router,
    paths,
    credentials,
    owner: 'local-user',
    workspaces,
    images: new RecordStore<LocalImage>(path.join(paths.state, 'images')),
    keyPairs: new RecordStore<StoredKeyPair>(path.join(paths.state, 'keypairs')),
    storage: new StorageAccess(storage.store),
    background,
    requireWorkspace: (id) => void requireWorkspace(workspaces, id),
    usage: { workspaces: new Usage(), keyPairs: new Usage() },
    log,
    runtime: await probeHostRuntime(),
  };
  const running: DaemonModule[] = [];
  for (const install of modules) running.push(await install(context));

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
    // Last installed first: notebooks and jobs stop before the stores they use.
    for (const module of [...running].reverse()) await module.close();
    await storage.close();
  };
  // Closing twice (a signal during shutdown, a test's restart after a stop) waits for the first.
  return { discovery, router, idle: () => background.idle(), close: () => (closing ??= closeAll()) };
}
