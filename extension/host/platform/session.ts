import * as vscode from 'vscode';
import { createPlatformClient, localPlatformConfig, type LocalDiscovery, type PlatformClient } from '../../core/api/client';
import { ModelArtsApi } from '../../core/api/resources/modelArtsApi';
import { cloudConnectionConfig } from '../../core/config/cloudConnection';
import type { ProxySettings } from '../../core/api/proxy';
import type { AkSk } from '../../core/config/profiles';
import { StorageClient } from '../../core/storage/client';
import { s3CompatibleConfig } from '../../core/storage/config';
import type { CloudProfile } from './cloudProfiles';
import { editorProxySettings, onDidChangeProxySettings } from './proxySettings';
import { ContextKeys, setContext } from '../contextKeys';

/** The platform the views talk to: local mode or a cloud profile, and the chosen workspace. */
export interface Connection {
  readonly kind: 'local' | 'cloud';
  /** "Local" or the profile's name, wherever a cloud name would be shown. */
  readonly label: string;
  /** The region for a cloud profile; absent in local mode. */
  readonly region?: string;
  /** The cloud profile connected to; absent in local mode. */
  readonly profile?: CloudProfile;
  readonly api: ModelArtsApi;
  /** The connection's one storage client (OBS, or local mode's S3 endpoint); closed with the connection. */
  readonly storage: StorageClient;
  readonly workspaceId: string;
}

/**
 * Whether two connections reach the same platform: the session replaces its connection object on
 * a workspace switch, and the editor's side connections (specs/specTargets.ts) are objects of their own.
 */
export function samePlatform(a: Connection | undefined, b: Connection | undefined): boolean {
  return a !== undefined && b !== undefined && a.kind === b.kind && a.label === b.label && a.region === b.region;
}

/** The clients a connection holds: each keeps a connection pool, so they are closed with it. */
interface Clients {
  readonly platform: PlatformClient;
  readonly storage: StorageClient;
}

/**
 * One connection at a time, shared by every view and command. Views subscribe to changes and
 * reload; commands read `current()` and fail with a clear message while nothing is connected.
 * The session owns the connection's clients: it makes them with the connection and closes them
 * when the connection is replaced or closed. (Switching the workspace keeps them: same platform.)
 */
export class PlatformSession implements vscode.Disposable {
  private connection: Connection | undefined;
  private clients: Clients | undefined;
  /** The daemon the local connection talks to, to tell a status check from a new daemon. */
  private localDaemon: LocalDiscovery | undefined;
  /** Builds the cloud connection's clients again with other proxy settings; absent in local mode (loopback is never proxied). */
  private rebuildCloudClients: ((proxy: ProxySettings) => Clients) | undefined;
  private readonly changed = new vscode.EventEmitter<Connection | undefined>();
  readonly onDidChange = this.changed.event;
  // A change of http.proxy / http.noProxy / http.proxyStrictSSL applies without a reload.
  private readonly proxyWatch = onDidChangeProxySettings(() => void this.applyProxySettings());

  constructor(private readonly state: vscode.Memento) {}

  current(): Connection | undefined {
    return this.connection;
  }

  /** The connection, or an error that says how to get one (for commands run from the palette). */
  require(): Connection {
    if (!this.connection)
      throw new Error(vscode.l10n.t('No ModelArts platform is connected. Start local mode or add a cloud profile first.'));
    return this.connection;
  }

  /**
   * Connects to local mode's daemon; the workspace is the one last chosen for local mode. Already
   * connected to that daemon, it keeps the connection: local mode reports "running" on every
   * status check, and reconnecting each time would close the clients under a transfer or a load
   * still using them (and reload every view for nothing).
   */
  async connectLocal(discovery: LocalDiscovery): Promise<Connection> {
    if (this.connection?.kind === 'local' && this.localDaemon && sameDaemon(this.localDaemon, discovery)) return this.connection;
    const clients: Clients = {
      platform: createPlatformClient(localPlatformConfig(discovery)),
      storage: new StorageClient(
        s3CompatibleConfig(discovery.s3_endpoint, 'local', { accessKeyId: discovery.ak, secretAccessKey: discovery.sk }),
      ),
    };
    this.localDaemon = discovery;
    this.rebuildCloudClients = undefined;
    return this.set(clients, {
      kind: 'local',
      label: vscode.l10n.t('Local'),
      api: new ModelArtsApi(clients.platform),
      storage: clients.storage,
      workspaceId: this.state.get(workspaceMemoryKey('local'), '0'),
    });
  }

  /** Connects to a cloud profile; its workspace is the one last chosen for that profile and region. */
  async connectCloud(profile: CloudProfile, keys: AkSk): Promise<Connection> {
    const build = (proxy: ProxySettings): Clients => {
      const { platform, storage } = cloudConnectionConfig(profile, keys, proxy);
      return { platform: createPlatformClient(platform), storage: new StorageClient(storage) };
    };
    const { settings, problem } = editorProxySettings();
    if (problem) void vscode.window.showWarningMessage(problem);
    const clients = build(settings);
    this.rebuildCloudClients = build;
    const key = cloudMemoryKey(profile);
    return this.set(clients, {
      kind: 'cloud',
      label: profile.name,
      region: profile.region,
      profile,
      api: new ModelArtsApi(clients.platform),
      storage: clients.storage,
      workspaceId: this.state.get(workspaceMemoryKey(key), '0'),
    });
  }

  async disconnect(): Promise<void> {
    this.closeClients();
    this.rebuildCloudClients = undefined;
    this.connection = undefined;
    await Promise.all([setContext(ContextKeys.connected, false), setContext(ContextKeys.platformKind, '')]);
    this.changed.fire(undefined);
  }

  /** Switches the workspace every other view shows, remembered per platform. */
  async selectWorkspace(workspaceId: string): Promise<void> {
    if (!this.connection) return;
    const key =
      this.connection.kind === 'local' ? 'local' : cloudMemoryKey({ name: this.connection.label, region: this.connection.region ?? '' });
    await this.state.update(workspaceMemoryKey(key), workspaceId);
    this.connection = { ...this.connection, workspaceId };
    this.changed.fire(this.connection);
  }

  dispose(): void {
    this.proxyWatch.dispose();
    this.closeClients();
    this.changed.dispose();
  }

  /**
   * New proxy settings: the cloud connection's clients are built again with them (views reload
   * as on any reconnect; a transfer running on the old clients fails and can be retried). A
   * setting that cannot be used is reported and changes nothing.
   */
  private async applyProxySettings(): Promise<void> {
    const rebuild = this.rebuildCloudClients;
    const connection = this.connection;
    if (!rebuild || connection?.kind !== 'cloud') return;
    const { settings, problem } = editorProxySettings();
    if (problem) {
      void vscode.window.showWarningMessage(problem);
      return;
    }
    const clients = rebuild(settings);
    await this.set(clients, { ...connection, api: new ModelArtsApi(clients.platform), storage: clients.storage });
  }

  private async set(clients: Clients, connection: Connection): Promise<Connection> {
    this.closeClients();
    this.clients = clients;
    this.connection = connection;
    await Promise.all([setContext(ContextKeys.connected, true), setContext(ContextKeys.platformKind, connection.kind)]);
    this.changed.fire(connection);
    return connection;
  }

  private closeClients(): void {
    this.clients?.platform.close();
    this.clients?.storage.dispose();
    this.clients = undefined;
  }
}

function sameDaemon(a: LocalDiscovery, b: LocalDiscovery): boolean {
  return a.endpoint === b.endpoint && a.s3_endpoint === b.s3_endpoint && a.project_id === b.project_id && a.ak === b.ak && a.sk === b.sk;
}

/** Workspaces differ per cloud account and region, so the last choice is remembered per both. */
function cloudMemoryKey(profile: { readonly name: string; readonly region: string }): string {
  return `cloud:${profile.name}@${profile.region}`;
}

function workspaceMemoryKey(key: string): string {
  return `modelarts.workspace.${key}`;
}
