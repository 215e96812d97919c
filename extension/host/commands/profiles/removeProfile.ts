import * as vscode from 'vscode';
import { abortError } from '../../../core/util/abort';
import type { Services } from '../../services';
import type { CommandOptions } from '../command';
import { askToConfirm } from '../confirm';

/**
 * Removes a cloud profile and its keys from the keychain, after confirmation; removing the active
 * one goes back to local mode. A script passes the name, then `{ confirmed: true }`.
 */
export async function removeProfile(services: Services, name?: string, options?: CommandOptions): Promise<void> {
  const profiles = services.profiles.list();
  if (profiles.length === 0) throw new Error(vscode.l10n.t('There are no cloud profiles to remove.'));
  let target: string;
  if (typeof name === 'string') {
    target = name;
  } else {
    const chosen = await vscode.window.showQuickPick(
      profiles.map((p) => ({ label: p.name, description: p.region })),
      { placeHolder: vscode.l10n.t('Remove which cloud profile?') },
    );
    if (!chosen) throw abortError();
    target = chosen.label;
  }
  if (!services.profiles.get(target))
    throw new Error(vscode.l10n.t('There is no cloud profile named {0}. Add it with Add Cloud Profile.', target));
  const question = vscode.l10n.t('Remove cloud profile {0} and its access keys from this computer?', target);
  if (!(await askToConfirm(options, question, vscode.l10n.t('Remove')))) return;
  const wasActive = services.profiles.activeName() === target;
  await services.profiles.remove(target);
  if (wasActive) await vscode.commands.executeCommand('modelarts.profiles.switch', '');
}
