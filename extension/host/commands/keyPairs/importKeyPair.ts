import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { recordPrivateKeyLocation } from '../../../core/config/keyFiles';
import { checkKeyFile, fixKeyFilePermissions } from '../../../core/ssh/keyFilePermissions';
import { EncryptedKeyError, publicKeyFromPrivate } from '../../../core/ssh/keys';
import { abortError } from '../../../core/util/abort';
import { keyPairNameProblem } from '../../flows/validation';
import type { Services } from '../../services';

const t = vscode.l10n.t;

/**
 * Import Key Pair: registers the public half of an existing private key with the platform and
 * remembers where the private key is (it stays where it is). Permissions that OpenSSH would
 * reject are fixed, with a message that says so. Scripted use passes `{ file, name }`.
 */
export async function importKeyPair(services: Services, given?: { file?: string; name?: string }): Promise<string> {
  const api = services.session.require().api;
  const args = scriptedArgs(given);
  const file = args.file ?? (await askFile());
  const check = checkKeyFile(file);
  if (!check.ok && check.problem !== 'too-open') throw new Error(check.detail);
  const publicKey = await publicKeyOf(file);
  const taken = new Set((await api.keyPairs.list()).map((k) => k.name));
  const name =
    args.name ??
    (await askName(
      path
        .basename(file)
        .replace(/^id_/, '')
        .replace(/[^A-Za-z0-9_-]/g, '-'),
      taken,
    ));
  const problem = keyPairNameProblem(name, t) ?? (taken.has(name) ? t('A key pair named {0} already exists.', name) : undefined);
  if (problem) throw new Error(problem);
  if (!check.ok) {
    await fixKeyFilePermissions(file);
    void vscode.window.showWarningMessage(
      t('{0} could be read by other users, so ssh would have refused it. It is now readable by you only.', file),
    );
  }
  await api.keyPairs.create({ name, public_key: publicKey });
  recordPrivateKeyLocation(name, file);
  services.log.info(`Key pair ${name} registered from ${file}.`);
  void vscode.window.showInformationMessage(t('Key pair {0} registered from {1}.', name, file));
  return name;
}

/** What a script passed, checked field by field: a field of the wrong type is asked for instead. */
function scriptedArgs(given: unknown): { file?: string; name?: string } {
  if (typeof given !== 'object' || given === null) return {};
  const file = 'file' in given && typeof given.file === 'string' ? given.file : undefined;
  const name = 'name' in given && typeof given.name === 'string' ? given.name : undefined;
  return { ...(file !== undefined ? { file } : {}), ...(name !== undefined ? { name } : {}) };
}

/** The `.pub` next to the key when there is one; else derived, asking for a passphrase if needed. */
async function publicKeyOf(file: string): Promise<string> {
  const pub = `${file}.pub`;
  const privateText = readFileSync(file, 'utf8');
  try {
    return publicKeyFromPrivate(privateText);
  } catch (err) {
    if (!(err instanceof EncryptedKeyError)) throw err;
    if (existsSync(pub)) return readFileSync(pub, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    const passphrase = await vscode.window.showInputBox({
      title: t('Import Key Pair'),
      prompt: t('Passphrase of {0} (used once to read its public key; not stored)', path.basename(file)),
      password: true,
      ignoreFocusOut: true,
    });
    if (passphrase === undefined) throw abortError();
    return publicKeyFromPrivate(privateText, passphrase);
  }
}

async function askFile(): Promise<string> {
  const chosen = await vscode.window.showOpenDialog({
    title: t('Import Key Pair'),
    openLabel: t('Import'),
    canSelectMany: false,
    defaultUri: vscode.Uri.file(path.join(os.homedir(), '.ssh')),
  });
  if (!chosen?.[0]) throw abortError();
  return chosen[0].fsPath;
}

async function askName(suggested: string, taken: ReadonlySet<string>): Promise<string> {
  const name = await vscode.window.showInputBox({
    title: t('Import Key Pair'),
    prompt: t('Register it on the platform as'),
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (v) => keyPairNameProblem(v, t) ?? (taken.has(v) ? t('A key pair named {0} already exists.', v) : undefined),
  });
  if (!name) throw abortError();
  return name;
}
