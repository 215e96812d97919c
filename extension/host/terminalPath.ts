import path from 'node:path';
import * as vscode from 'vscode';
import { writeLaunchers } from '../core/config/cliLauncher';
import { configDir } from '../core/config/profiles';
import type { LocalMode } from './localMode';

const t = vscode.l10n.t;

/** One change the extension makes to new terminals' environments, as the exports describe it. */
export interface TerminalEnvironmentChange {
  readonly variable: string;
  readonly value: string;
  readonly type: 'replace' | 'append' | 'prepend';
}

/**
 * `modelarts` in every new integrated terminal of the window: a launcher folder in the
 * extension's global storage goes first on PATH, and the CLI is told the config dir (keys,
 * known_hosts, profiles) and local mode's data dir the extension uses, so both share one local
 * daemon and one set of keys. Only paths go into the environment, never a key or token: the CLI
 * finds local mode's keys in the daemon's 0600 discovery file, and a cloud profile's in its own
 * credentials file or the user's environment.
 */
export class TerminalPath implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly launcherDir: string;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly localMode: LocalMode,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.launcherDir = path.join(context.globalStorageUri.fsPath, 'bin');
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('modelarts.local.dataDir')) this.apply();
      }),
    );
  }

  /** Writes the launchers and sets the collection; a failure is logged and leaves terminals as they were. */
  apply(): void {
    const collection = this.context.environmentVariableCollection;
    try {
      writeLaunchers(this.launcherDir, { nodePath: process.execPath, cliScript: this.context.asAbsolutePath(path.join('dist', 'cli.js')) });
    } catch (err) {
      collection.clear();
      this.log.warn(`The modelarts command could not be put on the terminal PATH: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const dataDir = this.localMode.dataDir();
    const config = configDir(process.env);
    collection.description = t(
      'Puts the modelarts command on the PATH (from {0}) and points it at the config folder {1} and the local mode data folder {2} this window uses.',
      this.launcherDir,
      config,
      dataDir,
    );
    collection.prepend('PATH', this.launcherDir + path.delimiter);
    collection.replace('MODELARTS_CONFIG_DIR', config);
    collection.replace('MODELARTS_LOCAL_HOME', dataDir);
  }

  /** What new terminals get, for the integration tests (see exports.ts). */
  changes(): TerminalEnvironmentChange[] {
    const found: TerminalEnvironmentChange[] = [];
    const types: Record<number, TerminalEnvironmentChange['type']> = {
      [vscode.EnvironmentVariableMutatorType.Replace]: 'replace',
      [vscode.EnvironmentVariableMutatorType.Append]: 'append',
      [vscode.EnvironmentVariableMutatorType.Prepend]: 'prepend',
    };
    this.context.environmentVariableCollection.forEach((variable, mutator) => {
      const type = types[mutator.type];
      if (type) found.push({ variable, value: mutator.value, type });
    });
    return found;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
