import * as vscode from 'vscode';
import type { Services } from '../services';

/** Opens the Get Started walkthrough (local mode, a notebook, a connection, a training job). */
export async function getStarted(services: Services): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${services.context.extension.id}#getStarted`, false);
}
