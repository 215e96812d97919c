import * as vscode from 'vscode';

/** Context keys the manifest's `when` clauses read. One list, so manifest and code agree. */
export const ContextKeys = {
  /** True once a platform (local daemon or cloud profile) answers; false shows the welcome views. */
  connected: 'modelarts.connected',
  /** Local mode's daemon: 'starting', 'running', 'stopped' or 'failed' (unset until activation decides). */
  localMode: 'modelarts.localMode',
  /** True while the Images view is filtered: its title shows Clear Filter. */
  imagesFiltered: 'modelarts.images.filtered',
  /** True while the Training Jobs view is filtered: its title shows Clear Filter. */
  trainingJobsFiltered: 'modelarts.trainingJobs.filtered',
  /** 'local' or 'cloud' while connected, '' otherwise: region switching exists only for the cloud. */
  platformKind: 'modelarts.platformKind',
} as const;

export type ContextKey = (typeof ContextKeys)[keyof typeof ContextKeys];

export function setContext(key: ContextKey, value: unknown): Thenable<void> {
  return vscode.commands.executeCommand('setContext', key, value);
}
