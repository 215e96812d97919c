import * as vscode from 'vscode';
import { createPlatformClient, localPlatformConfig, type PlatformClient } from '../../core/api/client';
import { ModelArtsApi } from '../../core/api/resources/modelArtsApi';
import { cloudConnectionConfig } from '../../core/config/cloudConnection';
import { StorageClient } from '../../core/storage/client';
import { s3CompatibleConfig } from '../../core/storage/config';
import type { LocalMode } from '../localMode';
import type { CloudProfiles } from '../platform/cloudProfiles';
import type { Connection, PlatformSession } from '../platform/session';

const t = vscode.l10n.t;

/** Where a spec goes: local mode, the active platform, or a cloud profile by name. */
export type SpecTarget = 'local' | 'active' | { readonly profile: string };

/** A task's or a lens's `target` as written: "local", a profile's name, or nothing (the active platform). */
export function parseSpecTarget(value: unknown): SpecTarget {
  if (value === undefined || value === '' || value === 'active') return 'active';
  if (value === 'local') return 'local';
  if (typeof value === 'string') return { profile: value };
  throw new Error(t('A modelarts task’s target must be "local" or the name of a cloud profile, not {0}.', JSON.stringify(value)));
}

/**
 * The connections specs are sent through. The active platform is the session's; local mode and
 * other profiles get connections of their own beside it, so "Run Locally" works while a cloud
 * profile is active, without switching the views away from it. Those are kept (jobs are watched
 * through them until they end) and closed with this object.
 */
export class SpecTargets implements vscode.Disposable {
  private readonly side = new Map<string, { connection: Connection; platform: PlatformClient }>();

  constructor(
    private readonly session: PlatformSession,
    private readonly localMode: LocalMode,
    private readonly profiles: CloudProfiles,
  ) {}

  /** The active platform's name, for "Submit to ‹profile›"; undefined while nothing is connected. */
  activeLabel(): string | undefined {
    return this.session.current()?.label;
  }

  async connect(target: SpecTarget): Promise<Connection> {
    if (target === 'active') return this.session.require();
    const current = this.session.current();
    if (target === 'local') {
      if (current?.kind === 'local') return current;
      return this.local();
    }
    if (current?.kind === 'cloud' && current.label === target.profile) return current;
    return this.cloud(target.profile);
  }

  private async local(): Promise<Connection> {
    // Starting joins a running daemon (another window's, the CLI's) and leaves the session as it is.
    const status = await this.localMode.start();
    const discovery = this.localMode.credentials();
    if (status.state !== 'running' || !discovery) throw new Error(t('Local mode could not start: {0}', status.error ?? status.state));
    const key = `local:${discovery.endpoint}:${discovery.s3_endpoint}:${discovery.ak}`;
    return this.keep(key, () => {
      const platform = createPlatformClient(localPlatformConfig(discovery));
      const storage = new StorageClient(
        s3CompatibleConfig(discovery.s3_endpoint, 'local', { accessKeyId: discovery.ak, secretAccessKey: discovery.sk }),
      );
      return { platform, connection: { kind: 'local', label: t('Local'), api: new ModelArtsApi(platform), storage, workspaceId: '0' } };
    });
  }

  private async cloud(name: string): Promise<Connection> {
    const profile = this.profiles.get(name);
    if (!profile)
      throw new Error(t('There is no cloud profile named {0}. Add it with ModelArts: Add Cloud Profile, or use "local".', name));
    const keys = await this.profiles.keys(name);
    if (!keys) throw new Error(t('Cloud profile {0} has no access keys on this computer.', name));
    return this.keep(`cloud:${JSON.stringify(profile)}`, () => {
      const config = cloudConnectionConfig(profile, keys);
      const platform = createPlatformClient(config.platform);
      const storage = new StorageClient(config.storage);
      return {
        platform,
        connection: {
          kind: 'cloud',
          label: profile.name,
          region: profile.region,
          profile,
          api: new ModelArtsApi(platform),
          storage,
          workspaceId: '0',
        },
      };
    });
  }

  private keep(key: string, make: () => { connection: Connection; platform: PlatformClient }): Connection {
    let entry = this.side.get(key);
    if (!entry) {
      entry = make();
      this.side.set(key, entry);
    }
    return entry.connection;
  }

  dispose(): void {
    for (const { connection, platform } of this.side.values()) {
      platform.close();
      connection.storage.dispose();
    }
    this.side.clear();
  }
}
