import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { Notebook } from '../api/resources/notebookTypes';
import { isAbortError } from '../util/abort';
import { SshConnection } from './connection';
import { scanHostKey } from './hostKeyScan';
import { checkKeyFile } from './keyFilePermissions';
import { EncryptedKeyError, fingerprintOf, fingerprintOfBlob, publicKeyFromPrivate } from './keys';
import { compareHostKey, knownHostsFile } from './knownHosts';
import { type SshTarget, SshTargetError, sshEndpointOf, sshTargetOf } from './target';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** One finding: what was checked, how it went, and (when not ok) what to do. */
export interface DoctorCheck {
  readonly id: 'status' | 'endpoint' | 'key' | 'keyMatch' | 'reach' | 'hostKey' | 'auth' | 'allowList' | 'openssh';
  readonly status: CheckStatus;
  readonly summary: string;
  readonly fix?: string;
}

export interface DoctorOptions {
  readonly siblings?: readonly Notebook[];
  /** The public key the platform holds for a key pair name (to catch a lost or swapped key). */
  readonly registeredPublicKey?: (keyPairName: string) => Promise<string | undefined>;
  readonly knownHostsFile?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Whether to check for the OpenSSH client (Remote-SSH and the printed config need it). */
  readonly checkOpenSsh?: boolean;
}

/**
 * Looks at everything between this machine and a notebook's SSH server, in the order a
 * connection needs them, and says for each what is wrong and how to fix it. Later checks that
 * depend on a failed one are skipped rather than reported as more failures.
 */
export async function runSshDoctor(notebook: Notebook, options: DoctorOptions = {}): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const timeoutMs = options.timeoutMs ?? 8000;
  const name = `'${notebook.name}'`;

  if (notebook.status === 'RUNNING') checks.push({ id: 'status', status: 'ok', summary: `Notebook ${name} is running.` });
  else
    checks.push({
      id: 'status',
      status: 'fail',
      summary: `Notebook ${name} is ${notebook.status}.`,
      fix: 'Start it (Connect starts it for you) and wait until it is RUNNING.',
    });

  let target: SshTarget | undefined;
  try {
    target = sshTargetOf({ ...notebook, status: 'RUNNING' }, { ...(options.siblings ? { siblings: options.siblings } : {}) });
    if (notebook.status === 'RUNNING')
      checks.push({
        id: 'endpoint',
        status: 'ok',
        summary: `SSH endpoint ${target.user}@${target.host}:${target.port}, key pair ${target.keyPairNames.join(', ') || '(none)'}.`,
      });
    else target = undefined;
  } catch (err) {
    const problem = err instanceof SshTargetError ? err.problem : 'bad-address';
    const fix =
      problem === 'no-ssh'
        ? 'Create the notebook with remote SSH enabled and a key pair (New Notebook asks for one).'
        : 'Refresh the Notebooks view; if it persists, the platform reported an address this toolkit cannot use.';
    if (notebook.status === 'RUNNING' || problem === 'no-ssh')
      checks.push({ id: 'endpoint', status: 'fail', summary: err instanceof Error ? err.message : String(err), fix });
  }

  const allowed = sshEndpointOf(notebook)?.allowed_access_ips ?? [];
  if (allowed.length > 0 && !allowed.every((ip) => ip === '127.0.0.1')) {
    checks.push({
      id: 'allowList',
      status: 'warn',
      summary: `Only these addresses may connect: ${allowed.join(', ')}.`,
      fix: "If this machine's public IP is not among them, add it to the notebook's SSH allow-list in the console.",
    });
  }

  if (!target) return [...checks, ...skipped(['key', 'reach', 'hostKey', 'auth'])];

  let privateKey: string | undefined;
  if (!target.identityFile) {
    checks.push({
      id: 'key',
      status: 'fail',
      summary: `No private key for key pair ${target.keyPairNames.join(', ') || '(none)'} on this machine.`,
      fix: 'Locate the key file saved when the key pair was made (Connect offers this), or create a new key pair and a notebook that uses it.',
    });
  } else {
    const file = checkKeyFile(target.identityFile);
    if (!file.ok) {
      checks.push({
        id: 'key',
        status: 'fail',
        summary: file.detail,
        fix:
          file.problem === 'too-open'
            ? `Make it readable by you only: chmod 600 ${target.identityFile} (Connect does this for you).`
            : 'Locate the key file again.',
      });
    } else {
      checks.push({ id: 'key', status: 'ok', summary: `Private key ${target.identityFile}, readable by you only.` });
      privateKey = readFileSync(target.identityFile, 'utf8');
      checks.push(await keyMatchCheck(privateKey, target, options));
    }
  }

  const reach = await tcpReach(target.host, target.port, timeoutMs, options.signal);
  checks.push(
    reach
      ? {
          id: 'reach',
          status: 'fail',
          summary: `Cannot reach ${target.host}:${target.port}: ${reach}.`,
          fix: 'Check your network or VPN, a proxy, and that the notebook is running; in the cloud, that this machine may connect (allow-list).',
        }
      : { id: 'reach', status: 'ok', summary: `${target.host}:${target.port} answers.` },
  );
  if (reach) return [...checks, ...skipped(['hostKey', 'auth'])];

  let hostKeyLine: string | undefined;
  try {
    hostKeyLine = await scanHostKey(target.host, target.port, { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    checks.push(hostKeyCheck(hostKeyLine, target, options.knownHostsFile ?? knownHostsFile()));
  } catch (err) {
    if (isAbortError(err)) throw err;
    checks.push({
      id: 'hostKey',
      status: 'fail',
      summary: `The SSH server did not complete a handshake: ${err instanceof Error ? err.message : String(err)}.`,
      fix: 'Wait a moment after the notebook starts and try again; if it persists, restart the notebook.',
    });
  }

  if (privateKey && hostKeyLine && !checks.some((c) => c.id === 'hostKey' && c.status === 'fail'))
    checks.push(await authCheck(target, privateKey, hostKeyLine, timeoutMs, options.signal));
  else checks.push(...skipped(['auth']));

  if (options.checkOpenSsh) checks.push(await openSshCheck());
  return checks;
}

function skipped(ids: DoctorCheck['id'][]): DoctorCheck[] {
  return ids.map((id) => ({ id, status: 'skip', summary: 'Skipped: an earlier check failed.' }));
}

async function keyMatchCheck(privateKey: string, target: SshTarget, options: DoctorOptions): Promise<DoctorCheck> {
  let mine: string;
  try {
    mine = publicKeyFromPrivate(privateKey);
  } catch (err) {
    if (err instanceof EncryptedKeyError)
      return { id: 'keyMatch', status: 'skip', summary: 'The private key is encrypted; its match with the key pair was not checked.' };
    return {
      id: 'keyMatch',
      status: 'fail',
      summary: `${target.identityFile} is not a usable private key: ${err instanceof Error ? err.message : String(err)}.`,
      fix: 'Locate the right key file.',
    };
  }
  const names = target.keyPairNames;
  if (!options.registeredPublicKey || names.length === 0)
    return { id: 'keyMatch', status: 'skip', summary: 'The key pair’s public key was not available to compare.' };
  for (const keyPair of names) {
    const registered = await options.registeredPublicKey(keyPair).catch(() => undefined);
    if (registered && sameKey(registered, mine))
      return { id: 'keyMatch', status: 'ok', summary: `The private key matches key pair ${keyPair} (${fingerprintOf(mine)}).` };
  }
  return {
    id: 'keyMatch',
    status: 'fail',
    summary: `The private key (${fingerprintOf(mine)}) is not the one registered as ${names.join(', ')}.`,
    fix: 'Locate the key file that belongs to this key pair; a key made again under the same name is a different key.',
  };
}

function sameKey(a: string, b: string): boolean {
  return a.trim().split(/\s+/).slice(0, 2).join(' ') === b.trim().split(/\s+/).slice(0, 2).join(' ');
}

function hostKeyCheck(line: string, target: SshTarget, file: string): DoctorCheck {
  const fingerprint = fingerprintOf(line);
  if (target.expectedFingerprint && target.expectedFingerprint !== fingerprint) {
    return {
      id: 'hostKey',
      status: 'fail',
      summary: `The server offers host key ${fingerprint}, but the platform says the notebook has ${target.expectedFingerprint}.`,
      fix: 'Do not connect: something else answers at this address. Refresh the notebook and check your network.',
    };
  }
  const pinned = compareHostKey(target.hostKeyAlias, line, file);
  if (pinned.kind === 'match') return { id: 'hostKey', status: 'ok', summary: `Host key ${fingerprint} is pinned.` };
  if (pinned.kind === 'new')
    return {
      id: 'hostKey',
      status: 'warn',
      summary: `Host key ${fingerprint} is not pinned yet.`,
      fix: target.expectedFingerprint ? 'Connect pins it (the platform vouches for it).' : 'Connect shows it and asks before pinning it.',
    };
  return {
    id: 'hostKey',
    status: 'fail',
    summary: `The host key changed: pinned ${pinned.oldFingerprint}, now ${pinned.newFingerprint}.`,
    fix: 'If the notebook was recreated or its key reset, Connect asks whether to accept the new key; otherwise someone may be intercepting the connection.',
  };
}

async function authCheck(
  target: SshTarget,
  privateKey: string,
  hostKeyLine: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<DoctorCheck> {
  const expected = fingerprintOf(hostKeyLine);
  const connection = new SshConnection({
    host: target.host,
    port: target.port,
    username: target.user,
    privateKey,
    // Only the key just scanned (and checked above) is accepted for this one login.
    verifyHostKey: (blob) => fingerprintOfBlob(blob) === expected,
    readyTimeoutMs: timeoutMs,
    reconnect: false,
    ...(signal ? { signal } : {}),
  });
  try {
    await connection.connect();
    return { id: 'auth', status: 'ok', summary: `Logged in as ${target.user} with the key.` };
  } catch (err) {
    if (isAbortError(err)) throw err;
    return {
      id: 'auth',
      status: 'fail',
      summary: `Login failed: ${err instanceof Error ? err.message : String(err)}.`,
      fix: 'The notebook does not accept this key: check that the key pair is the one the notebook was created with.',
    };
  } finally {
    connection.dispose();
  }
}

/** Resolves with undefined when a TCP connection opens, else a short reason. */
function tcpReach(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (reason: string | undefined) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(reason);
    };
    const onAbort = () => done('cancelled');
    const timer = setTimeout(() => done(`no answer within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
}

function openSshCheck(): Promise<DoctorCheck> {
  return new Promise((resolve) => {
    execFile('ssh', ['-V'], { timeout: 5000, windowsHide: true }, (err, _stdout, stderr) => {
      if (err)
        resolve({
          id: 'openssh',
          status: 'warn',
          summary: 'No OpenSSH client (ssh) on PATH.',
          fix: 'Install OpenSSH (Windows: Settings › Optional features › OpenSSH Client; Debian/Ubuntu: apt install openssh-client). Remote-SSH needs it; the built-in terminal does not.',
        });
      else resolve({ id: 'openssh', status: 'ok', summary: `OpenSSH client: ${stderr.trim().split('\n')[0] ?? 'found'}.` });
    });
  });
}
