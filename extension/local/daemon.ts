import path from 'node:path';
import { registerFlavorRoutes } from './api/flavors';
import type { Image } from './api/imageCatalog';
import { registerImageRoutes } from './api/images';
import { type KeyPair, registerKeyPairRoutes } from './api/keypairs';
import { ensureDefaultWorkspace, registerWorkspaceRoutes, requireWorkspace, type Workspace } from './api/workspaces';
import { dataPaths, type Discovery, ensureDataDir, loadOrCreateCredentials } from './dataDir';
import { startApiServer } from './http/apiServer';
import { Router } from './http/router';
import { SignatureChecker } from './http/signatureCheck';
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
  ensureDefaultWorkspace(workspaces, owner);

  const router = new Router();
  registerWorkspaceRoutes(router, workspaces, owner, () => undefined);
  registerImageRoutes(router, images, (id) => void requireWorkspace(workspaces, id));
  registerKeyPairRoutes(router, keyPairs, () => undefined);
  registerFlavorRoutes(router);

  const api = await startApiServer({
    router,
    signatures: new SignatureChecker(credentials),
    projectId: credentials.project_id,
    port: opts.port,
    health: () => ({ status: 'ok', api_version: daemonApiVersion, pid: process.pid, project_id: credentials.project_id }),
    log,
  });
  const discovery: Discovery = { endpoint: api.endpoint, s3_endpoint: '', project_id: credentials.project_id, ak: credentials.ak, sk: credentials.sk, pid: process.pid, data_dir: opts.dataDir };
  log(`serving ${api.endpoint} for project ${credentials.project_id}`);
  return { discovery, close: () => api.close() };
}
