/**
 * Corporate proxies for cloud calls, without the `undici` package: the transport uses node:http
 * and node:https, so an https target is reached through an HTTP proxy with our own CONNECT tunnel
 * (an `https.Agent` whose sockets are TLS over the tunnel) and an http target with a plain
 * absolute-URI forward request. Loopback (local mode) is never proxied: a proxy cannot reach this
 * machine's 127.0.0.1, and the daemon's signed traffic has no business leaving it.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/** Where proxies are, as the environment (or a setting) says. All optional. */
export interface ProxySettings {
  /** For https targets; falls back to {@link httpProxy} as npm and pip do. */
  readonly httpsProxy?: string;
  /** For http targets. */
  readonly httpProxy?: string;
  /** `NO_PROXY`: comma- or space-separated hosts, `.domain` suffixes, `host:port`, IPv4 CIDRs, or `*`. */
  readonly noProxy?: string;
  /**
   * False only when the user turned certificate checks off for proxied traffic (VS Code's
   * `http.proxyStrictSSL: false`, for TLS-intercepting corporate proxies): then neither an https
   * proxy's certificate nor a target's certificate seen through the proxy is verified. Direct
   * connections are always verified. Absent means true.
   */
  readonly strictSSL?: boolean;
}

/**
 * Reads `HTTPS_PROXY`/`https_proxy`, `HTTP_PROXY`/`http_proxy`, `NO_PROXY`/`no_proxy`. The
 * lower-case name wins when both are set, as in curl and Python (it is the one users set in
 * shells; the upper-case `HTTP_PROXY` can be injected by CGI `Proxy:` headers).
 */
export function proxySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const pick = (name: string) => env[name.toLowerCase()]?.trim() || env[name.toUpperCase()]?.trim() || undefined;
  const settings: { httpsProxy?: string; httpProxy?: string; noProxy?: string } = {};
  const httpsProxy = pick('https_proxy');
  const httpProxy = pick('http_proxy');
  const noProxy = pick('no_proxy');
  if (httpsProxy) settings.httpsProxy = httpsProxy;
  if (httpProxy) settings.httpProxy = httpProxy;
  if (noProxy) settings.noProxy = noProxy;
  return settings;
}

/** localhost, *.localhost, 127.0.0.0/8, ::1 (and its IPv4-mapped form). */
export function isLoopbackHost(hostname: string): boolean {
  const host = stripBrackets(hostname.toLowerCase()).replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

/**
 * True when `NO_PROXY` exempts `hostname:port`. Matching is by name (no DNS lookups): an entry
 * `example.com`, `.example.com` or `*.example.com` covers that host and its subdomains; a port on
 * the entry restricts it to that port; an IPv4 CIDR covers IP-literal hosts in it; `*` covers all.
 */
export function matchesNoProxy(hostname: string, port: number, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = stripBrackets(hostname.toLowerCase()).replace(/\.$/, '');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const { name, entryPort } = splitHostPort(entry);
    if (entryPort !== undefined && entryPort !== port) continue;
    if (name.includes('/')) {
      if (inCidr(host, name)) return true;
      continue;
    }
    const suffix = name.replace(/^\*?\./, '').replace(/\.$/, '');
    if (!suffix) continue;
    if (host === suffix || host.endsWith(`.${suffix}`)) return true;
  }
  return false;
}

/**
 * The proxy to use for `target`, or undefined to connect directly (loopback, NO_PROXY, or no
 * proxy configured). Throws on a proxy URL that is not http(s), so a typo surfaces at once.
 */
export function proxyFor(target: URL, settings: ProxySettings): URL | undefined {
  if (isLoopbackHost(target.hostname)) return undefined;
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  if (matchesNoProxy(target.hostname, port, settings.noProxy)) return undefined;
  const raw = target.protocol === 'https:' ? (settings.httpsProxy ?? settings.httpProxy) : settings.httpProxy;
  if (!raw) return undefined;
  // `HTTPS_PROXY=proxy.corp:3128` without a scheme is common; curl treats it as http://.
  const proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:')
    throw new Error(`Unsupported proxy scheme ${proxy.protocol} (only http:// and https:// proxies are supported).`);
  return proxy;
}

/** The `Proxy-Authorization` header for a proxy URL with user info, if any. */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const user = decodeURIComponent(proxy.username);
  const pass = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;
}

/** A proxy URL fit for logs: no user info. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/**
 * Opens a CONNECT tunnel to `host:port` through `proxy` and resolves with the raw socket, ready
 * for TLS (or plain HTTP). Fails with code `EPROXY` when the proxy answers anything but 2xx, and
 * with `ETIMEDOUT` when it does not answer within `timeoutMs`.
 */
export function openTunnel(
  proxy: URL,
  host: string,
  port: number,
  timeoutMs = 30_000,
  proxyTls: Pick<tls.ConnectionOptions, 'ca' | 'rejectUnauthorized'> = {},
): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const authority = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
    const headers: Record<string, string> = { Host: authority };
    const auth = proxyAuthorization(proxy);
    if (auth) headers['Proxy-Authorization'] = auth;
    const proxyPort = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80);
    const mod = proxy.protocol === 'https:' ? https : http;
    // agent: false: the CONNECT socket becomes the tunnel and must never go back to a pool.
    const req = mod.request({
      host: stripBrackets(proxy.hostname),
      port: proxyPort,
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
      // Only an https:// proxy has a certificate of its own to check.
      ...(proxy.protocol === 'https:' ? proxyTls : {}),
    });
    req.setTimeout(timeoutMs, () =>
      req.destroy(codedError('ETIMEDOUT', `The proxy ${describeProxy(proxy)} did not answer CONNECT ${authority} within ${timeoutMs} ms.`)),
    );
    req.once('connect', (res, socket, head) => {
      req.setTimeout(0);
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        socket.destroy();
        reject(
          codedError(
            'EPROXY',
            `The proxy ${describeProxy(proxy)} refused CONNECT ${authority}: ${status} ${res.statusMessage ?? ''}`.trim(),
          ),
        );
        return;
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.once('response', (res) => {
      // A proxy that answers CONNECT with a normal response did not open a tunnel.
      res.resume();
      reject(codedError('EPROXY', `The proxy ${describeProxy(proxy)} refused CONNECT ${authority}: ${res.statusCode ?? 0}`));
    });
    req.once('error', reject);
    req.end();
  });
}

/** TLS options an https request may carry that must reach the tunnelled TLS socket. */
const tlsOptionNames = [
  'ca',
  'cert',
  'key',
  'pfx',
  'passphrase',
  'rejectUnauthorized',
  'checkServerIdentity',
  'minVersion',
  'maxVersion',
  'ciphers',
  'session',
  'ALPNProtocols',
] as const;

/**
 * An https.Agent whose connections run through an HTTP(S) proxy's CONNECT tunnel, with TLS to the
 * target on top (SNI and certificate checks against the target's name, not the proxy's).
 * Keep-alive pooling works as usual: pooled sockets are already-tunnelled TLS sockets.
 */
export class TunnelingAgent extends https.Agent {
  constructor(
    private readonly proxy: URL,
    options: https.AgentOptions & { connectTimeoutMs?: number } = {},
  ) {
    super(options);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
  }

  private readonly connectTimeoutMs: number;

  override createConnection(
    options: https.RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const host = stripBrackets(String(options.host ?? options.hostname ?? 'localhost'));
    const port = Number(options.port) || 443;
    const proxyTls: Pick<tls.ConnectionOptions, 'ca' | 'rejectUnauthorized'> = {};
    if (options.rejectUnauthorized !== undefined) proxyTls.rejectUnauthorized = options.rejectUnauthorized;
    openTunnel(this.proxy, host, port, this.connectTimeoutMs, proxyTls).then(
      (socket) => {
        // `host` too: with a ready socket, tls checks the certificate against options.host, and
        // without it would fall back to the socket's peer, which is the proxy.
        const tlsOptions: tls.ConnectionOptions = { socket, host };
        if (!net.isIP(host)) tlsOptions.servername = (options as { servername?: string }).servername || host;
        for (const name of tlsOptionNames) {
          const value = (options as Record<string, unknown>)[name];
          if (value !== undefined) (tlsOptions as Record<string, unknown>)[name] = value;
        }
        // Writes before the handshake completes are buffered by the TLS socket, so hand it over now.
        callback?.(null, tls.connect(tlsOptions));
      },
      (err: Error) => callback?.(err, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function splitHostPort(entry: string): { name: string; entryPort?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (v6) return v6[2] ? { name: v6[1] as string, entryPort: Number(v6[2]) } : { name: v6[1] as string };
  const m = /^([^:]+):(\d+)$/.exec(entry);
  if (m) return { name: m[1] as string, entryPort: Number(m[2]) };
  return { name: entry };
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!base || !Number.isInteger(bits)) return false;
  const type = net.isIPv4(base) ? 'ipv4' : net.isIPv6(base) ? 'ipv6' : undefined;
  if (!type || net.isIP(host) === 0) return false;
  const list = new net.BlockList();
  try {
    list.addSubnet(base, bits, type);
    return list.check(host, net.isIPv4(host) ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
