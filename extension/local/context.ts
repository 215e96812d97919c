import type { Image } from './api/imageCatalog';
import type { Workspace } from './api/workspaces';
import type { LocalCredentials, dataPaths } from './dataDir';
import type { Router } from './http/router';
import type { RecordStore } from './store/recordStore';
import type { StorageAccess } from './storageAccess';

/**
 * What a daemon module (notebooks, training jobs, datasets) is given to install itself: the
 * router to add its routes to, where its files live, the shared stores and storage, and a way to
 * tell workspaces what it keeps in them.
 */
export interface DaemonContext {
  readonly router: Router;
  readonly paths: ReturnType<typeof dataPaths>;
  readonly credentials: LocalCredentials;
  readonly workspaces: RecordStore<Workspace>;
  readonly images: RecordStore<Image>;
  readonly storage: StorageAccess;
  /** Throws ModelArts.0102 when the workspace does not exist. */
  readonly requireWorkspace: (id: string) => void;
  /** Registers a counter: "2 training jobs" while a workspace holds some, so it cannot be deleted. */
  readonly addWorkspaceUsage: (describe: (workspaceId: string) => string | undefined) => void;
  readonly log: (line: string) => void;
}

/** A module's running part, closed when the daemon stops. */
export interface DaemonModule {
  close(): Promise<void>;
}
