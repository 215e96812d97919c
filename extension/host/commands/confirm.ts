import * as vscode from 'vscode';
import { commandOptions } from './command';

/**
 * Asks before a destructive action, as a modal so it is not missed; false when the user says no.
 * A caller that passed `{ confirmed: true }` (a script, a test) is not asked. `options` is checked
 * here, since it comes from outside whatever its declared type.
 */
export async function askToConfirm(options: unknown, message: string, action: string): Promise<boolean> {
  if (commandOptions(options).confirmed) return true;
  return (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;
}
