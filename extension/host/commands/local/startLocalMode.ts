import * as vscode from 'vscode';
import type { LocalModeStatus } from '../../localMode';
import type { Services } from '../../services';
import { notify } from '../../notify';

/** Starts local mode's daemon (or finds the running one) with progress in the status bar, and uses it. */
export async function startLocalMode(services: Services): Promise<LocalModeStatus> {
  const status = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Starting local mode…') },
    () => services.localMode.start(),
  );
  // Starting local mode means using it: leave the cloud profile (it stays saved).
  if (status.state === 'running' && services.profiles.activeName() !== '') {
    await services.profiles.setActive('');
    await services.platform.apply();
  }
  if (status.state === 'failed') {
    const showLog = vscode.l10n.t('Show Log');
    notify(
      'error',
      vscode.l10n.t('Local mode could not start: {0}', status.error ?? ''),
      { [showLog]: () => services.log.show(true) },
      services.log,
    );
  }
  return status;
}
