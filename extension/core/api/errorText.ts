/**
 * The one formatter for failures shown to people, used by the editor's notifications and by the
 * CLI's stderr: what went wrong first, then what to do (the platform's own suggested fix, then our
 * advice worded for where it is read), and last the error code and request id, which support asks
 * for. The request line (method and path) is for the log only ({@link errorForLog}).
 *
 * Editor: `Engine PyTorch 9 does not exist in local mode. List engines with … Set algorithm.engine in
 * the spec to … (ModelArts.2780, request 5c0e…)`. CLI: the same parts, one per line.
 */
import { messages, type Translate } from '../util/translate';
import { type AdviceContext, adviceText } from './advice';
import { isPlatformError, sentence } from './errors';

export interface ErrorTextOptions extends Omit<AdviceContext, 'surface'> {
  /** Where the text is shown: the advice names what can be done there. */
  readonly surface: 'cli' | 'editor';
}

/** A message in its parts, for callers that lay them out themselves. */
export interface ErrorParts {
  /** What went wrong, as a sentence. */
  readonly problem: string;
  /** What to do, each suggestion once. */
  readonly todo: readonly string[];
  /** `(ModelArts.2780, request 5c0e…)`, when the error has a code. */
  readonly reference?: string;
}

export function errorParts(err: unknown, opts: ErrorTextOptions): ErrorParts {
  if (!isPlatformError(err)) return { problem: err instanceof Error ? err.message : String(err), todo: [] };
  const t: Translate = opts.t ?? messages;
  const ours = err.advice && adviceText(err.advice, { ...opts, t });
  // The platform's own suggestion (training errors carry one) and ours, each once.
  const todo = [...new Set([err.errorSolution, ours].filter((s): s is string => Boolean(s)))];
  const refs = [err.errorCode, err.requestId && t('request {0}', err.requestId)].filter((s): s is string => Boolean(s));
  return { problem: sentence(err.errorMsg), todo, ...(refs.length > 0 ? { reference: `(${refs.join(', ')})` } : {}) };
}

/** The message for a person: one paragraph in the editor, one part per line (indented) on the CLI. */
export function describeError(err: unknown, opts: ErrorTextOptions): string {
  const { problem, todo, reference } = errorParts(err, opts);
  return [problem, ...todo, ...(reference ? [reference] : [])].join(opts.surface === 'cli' ? '\n  ' : ' ');
}

/** The whole story for the log: the message with the request line and request id, then the advice in plain words. */
export function errorForLog(err: unknown): string {
  if (isPlatformError(err)) {
    const todo = [...new Set([err.errorSolution, err.hint].filter((s): s is string => Boolean(s)))];
    return [err.message, ...todo].join(' ');
  }
  return err instanceof Error ? err.message : String(err);
}
