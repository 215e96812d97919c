import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generateEd25519 } from '../../../../extension/core/ssh/keys';
import { type NotebookSshOptions, type NotebookSshServer, startNotebookSshServer } from '../../../../extension/local/ssh/notebookSshServer';
import { ensureCommand } from '../../../helpers/peers';

/**
 * A notebook SSH server on loopback plus everything a real OpenSSH client needs to reach it:
 * a 0600 client key, a known_hosts pinning the host key, and work/home dirs, all in one temp dir.
 */
export interface SshFixture {
  readonly dir: string;
  readonly workDir: string;
  readonly homeDir: string;
  readonly keyPath: string;
  readonly knownHostsPath: string;
  readonly hostKey: { private: string; public: string };
  readonly clientPublicKey: string;
  server: NotebookSshServer;
  /** Options the server was started with (to restart it identically). */
  readonly options: NotebookSshOptions;
  /** `-F /dev/null ... -i key` options shared by ssh, scp and sftp (port excluded). */
  commonOptions(): string[];
  /** Full ssh argv up to and including the destination. */
  sshArgs(...extra: string[]): string[];
  /** Rewrites known_hosts for the current port with the given public key line. */
  pin(publicKeyLine: string): void;
  dispose(): Promise<void>;
}

export async function startFixture(overrides: Partial<NotebookSshOptions> = {}): Promise<SshFixture> {
  ensureCommand('ssh', 'openssh-client');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-nbssh-'));
  const workDir = path.join(dir, 'home', 'work');
  const homeDir = path.join(dir, 'home');
  mkdirSync(workDir, { recursive: true });
  const hostKey = generateEd25519();
  const clientKey = generateEd25519('test-client');
  const keyPath = path.join(dir, 'id_ed25519');
  writeFileSync(keyPath, clientKey.private, { mode: 0o600 });
  const knownHostsPath = path.join(dir, 'known_hosts');
  const options: NotebookSshOptions = {
    hostKey: hostKey.private,
    authorizedKeys: () => [clientKey.public],
    workDir,
    homeDir,
    env: { MA_TEST_VAR: 'notebook-env-value' },
    port: 0,
    ...overrides,
  };
  const server = await startNotebookSshServer(options);
  const fixture: SshFixture = {
    dir,
    workDir,
    homeDir,
    keyPath,
    knownHostsPath,
    hostKey,
    clientPublicKey: clientKey.public,
    server,
    options,
    commonOptions: () => [
      '-F',
      '/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${knownHostsPath}`,
      '-o',
      'GlobalKnownHostsFile=/dev/null',
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'ConnectTimeout=30',
      '-i',
      keyPath,
    ],
    sshArgs: (...extra) => [...fixture.commonOptions(), '-p', String(fixture.server.port), ...extra, 'ma-user@127.0.0.1'],
    pin: (line) => writeFileSync(knownHostsPath, `[127.0.0.1]:${fixture.server.port} ${line.trim().split(' ').slice(0, 2).join(' ')}\n`),
    dispose: async () => {
      await fixture.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  fixture.pin(hostKey.public);
  return fixture;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command asynchronously (never spawnSync: the server under test lives in this process's
 * event loop). A hard limit kills a hung peer so a broken server fails the test instead of
 * hanging mocha; it is a safety net, not an assertion.
 */
export function run(
  file: string,
  args: string[],
  opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv; limitMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.limitMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** A port that was free a moment ago (for `-L` listeners the client opens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a value, or throws after `limitMs` (a safety net, not a timing check). */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, what: string, limitMs = 10_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
