import * as vscode from 'vscode';
import { createPlatformClient, localPlatformConfig, type LocalDiscovery, type PlatformClient } from '../../core/api/client';
import { ModelArtsApi } from '../../core/api/resources/modelArtsApi';
import { s3CompatibleConfig, type StorageConfig } from '../../core/storage/config';
import { ContextKeys, setContext } from '../contextKeys';

/** The platform the views talk to: local mode or a cloud profile, and the chosen workspace. */
export interface Connection {
  readonly kind: 'local' | 'cloud';
  /** "Local" or the profile's name, wherever a cloud name would be shown. */
  readonly label: string;
  readonly api: ModelArtsApi;
  readonly storage: StorageConfig;
  readonly workspaceId: string;
}

/**
 * One connection at a time, shared by every view and command. Views subscribe to changes and
 * reload; commands read `current()` and fail with a clear message while nothing is connected.
 */
export class PlatformSession implements vscode.Disposable {
  private connection: Connection | undefined;
  private client: PlatformClient | undefined;
  private readonly changed = new vscode.EventEmitter<Connection | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  current(): Connection | undefined {
    return this.connection;
  }

  /** The connection, or an error that says how to get one (for commands run from the palette). */
  require(): Connection {
    if (!this.connection) throw new Error(vscode.l10n.t('No ModelArts platform is connected. Start local mode or add a cloud profile first.'));
    return this.connection;
  }

  /** Connects to local mode's daemon; the workspace is the one last chosen for local mode. */
  async connectLocal(discovery: LocalDiscovery): Promise<Connection> {
    const client = createPlatformClient(localPlatformConfig(discovery));
    const storage = s3CompatibleConfig(discovery.s3_endpoint, 'local', { accessKeyId: discovery.ak, secretAccessKey: discovery.sk });
    return this.set(client, { kind: 'local', label: vscode.l10n.t('Local'), api: new ModelArtsApi(client), storage, workspaceId: this.state.get('modelarts.workspace.local', '0') });
  }

  async disconnect(): Promise<void> {
    this.client?.close();
    this.client = undefined;
    this.connection = undefined;
    await setContext(ContextKeys.connected, false);
    this.changed.fire(undefined);
  }

  /** Switches the workspace every other view shows, remembered per platform. */
  async selectWorkspace(workspaceId: string): Promise<void> {
    if (!this.connection) return;
    await this.state.update(`modelarts.workspace.${this.connection.kind === 'local' ? 'local' : this.connection.label}`, workspaceId);
    this.connection = { ...this.connection, workspaceId };
    this.changed.fire(this.connection);
  }

  dispose(): void {
    this.client?.close();
    this.changed.dispose();
  }

  private async set(client: PlatformClient, connection: Connection): Promise<Connection> {
    this.client?.close();
    this.client = client;
    this.connection = connection;
    await setContext(ContextKeys.connected, true);
    this.changed.fire(connection);
    return connection;
  }
}
