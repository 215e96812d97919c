import * as vscode from 'vscode';
import type { Services } from '../services';

/** The status bar's menu: switch workspace, start or stop local mode, settings. */
export async function switchPlatform(services: Services): Promise<void> {
  const connected = services.session.current();
  const local = services.localMode.current().state;
  const items: (vscode.QuickPickItem & { command: string })[] = [
    ...(connected ? [{ label: `$(arrow-swap) ${vscode.l10n.t('Switch Workspace…')}`, command: 'modelarts.workspaces.select' }] : []),
    local === 'running'
      ? { label: `$(debug-stop) ${vscode.l10n.t('Stop Local Mode')}`, command: 'modelarts.local.stop' }
      : { label: `$(play) ${vscode.l10n.t('Start Local Mode')}`, command: 'modelarts.local.start' },
    { label: `$(server-process) ${vscode.l10n.t('Show Local Mode Status')}`, command: 'modelarts.local.showStatus' },
    { label: `$(gear) ${vscode.l10n.t('Open ModelArts Settings')}`, command: 'modelarts.openSettings' },
  ];
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: connected ? vscode.l10n.t('ModelArts: {0}', connected.label) : vscode.l10n.t('ModelArts: not connected') });
  if (chosen) await vscode.commands.executeCommand(chosen.command);
}
