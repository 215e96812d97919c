/**
 * Node agents that make the proxy decision of proxy.ts per connection, for clients that take an
 * agent rather than our transport (the S3 client's request handler). The decision is per target
 * host, so virtual-hosted buckets (`bucket.obs.region.…`) follow NO_PROXY like their endpoint, and
 * loopback (local mode's S3 endpoint) is never proxied.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { TunnelingAgent, proxyAuthorization, proxyFor, type ProxySettings } from './proxy';

/** What a request carries to `addRequest`/`createConnection` (node merges request and agent options). */
type ConnectOptions = http.ClientRequestArgs & { servername?: string; rejectUnauthorized?: boolean };

/** An http and an https agent for one set of proxy settings; destroy both when the client closes. */
export interface ProxyAwareAgents {
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
}

/**
 * Agents for `settings` (usually the environment's or the editor's). Sockets are kept alive as
 * the SDK's own default agents do (`maxSockets` 50: parallel part uploads share them).
 */
export function proxyAwareAgents(settings: ProxySettings): ProxyAwareAgents {
  return {
    httpAgent: new ProxyAwareHttpAgent(settings, { keepAlive: true, maxSockets: 50 }),
    httpsAgent: new ProxyAwareHttpsAgent(settings, { keepAlive: true, maxSockets: 50 }),
  };
}

/**
 * https targets: through the proxy's CONNECT tunnel (TLS to the target on top) when proxyFor says
 * so, directly otherwise. Pooled sockets are keyed by target as usual, so a tunnelled socket is
 * only reused for the target it was opened to.
 */
export class ProxyAwareHttpsAgent extends https.Agent {
  private readonly tunnels = new Map<string, TunnelingAgent>();

  constructor(
    private readonly settings: ProxySettings,
    options: https.AgentOptions = {},
  ) {
    super(options);
  }

  override createConnection(options: ConnectOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const host = String(options.host ?? options.hostname ?? 'localhost');
    const proxy = proxyFor(targetUrl('https:', host, Number(options.port) || 443), this.settings);
    if (!proxy) return super.createConnection(options, callback);
    let tunnel = this.tunnels.get(proxy.href);
    if (!tunnel) {
      tunnel = new TunnelingAgent(proxy);
      this.tunnels.set(proxy.href, tunnel);
    }
    const proxied = this.settings.strictSSL === false ? { ...options, rejectUnauthorized: false } : options;
    return tunnel.createConnection(proxied, callback);
  }

  override destroy(): void {
    for (const tunnel of this.tunnels.values()) tunnel.destroy();
    this.tunnels.clear();
    super.destroy();
  }
}

/**
 * http targets: through the proxy as an absolute-form forward request (`GET http://host/path`),
 * which every forward proxy takes, where a CONNECT to a port other than 443 is often refused.
 * The request line is rewritten before node writes the head (node writes it on the first write).
 */
export class ProxyAwareHttpAgent extends http.Agent {
  constructor(
    private readonly settings: ProxySettings,
    options: http.AgentOptions = {},
  ) {
    super(options);
  }

  // `addRequest` is public in node but missing from its typings.
  addRequest(req: http.ClientRequest, options: ConnectOptions): void {
    const host = String(options.host ?? options.hostname ?? 'localhost');
    const port = Number(options.port) || 80;
    const target = targetUrl('http:', host, port);
    const proxy = proxyFor(target, this.settings);
    const base = http.Agent.prototype as unknown as { addRequest(req: http.ClientRequest, options: ConnectOptions): void };
    if (!proxy) return base.addRequest.call(this, req, options);
    req.path = `http://${target.host}${req.path}`;
    const auth = proxyAuthorization(proxy);
    if (auth) req.setHeader('Proxy-Authorization', auth);
    const proxyHost = proxy.hostname.replace(/^\[(.*)\]$/, '$1');
    const proxyPort = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
    // The pool is keyed by host:port, so connections to the proxy are shared by every target.
    base.addRequest.call(this, req, {
      ...options,
      host: proxyHost,
      hostname: proxyHost,
      port: proxyPort,
      viaTlsProxy: proxy.protocol === 'https:',
    } as ConnectOptions);
  }

  override createConnection(
    options: ConnectOptions & { viaTlsProxy?: boolean },
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    if (!options.viaTlsProxy) return super.createConnection(options, callback);
    const host = String(options.host);
    const tlsOptions: tls.ConnectionOptions = { host, port: Number(options.port) };
    if (!net.isIP(host)) tlsOptions.servername = host;
    if (this.settings.strictSSL === false) tlsOptions.rejectUnauthorized = false;
    return tls.connect(tlsOptions);
  }
}

function targetUrl(protocol: 'http:' | 'https:', host: string, port: number): URL {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return new URL(`${protocol}//${net.isIPv6(bare) ? `[${bare}]` : bare}:${port}`);
}
