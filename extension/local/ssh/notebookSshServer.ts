import { existsSync } from 'node:fs';
import type net from 'node:net';
import { type AddressInfo } from 'node:net';
import { type Connection, Server } from 'ssh2';
import { fingerprintOfKey, handleAuthentication, parseHostKey } from './auth';
import { handleDirectTcpip, RemoteForwards } from './forwarding';
import { ProcessRegistry } from './processes';
import { detectPtyHelper } from './pty';
import { handleSession, type SessionEnvironment } from './sessions';

/**
 * The SSH server of one running local-mode notebook: what OpenSSH's sshd is inside a ModelArts
 * notebook container, built on ssh2 in the daemon's own Node (no native modules). VS Code
 * Remote-SSH, `ssh`, `scp` and `sftp` connect to it exactly as they would to the cloud notebook.
 */
export interface NotebookSshOptions {
  /** OpenSSH private key text (ed25519), created once per notebook and kept: stable across stop/start. */
  hostKey: string;
  /** Public key lines (`ssh-ed25519 AAAA... comment`); called at each auth so key changes apply. */
  authorizedKeys: () => string[];
  /** Default 'ma-user'; any other user name is rejected. */
  username?: string;
  /** The notebook's /home/ma-user/work: cwd of exec and shells, sftp's starting dir. */
  workDir: string;
  /** HOME for everything it runs (so ~/.vscode-server lands in the notebook's own home). */
  homeDir: string;
  /** Extra environment a ModelArts notebook has (the caller fills it). */
  env: Record<string, string>;
  /** 0 or absent = a free port. Binds 127.0.0.1 only. */
  port?: number;
  /** Environment tag for the processes it starts (see ProcessRegistry); random when absent. */
  processTag?: string;
}

export interface NotebookSshServer {
  readonly port: number;
  /** `SHA256:...`, as `ssh-keygen -l` prints it. */
  readonly hostKeyFingerprint: string;
  /** Closes connections and forward listeners and kills every process it started (whole groups). */
  close(): Promise<void>;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Server-side keepalive: a client that vanished (laptop lid closed) is dropped after ~1 minute. */
const KEEPALIVE_MS = 15_000;
const KEEPALIVE_COUNT_MAX = 4;
/** How long close() lets clients finish the disconnect before cutting their sockets. */
const DISCONNECT_GRACE_MS = 1000;

export async function startNotebookSshServer(opts: NotebookSshOptions): Promise<NotebookSshServer> {
  const hostKey = parseHostKey(opts.hostKey);
  const hostKeyFingerprint = fingerprintOfKey(hostKey);
  const username = opts.username ?? 'ma-user';
  const shell = existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh';
  const pathEnv = opts.env.PATH ?? process.env.PATH ?? DEFAULT_PATH;
  const ptyHelper = await detectPtyHelper(pathEnv);
  const registry = new ProcessRegistry(opts.processTag);

  // A clean environment, as sshd builds one: nothing leaks from the daemon (or from the VS Code
  // window that forked it: ELECTRON_RUN_AS_NODE, VSCODE_IPC_HOOK_*, credentials).
  const baseEnv: Record<string, string> = {
    ...opts.env,
    HOME: opts.homeDir,
    USER: username,
    LOGNAME: username,
    SHELL: shell,
    PATH: pathEnv,
  };

  const connections = new Set<Connection>();
  const sockets = new Set<net.Socket>();
  const cleanups = new Set<() => void>();
  let listeningPort = 0;

  const server = new Server(
    { hostKeys: [opts.hostKey], keepaliveInterval: KEEPALIVE_MS, keepaliveCountMax: KEEPALIVE_COUNT_MAX },
    (conn, info) => {
      connections.add(conn);
      const forwards = new RemoteForwards(conn);
      const cleanup = (): void => forwards.closeAll();
      cleanups.add(cleanup);
      const sessionEnv: SessionEnvironment = {
        registry,
        shell,
        workDir: opts.workDir,
        ptyHelper,
        env: {
          ...baseEnv,
          SSH_CONNECTION: `${info.ip} ${info.port} 127.0.0.1 ${listeningPort}`,
          SSH_CLIENT: `${info.ip} ${info.port} ${listeningPort}`,
        },
      };
      conn.on('authentication', (ctx) => handleAuthentication(ctx, username, opts.authorizedKeys));
      conn.on('ready', () => {
        conn.on('session', (accept) => handleSession(accept(), sessionEnv));
        conn.on('tcpip', (accept, reject, tcpInfo) =>
          handleDirectTcpip(accept, reject, tcpInfo, (socket) => {
            sockets.add(socket);
            socket.once('close', () => sockets.delete(socket));
          }),
        );
        conn.on('request', (accept, reject, name, bindInfo) => forwards.request(accept, reject, name, bindInfo));
        // Unix-socket forwarding is not offered.
        conn.on('openssh.streamlocal', (_accept, reject) => reject());
      });
      // Protocol and socket errors end just this connection; never the daemon.
      conn.on('error', () => undefined);
      conn.on('close', () => {
        connections.delete(conn);
        cleanup();
        cleanups.delete(cleanup);
      });
    },
  );
  server.on('error', () => undefined);
  // SSH sends many small packets (SFTP replies, window adjusts); with Nagle's algorithm each one
  // can wait ~40 ms for a delayed ACK, which cut SFTP uploads to a few MB/s (bench/ssh). ssh2's
  // Server does not expose its sockets, so the option goes on its net.Server's connections.
  (server as unknown as { _srv?: net.Server })._srv?.prependListener('connection', (socket: net.Socket) => socket.setNoDelay(true));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  listeningPort = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const conn of connections) conn.end();
      for (const cleanup of cleanups) cleanup();
      for (const socket of sockets) socket.destroy();
      await registry.killAll();
      // A client that ignores our disconnect must not hold close() (or the port) hostage.
      const timer = setTimeout(() => {
        for (const conn of connections) (conn as unknown as { _sock?: net.Socket })._sock?.destroy();
      }, DISCONNECT_GRACE_MS);
      await stopped;
      clearTimeout(timer);
    })());

  return { port: listeningPort, hostKeyFingerprint, close };
}
