/**
 * The toolkit's own known_hosts: one pinned host key per notebook, under its HostKeyAlias
 * (`modelarts-notebook-<id>`), so the pin survives port changes and never mixes with (or is
 * "fixed" by deleting lines from) the user's ~/.ssh/known_hosts. OpenSSH reads it through
 * `UserKnownHostsFile` with `StrictHostKeyChecking yes`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { configDir } from '../config/profiles';
import { writeFileAtomic } from '../util/atomicFile';
import { fingerprintOf } from './keys';

/** `<configDir>/ssh/known_hosts` (`~/.modelarts/ssh/known_hosts` by default). */
export function knownHostsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'ssh', 'known_hosts');
}

export interface PinnedKey {
  /** `ssh-ed25519 AAAA...` (type and key, no comment). */
  readonly keyLine: string;
  readonly fingerprint: string;
}

export type HostKeyComparison =
  | { readonly kind: 'match' }
  | { readonly kind: 'new' }
  | { readonly kind: 'changed'; readonly oldFingerprint: string; readonly newFingerprint: string };

/** The key pinned for `alias`, or undefined when there is none (or no file yet). */
export function readPinnedKey(alias: string, file: string = knownHostsFile()): PinnedKey | undefined {
  for (const line of readLines(file)) {
    const entry = parseEntry(line);
    if (entry && entry.hosts.includes(alias)) return { keyLine: entry.keyLine, fingerprint: safeFingerprint(entry.keyLine) };
  }
  return undefined;
}

/** How a scanned key (`type base64 [comment]`) compares with the pin for `alias`. */
export function compareHostKey(alias: string, publicKeyLine: string, file: string = knownHostsFile()): HostKeyComparison {
  const newFingerprint = fingerprintOf(publicKeyLine);
  const pinned = readPinnedKey(alias, file);
  if (!pinned) return { kind: 'new' };
  return pinned.fingerprint === newFingerprint
    ? { kind: 'match' }
    : { kind: 'changed', oldFingerprint: pinned.fingerprint, newFingerprint };
}

/**
 * Pins `publicKeyLine` for `alias`, replacing any key it had; other lines stay as they are. The file
 * is written atomically, 0600 in a 0700 dir. Returns the pinned key's fingerprint.
 */
export function pinHostKey(alias: string, publicKeyLine: string, file: string = knownHostsFile()): string {
  checkAlias(alias);
  const fingerprint = fingerprintOf(publicKeyLine); // also refuses what is not a public key
  const [type, blob] = publicKeyLine.trim().split(/\s+/);
  const kept = readLines(file).filter((line) => !parseEntry(line)?.hosts.includes(alias));
  writeLines(file, [...kept, `${alias} ${type} ${blob}`]);
  return fingerprint;
}

/** Forgets the key of `alias` (the notebook was deleted). Returns whether there was one. */
export function unpinHostKey(alias: string, file: string = knownHostsFile()): boolean {
  const lines = readLines(file);
  const kept = lines.filter((line) => !parseEntry(line)?.hosts.includes(alias));
  if (kept.length === lines.length) return false;
  writeLines(file, kept);
  return true;
}

function checkAlias(alias: string): void {
  // A space, comma or line break would make the line name other hosts than the one intended.
  if (!/^[A-Za-z0-9._-]+$/.test(alias)) throw new Error(`'${alias}' cannot name a host key: use letters, digits, '.', '_' and '-'.`);
}

/** A plain known_hosts entry (`hosts type key [comment]`); markers (@revoked, @cert-authority) and comments are not pins. */
function parseEntry(line: string): { hosts: string[]; keyLine: string } | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('@')) return undefined;
  const [hosts, type, blob] = trimmed.split(/\s+/);
  if (!hosts || !type || !blob) return undefined;
  return { hosts: hosts.split(','), keyLine: `${type} ${blob}` };
}

function safeFingerprint(keyLine: string): string {
  try {
    return fingerprintOf(keyLine);
  } catch {
    // A damaged pin compares as "changed", so the user is asked rather than silently re-pinned.
    return '(unreadable key)';
  }
}

function readLines(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function writeLines(file: string, lines: readonly string[]): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, lines.map((l) => `${l}\n`).join(''), 0o600);
}
