import * as vscode from 'vscode';

/** How loud a notification is. */
export type NotifySeverity = 'info' | 'warning' | 'error';

/**
 * Shows a notification whose buttons run actions, without waiting for the user: the command that
 * shows it finishes at once. The label of each action is its button. An action that fails is
 * logged, never left as an unhandled rejection in the extension host.
 */
export function notify(
  severity: NotifySeverity,
  message: string,
  actions: Readonly<Record<string, () => unknown>>,
  log?: vscode.LogOutputChannel,
): void {
  const labels = Object.keys(actions);
  const shown =
    severity === 'error'
      ? vscode.window.showErrorMessage(message, ...labels)
      : severity === 'warning'
        ? vscode.window.showWarningMessage(message, ...labels)
        : vscode.window.showInformationMessage(message, ...labels);
  Promise.resolve(shown)
    .then((choice) => (choice === undefined ? undefined : actions[choice]?.()))
    .catch((err: unknown) => log?.error(`The action of "${message}" failed: ${err instanceof Error ? err.message : String(err)}`));
}
