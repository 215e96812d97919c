/**
 * What New Notebook says once the notebook runs, and what it offers next, as pure data (no
 * `vscode`: the caller shows it). A notebook reachable over SSH offers a terminal in it and a
 * window on it; in local mode the message also says what the notebook really runs.
 */
import type { Notebook } from '../../../core/api/resources/notebookTypes';
import type { Translate } from '../../views/node';
import { describeLocalRuntime } from '../../views/notebooks/describe';

export interface NextStep {
  readonly label: string;
  /** A command that takes the notebook node, as the Notebooks view passes it. */
  readonly command: 'modelarts.notebooks.openTerminal' | 'modelarts.notebooks.connect';
}

export function runningMessage(notebook: Notebook, t: Translate): { message: string; steps: NextStep[] } {
  const ssh = notebook.endpoints?.some((e) => e.service === 'SSH' && (e.key_pair_names?.length ?? 0) > 0) ?? false;
  const message = notebook.local_runtime
    ? t(
        'Notebook {0} is running: {1} (local mode; the image is a label only).',
        notebook.name,
        describeLocalRuntime(notebook.local_runtime, t),
      )
    : t('Notebook {0} is running.', notebook.name);
  const steps: NextStep[] = ssh
    ? [
        { label: t('Open Terminal'), command: 'modelarts.notebooks.openTerminal' },
        { label: t('Connect'), command: 'modelarts.notebooks.connect' },
      ]
    : [];
  return { message, steps };
}
