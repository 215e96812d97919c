/**
 * A real HTTP proxy on 127.0.0.1 for tests: CONNECT tunnels and absolute-URI forward requests,
 * counted. Clients are given a non-loopback name (loopback targets are never proxied); the proxy
 * alone "resolves" every name to 127.0.0.1 and keeps the port, so it dials the real local test
 * servers and nothing leaves the machine.
 *
 * With `intercept`, it is a TLS-intercepting corporate proxy: it answers a CONNECT, then speaks
 * TLS to the client itself with the given certificate (one the client does not trust unless told
 * to) and carries the decrypted bytes to the plain-http target.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

export interface CountingProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The authority of each CONNECT, in order (`host:port`). */
  readonly connects: string[];
  /** The absolute URI of each forwarded request, in order. */
  readonly forwards: string[];
  /** The Proxy-Authorization header of each CONNECT and forward. */
  readonly auth: (string | undefined)[];
  /** TLS handshakes the intercepting proxy completed with clients. */
  readonly intercepted: () => number;
  close(): Promise<void>;
}

export interface CountingProxyOptions {
  /** Refuse (407) any CONNECT without exactly this Proxy-Authorization. */
  readonly requireAuth?: string;
  /** Terminate the client's TLS with this certificate and carry plain bytes to the target. */
  readonly intercept?: { readonly key: string; readonly cert: string };
}

export async function startCountingProxy(opts: CountingProxyOptions = {}): Promise<CountingProxy> {
  const connects: string[] = [];
  const forwards: string[] = [];
  const auth: (string | undefined)[] = [];
  let intercepted = 0;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    forwards.push(req.url ?? '');
    auth.push(req.headers['proxy-authorization']);
    const target = new URL(req.url ?? '/');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      { host: '127.0.0.1', port: Number(target.port), method: req.method, path: target.pathname + target.search, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    auth.push(req.headers['proxy-authorization']);
    sockets.add(client);
    client.on('error', () => client.destroy());
    if (opts.requireAuth && req.headers['proxy-authorization'] !== opts.requireAuth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const port = Number((req.url ?? '').split(':').pop());
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      // Clients wait for the 200 before sending, so `head` is empty in practice.
      if (head.length && !opts.intercept) upstream.write(head);
      let inbound: net.Socket = client;
      if (opts.intercept) {
        const secure = new tls.TLSSocket(client, { isServer: true, key: opts.intercept.key, cert: opts.intercept.cert });
        secure.once('secure', () => void intercepted++);
        secure.on('error', () => client.destroy());
        inbound = secure;
      }
      upstream.pipe(inbound);
      inbound.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    forwards,
    auth,
    intercepted: () => intercepted,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A self-signed certificate for `hostname` (openssl), or undefined where openssl is missing. */
export function selfSignedCert(hostname: string): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ma-proxy-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        `/CN=${hostname}`,
        '-addext',
        `subjectAltName=DNS:${hostname},DNS:*.${hostname}`,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
