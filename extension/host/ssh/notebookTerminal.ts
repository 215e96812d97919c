import * as vscode from 'vscode';
import type { Notebook } from '../../core/api/resources/notebookTypes';
import { SshTerminal } from '../../core/ssh/terminal';
import type { Connection } from '../platform/session';
import type { NotebookBridge } from './bridge';

const t = vscode.l10n.t;

/**
 * A VS Code terminal whose shell runs in the notebook, over the bridge's ssh2 link: a pty with the
 * terminal's size (and resizes), 256 colours, and a new shell after a reconnect, announced in
 * the terminal itself. Needs no Remote-SSH and no OpenSSH client.
 */
export function openNotebookTerminal(
  bridge: NotebookBridge,
  platform: Connection,
  notebook: Notebook,
  signal: AbortSignal,
  report: (message: string) => void,
): Promise<vscode.Terminal> {
  return bridge.acquire(platform, notebook, report, signal).then((link) => {
    const write = new vscode.EventEmitter<string>();
    const closed = new vscode.EventEmitter<number | void>();
    const shell = new SshTerminal(link.connection);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      shell.dispose();
      bridge.release(notebook.id);
    };
    shell.onData((text) => write.fire(text));
    shell.onExit((exit) => {
      if (exit.reason) write.fire(`\r\n${t('[ModelArts] The connection ended: {0}', exit.reason.message)}\r\n`);
      closed.fire(exit.code ?? undefined);
      release();
    });
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      onDidClose: closed.event,
      open: (dimensions) => {
        shell.open({ cols: dimensions?.columns ?? 80, rows: dimensions?.rows ?? 24, term: 'xterm-256color' }).catch((err: unknown) => {
          write.fire(`${t('[ModelArts] Could not open a shell: {0}', err instanceof Error ? err.message : String(err))}\r\n`);
          closed.fire(1);
          release();
        });
      },
      close: release,
      handleInput: (data) => shell.write(data),
      setDimensions: (dimensions) => shell.resize(dimensions.columns, dimensions.rows),
    };
    const terminal = vscode.window.createTerminal({
      name: t('Notebook: {0}', notebook.name),
      pty,
      iconPath: new vscode.ThemeIcon('vm-running'),
    });
    terminal.show();
    return terminal;
  });
}
