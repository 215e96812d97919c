import * as vscode from 'vscode';
import type { LocalModeStatus } from '../../localMode';
import type { Services } from '../../services';
import { notify } from '../../notify';

/** Shows where local mode runs and keeps its data (never its keys), and returns it for callers. */
export async function showLocalModeStatus(services: Services): Promise<LocalModeStatus> {
  const status = await services.localMode.refresh();
  const lines =
    status.state === 'running'
      ? vscode.l10n.t(
          'Local mode is running (process {0}) at {1}; storage at {2}; data in {3}.',
          String(status.pid),
          status.endpoint ?? '',
          status.s3Endpoint ?? '',
          status.dataDir,
        )
      : vscode.l10n.t('Local mode is not running. Its data is in {0}.', status.dataDir);
  const openFolder = vscode.l10n.t('Reveal Data Folder');
  notify(
    'info',
    lines,
    { [openFolder]: () => vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(status.dataDir)) },
    services.log,
  );
  return status;
}
