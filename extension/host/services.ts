import type * as vscode from 'vscode';
import type { LocalMode } from './localMode';
import type { ResourceTree } from './views/resourceTree';

/** What commands receive: built once in main.ts and passed by hand, no global state. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly trees: readonly ResourceTree[];
  readonly localMode: LocalMode;
}
