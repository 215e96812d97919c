import { isPlatformError } from '../core/api/errors';

/**
 * What to tell the user about a failure: what went wrong and what to do, without the request
 * line. A platform error reads "Notebook nb-2 is already stopped. (ModelArts.6307)", or with a
 * hint "… Check the access key (AK) and secret key (SK) … (APIGW.0301)"; method, path and request
 * id are for the log (see {@link errorForLog}). Anything else shows its message, which for storage
 * and SSH errors already says what to do. (No `vscode` import: unit-tested.)
 */
export function describeError(err: unknown): string {
  if (isPlatformError(err)) {
    const said = `${err.errorMsg.replace(/[.\s]+$/, '')}.`;
    // The server's own suggestion (training errors carry one) and ours, each once.
    const todo = [...new Set([err.errorSolution, err.hint].filter((s): s is string => Boolean(s)))];
    return [said, ...todo, err.errorCode ? `(${err.errorCode})` : ''].filter(Boolean).join(' ');
  }
  return err instanceof Error ? err.message : String(err);
}

/** The whole story for the log: the request line and request id as well, then the hint, as the CLI prints it. */
export function errorForLog(err: unknown): string {
  if (isPlatformError(err)) return err.hint ? `${err.message} ${err.hint}` : err.message;
  return err instanceof Error ? err.message : String(err);
}
