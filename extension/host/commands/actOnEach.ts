import * as vscode from 'vscode';
import { notify } from '../notify';
import type { Services } from '../services';
import type { ViewId } from '../views/viewIds';
import { type BulkOutcome, settleEach } from './bulkOutcome';

/** How an action on several targets runs: what it does to each, how a target is named, and what it changes. */
export interface EachAction<T> {
  readonly act: (target: T) => Promise<unknown>;
  readonly nameOf: (target: T) => string;
  /** The translated sentence for one failure: `t('Could not stop {0}: {1}', target, reason)`. */
  readonly couldNot: (target: string, reason: string) => string;
  /** The views that show what the action changes. */
  readonly refresh: readonly [ViewId, ...ViewId[]];
}

/**
 * Acts on every target at once; then refreshes the views that show them, also when some failed,
 * so the targets that did change show so at once; then shows one error message naming each
 * failure and why. Resolves with the outcome (for scripts and tests) rather than throwing, since
 * the failures are already reported.
 */
export async function actOnEach<T>(services: Services, targets: readonly T[], action: EachAction<T>): Promise<BulkOutcome> {
  const outcome = await settleEach(targets, action.act, action.nameOf, action.couldNot, vscode.l10n.t);
  services.trees.refresh(...action.refresh);
  if (outcome.message) {
    for (const f of outcome.failed) services.log.error(`${f.target}: ${f.detail}`);
    const showLog = vscode.l10n.t('Show Log');
    notify('error', outcome.message, { [showLog]: () => services.log.show(true) }, services.log);
  }
  return outcome;
}
