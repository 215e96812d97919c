import * as vscode from 'vscode';
import { type DoctorCheck, runSshDoctor } from '../../../core/ssh/doctor';
import type { Services } from '../../services';
import type { NotebooksNode } from '../../views/notebooks/describe';
import { notebookFor, withSshProgress } from './common';
import { notify } from '../../notify';

const t = vscode.l10n.t;
const marks: Record<DoctorCheck['status'], string> = { ok: '✔', warn: '⚠', fail: '✘', skip: '·' };

/**
 * SSH Doctor: checks the notebook's status, SSH endpoint and allow-list, the private key (found,
 * private, matching the key pair), reachability, the host key against the pin, a real login, and
 * the OpenSSH client; writes what is wrong and how to fix it. Resolves with the checks.
 */
export async function sshDoctor(services: Services, node?: NotebooksNode): Promise<DoctorCheck[]> {
  const platform = services.session.require();
  const notebook = await notebookFor(services, node, t('Check SSH to which notebook?'));
  const checks = await withSshProgress(t('Checking SSH to {0}', notebook.name), async (_report, signal) => {
    const fresh = await platform.api.notebooks.get(notebook.id, { signal });
    const siblings = await platform.api.notebooks.listAll({ workspaceId: platform.workspaceId, signal });
    return runSshDoctor(fresh, {
      siblings,
      signal,
      checkOpenSsh: true,
      registeredPublicKey: async (name) => (await platform.api.keyPairs.get(name, { signal })).public_key,
    });
  });
  const channel = services.logChannels.open(t('ModelArts SSH Doctor'));
  channel.clear();
  channel.appendLine(t('SSH to notebook {0} ({1})', notebook.name, platform.label));
  for (const check of checks) {
    channel.appendLine(`${marks[check.status]} ${check.summary}`);
    if (check.fix && check.status !== 'ok') channel.appendLine(`    → ${check.fix}`);
  }
  const failed = checks.filter((c) => c.status === 'fail');
  const show = t('Show Report');
  const message =
    failed.length === 0
      ? t('SSH to {0}: no problems found.', notebook.name)
      : t('SSH to {0}: {1}', notebook.name, failed[0]?.summary ?? '');
  notify(failed.length === 0 ? 'info' : 'error', message, { [show]: () => channel.show(true) }, services.log);
  return checks;
}
