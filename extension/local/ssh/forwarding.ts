import net from 'node:net';
import type { Connection, ServerChannel, TcpipBindInfo, TcpipRequestInfo } from 'ssh2';

/**
 * `ssh -L` (direct-tcpip): connect to whatever host:port the client names, from this machine,
 * as a process in the notebook could. The channel is only accepted once the TCP connect worked,
 * so the client sees "connect failed" instead of an accepted channel that dies at once.
 */
export function handleDirectTcpip(
  accept: () => ServerChannel,
  reject: () => void,
  info: TcpipRequestInfo,
  track: (socket: net.Socket) => void,
): void {
  const socket = net.connect({ host: info.destIP, port: info.destPort });
  track(socket);
  socket.once('error', () => reject());
  socket.once('connect', () => {
    socket.removeAllListeners('error');
    const channel = accept();
    join(channel, socket);
  });
}

/** Bind addresses a remote forward may ask for: loopback only, never a public interface. */
const LOOPBACK_NAMES = new Set(['', 'localhost', '127.0.0.1']);

/**
 * `ssh -R` (tcpip-forward / cancel-tcpip-forward) for one connection. Listeners bind 127.0.0.1
 * only. A request for any non-loopback address (0.0.0.0, a LAN address, "*") is refused rather
 * than quietly narrowed to loopback (sshd's GatewayPorts=no behaviour): the daemon must never
 * expose a port beyond this machine, and a refusal tells the user why the forward is missing.
 */
export class RemoteForwards {
  private readonly listeners = new Map<number, { server: net.Server; sockets: Set<net.Socket> }>();

  constructor(private readonly conn: Connection) {}

  request(accept: ((chosenPort?: number) => void) | undefined, reject: (() => void) | undefined, name: string, info: TcpipBindInfo): void {
    if (name === 'tcpip-forward') this.listen(info, accept, reject);
    else if (name === 'cancel-tcpip-forward') {
      const entry = this.listeners.get(info.bindPort);
      if (!entry || !LOOPBACK_NAMES.has(info.bindAddr)) return reject?.();
      this.stop(info.bindPort);
      accept?.();
    } else reject?.();
  }

  private listen(info: TcpipBindInfo, accept: ((chosenPort?: number) => void) | undefined, reject: (() => void) | undefined): void {
    if (!LOOPBACK_NAMES.has(info.bindAddr) || info.bindPort < 0 || info.bindPort > 65535) return reject?.();
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      const port = (server.address() as net.AddressInfo).port;
      // The client matches the forward by the address string it sent, so echo that back.
      this.conn.forwardOut(info.bindAddr, port, socket.remoteAddress ?? '127.0.0.1', socket.remotePort ?? 0, (err, channel) => {
        if (err) return socket.destroy();
        join(channel, socket);
      });
    });
    server.once('error', () => reject?.());
    server.listen(info.bindPort, '127.0.0.1', () => {
      server.removeAllListeners('error');
      server.on('error', () => undefined);
      const port = (server.address() as net.AddressInfo).port;
      this.listeners.set(port, { server, sockets });
      accept?.(port);
    });
  }

  private stop(port: number): void {
    const entry = this.listeners.get(port);
    if (!entry) return;
    this.listeners.delete(port);
    entry.server.close();
    for (const socket of entry.sockets) socket.destroy();
  }

  /** Closes every listener and forwarded socket of this connection. */
  closeAll(): void {
    for (const port of [...this.listeners.keys()]) this.stop(port);
  }
}

/**
 * Pipes both ways with half-close passed through (EOF on one side ends the other's writes, as
 * OpenSSH does). An error on either side, or the channel closing, tears down both.
 */
function join(channel: ServerChannel, socket: net.Socket): void {
  channel.on('error', () => socket.destroy());
  socket.on('error', () => channel.destroy());
  socket.pipe(channel).pipe(socket);
  channel.once('close', () => socket.destroy());
}
