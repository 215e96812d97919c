import net from 'node:net';
import type { Client, ClientChannel } from 'ssh2';
import { type Disposable, DisposableStore } from '../util/disposable';
import { Emitter, type Event } from '../util/event';
import type { SshConnection } from './connection';

/**
 * Local port forwards (`ssh -L`) over an {@link SshConnection}: a listener on 127.0.0.1 whose
 * every accepted socket becomes one `direct-tcpip` channel to a host:port as seen from inside
 * the notebook (Jupyter on 8888, TensorBoard on 6006, …).
 *
 * Across a dropped link: the listener stays up and keeps its port, so the URL in the browser
 * stays valid. Sockets that were open die with the link (reset, so the browser retries instead
 * of treating a cut-off body as complete). A socket accepted while the link is down waits for
 * the reconnect, paused, for up to `linkWaitMs` (default 15 s) and then goes through; if the link
 * is not back by then, or the connection has closed for good, it is reset. Waiting covers the
 * common blip (Wi-Fi roaming, a notebook restart) without a user-visible error; the limit keeps
 * a browser from hanging on a link that is not coming back. When the connection closes for
 * good, {@link PortForwards} closes its listeners and frees the ports.
 */

export interface PortForwardSpec {
  /** The port inside the notebook. */
  readonly remotePort: number;
  /** The host as the notebook sees it. Default '127.0.0.1' (services bound to the notebook's loopback). */
  readonly remoteHost?: string;
  /**
   * The preferred local port on 127.0.0.1; 0 or absent = any free port. When the preferred port
   * is taken (or not allowed), another free port is used and reported in `localPort`.
   */
  readonly localPort?: number;
  /** For people: "Jupyter", "TensorBoard". */
  readonly label?: string;
}

export interface PortForwardInfo {
  readonly id: string;
  readonly label: string | undefined;
  readonly remoteHost: string;
  readonly remotePort: number;
  /** Always 127.0.0.1: a forward never opens the notebook to the LAN. */
  readonly localHost: string;
  readonly localPort: number;
  /** What the spec asked for (0 = any); differs from `localPort` when the preferred port was busy. */
  readonly requestedLocalPort: number;
  readonly activeConnections: number;
  readonly totalConnections: number;
  /** Connections that could not be carried (remote port closed, link down too long). */
  readonly failedConnections: number;
  /** Bytes from local clients to the notebook. */
  readonly bytesToRemote: number;
  /** Bytes from the notebook to local clients. */
  readonly bytesFromRemote: number;
  /** The last failure, phrased for the user; cleared by the next successful connection. */
  readonly lastError: string | undefined;
}

export interface PortForwardOptions {
  /** How long a socket accepted while the link is down waits for the reconnect. Default 15 s. */
  readonly linkWaitMs?: number;
}

const LOCAL_HOST = '127.0.0.1';

/** One listener and its traffic. Made by {@link PortForward.open}. */
export class PortForward implements Disposable {
  private readonly changes = new Emitter<PortForwardInfo>();
  /** Connection counts changed, or the forward closed. Byte counts change without events: poll `info`. */
  readonly onDidChange: Event<PortForwardInfo> = this.changes.event;
  private readonly sockets = new Set<net.Socket>();
  private readonly stats = { active: 0, total: 0, failed: 0, toRemote: 0, fromRemote: 0, lastError: undefined as string | undefined };
  private closing: Promise<void> | undefined;
  /** Kept from the start: `server.address()` is null once the listener closes. */
  private readonly localPort: number;

  private constructor(
    readonly id: string,
    private readonly connection: SshConnection,
    private readonly spec: Required<Omit<PortForwardSpec, 'label'>> & { label: string | undefined },
    private readonly server: net.Server,
    private readonly linkWaitMs: number,
  ) {
    this.localPort = (server.address() as net.AddressInfo).port;
    server.on('connection', (socket) => this.carry(socket));
  }

  /** Starts listening. Rejects only when no local port at all can be had. */
  static async open(
    connection: SshConnection,
    spec: PortForwardSpec,
    options: PortForwardOptions = {},
    id = `${spec.remotePort}-${Date.now().toString(36)}`,
  ): Promise<PortForward> {
    const remoteHost = spec.remoteHost ?? LOCAL_HOST;
    const requested = spec.localPort ?? 0;
    checkPort(spec.remotePort, 'remote');
    if (requested !== 0) checkPort(requested, 'local');
    const server = await listenPreferring(requested);
    return new PortForward(
      id,
      connection,
      { remotePort: spec.remotePort, remoteHost, localPort: requested, label: spec.label },
      server,
      options.linkWaitMs ?? 15_000,
    );
  }

  get info(): PortForwardInfo {
    return {
      id: this.id,
      label: this.spec.label,
      remoteHost: this.spec.remoteHost,
      remotePort: this.spec.remotePort,
      localHost: LOCAL_HOST,
      localPort: this.localPort,
      requestedLocalPort: this.spec.localPort,
      activeConnections: this.stats.active,
      totalConnections: this.stats.total,
      failedConnections: this.stats.failed,
      bytesToRemote: this.stats.toRemote,
      bytesFromRemote: this.stats.fromRemote,
      lastError: this.stats.lastError,
    };
  }

  get isClosed(): boolean {
    return this.closing !== undefined;
  }

  /** Stops listening and resets every socket it carries. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.changes.fire(this.info);
    this.changes.dispose();
    return this.closing;
  }

  dispose(): void {
    void this.close();
  }

  private carry(socket: net.Socket): void {
    this.sockets.add(socket);
    this.stats.active++;
    this.stats.total++;
    const waiting = new AbortController();
    socket.on('error', () => undefined);
    socket.once('close', () => {
      waiting.abort();
      this.sockets.delete(socket);
      this.stats.active--;
      if (!this.isClosed) this.changes.fire(this.info);
    });
    this.changes.fire(this.info);

    const client = this.connection.client;
    if (client) return this.openChannel(socket, client);
    this.connection.whenReady(AbortSignal.any([waiting.signal, AbortSignal.timeout(this.linkWaitMs)])).then(
      (ready) => this.openChannel(socket, ready),
      (err: unknown) => {
        if (socket.destroyed) return;
        const why =
          err instanceof Error && err.name !== 'AbortError'
            ? err.message
            : `the SSH link was not back within ${Math.round(this.linkWaitMs / 1000)} s`;
        this.fail(socket, `Could not carry a connection to ${this.target}: ${why}`);
      },
    );
  }

  private get target(): string {
    return `${this.spec.remoteHost}:${this.spec.remotePort}`;
  }

  private openChannel(socket: net.Socket, client: Client): void {
    if (socket.destroyed) return;
    try {
      client.forwardOut(
        socket.remoteAddress ?? LOCAL_HOST,
        socket.remotePort ?? 0,
        this.spec.remoteHost,
        this.spec.remotePort,
        (err, channel) => {
          if (err)
            return this.fail(
              socket,
              `Nothing answered at ${this.target} in the notebook (${err.message}). Check that the service is running there.`,
            );
          this.join(socket, channel, client);
        },
      );
    } catch (err) {
      // ssh2 throws synchronously if the link dropped between the check and the call.
      this.fail(socket, `Could not carry a connection to ${this.target}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Pipes both ways (pipe() gives backpressure: a slow browser pauses the channel and vice versa). */
  private join(socket: net.Socket, channel: ClientChannel, client: Client): void {
    if (socket.destroyed) {
      channel.close();
      return;
    }
    this.stats.lastError = undefined;
    channel.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => (this.stats.toRemote += chunk.length));
    channel.on('data', (chunk: Buffer) => (this.stats.fromRemote += chunk.length));
    // Half-closes travel both ways (the listener allows half-open sockets): a client that sends
    // its request and then EOF still gets the whole answer.
    socket.pipe(channel);
    channel.pipe(socket, { end: false });
    // A channel that ends because the link died must not look like a complete answer: reset the
    // socket so the browser retries instead of caching a cut-off page.
    const finish = (): void => {
      if (socket.destroyed) return;
      if (this.connection.client !== client) socket.resetAndDestroy();
      else if (!socket.writableEnded) socket.end();
    };
    channel.once('end', finish);
    channel.once('close', finish);
    socket.once('close', () => channel.close());
  }

  private fail(socket: net.Socket, message: string): void {
    this.stats.failed++;
    this.stats.lastError = message;
    if (!socket.destroyed) socket.resetAndDestroy();
    this.changes.fire(this.info);
  }
}

export type PortForwardsChange = { readonly type: 'added' | 'removed' | 'updated'; readonly forward: PortForwardInfo };

/** The forwards of one connection: the list a "Ports" view shows. */
export class PortForwards implements Disposable {
  private readonly forwards = new Map<string, PortForward>();
  private readonly changes = new Emitter<PortForwardsChange>();
  readonly onDidChange: Event<PortForwardsChange> = this.changes.event;
  private readonly store = new DisposableStore();
  private nextId = 1;

  constructor(
    private readonly connection: SshConnection,
    private readonly options: PortForwardOptions = {},
  ) {
    // A connection that closed for good can never carry traffic again: free the ports.
    this.store.add(connection.onDidChange((e) => e.type === 'closed' && void this.closeAll()));
  }

  /**
   * Adds a forward. Asking again for a remote host:port that is already forwarded returns the
   * existing forward (when the local port asked for is "any" or the one it has), so a second
   * click on "Open Jupyter" does not leave two listeners behind.
   */
  async add(spec: PortForwardSpec): Promise<PortForwardInfo> {
    if (this.connection.state === 'closed')
      throw new Error(`The SSH connection to ${this.connection.destination} is closed; connect again before forwarding ports.`);
    const remoteHost = spec.remoteHost ?? LOCAL_HOST;
    for (const existing of this.forwards.values()) {
      const info = existing.info;
      if (info.remoteHost === remoteHost && info.remotePort === spec.remotePort && (!spec.localPort || spec.localPort === info.localPort))
        return info;
    }
    const id = String(this.nextId++);
    const forward = await PortForward.open(this.connection, spec, this.options, id);
    this.forwards.set(id, forward);
    forward.onDidChange((info) => {
      if (forward.isClosed) {
        if (this.forwards.delete(id)) this.changes.fire({ type: 'removed', forward: info });
      } else this.changes.fire({ type: 'updated', forward: info });
    });
    const info = forward.info;
    this.changes.fire({ type: 'added', forward: info });
    return info;
  }

  /** Closes one forward; false when there is no such id. */
  async remove(id: string): Promise<boolean> {
    const forward = this.forwards.get(id);
    if (!forward) return false;
    await forward.close();
    return true;
  }

  list(): PortForwardInfo[] {
    return [...this.forwards.values()].map((f) => f.info);
  }

  get(id: string): PortForwardInfo | undefined {
    return this.forwards.get(id)?.info;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.forwards.values()].map((f) => f.close()));
  }

  dispose(): void {
    this.store.dispose();
    void this.closeAll();
    this.changes.dispose();
  }
}

function checkPort(port: number, which: 'local' | 'remote'): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new RangeError(`The ${which} port must be a whole number from 1 to 65535 (got ${port}).`);
}

/** Listens on the preferred port, or on any free one when that port is taken or not allowed. */
async function listenPreferring(preferred: number): Promise<net.Server> {
  if (preferred !== 0) {
    try {
      return await listen(preferred);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
    }
  }
  return listen(0);
}

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    // pauseOnConnect: nothing is read from a socket until its channel exists, so no byte is lost
    // while the channel opens or the link reconnects.
    const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true });
    server.once('error', reject);
    server.listen(port, LOCAL_HOST, () => {
      server.removeListener('error', reject);
      server.on('error', () => undefined);
      resolve(server);
    });
  });
}
