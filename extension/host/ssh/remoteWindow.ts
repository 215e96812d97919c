import * as vscode from 'vscode';

const t = vscode.l10n.t;

/** The two Remote-SSH extensions that take a `vscode-remote://ssh-remote+HOST/folder` URI. */
export const remoteSshExtensions = {
  microsoft: 'ms-vscode-remote.remote-ssh',
  openVsx: 'jeanp413.open-remote-ssh',
} as const;

export function installedRemoteSsh(): string | undefined {
  return [remoteSshExtensions.microsoft, remoteSshExtensions.openVsx].find((id) => vscode.extensions.getExtension(id) !== undefined);
}

/** The URI Remote-SSH opens: the Host alias from ssh config, then the folder on the notebook. */
export function remoteFolderUri(hostAlias: string, folder: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: 'vscode-remote',
    authority: `ssh-remote+${hostAlias}`,
    path: folder.startsWith('/') ? folder : `/${folder}`,
  });
}

/**
 * Opens the folder in a new window through whichever Remote-SSH is installed. With neither, offers
 * to install the one this editor's marketplace has (Microsoft's in VS Code, Open Remote - SSH in
 * VSCodium, code-server and others), or to use the built-in terminal instead. Returns whether a
 * window was opened now.
 */
export async function openRemoteWindow(hostAlias: string, folder: string, notebook: unknown): Promise<boolean> {
  if (installedRemoteSsh()) {
    await vscode.commands.executeCommand('vscode.openFolder', remoteFolderUri(hostAlias, folder), { forceNewWindow: true });
    return true;
  }
  const preferred = vscode.env.appName.includes('Visual Studio Code') ? remoteSshExtensions.microsoft : remoteSshExtensions.openVsx;
  const install = t('Install Remote-SSH');
  const terminal = t('Open Built-in Terminal');
  // Not awaited: the entry is written either way, and the command should not wait on a toast.
  void vscode.window
    .showInformationMessage(
      t(
        'Opening notebook folders in a window needs the Remote-SSH extension ({0}). The ssh config entry {1} is ready; the built-in terminal works without it.',
        preferred,
        hostAlias,
      ),
      install,
      terminal,
    )
    .then(async (choice) => {
      if (choice === install) {
        await vscode.commands.executeCommand('workbench.extensions.installExtension', preferred);
        if (installedRemoteSsh())
          await vscode.commands.executeCommand('vscode.openFolder', remoteFolderUri(hostAlias, folder), { forceNewWindow: true });
      }
      if (choice === terminal) await vscode.commands.executeCommand('modelarts.notebooks.openTerminal', notebook);
    });
  return false;
}
