import * as vscode from 'vscode';

/**
 * The extension's one output channel, with levels the user sets from the channel's own menu.
 * Never pass secrets (AK/SK, tokens, private keys) to it: log ids, names and status codes only.
 */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('ModelArts', { log: true });
}
