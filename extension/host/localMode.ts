import * as vscode from 'vscode';
import type { Discovery } from '../local/dataDir';
import { resolveDataDir } from '../local/dataDir';
import { daemonStatus, startDaemonDetached, stopDaemon } from '../local/lifecycle';
import { isAbortError } from '../core/util/abort';
import { ContextKeys, setContext } from './contextKeys';

export type LocalModeState = 'starting' | 'running' | 'stopped' | 'failed';

/** What the extension may show of a running daemon: no AK/SK. */
export interface LocalModeStatus {
  readonly state: LocalModeState;
  readonly dataDir: string;
  readonly endpoint?: string;
  readonly s3Endpoint?: string;
  readonly projectId?: string;
  readonly pid?: number;
  readonly error?: string;
}

/**
 * Local mode from the editor: starts the platform daemon detached with the editor's own Node
 * (ELECTRON_RUN_AS_NODE), so it keeps running across window reloads and is shared with the
 * `modelarts` command line on the same data dir.
 */
export class LocalMode {
  private status: LocalModeStatus;
  private discovery: Discovery | undefined;
  private starting: Promise<LocalModeStatus> | undefined;
  private readonly changed = new vscode.EventEmitter<LocalModeStatus>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly daemonScript: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.status = { state: 'stopped', dataDir: this.dataDir() };
  }

  /** `modelarts.local.dataDir`, else MODELARTS_LOCAL_HOME, else ~/.modelarts-local. */
  dataDir(): string {
    const configured = vscode.workspace.getConfiguration('modelarts').get<string>('local.dataDir', '');
    return resolveDataDir(configured || undefined);
  }

  current(): LocalModeStatus {
    return this.status;
  }

  /** The daemon's discovery (with its AK/SK) for the platform client; never for display. */
  credentials(): Discovery | undefined {
    return this.discovery;
  }

  /**
   * Starts the daemon, or joins a start already under way: activation starts local mode while a
   * command or a test may ask for it too, and two starts at once would spawn two daemons, the
   * second waiting out its time-out for a discovery file the first one wrote.
   */
  start(): Promise<LocalModeStatus> {
    this.starting ??= this.startOnce().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async startOnce(): Promise<LocalModeStatus> {
    const dataDir = this.dataDir();
    await this.set({ state: 'starting', dataDir });
    try {
      const discovery = await startDaemonDetached({ dataDir, daemonScript: this.daemonScript, nodePath: process.execPath });
      this.discovery = discovery;
      this.log.info(
        `Local mode: platform daemon ${discovery.pid} at ${discovery.endpoint} (storage ${discovery.s3_endpoint}), data in ${dataDir}`,
      );
      return await this.set({
        state: 'running',
        dataDir,
        endpoint: discovery.endpoint,
        s3Endpoint: discovery.s3_endpoint,
        projectId: discovery.project_id,
        pid: discovery.pid,
      });
    } catch (err) {
      if (isAbortError(err)) throw err;
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`Local mode could not start: ${message}`);
      return this.set({ state: 'failed', dataDir, error: message });
    }
  }

  async stop(): Promise<LocalModeStatus> {
    const dataDir = this.dataDir();
    const stopped = await stopDaemon(dataDir);
    this.discovery = undefined;
    this.log.info(stopped ? `Local mode: stopped the platform daemon for ${dataDir}` : `Local mode: no daemon was running for ${dataDir}`);
    return this.set({ state: 'stopped', dataDir });
  }

  /** Re-reads whether the daemon still answers (another window or the CLI may have stopped it). */
  async refresh(): Promise<LocalModeStatus> {
    const dataDir = this.dataDir();
    const running = await daemonStatus(dataDir);
    this.discovery = running;
    if (running)
      return this.set({
        state: 'running',
        dataDir,
        endpoint: running.endpoint,
        s3Endpoint: running.s3_endpoint,
        projectId: running.project_id,
        pid: running.pid,
      });
    return this.status.state === 'failed' ? this.status : this.set({ state: 'stopped', dataDir });
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async set(status: LocalModeStatus): Promise<LocalModeStatus> {
    this.status = status;
    await setContext(ContextKeys.localMode, status.state);
    this.changed.fire(status);
    return status;
  }
}
