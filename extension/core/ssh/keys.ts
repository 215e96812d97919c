import { createHash } from 'node:crypto';
import { utils } from 'ssh2';

/** An OpenSSH key pair. The private half is secret: never log it or send it to a webview. */
export interface SshKeyPair {
  /** `ssh-ed25519 AAAA... comment`, the line that goes into authorized_keys. */
  readonly publicKey: string;
  /** OpenSSH PEM (`-----BEGIN OPENSSH PRIVATE KEY-----`), for a 0600 file. */
  readonly privateKey: string;
  /** `SHA256:...`, as `ssh-keygen -l` prints it, for showing to people. */
  readonly fingerprint: string;
}

/**
 * Makes an Ed25519 key pair with ssh2's pure-JS path (Node's crypto underneath), so it works in
 * the extension host where no native module may load. Ed25519 because every OpenSSH since 6.5
 * and ModelArts' notebook images accept it and its keys are short.
 */
export function generateKeyPair(comment: string): SshKeyPair {
  const pair = generateEd25519(comment);
  const publicKey = pair.public.trim();
  return { publicKey, privateKey: pair.private, fingerprint: fingerprintOf(publicKey) };
}

/**
 * An Ed25519 pair in OpenSSH format that ssh2 itself can read back. ssh2's generator now and then
 * (about one key in 300, measured) writes a private key its own parser rejects as malformed, which
 * would surface later as a notebook that cannot start or a key that cannot log in; so each key is
 * parsed once here and made again if needed.
 */
export function generateEd25519(comment?: string): { public: string; private: string } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519', comment === undefined ? undefined : { comment });
    if (!(utils.parseKey(pair.private) instanceof Error) && !(utils.parseKey(pair.public) instanceof Error)) return pair;
  }
  throw new Error('Could not make a readable Ed25519 key pair.');
}

/**
 * The SHA256 fingerprint of a public key line (`type base64 [comment]`), in OpenSSH's format.
 * Throws when the line is not a public key ssh2 can parse.
 */
export function fingerprintOf(publicKeyLine: string): string {
  const parsed = utils.parseKey(publicKeyLine);
  if (parsed instanceof Error) throw new Error(`Not an SSH public key: ${parsed.message}`);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new Error('Not an SSH public key: nothing to parse.');
  return fingerprintOfBlob(key.getPublicSSH());
}

/** The SHA256 fingerprint of a public key in SSH wire format (what a server presents). */
export function fingerprintOfBlob(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Raised when a private key is encrypted and no (or a wrong) passphrase was given. */
export class EncryptedKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptedKeyError';
  }
}

/**
 * The public key line (`type base64`) of an OpenSSH or PEM private key, as `ssh-keygen -y`
 * prints it. An encrypted key needs its passphrase; a wrong one or none raises EncryptedKeyError.
 */
export function publicKeyFromPrivate(privateKey: string, passphrase?: string): string {
  const parsed = utils.parseKey(privateKey, passphrase);
  if (parsed instanceof Error) {
    if (/encrypted|passphrase|decrypt/i.test(parsed.message))
      throw new EncryptedKeyError('The private key is encrypted; give its passphrase.');
    throw new Error(`Not a private key ssh can use: ${parsed.message}`);
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key?.isPrivateKey()) throw new Error('That is a public key; choose the private key file (the one without .pub).');
  return `${key.type} ${key.getPublicSSH().toString('base64')}`;
}
