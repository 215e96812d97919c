import * as vscode from 'vscode';
import type { PortForwardInfo, PortForwardSpec } from '../../../core/ssh/portForward';
import { abortError } from '../../../core/util/abort';
import type { Services } from '../../services';
import type { NotebooksNode } from '../../views/notebooks/describe';
import { ViewIds } from '../../views/viewIds';
import { actOnEach } from '../actOnEach';
import type { CommandHandler } from '../command';
import { selectedNodes } from '../selection';
import { notebookFor, withSshProgress } from './common';
import { forwardNotice, vscodeAnnouncesPorts } from './forwardNotice';

const t = vscode.l10n.t;

/** Ports people forward from notebooks most, offered first. */
const wellKnown: readonly { port: number; label: string }[] = [
  { port: 8888, label: 'Jupyter' },
  { port: 6006, label: 'TensorBoard' },
  { port: 8080, label: 'HTTP' },
];

/**
 * Forward Port: a port inside the notebook (Jupyter, TensorBoard, a web app) to 127.0.0.1 here,
 * over the built-in link; listed under the notebook with Open in Browser and Stop. It survives
 * drops: the local port stays and traffic resumes after the reconnect. Scripted use passes a spec.
 */
export async function forwardPort(services: Services, node?: NotebooksNode, given?: PortForwardSpec): Promise<PortForwardInfo> {
  const platform = services.session.require();
  const notebook = await notebookFor(services, node, t('Forward a port of which notebook?'));
  const spec = isSpec(given) ? given : await askSpec();
  const info = await withSshProgress(t('Forwarding port {0} of {1}', spec.remotePort, notebook.name), (report, signal) =>
    services.bridge.addForward(platform, notebook, spec, report, signal),
  );
  services.trees.refresh(ViewIds.notebooks);
  const remote = vscode.workspace.getConfiguration('remote');
  const notice = forwardNotice(
    info,
    notebook.name,
    vscodeAnnouncesPorts({
      remote: vscode.env.remoteName !== undefined,
      web: vscode.env.uiKind === vscode.UIKind.Web,
      autoForwardPorts: remote.get('autoForwardPorts'),
      autoForwardPortsSource: remote.get('autoForwardPortsSource'),
    }),
    t,
  );
  vscode.window.setStatusBarMessage(`$(plug) ${notice.status}`, 15_000);
  if (notice.toast) {
    const open = t('Open in Browser');
    void vscode.window.showInformationMessage(notice.toast, open).then((choice) => {
      if (choice === open) void openLocalPort(info.localPort);
    });
  }
  return info;
}

/**
 * Opens http://127.0.0.1:port in the user's browser. In a remote or web window that address is on
 * the other machine: asExternalUri makes (or reuses) VS Code's own forward of it and gives its address.
 */
async function openLocalPort(port: number): Promise<void> {
  await vscode.env.openExternal(await vscode.env.asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${port}`)));
}

/** Opens a forwarded port in the browser (the forward node's click and inline action). */
export const openForward: CommandHandler<NotebooksNode> = async (_services, node) => {
  const [clicked] = selectedNodes('forward', node);
  if (!clicked) throw new Error(t('Choose a forwarded port under a notebook in the Notebooks view.'));
  await openLocalPort(clicked.forward.localPort);
};

/** Stops the forwards selected (or the one clicked): their local ports close. */
export const stopForward: CommandHandler<NotebooksNode> = async (services, node, nodes) => {
  const forwards = selectedNodes('forward', node, nodes);
  if (forwards.length === 0) throw new Error(t('Choose a forwarded port under a notebook in the Notebooks view.'));
  return actOnEach(services, forwards, {
    act: (f) => services.bridge.removeForward(f.notebookId, f.forward.id),
    nameOf: (f) => `${f.forward.localHost}:${f.forward.localPort}`,
    couldNot: (name, reason) => t('Could not stop forwarding {0}: {1}', name, reason),
    refresh: [ViewIds.notebooks],
  });
};

/** A spec a script passed (`{ remotePort: 8888 }`), told apart from the selection VS Code passes there. */
function isSpec(value: unknown): value is PortForwardSpec {
  if (typeof value !== 'object' || value === null || !('remotePort' in value) || typeof value.remotePort !== 'number') return false;
  const optional = (key: string, type: 'number' | 'string') => !(key in value) || typeof Reflect.get(value, key) === type;
  return optional('localPort', 'number') && optional('remoteHost', 'string') && optional('label', 'string');
}

async function askSpec(): Promise<PortForwardSpec> {
  const other = t('Another port…');
  const chosen = await vscode.window.showQuickPick(
    [
      ...wellKnown.map((w) => ({ label: String(w.port), description: w.label, port: w.port, name: w.label })),
      { label: other, port: 0, name: '' },
    ],
    { placeHolder: t('Which port inside the notebook?') },
  );
  if (!chosen) throw abortError();
  if (chosen.port !== 0) return { remotePort: chosen.port, localPort: chosen.port, label: chosen.name };
  const typed = await vscode.window.showInputBox({
    prompt: t('Port inside the notebook (1–65535)'),
    validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : t('Enter a port number from 1 to 65535.')),
  });
  if (!typed) throw abortError();
  return { remotePort: Number(typed), localPort: Number(typed) };
}
