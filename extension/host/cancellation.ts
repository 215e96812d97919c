import type * as vscode from 'vscode';
import type { Disposable } from '../core/util/disposable';

/**
 * Bridges VS Code's CancellationToken to the AbortSignal that core code takes.
 * Dispose the result when the work ends so the listener on a long-lived token does not leak.
 */
export function toAbortSignal(token: vscode.CancellationToken): { signal: AbortSignal } & Disposable {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}
