import * as vscode from 'vscode';
import type { CloudTargetFields } from '../../core/config/cloudConnection';
import type { AkSk } from '../../core/config/profiles';

/** A cloud profile as kept in the `modelarts.profiles` setting: where, never the secrets. */
export interface CloudProfile extends CloudTargetFields {
  readonly name: string;
}

const secretKey = (name: string) => `modelarts.profile.${name}`;

/**
 * Cloud profiles: names, regions and endpoints in user settings (so they can be read and edited
 * there), AK/SK in VS Code's SecretStorage (the OS keychain), never in settings, logs or output.
 * The active profile is `modelarts.activeProfile`; empty means local mode.
 */
export class CloudProfiles {
  readonly onDidChange: vscode.Event<void>;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.onDidChange = (listener, thisArgs, disposables) =>
      vscode.workspace.onDidChangeConfiguration(
        (e) => {
          if (e.affectsConfiguration('modelarts.profiles') || e.affectsConfiguration('modelarts.activeProfile'))
            listener.call(thisArgs, undefined);
        },
        undefined,
        disposables,
      );
  }

  list(): CloudProfile[] {
    const raw = vscode.workspace.getConfiguration('modelarts').get<unknown[]>('profiles', []);
    return raw.filter(
      (p): p is CloudProfile =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as CloudProfile).name === 'string' &&
        typeof (p as CloudProfile).region === 'string',
    );
  }

  get(name: string): CloudProfile | undefined {
    return this.list().find((p) => p.name === name);
  }

  /** The active profile's name, or '' for local mode. */
  activeName(): string {
    return vscode.workspace.getConfiguration('modelarts').get<string>('activeProfile', '').trim();
  }

  async setActive(name: string): Promise<void> {
    await vscode.workspace.getConfiguration('modelarts').update('activeProfile', name, vscode.ConfigurationTarget.Global);
  }

  async keys(name: string): Promise<AkSk | undefined> {
    const stored = await this.secrets.get(secretKey(name));
    if (!stored) return undefined;
    try {
      const parsed = JSON.parse(stored) as Partial<AkSk>;
      return typeof parsed.ak === 'string' && typeof parsed.sk === 'string' ? { ak: parsed.ak, sk: parsed.sk } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Adds or replaces a profile: the secret first, so a saved profile always has its keys. */
  async save(profile: CloudProfile, keys: AkSk): Promise<void> {
    await this.secrets.store(secretKey(profile.name), JSON.stringify({ ak: keys.ak, sk: keys.sk }));
    await this.writeList([...this.list().filter((p) => p.name !== profile.name), withoutEmptyFields(profile)]);
  }

  /** Changes a profile's non-secret fields (region, project id). */
  async update(profile: CloudProfile): Promise<void> {
    await this.writeList(this.list().map((p) => (p.name === profile.name ? withoutEmptyFields(profile) : p)));
  }

  async remove(name: string): Promise<void> {
    await this.writeList(this.list().filter((p) => p.name !== name));
    await this.secrets.delete(secretKey(name));
    if (this.activeName() === name) await this.setActive('');
  }

  private async writeList(profiles: CloudProfile[]): Promise<void> {
    await vscode.workspace.getConfiguration('modelarts').update('profiles', profiles, vscode.ConfigurationTarget.Global);
  }
}

function withoutEmptyFields(profile: CloudProfile): CloudProfile {
  return Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined && v !== '')) as unknown as CloudProfile;
}
