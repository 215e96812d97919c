import * as vscode from 'vscode';
import { abortError } from '../../../core/util/abort';
import type { Services } from '../../services';

/**
 * Switches the platform every view shows: local mode or one of the cloud profiles. With a name
 * ('' for local mode) it switches without asking. Resolves with the new connection's label.
 */
export async function switchProfile(services: Services, name?: string): Promise<string | undefined> {
  const target = typeof name === 'string' ? name : await pickProfile(services);
  if (target !== '' && !services.profiles.get(target))
    throw new Error(vscode.l10n.t('There is no cloud profile named {0}. Add it with Add Cloud Profile.', target));
  if (target === '') {
    // Local mode is "no active profile"; its daemon starts (or is found) by the start command.
    await services.profiles.setActive('');
    if (services.localMode.current().state !== 'running') await vscode.commands.executeCommand('modelarts.local.start');
  } else {
    await services.profiles.setActive(target);
  }
  return (await services.platform.apply())?.label;
}

async function pickProfile(services: Services): Promise<string> {
  const active = services.profiles.activeName();
  const current = vscode.l10n.t('current');
  const add = vscode.l10n.t('Add Cloud Profile…');
  const items: (vscode.QuickPickItem & { name?: string })[] = [
    {
      label: `$(vm) ${vscode.l10n.t('Local')}`,
      description: active === '' ? current : vscode.l10n.t('the platform on this machine, no account'),
      name: '',
    },
    ...services.profiles.list().map((p) => ({
      label: `$(cloud) ${p.name}`,
      description: [p.region, p.name === active ? current : ''].filter(Boolean).join(' · '),
      name: p.name,
    })),
    { label: `$(add) ${add}` },
  ];
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Use which platform?') });
  if (!chosen) throw abortError();
  if (chosen.name === undefined) {
    await vscode.commands.executeCommand('modelarts.profiles.add');
    throw abortError();
  }
  return chosen.name;
}
