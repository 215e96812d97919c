import type { Notebook, NotebookEndpoint } from '../api/resources/notebookTypes';
import { findPrivateKey } from '../config/keyFiles';

/** Everything OpenSSH (or the ssh2 bridge) needs to reach one running notebook. */
export interface SshTarget {
  readonly notebookId: string;
  readonly notebookName: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The `Host` name in ssh config, e.g. `modelarts-my-notebook`: what the user types after `ssh`. */
  readonly hostAlias: string;
  /**
   * The name the host key is pinned under, `modelarts-notebook-<id>`: independent of host and port,
   * so the pin survives the new port a notebook gets on restart.
   */
  readonly hostKeyAlias: string;
  /** The notebook's key pairs, for messages ("no private key for key pair X on this machine"). */
  readonly keyPairNames: readonly string[];
  /** The private key file, when this machine has one for the notebook's key pairs. */
  readonly identityFile?: string;
  /** `SHA256:...` the platform vouches for (local mode sends it); the scanned key must match it. */
  readonly expectedFingerprint?: string;
}

export type SshTargetProblem = 'not-running' | 'no-ssh' | 'no-address' | 'bad-address';

/** Why a notebook cannot be reached over SSH; `problem` lets the editor offer the fix (e.g. a Start button). */
export class SshTargetError extends Error {
  constructor(
    readonly problem: SshTargetProblem,
    message: string,
  ) {
    super(message);
    this.name = 'SshTargetError';
  }
}

export interface SshTargetOptions {
  /** Overrides the key found by key pair name (the user picked a `.pem`). */
  readonly identityFile?: string;
  /** Other notebooks the user sees: a name whose slug collides with another gets the short id. */
  readonly siblings?: readonly Notebook[];
  /** Where key files are looked up (MODELARTS_CONFIG_DIR). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The remote user of every ModelArts notebook image. */
export const DEFAULT_SSH_USER = 'ma-user';

/**
 * Reads a running notebook's SSH endpoint into a target. Fails with what to do when the notebook is
 * not running or was created without remote SSH.
 */
export function sshTargetOf(notebook: Notebook, options: SshTargetOptions = {}): SshTarget {
  const label = `Notebook '${notebook.name}'`;
  if (notebook.status !== 'RUNNING') {
    throw new SshTargetError('not-running', `${label} is ${notebook.status}; start it and wait until it is RUNNING, then connect again.`);
  }
  const endpoint = sshEndpointOf(notebook);
  // Key pairs are the only way in (notebooks take no passwords), so an SSH endpoint without one is
  // no SSH at all, unless the caller brings a key of its own.
  if (!endpoint || (!endpoint.key_pair_names?.length && !options.identityFile)) {
    throw new SshTargetError(
      'no-ssh',
      `${label} was created without remote SSH (no key pair); create a notebook with a key pair to connect over SSH.`,
    );
  }
  const uri = endpoint.uri?.trim() ?? '';
  if (uri === '') throw new SshTargetError('no-address', `${label} has no SSH address yet; wait a moment and try again.`);
  const address = parseSshAddress(uri);
  if (!address)
    throw new SshTargetError('bad-address', `${label} has an SSH address this toolkit cannot read: '${uri}'. Please report it.`);

  const keyPairNames = endpoint.key_pair_names ?? [];
  const identityFile = options.identityFile ?? firstPrivateKey(keyPairNames, options.env);
  const expected = endpoint.host_key_fingerprint?.trim();
  return {
    notebookId: notebook.id,
    notebookName: notebook.name,
    ...address,
    hostAlias: hostAliasFor(notebook, options.siblings ?? []),
    hostKeyAlias: hostKeyAliasFor(notebook.id),
    keyPairNames,
    ...(identityFile ? { identityFile } : {}),
    ...(expected ? { expectedFingerprint: expected } : {}),
  };
}

/** The SSH endpoint, if the notebook has one with a key pair (the cloud lists it only then). */
export function sshEndpointOf(notebook: Notebook): NotebookEndpoint | undefined {
  return notebook.endpoints?.find((e) => e.service === 'SSH' || e.dev_service === 'SSH');
}

/**
 * The forms the platform uses for the SSH address: `ssh://user@host:port` (local mode, some cloud
 * regions), `host:port`, `[v6]:port`, or a bare host or IP (then port 22, user ma-user).
 */
export function parseSshAddress(uri: string): { host: string; port: number; user: string } | undefined {
  if (uri.includes('://')) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'ssh:' || url.hostname === '') return undefined;
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    return checked(host, url.port === '' ? 22 : Number(url.port), url.username ? decodeURIComponent(url.username) : DEFAULT_SSH_USER);
  }
  const at = uri.lastIndexOf('@');
  const user = at >= 0 ? uri.slice(0, at) : DEFAULT_SSH_USER;
  const rest = at >= 0 ? uri.slice(at + 1) : uri;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return undefined;
    const after = rest.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return undefined;
    return checked(rest.slice(1, close), after === '' ? 22 : Number(after.slice(1)), user);
  }
  const colons = rest.split(':').length - 1;
  // One colon: host:port. More: a bare IPv6 address, which has no room for a port.
  if (colons === 1) {
    const [host = '', port = ''] = rest.split(':');
    return checked(host, Number(port), user);
  }
  return checked(rest, 22, user);
}

// The address goes into the user's ssh config: anything beyond plain host and user characters
// (spaces, newlines, `%` tokens, a leading `-`) could change what ssh does, so it is refused.
const safeHost = /^[A-Za-z0-9._:][A-Za-z0-9._:-]*$/;
const safeUser = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;

function checked(host: string, port: number, user: string): { host: string; port: number; user: string } | undefined {
  if (!safeHost.test(host) || !safeUser.test(user) || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host, port, user };
}

function firstPrivateKey(names: readonly string[], env: NodeJS.ProcessEnv | undefined): string | undefined {
  for (const name of names) {
    try {
      const file = findPrivateKey(name, env);
      if (file) return file;
    } catch {
      // A cloud key pair name this toolkit would not have made (other characters): no local file.
    }
  }
  return undefined;
}

const MAX_SLUG = 40;

/** Lower-case letters, digits and single dashes: safe in ssh config, shells and file names. */
export function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, MAX_SLUG).replace(/-+$/, '');
}

function shortId(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 8);
}

/**
 * `modelarts-<slug of name>`, what people type after `ssh`. The short id is added when the name
 * has no usable letters (e.g. all CJK) or when another notebook's name gives the same slug; both
 * colliding notebooks then get it, whichever is listed first.
 */
export function hostAliasFor(notebook: Pick<Notebook, 'id' | 'name'>, siblings: readonly Pick<Notebook, 'id' | 'name'>[] = []): string {
  const slug = slugOf(notebook.name);
  const collides = siblings.some((other) => other.id !== notebook.id && slugOf(other.name) === slug);
  const id = shortId(notebook.id);
  if (slug === '') return `modelarts-${id}`;
  return collides ? `modelarts-${slug}-${id}` : `modelarts-${slug}`;
}

/** `modelarts-notebook-<id>`: the known_hosts name of a notebook's host key. */
export function hostKeyAliasFor(notebookId: string): string {
  return `modelarts-notebook-${notebookId.toLowerCase().replace(/[^a-z0-9-]/g, '')}`;
}
