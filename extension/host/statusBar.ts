import * as vscode from 'vscode';
import { regionName } from './platform/regionNames';
import type { PlatformSession } from './platform/session';

/**
 * Always says where the views point: "ModelArts: Local · default" (platform and workspace), or
 * that nothing is connected. Clicking it offers the switches (platform, region, workspace, local mode).
 */
export class PlatformStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('modelarts.platform', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;
  private generation = 0;

  constructor(private readonly session: PlatformSession) {
    this.item.name = vscode.l10n.t('ModelArts Platform');
    this.item.command = 'modelarts.switchPlatform';
    this.subscription = session.onDidChange(() => void this.update());
    void this.update();
    this.item.show();
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    const connection = this.session.current();
    if (!connection) {
      this.item.text = `$(debug-disconnect) ${vscode.l10n.t('ModelArts: not connected')}`;
      this.item.tooltip = vscode.l10n.t('No ModelArts platform is connected. Click to start local mode.');
      this.item.accessibilityInformation = { label: this.item.tooltip, role: 'button' };
      return;
    }
    let workspace = connection.workspaceId;
    try {
      workspace = (await connection.api.workspaces.get(connection.workspaceId)).name;
    } catch {
      // The id is still a fine label if the name cannot be read right now.
    }
    if (generation !== this.generation) return;
    const where = connection.region ? `${connection.label} (${connection.region})` : connection.label;
    this.item.text = `$(${connection.kind === 'local' ? 'vm' : 'cloud'}) ModelArts: ${where} · ${workspace}`;
    const name = connection.region ? regionName(connection.region, vscode.l10n.t) : undefined;
    const named = name ? `${connection.label} (${name}, ${connection.region})` : where;
    this.item.tooltip = vscode.l10n.t('Platform: {0}. Workspace: {1}. Click to switch.', named, workspace);
    // Without this a screen reader reads the codicon's name ("vm", "cloud") first.
    this.item.accessibilityInformation = { label: this.item.tooltip, role: 'button' };
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
