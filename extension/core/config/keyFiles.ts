import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomicFile';
import { configDir } from './profiles';

/**
 * Private keys of registered key pairs, kept where the CLI and the SSH bridge both find them by
 * the key pair's name: `~/.modelarts/keys/<name>` (0600, in a 0700 dir), or wherever `--out` put
 * it, recorded in `<name>.location`.
 */
export function keysDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'keys');
}

const namePattern = /^[A-Za-z0-9_-]{1,64}$/;

function checkName(name: string): void {
  if (!namePattern.test(name)) throw new Error(`key pair names are letters, digits, - and _ (1 to 64), not '${name}'`);
}

/** Where the private key of `name` is, or undefined when this machine has none. */
export function findPrivateKey(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  checkName(name);
  const dir = keysDir(env);
  const pointer = path.join(dir, `${name}.location`);
  const file = existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : path.join(dir, name);
  return existsSync(file) ? file : undefined;
}

/** Writes a new private key 0600 (never over an existing file) and remembers where it is. */
export function savePrivateKey(
  name: string,
  privateKey: string,
  publicKey: string,
  out: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  checkName(name);
  const dir = keysDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.resolve(out ?? path.join(dir, name));
  if (existsSync(file)) throw new Error(`${file} already exists; not overwriting a key (choose another --out or name)`);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, privateKey, 0o600);
  writeFileAtomic(`${file}.pub`, `${publicKey}\n`, 0o644);
  if (out) recordPrivateKeyLocation(name, file, env);
  return file;
}

/** Remembers where the private key of `name` is (a key made elsewhere, or an imported one). */
export function recordPrivateKeyLocation(name: string, file: string, env: NodeJS.ProcessEnv = process.env): void {
  checkName(name);
  const dir = keysDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileAtomic(path.join(dir, `${name}.location`), `${path.resolve(file)}\n`, 0o600);
}
