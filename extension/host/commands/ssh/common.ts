import * as vscode from 'vscode';
import type { Notebook } from '../../../core/api/resources/notebookTypes';
import { toAbortSignal } from '../../cancellation';
import type { Services } from '../../services';
import { pickNotebooks } from '../pick';
import { selectedNodes } from '../selection';

/** The notebook an SSH command acts on: the clicked node, or one picked from those that can run. */
export async function notebookFor(services: Services, node: unknown, placeHolder: string): Promise<Notebook> {
  const [clicked] = selectedNodes('notebook', node);
  if (clicked) return clicked.notebook;
  const [nb] = await pickNotebooks(
    services.session.require(),
    (n) => n.status === 'RUNNING' || n.status === 'STOPPED' || n.status === 'STARTING',
    placeHolder,
  );
  if (!nb) throw new Error(vscode.l10n.t('No notebook was chosen.'));
  return nb;
}

/** Runs SSH work under a cancellable notification that shows each step. */
export function withSshProgress<T>(
  title: string,
  work: (report: (message: string) => void, signal: AbortSignal) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const cancel = toAbortSignal(token);
      try {
        return await work((message) => progress.report({ message }), cancel.signal);
      } finally {
        cancel.dispose();
      }
    },
  );
}
