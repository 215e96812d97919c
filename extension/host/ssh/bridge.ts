import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Notebook } from '../../core/api/resources/notebookTypes';
import { SshConnection } from '../../core/ssh/connection';
import { fingerprintOfBlob } from '../../core/ssh/keys';
import { readPinnedKey } from '../../core/ssh/knownHosts';
import { type PortForwardInfo, PortForwards, type PortForwardSpec } from '../../core/ssh/portForward';
import { DisposableStore } from '../../core/util/disposable';
import type { Connection } from '../platform/session';
import { type PreparedNotebook, prepareNotebook } from './prepare';

const t = vscode.l10n.t;

/** One notebook's live link: shared by its terminals, port forwards, syncs and commands. */
interface Link {
  readonly prepared: PreparedNotebook;
  readonly connection: SshConnection;
  readonly forwards: PortForwards;
  readonly store: DisposableStore;
  users: number;
}

/**
 * The built-in SSH bridge over ssh2: at most one connection per notebook, opened on first use
 * (after the same checks Connect does), verified against the pinned host key on every handshake
 * and reconnect, kept while a terminal or a forward uses it. Drops and reconnects are logged and
 * announced by the terminals themselves.
 */
export class NotebookBridge implements vscode.Disposable {
  private readonly links = new Map<string, Promise<Link>>();
  /** Links that finished connecting, for synchronous reads. */
  private readonly settled = new Map<string, Link>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a notebook id when a forward is added or removed or its link changes state (the Notebooks view listens). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /**
   * The notebook's link, connecting first when needed. Every call must be paired with
   * {@link release}; the link closes when nothing uses it any more.
   */
  async acquire(platform: Connection, notebook: Notebook, report: (message: string) => void, signal: AbortSignal): Promise<Link> {
    let pending = this.links.get(notebook.id);
    if (pending) {
      const link = await pending.catch(() => undefined);
      if (link && link.connection.state !== 'closed') {
        link.users++;
        return link;
      }
      this.links.delete(notebook.id);
    }
    pending = this.open(platform, notebook, report, signal);
    this.links.set(notebook.id, pending);
    try {
      const link = await pending;
      link.users++;
      return link;
    } catch (err) {
      this.links.delete(notebook.id);
      throw err;
    }
  }

  release(notebookId: string): void {
    void this.links.get(notebookId)?.then(
      (link) => {
        link.users--;
        if (link.users <= 0 && link.forwards.list().length === 0) this.close(notebookId, link);
      },
      // A link that never opened has nothing to release; acquire() already reported why.
      () => undefined,
    );
  }

  /** The notebook's forwards, for the tree; empty when it has no link. */
  forwardsOf(notebookId: string): PortForwardInfo[] {
    return this.settled.get(notebookId)?.forwards.list() ?? [];
  }

  async addForward(
    platform: Connection,
    notebook: Notebook,
    spec: PortForwardSpec,
    report: (message: string) => void,
    signal: AbortSignal,
  ): Promise<PortForwardInfo> {
    const link = await this.acquire(platform, notebook, report, signal);
    try {
      return await link.forwards.add(spec);
    } finally {
      // A forward keeps the link by itself; the acquire above was only for adding it.
      link.users--;
    }
  }

  async removeForward(notebookId: string, forwardId: string): Promise<void> {
    const link = this.settled.get(notebookId);
    if (!link) return;
    await link.forwards.remove(forwardId);
    if (link.users <= 0 && link.forwards.list().length === 0) this.close(notebookId, link);
  }

  dispose(): void {
    for (const [id, pending] of this.links)
      void pending.then(
        (link) => this.close(id, link),
        () => undefined,
      );
    this.changed.dispose();
  }

  private async open(platform: Connection, notebook: Notebook, report: (message: string) => void, signal: AbortSignal): Promise<Link> {
    const prepared = await prepareNotebook(platform, notebook, report, signal);
    const { target } = prepared;
    report(t('Connecting to {0}…', target.notebookName));
    const pinned = readPinnedKey(target.hostKeyAlias, prepared.knownHostsFile);
    const connection = new SshConnection({
      host: target.host,
      port: target.port,
      username: target.user,
      privateKey: readFileSync(target.identityFile, 'utf8'),
      // Re-read on every handshake: a key replaced through Connect's prompt is honoured at once.
      verifyHostKey: (blob) =>
        fingerprintOfBlob(blob) === (readPinnedKey(target.hostKeyAlias, prepared.knownHostsFile) ?? pinned)?.fingerprint,
    });
    await connection.connect();
    const store = new DisposableStore();
    const forwards = store.add(new PortForwards(connection));
    const link: Link = { prepared, connection, forwards, store, users: 0 };
    // Added and removed forwards change the tree; traffic counters alone do not warrant a reload.
    store.add(forwards.onDidChange((e) => e.type !== 'updated' && this.changed.fire(notebook.id)));
    store.add(
      connection.onDidChange((e) => {
        if (e.type === 'lost') this.log.warn(`SSH link to ${target.notebookName} lost: ${e.reason.message}`);
        if (e.type === 'reconnecting') this.log.info(`Reconnecting to ${target.notebookName} (attempt ${e.attempt}, in ${e.delayMs} ms)`);
        if (e.type === 'ready' && e.reconnected) this.log.info(`Reconnected to ${target.notebookName}`);
        if (e.type === 'closed') {
          if (e.reason) this.log.warn(`SSH link to ${target.notebookName} closed: ${e.reason.message}`);
          this.close(notebook.id, link);
        }
        this.changed.fire(notebook.id);
      }),
    );
    this.settled.set(notebook.id, link);
    this.log.info(`SSH link to ${target.notebookName} at ${target.host}:${target.port} is up.`);
    return link;
  }

  private close(notebookId: string, link: Link): void {
    if (this.settled.get(notebookId) === link) {
      this.settled.delete(notebookId);
      this.links.delete(notebookId);
    }
    link.store.dispose();
    link.connection.dispose();
    this.changed.fire(notebookId);
  }
}

export type { Link as NotebookLink };
