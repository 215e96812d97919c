import * as vscode from 'vscode';
import type { Notebook } from '../../core/api/resources/notebookTypes';
import { recordPrivateKeyLocation } from '../../core/config/keyFiles';
import { pinHostKeyForTarget } from '../../core/ssh/hostKeyScan';
import { checkKeyFile, fixKeyFilePermissions } from '../../core/ssh/keyFilePermissions';
import { knownHostsFile } from '../../core/ssh/knownHosts';
import { hostBlockFor, updateSshConfigFile, upsertManagedHost } from '../../core/ssh/sshConfig';
import { type SshTarget, sshTargetOf } from '../../core/ssh/target';
import { abortError } from '../../core/util/abort';
import type { Connection } from '../platform/session';
import { askAboutHostKey } from './hostKeyPrompt';
import { sshConfigFile } from './sshSettings';

const t = vscode.l10n.t;

/** A notebook ready for SSH: running, its key found and private, its host key pinned. */
export interface PreparedNotebook {
  readonly notebook: Notebook;
  readonly target: SshTarget & { readonly identityFile: string };
  readonly knownHostsFile: string;
}

type Report = (message: string) => void;

/**
 * Everything before an SSH connection, in the order it can go wrong: start a stopped notebook
 * and wait for RUNNING, find the private key of its key pair (offering to locate it), make its
 * permissions private (OpenSSH ignores keys others can read), and pin the host key (asking
 * before trusting anything the platform did not vouch for).
 */
export async function prepareNotebook(
  connection: Connection,
  notebook: Notebook,
  report: Report,
  signal: AbortSignal,
): Promise<PreparedNotebook> {
  const running = await ensureRunning(connection, notebook, report, signal);
  const siblings = await connection.api.notebooks.listAll({ workspaceId: connection.workspaceId, signal });
  let target = sshTargetOf(running, { siblings });
  if (!target.identityFile) target = sshTargetOf(running, { siblings, identityFile: await locateKey(target) });
  const identityFile = target.identityFile as string;
  const check = checkKeyFile(identityFile);
  if (!check.ok && check.problem === 'too-open') {
    await fixKeyFilePermissions(identityFile);
    void vscode.window.showWarningMessage(
      t('{0} could be read by other users, so ssh would have refused it. It is now readable by you only.', identityFile),
    );
  } else if (!check.ok) {
    throw new Error(check.detail);
  }
  report(t('Checking the host key…'));
  const file = knownHostsFile();
  await pinHostKeyForTarget(target, { signal, knownHostsFile: file, decide: askAboutHostKey(target) });
  return { notebook: running, target: { ...target, identityFile }, knownHostsFile: file };
}

/** Writes (or refreshes) the notebook's Host block in the ssh config; returns the file. */
export function writeHostBlock(prepared: PreparedNotebook): string {
  const file = sshConfigFile();
  updateSshConfigFile(file, (text) => upsertManagedHost(text, hostBlockFor(prepared.target, { knownHostsFile: prepared.knownHostsFile })));
  return file;
}

async function ensureRunning(connection: Connection, notebook: Notebook, report: Report, signal: AbortSignal): Promise<Notebook> {
  const current = await connection.api.notebooks.get(notebook.id, { signal });
  if (current.status === 'RUNNING') return current;
  if (current.status === 'STOPPED') {
    report(t('Starting notebook {0}…', current.name));
    await connection.api.notebooks.start(current.id, { signal });
  } else {
    report(t('Waiting for notebook {0} ({1})…', current.name, current.status));
  }
  return connection.api.notebooks.waitFor(current.id, 'RUNNING', { signal });
}

/** No private key for the notebook's key pair here: offer to point at the file. */
async function locateKey(target: SshTarget): Promise<string> {
  const names = target.keyPairNames.join(', ') || t('(none)');
  const locate = t('Locate Private Key…');
  const choice = await vscode.window.showErrorMessage(
    t('This computer has no private key for key pair {0} of notebook {1}.', names, target.notebookName),
    {
      modal: true,
      detail: t('Choose the key file saved when the key pair was made. It stays where it is; the toolkit remembers where it is.'),
    },
    locate,
  );
  if (choice !== locate) throw abortError();
  const chosen = await vscode.window.showOpenDialog({ title: t('Private key of key pair {0}', names), canSelectMany: false });
  if (!chosen?.[0]) throw abortError();
  const first = target.keyPairNames[0];
  if (first) recordPrivateKeyLocation(first, chosen[0].fsPath);
  return chosen[0].fsPath;
}
