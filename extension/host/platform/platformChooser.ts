import * as vscode from 'vscode';
import { DisposableStore } from '../../core/util/disposable';
import type { LocalMode } from '../localMode';
import type { CloudProfiles } from './cloudProfiles';
import type { Connection, PlatformSession } from './session';
import { notify } from '../notify';

/**
 * Keeps the session on the platform the settings choose: the active cloud profile, or local mode
 * when none is set. Re-applies when the profiles change and follows local mode's daemon while
 * local mode is the choice (a daemon stopped from the CLI disconnects the views).
 */
export class PlatformChooser implements vscode.Disposable {
  private readonly store = new DisposableStore();
  private applying: Promise<Connection | undefined> = Promise.resolve(undefined);

  constructor(
    private readonly profiles: CloudProfiles,
    private readonly session: PlatformSession,
    private readonly localMode: LocalMode,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.store.add(profiles.onDidChange(() => void this.apply()));
    this.store.add(
      localMode.onDidChange((status) => {
        if (this.profiles.activeName() !== '') return;
        const discovery = localMode.credentials();
        if (status.state === 'running' && discovery) void session.connectLocal(discovery);
        else if (status.state !== 'starting' && session.current()?.kind === 'local') void session.disconnect();
      }),
    );
  }

  /** Connects to what the settings choose; calls queue so the last choice wins. */
  apply(): Promise<Connection | undefined> {
    this.applying = this.applying.then(
      () => this.connect(),
      () => this.connect(),
    );
    return this.applying;
  }

  private async connect(): Promise<Connection | undefined> {
    const name = this.profiles.activeName();
    if (name === '') {
      const discovery = this.localMode.credentials();
      if (this.localMode.current().state === 'running' && discovery) return this.session.connectLocal(discovery);
      if (this.session.current()?.kind === 'cloud') await this.session.disconnect();
      // Starting is left to the caller (activation, Start Local Mode): the daemon is then found here.
      return undefined;
    }
    const current = this.session.current();
    const profile = this.profiles.get(name);
    const keys = profile && (await this.profiles.keys(name));
    if (!profile || !keys) {
      await this.session.disconnect();
      this.offerFix(
        profile
          ? vscode.l10n.t('Cloud profile {0} has no access keys on this computer.', name)
          : vscode.l10n.t('The active cloud profile {0} does not exist.', name),
      );
      return undefined;
    }
    // Edits to the profile in settings (endpoints, project id, region) take effect by reconnecting.
    if (current?.kind === 'cloud' && JSON.stringify(current.profile) === JSON.stringify(profile)) return current;
    this.log.info(`Connecting to cloud profile ${profile.name} (${profile.region}).`);
    try {
      return await this.session.connectCloud(profile, keys);
    } catch (err) {
      await this.session.disconnect();
      this.offerFix(vscode.l10n.t('Cloud profile {0} cannot be used: {1}', name, err instanceof Error ? err.message : String(err)));
      return undefined;
    }
  }

  private offerFix(message: string): void {
    this.log.warn(message);
    const add = vscode.l10n.t('Add Cloud Profile');
    const local = vscode.l10n.t('Use Local Mode');
    notify(
      'warning',
      message,
      {
        [add]: () => vscode.commands.executeCommand('modelarts.profiles.add'),
        [local]: () => vscode.commands.executeCommand('modelarts.profiles.switch', ''),
      },
      this.log,
    );
  }

  dispose(): void {
    this.store.dispose();
  }
}
