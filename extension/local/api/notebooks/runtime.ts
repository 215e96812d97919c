import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generateEd25519 } from '../../../core/ssh/keys';
import { writeFileAtomic } from '../../../core/util/atomicFile';
import { type NotebookSshServer, startNotebookSshServer } from '../../ssh/notebookSshServer';
import { ProcessRegistry } from '../../ssh/processes';
import type { StoredNotebook } from './model';

/** One tag per notebook, stable across daemon restarts. */
function processTag(notebookId: string): string {
  return `notebook-${notebookId}`;
}

/**
 * What a running local notebook is: a home dir with `work/` (its /home/ma-user/work) and an SSH
 * server in the daemon. Its host key is made once and kept with it, so stop/start never changes
 * the key a client pinned.
 */
export class NotebookRuntime {
  private readonly servers = new Map<string, NotebookSshServer>();

  constructor(
    private readonly notebooksDir: string,
    private readonly authorizedKeys: (nb: StoredNotebook) => string[],
    private readonly projectId: string,
  ) {}

  dirs(id: string) {
    const root = path.join(this.notebooksDir, id);
    return { root, home: path.join(root, 'home'), work: path.join(root, 'home', 'work'), hostKey: path.join(root, 'ssh_host_ed25519_key') };
  }

  /** Makes the directories and the host key (once); returns the host key's fingerprint. */
  prepare(id: string): void {
    const d = this.dirs(id);
    mkdirSync(d.work, { recursive: true, mode: 0o700 });
    if (!existsSync(d.hostKey)) writeFileAtomic(d.hostKey, generateEd25519().private, 0o600);
  }

  isRunning(id: string): boolean {
    return this.servers.has(id);
  }

  /** Starts the notebook's SSH server, on its previous port when that is still free. */
  async start(nb: StoredNotebook): Promise<{ port: number; fingerprint: string }> {
    const d = this.dirs(nb.id);
    const options = {
      hostKey: readFileSync(d.hostKey, 'utf8'),
      authorizedKeys: () => this.authorizedKeys(nb),
      workDir: d.work,
      homeDir: d.home,
      processTag: processTag(nb.id),
      env: {
        MODELARTS_LOCAL: '1',
        NOTEBOOK_ID: nb.id,
        NOTEBOOK_NAME: nb.name,
        MA_PROJECT_ID: this.projectId,
        MA_WORKSPACE_ID: nb.workspace_id,
        MA_IMAGE_NAME: nb.image.name,
        MA_FLAVOR: nb.flavor,
      },
    };
    let server: NotebookSshServer;
    try {
      server = await startNotebookSshServer({ ...options, port: nb.ssh_port || 0 });
    } catch {
      server = await startNotebookSshServer({ ...options, port: 0 });
    }
    this.servers.set(nb.id, server);
    return { port: server.port, fingerprint: server.hostKeyFingerprint };
  }

  /**
   * Closes the SSH server, which ends every process started through it, including those a
   * previous daemon process started before it was restarted (found by the notebook's tag).
   */
  async stop(id: string): Promise<void> {
    const server = this.servers.get(id);
    this.servers.delete(id);
    await server?.close();
    await new ProcessRegistry(processTag(id)).killAll();
  }

  /** Stops it and removes its files, work dir included (as deleting a cloud notebook deletes its disk). */
  async remove(id: string): Promise<void> {
    await this.stop(id);
    rmSync(this.dirs(id).root, { recursive: true, force: true });
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.servers.keys()].map((id) => this.stop(id)));
  }
}
