import * as vscode from 'vscode';
import { keyPairNameProblem } from '../../flows/validation';
import type { Services } from '../../services';
import { createKeyPair as createAndRegister, type KeyLocation } from '../../ssh/keyPairStore';
import { abortError } from '../../../core/util/abort';

const t = vscode.l10n.t;

/**
 * New Key Pair: an Ed25519 pair whose public half is registered with the platform under a name
 * and whose private half stays on this machine, 0600. Scripted use passes `{ name, location }`.
 * Resolves with the private key's path.
 */
export async function createKeyPair(services: Services, given?: { name?: string; location?: KeyLocation }): Promise<string> {
  const api = services.session.require().api;
  const taken = new Set((await api.keyPairs.list()).map((k) => k.name));
  const args = scriptedArgs(given);
  const name = args.name ?? (await askName(taken));
  const problem = keyPairNameProblem(name, t) ?? (taken.has(name) ? t('A key pair named {0} already exists.', name) : undefined);
  if (problem) throw new Error(problem);
  const location = args.location ?? (await askLocation());
  const file = await createAndRegister(api, name, services.context, { location });
  services.log.info(`Key pair ${name} registered; private key in ${file}`);
  void vscode.window.showInformationMessage(t('Key pair {0} registered. Its private key is in {1} (readable by you only).', name, file));
  return file;
}

/** What a script passed, checked field by field: a field of the wrong type is asked for instead. */
function scriptedArgs(given: unknown): { name?: string; location?: KeyLocation } {
  if (typeof given !== 'object' || given === null) return {};
  const name = 'name' in given && typeof given.name === 'string' ? given.name : undefined;
  const location =
    'location' in given && (given.location === 'extensionStorage' || given.location === 'sshDir') ? given.location : undefined;
  return { ...(name !== undefined ? { name } : {}), ...(location ? { location } : {}) };
}

async function askName(taken: ReadonlySet<string>): Promise<string> {
  const name = await vscode.window.showInputBox({
    title: t('New Key Pair'),
    prompt: t('Name of the new key pair'),
    ignoreFocusOut: true,
    validateInput: (v) =>
      v === '' ? undefined : (keyPairNameProblem(v, t) ?? (taken.has(v) ? t('A key pair named {0} already exists.', v) : undefined)),
  });
  if (!name) throw abortError();
  return name;
}

async function askLocation(): Promise<KeyLocation> {
  const items: (vscode.QuickPickItem & { location: KeyLocation })[] = [
    { label: t('Extension storage'), description: t('recommended: kept with VS Code, found by name'), location: 'extensionStorage' },
    { label: '~/.ssh', description: t('next to your other SSH keys'), location: 'sshDir' },
  ];
  const chosen = await vscode.window.showQuickPick(items, {
    title: t('New Key Pair'),
    placeHolder: t('Where should the private key be kept?'),
  });
  if (!chosen) throw abortError();
  return chosen.location;
}
