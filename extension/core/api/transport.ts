/**
 * One HTTP exchange over node:http/https: no retries, no auth, no JSON, just bytes. Built on node:
 * modules rather than the global fetch because fetch (undici) takes a proxy only through an
 * undici Dispatcher, and undici is not a dependency; here a proxy is an ordinary Agent
 * (see proxy.ts). It also sends exactly the Host header and body bytes that were signed.
 */
import http from 'node:http';
import https from 'node:https';
import { abortError } from '../util/abort';
import { TunnelingAgent, proxyAuthorization, proxyFor, type ProxySettings } from './proxy';

/** A request ready for the wire. */
export interface WireRequest {
  readonly url: URL;
  /** Path and query exactly as they go on the request line (already percent-encoded). */
  readonly pathAndQuery: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Aborting destroys the connection and rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/** A complete response: status, headers, and the whole body. */
export interface WireResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Sends one request; the seam tests could replace, though ours run against real servers. */
export interface Transport {
  send(req: WireRequest): Promise<WireResponse>;
  /** Closes pooled connections. */
  close(): void;
}

/** TLS trust for https endpoints (private clouds with their own CA). */
export interface TlsOptions {
  readonly ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** Only for tests and explicitly insecure private setups; never defaulted to false. */
  readonly rejectUnauthorized?: boolean;
}

/** Options of {@link NodeTransport}. */
export interface NodeTransportOptions {
  /** Proxy settings for non-loopback targets; usually `proxySettingsFromEnv()`. */
  readonly proxy?: ProxySettings;
  readonly tls?: TlsOptions;
  /** A bigger body is refused rather than buffered; list pages are far smaller. Default 64 MiB. */
  readonly maxResponseBytes?: number;
}

/**
 * The default transport. Keeps connections alive per target (and per proxy): a tree refresh makes
 * a burst of calls to one host, and a TLS handshake per call is most of their latency.
 */
export class NodeTransport implements Transport {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;
  private readonly proxyAgents = new Map<string, http.Agent>();
  private readonly maxResponseBytes: number;

  constructor(private readonly options: NodeTransportOptions = {}) {
    this.httpsAgent = new https.Agent({ keepAlive: true, ...this.tlsAgentOptions() });
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  }

  send(req: WireRequest): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      if (req.signal?.aborted) return reject(abortError(req.signal.reason));
      const { mod, options } = this.requestOptions(req);
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        req.signal?.removeEventListener('abort', onAbort);
        reject(err);
      };
      const onAbort = () => {
        const err = abortError(req.signal?.reason);
        outgoing.destroy(err);
        fail(err);
      };
      const outgoing = mod.request(options, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxResponseBytes) {
            const err = Object.assign(new Error(`The response is larger than ${this.maxResponseBytes} bytes.`), {
              code: 'ERESPONSETOOLARGE',
            });
            res.destroy(err);
            fail(err);
            return;
          }
          chunks.push(chunk);
        });
        res.once('error', (err) => fail(err));
        // A connection closed mid-body ends without 'end'; report it as the reset it is.
        res.once('close', () => {
          if (!res.complete)
            fail(Object.assign(new Error('The connection closed before the response was complete.'), { code: 'ECONNRESET' }));
        });
        res.once('end', () => {
          if (settled) return;
          settled = true;
          req.signal?.removeEventListener('abort', onAbort);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      outgoing.once('error', fail);
      req.signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.end(req.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    for (const agent of this.proxyAgents.values()) agent.destroy();
    this.proxyAgents.clear();
  }

  private requestOptions(req: WireRequest): { mod: typeof http | typeof https; options: https.RequestOptions } {
    const { url } = req;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const direct: https.RequestOptions = { host, port, method: req.method, path: req.pathAndQuery, headers: { ...req.headers } };
    const proxy = this.options.proxy ? proxyFor(url, this.options.proxy) : undefined;
    if (url.protocol === 'https:') {
      if (!proxy) return { mod: https, options: { ...direct, agent: this.httpsAgent, ...this.tlsAgentOptions() } };
      const tunnelTls = this.proxiedTlsOptions();
      const agent = this.proxyAgent(`tunnel ${proxy.href}`, () => new TunnelingAgent(proxy, { keepAlive: true, ...tunnelTls }));
      return { mod: https, options: { ...direct, agent, ...tunnelTls } };
    }
    if (!proxy) return { mod: http, options: { ...direct, agent: this.httpAgent } };
    // Plain http through a proxy: absolute-form request line; the proxy forwards the origin path,
    // which is the path that was signed.
    const headers: Record<string, string> = { ...req.headers };
    const auth = proxyAuthorization(proxy);
    if (auth) headers['Proxy-Authorization'] = auth;
    const viaTls = proxy.protocol === 'https:';
    const agent = this.proxyAgent(`forward ${proxy.href}`, () =>
      viaTls ? new https.Agent({ keepAlive: true, ...this.proxiedTlsOptions() }) : new http.Agent({ keepAlive: true }),
    );
    const proxyHost = proxy.hostname.replace(/^\[(.*)\]$/, '$1');
    const proxyPort = Number(proxy.port) || (viaTls ? 443 : 80);
    return {
      mod: viaTls ? https : http,
      options: {
        host: proxyHost,
        port: proxyPort,
        method: req.method,
        path: `${url.protocol}//${url.host}${req.pathAndQuery}`,
        headers,
        agent,
      },
    };
  }

  private proxyAgent(key: string, create: () => http.Agent): http.Agent {
    let agent = this.proxyAgents.get(key);
    if (!agent) {
      agent = create();
      this.proxyAgents.set(key, agent);
    }
    return agent;
  }

  /** TLS options for connections through a proxy: `strictSSL: false` turns certificate checks off there only. */
  private proxiedTlsOptions(): https.AgentOptions {
    return this.options.proxy?.strictSSL === false ? { ...this.tlsAgentOptions(), rejectUnauthorized: false } : this.tlsAgentOptions();
  }

  private tlsAgentOptions(): https.AgentOptions {
    const out: https.AgentOptions = {};
    const tls = this.options.tls;
    if (tls?.ca !== undefined) out.ca = tls.ca as https.AgentOptions['ca'];
    if (tls?.rejectUnauthorized !== undefined) out.rejectUnauthorized = tls.rejectUnauthorized;
    return out;
  }
}
