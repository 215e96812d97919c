import { createHash, timingSafeEqual } from 'node:crypto';
import { type AuthContext, type ParsedKey, utils } from 'ssh2';

/**
 * Public-key authentication for a notebook: the one user name, keys from authorized_keys lines.
 * Only `publickey` is ever advertised, so OpenSSH never offers a password prompt.
 */
export function handleAuthentication(ctx: AuthContext, username: string, authorizedKeys: () => string[]): void {
  if (ctx.method !== 'publickey' || ctx.username !== username) {
    // Same answer for a wrong user as for a wrong method, so probing user names learns nothing.
    ctx.reject(['publickey']);
    return;
  }
  const offered = ctx.key.data;
  let lines: string[];
  try {
    // Read at every attempt: a key added or revoked in the console applies to the next login.
    lines = authorizedKeys();
  } catch {
    lines = [];
  }
  for (const key of parseAuthorizedKeys(lines)) {
    const blob = key.getPublicSSH();
    if (blob.length !== offered.length || !timingSafeEqual(blob, offered)) continue;
    // Without a signature this is the client asking "would you accept this key?" (a query): a
    // yes reveals nothing secret. With one, it must verify over the session-bound blob.
    if (!ctx.signature) {
      ctx.accept();
      return;
    }
    if (ctx.blob !== undefined && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) {
      ctx.accept();
      return;
    }
    break;
  }
  ctx.reject(['publickey']);
}

/** Parses `type base64 [comment]` lines; blank lines, comments and unparsable lines are skipped. */
export function parseAuthorizedKeys(lines: readonly string[]): ParsedKey[] {
  const keys: ParsedKey[] = [];
  for (const raw of lines) {
    for (const line of raw.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith('#')) continue;
      const parsed = utils.parseKey(trimmed);
      if (parsed instanceof Error) continue;
      const key = Array.isArray(parsed) ? parsed[0] : parsed;
      if (key) keys.push(key);
    }
  }
  return keys;
}

/** Parses the host private key; throws a message that never echoes the key text. */
export function parseHostKey(privateKeyText: string): ParsedKey {
  const parsed = utils.parseKey(privateKeyText);
  if (parsed instanceof Error) throw new Error(`The notebook's SSH host key could not be read: ${parsed.message}`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) throw new Error("The notebook's SSH host key is not a private key.");
  return key;
}

/** `SHA256:...` of a key's public blob, exactly as `ssh-keygen -l` prints it. */
export function fingerprintOfKey(key: ParsedKey): string {
  const digest = createHash('sha256').update(key.getPublicSSH()).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}
