import type * as vscode from 'vscode';
import type { LocalMode } from './localMode';
import type { LogChannels } from './logChannels';
import type { PlatformSession } from './platform/session';
import type { Trees } from './views/trees';

/** What commands receive: built once in main.ts and passed by hand, no global state. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly trees: Trees;
  readonly localMode: LocalMode;
  readonly session: PlatformSession;
  readonly logChannels: LogChannels;
}
