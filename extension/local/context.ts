import type { LocalRuntime } from '../core/api/resources/imageTypes';
import type { Workspace } from '../core/api/resources/workspaceTypes';
import type { BackgroundWork } from './background';
import type { LocalImage } from './api/images/catalog';
import type { StoredKeyPair } from './api/keyPairs';
import type { LocalCredentials, dataPaths } from './dataDir';
import type { Router } from './http/router';
import type { RecordStore } from './store/recordStore';
import type { StorageAccess } from './storageAccess';

/** Describes what a module keeps that uses a resource ("2 notebook(s)"), or undefined for nothing. */
export type UsageCounter = (key: string) => string | undefined;

/**
 * What other modules keep that uses a resource, so it is deleted only when nothing does: every
 * module that keeps something in a workspace (or names a key pair) adds a counter.
 */
export class Usage {
  private readonly counters: UsageCounter[] = [];

  add(counter: UsageCounter): void {
    this.counters.push(counter);
  }

  /** "2 notebook(s), 1 dataset(s)", or undefined when nothing uses `key`. */
  describe(key: string): string | undefined {
    return (
      this.counters
        .map((count) => count(key))
        .filter(Boolean)
        .join(', ') || undefined
    );
  }
}

/**
 * What every daemon module (workspaces, images, key pairs, notebooks, training jobs, datasets) is
 * given to install itself: the router to serve its routes on, where its files live, the stores
 * modules share, storage, background work, and ways to tell others what it keeps.
 */
export interface DaemonContext {
  readonly router: Router;
  readonly paths: ReturnType<typeof dataPaths>;
  readonly credentials: LocalCredentials;
  /** Who owns what local mode makes: there is one user. */
  readonly owner: string;
  readonly workspaces: RecordStore<Workspace>;
  /** Registered (custom) images; the presets are not stored. */
  readonly images: RecordStore<LocalImage>;
  readonly keyPairs: RecordStore<StoredKeyPair>;
  readonly storage: StorageAccess;
  readonly background: BackgroundWork;
  /** Throws ModelArts.0102 when the workspace does not exist. */
  readonly requireWorkspace: (id: string) => void;
  /** What uses workspaces ("2 training job(s)") and key pairs ("notebook dev"), by id and name. */
  readonly usage: { readonly workspaces: Usage; readonly keyPairs: Usage };
  readonly log: (line: string) => void;
  /** What local notebooks really run on this machine (Python, user, no sandbox), asked once at start. */
  readonly runtime: LocalRuntime;
}

/** A module's running part, closed when the daemon stops. */
export interface DaemonModule {
  close(): Promise<void>;
}

/** What each module exports: `install(ctx)` serves its routes and starts what it runs. */
export type InstallModule = (ctx: DaemonContext) => Promise<DaemonModule>;
