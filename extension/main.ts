import * as vscode from 'vscode';
import { DisposableStore } from './core/util/disposable';
import { registerCommands } from './host/commands/commands';
import { ContextKeys, setContext } from './host/contextKeys';
import { LocalMode } from './host/localMode';
import { createLog } from './host/log';
import type { Services } from './host/services';
import { ResourceTree } from './host/views/resourceTree';
import { allViewIds } from './host/views/viewIds';

/**
 * The composition root: adapters first, then views, then commands, all wired by hand.
 * Activation comes from opening a ModelArts view or running one of its commands (never `*`).
 */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = Date.now();
  const store = new DisposableStore();
  context.subscriptions.push(store);

  const log = store.add(createLog());
  log.info(`ModelArts Toolkit ${String((context.extension.packageJSON as { version?: unknown }).version)} activating in ${vscode.env.appName} ${vscode.version}`);

  // No platform client yet: every view stays empty, so its welcome content leads the way.
  // Local mode's state is set first, so the Workspaces view never flashes a wrong message.
  const useLocalMode = !vscode.workspace.getConfiguration('modelarts').get<string>('activeProfile');
  await Promise.all([setContext(ContextKeys.connected, false), setContext(ContextKeys.localMode, useLocalMode ? 'starting' : 'stopped')]);
  const trees = allViewIds.map((id) => store.add(new ResourceTree(id, async () => [])));

  const localMode = store.add(new LocalMode(context.asAbsolutePath('dist/daemon.js'), log));
  const services: Services = { context, log, trees, localMode };
  for (const registration of registerCommands(services)) store.add(registration);
  // With no cloud profile chosen, local mode is the platform: start its daemon (or find the one
  // another window or the CLI started) without holding up activation.
  if (useLocalMode) void vscode.commands.executeCommand('modelarts.local.start');
  // bench/activation reads this line to time activation end to end.
  log.info(`activated in ${Date.now() - started} ms`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
