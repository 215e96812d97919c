import * as vscode from 'vscode';
import type { LocalModeStatus } from '../../localMode';
import type { Services } from '../../services';

/**
 * Stops local mode's daemon after a confirmation: that ends every local notebook and training
 * job it runs, for every window and for the command line.
 */
export async function stopLocalMode(services: Services): Promise<LocalModeStatus | undefined> {
  const stop = vscode.l10n.t('Stop Local Mode');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Stop local mode? Its running notebooks and training jobs stop too; their files are kept.'),
    { modal: true },
    stop,
  );
  if (choice !== stop) return undefined;
  return services.localMode.stop();
}
