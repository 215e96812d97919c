import * as vscode from 'vscode';

/** Opens the Settings editor filtered to this extension's settings. */
export async function openSettings(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:modelarts.modelarts-toolkit');
}
