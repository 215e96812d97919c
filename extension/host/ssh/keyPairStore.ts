import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ModelArtsApi } from '../../core/api/resources/modelArtsApi';
import { savePrivateKey } from '../../core/config/keyFiles';
import { generateKeyPair } from '../../core/ssh/keys';

/** Where new private keys go: the extension's own storage (default) or the user's ~/.ssh. */
export type KeyLocation = 'extensionStorage' | 'sshDir';

export function configuredKeyLocation(): KeyLocation {
  return vscode.workspace.getConfiguration('modelarts').get<string>('ssh.privateKeyLocation') === 'sshDir' ? 'sshDir' : 'extensionStorage';
}

/** The file a new key named `name` is written to. */
export function privateKeyPathFor(name: string, location: KeyLocation, context: vscode.ExtensionContext): string {
  if (location === 'sshDir') return path.join(os.homedir(), '.ssh', `modelarts_${name}`);
  return path.join(context.globalStorageUri.fsPath, 'keys', name);
}

/**
 * Makes an Ed25519 key pair, registers its public half with the platform under `name`, then
 * writes the private half 0600 (never over an existing file) and records where it is, so the
 * SSH bridge and the `modelarts` CLI both find it by name. If the platform refuses, nothing is
 * written; if writing fails, the registration is taken back.
 */
export async function createKeyPair(
  api: ModelArtsApi,
  name: string,
  context: vscode.ExtensionContext,
  options: { location?: KeyLocation; signal?: AbortSignal } = {},
): Promise<string> {
  const file = privateKeyPathFor(name, options.location ?? configuredKeyLocation(), context);
  const pair = generateKeyPair(`modelarts-${name}`);
  await api.keyPairs.create({ name, public_key: pair.publicKey }, { ...(options.signal ? { signal: options.signal } : {}) });
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    return savePrivateKey(name, pair.privateKey, pair.publicKey, file);
  } catch (err) {
    await api.keyPairs.delete(name).catch(() => undefined);
    throw err;
  }
}
