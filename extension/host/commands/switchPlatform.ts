import * as vscode from 'vscode';
import type { Services } from '../services';

/** The status bar's menu: switch platform (local or a cloud profile), region and workspace; local mode; settings. */
export async function switchPlatform(services: Services): Promise<void> {
  const connected = services.session.current();
  const local = services.localMode.current().state;
  const items: (vscode.QuickPickItem & { command: string })[] = [
    {
      label: `$(cloud) ${vscode.l10n.t('Switch Platform…')}`,
      description: vscode.l10n.t('Local or a cloud profile'),
      command: 'modelarts.profiles.switch',
    },
    ...(connected?.kind === 'cloud'
      ? [
          {
            label: `$(globe) ${vscode.l10n.t('Switch Region…')}`,
            description: connected.region,
            command: 'modelarts.profiles.switchRegion',
          },
        ]
      : []),
    ...(connected ? [{ label: `$(arrow-swap) ${vscode.l10n.t('Switch Workspace…')}`, command: 'modelarts.workspaces.select' }] : []),
    { label: `$(add) ${vscode.l10n.t('Add Cloud Profile…')}`, command: 'modelarts.profiles.add' },
    local === 'running'
      ? { label: `$(debug-stop) ${vscode.l10n.t('Stop Local Mode')}`, command: 'modelarts.local.stop' }
      : { label: `$(play) ${vscode.l10n.t('Start Local Mode')}`, command: 'modelarts.local.start' },
    { label: `$(server-process) ${vscode.l10n.t('Show Local Mode Status')}`, command: 'modelarts.local.showStatus' },
    { label: `$(gear) ${vscode.l10n.t('Open ModelArts Settings')}`, command: 'modelarts.openSettings' },
    { label: `$(book) ${vscode.l10n.t('Get Started')}`, command: 'modelarts.getStarted' },
  ];
  const chosen = await vscode.window.showQuickPick(items, {
    placeHolder: connected ? vscode.l10n.t('ModelArts: {0}', connected.label) : vscode.l10n.t('ModelArts: not connected'),
  });
  if (chosen) await vscode.commands.executeCommand(chosen.command);
}
