import * as vscode from 'vscode';
import { DisposableStore } from './core/util/disposable';
import { registerCommands } from './host/commands/commands';
import { ContextKeys, setContext } from './host/contextKeys';
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
  await setContext(ContextKeys.connected, false);
  const trees = allViewIds.map((id) => store.add(new ResourceTree(id, async () => [])));

  const services: Services = { context, log, trees };
  for (const registration of registerCommands(services)) store.add(registration);
  // bench/activation reads this line to time activation end to end.
  log.info(`activated in ${Date.now() - started} ms`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
