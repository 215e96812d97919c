import type { Translate } from '../../core/util/translate';
import { describeError, errorForLog } from '../errorText';

/** A target an action failed on, and why, in words for the user. */
export interface BulkFailure {
  readonly target: string;
  readonly reason: string;
  /** The same with the request line and request id, for the log. */
  readonly detail: string;
}

/** What an action on several targets did: the names it succeeded and failed on, in the order given. */
export interface BulkOutcome {
  readonly done: readonly string[];
  readonly failed: readonly BulkFailure[];
  /** The one error message that names every failure; undefined when none failed. */
  readonly message?: string;
}

/**
 * Runs `act` on every target at once with `Promise.allSettled`, so one failure neither stops nor
 * hides the others, and words the failures as one message naming each: "Could not stop nb-2:
 * Notebook nb-2 is already stopped. (ModelArts.6307)". `couldNot` is a whole translated sentence
 * per action, never a verb pasted into a shared one. Never rejects. (No `vscode`: unit-tested.)
 */
export async function settleEach<T>(
  targets: readonly T[],
  act: (target: T) => Promise<unknown>,
  nameOf: (target: T) => string,
  couldNot: (target: string, reason: string) => string,
  t?: Translate,
): Promise<BulkOutcome> {
  const started = targets.map((target) => ({ name: nameOf(target), work: Promise.resolve().then(() => act(target)) }));
  // allSettled holds every promise at once, so none rejects unheld while an earlier one is read.
  await Promise.allSettled(started.map((s) => s.work));
  const done: string[] = [];
  const failed: BulkFailure[] = [];
  for (const { name, work } of started) {
    try {
      await work;
      done.push(name);
    } catch (err) {
      failed.push({ target: name, reason: describeError(err, t), detail: errorForLog(err) });
    }
  }
  if (failed.length === 0) return { done, failed };
  return { done, failed, message: failed.map((f) => couldNot(f.target, f.reason)).join(' ') };
}
