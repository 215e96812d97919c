import * as vscode from 'vscode';
import type { HostKeyDecider } from '../../core/ssh/hostKeyScan';
import type { SshTarget } from '../../core/ssh/target';

const t = vscode.l10n.t;

/**
 * Asks before trusting a host key the platform did not vouch for, and always before replacing a
 * pinned one: a modal with the fingerprints, where the safe answer (Cancel) is the default.
 */
export function askAboutHostKey(target: SshTarget): HostKeyDecider {
  return async (question) => {
    const trust = t('Trust This Key');
    const replace = t('Replace Pinned Key');
    if (question.kind === 'new') {
      const detail = [
        t('Fingerprint: {0}', question.fingerprint),
        t(
          'Compare it with the key inside the notebook (in its terminal: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). It is pinned for this notebook only.',
        ),
      ].join('\n\n');
      return (
        (await vscode.window.showWarningMessage(
          t('First connection to notebook {0} at {1}:{2}. Trust its host key?', target.notebookName, target.host, target.port),
          { modal: true, detail },
          trust,
        )) === trust
      );
    }
    const detail = [
      `${t('Pinned: {0}', question.oldFingerprint)}\n${t('Now: {0}', question.newFingerprint)}`,
      t(
        'A notebook that was recreated or had its key reset gets a new key. Otherwise someone may be intercepting the connection: if unsure, cancel and check in the console.',
      ),
    ].join('\n\n');
    return (
      (await vscode.window.showWarningMessage(
        t('The host key of notebook {0} has changed.', target.notebookName),
        { modal: true, detail },
        replace,
      )) === replace
    );
  };
}
