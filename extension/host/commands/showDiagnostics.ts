import * as vscode from 'vscode';
import { toAbortSignal } from '../cancellation';
import type { Services } from '../services';

/** What the diagnostics command reports; also its return value, so tests can read it. */
export interface Diagnostics {
  readonly extensionVersion: string;
  readonly vscodeVersion: string;
  readonly appHost: string;
  readonly nodeVersion: string;
  readonly platform: string;
  readonly ssh:
    | { readonly ok: true; readonly nativeCrypto: boolean; readonly cipher: string; readonly kex: string; readonly elapsedMs: number }
    | { readonly ok: false; readonly error: string };
}

/**
 * Checks the runtime this extension depends on (an SSH round trip on loopback included) and
 * writes the report to the log. The first thing to run when connecting to a notebook fails.
 */
export async function showDiagnostics(services: Services): Promise<Diagnostics> {
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the ModelArts Toolkit runtime…'), cancellable: true },
    async (_progress, token) => {
      const cancel = toAbortSignal(token);
      try {
        return await collect(services, cancel.signal);
      } finally {
        cancel.dispose();
      }
    },
  );
  services.log.info(`Diagnostics: ${JSON.stringify(report)}`);
  const sshLine = report.ssh.ok
    ? vscode.l10n.t('SSH works ({0}, {1} crypto).', report.ssh.cipher, report.ssh.nativeCrypto ? 'native' : 'JavaScript')
    : vscode.l10n.t('SSH does not work here: {0}', report.ssh.error);
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t('ModelArts Toolkit {0} on VS Code {1}. {2}', report.extensionVersion, report.vscodeVersion, sshLine),
      vscode.l10n.t('Show Log'),
    )
    .then((choice) => {
      if (choice) services.log.show(true);
    });
  return report;
}

async function collect(services: Services, signal: AbortSignal): Promise<Diagnostics> {
  let ssh: Diagnostics['ssh'];
  try {
    // Loaded on demand: ssh2's module setup is the heaviest part of the bundle, and activation
    // should not pay for it.
    const { runSshSelfTest } = await import('../../core/ssh/selfTest');
    ssh = { ok: true, ...(await runSshSelfTest(signal)) };
  } catch (err) {
    ssh = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  return {
    extensionVersion: String((services.context.extension.packageJSON as { version?: unknown }).version),
    vscodeVersion: vscode.version,
    appHost: vscode.env.appHost,
    nodeVersion: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    ssh,
  };
}
