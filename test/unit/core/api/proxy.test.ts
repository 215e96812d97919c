import assert from 'node:assert/strict';
import http from 'node:http';
import { anonymousAuthenticator } from '../../../../extension/core/api/credentials';
import { PlatformError } from '../../../../extension/core/api/errors';
import { HttpClient } from '../../../../extension/core/api/http';
import { isLoopbackHost, matchesNoProxy, openTunnel, proxyFor, proxySettingsFromEnv } from '../../../../extension/core/api/proxy';
import { type CountingProxy as TestProxy, selfSignedCert, startCountingProxy as startProxy } from '../../../helpers/countingProxy';
import { type Fixture, json, startFixture } from './fixtureServer';

/** The cloud host name the tests use; only the proxy ever "resolves" it, to 127.0.0.1. */
const cloudHost = 'modelarts.proxy.test';

describe('core/api/proxy', () => {
  describe('settings and NO_PROXY', () => {
    it('reads the environment, lower case winning', () => {
      assert.deepEqual(
        proxySettingsFromEnv({ HTTPS_PROXY: 'http://up:1', https_proxy: 'http://low:2', HTTP_PROXY: 'http://h:3', NO_PROXY: '.corp' }),
        { httpsProxy: 'http://low:2', httpProxy: 'http://h:3', noProxy: '.corp' },
      );
      assert.deepEqual(proxySettingsFromEnv({}), {});
    });

    it('matches hosts, domain suffixes, ports, CIDRs and *', () => {
      const list = 'internal.example, .corp.example  *.svc.example,api.example:8443,10.0.0.0/8,[fd00::1]';
      assert.ok(matchesNoProxy('internal.example', 443, list));
      assert.ok(matchesNoProxy('a.internal.example', 443, list));
      assert.ok(!matchesNoProxy('notinternal.example', 443, list));
      assert.ok(matchesNoProxy('corp.example', 443, list));
      assert.ok(matchesNoProxy('x.y.corp.example', 443, list));
      assert.ok(matchesNoProxy('a.svc.example', 443, list));
      assert.ok(matchesNoProxy('api.example', 8443, list));
      assert.ok(!matchesNoProxy('api.example', 443, list));
      assert.ok(matchesNoProxy('10.1.2.3', 443, list));
      assert.ok(!matchesNoProxy('11.1.2.3', 443, list));
      assert.ok(matchesNoProxy('[fd00::1]', 443, list));
      assert.ok(matchesNoProxy('INTERNAL.EXAMPLE.', 443, list));
      assert.ok(matchesNoProxy('anything', 1, '*'));
      assert.ok(!matchesNoProxy('anything', 1, ''));
      assert.ok(!matchesNoProxy('anything', 1, undefined));
    });

    it('never proxies loopback; picks the proxy by scheme', () => {
      for (const h of ['localhost', 'a.localhost', '127.0.0.1', '127.9.9.9', '[::1]', '::ffff:127.0.0.1']) assert.ok(isLoopbackHost(h), h);
      assert.ok(!isLoopbackHost('128.0.0.1'));
      const s = { httpsProxy: 'proxy.corp:3128', httpProxy: 'http://hp:80', noProxy: 'obs.example' };
      assert.equal(proxyFor(new URL('http://127.0.0.1:9/x'), s), undefined);
      assert.equal(proxyFor(new URL('https://localhost/x'), s), undefined);
      assert.equal(proxyFor(new URL('https://obs.example/x'), s), undefined);
      assert.equal(proxyFor(new URL('https://modelarts.example/x'), s)?.href, 'http://proxy.corp:3128/');
      assert.equal(proxyFor(new URL('http://modelarts.example/x'), s)?.href, 'http://hp/');
      assert.equal(proxyFor(new URL('https://m.example/'), { httpProxy: 'http://hp:81' })?.href, 'http://hp:81/');
      assert.throws(() => proxyFor(new URL('https://m.example/'), { httpsProxy: 'socks5://p:1' }), /Unsupported proxy scheme/);
    });
  });

  describe('through a loopback proxy', () => {
    let proxy: TestProxy | undefined;
    let target: Fixture | undefined;
    let client: HttpClient | undefined;
    afterEach(async () => {
      client?.close();
      client = undefined;
      await proxy?.close();
      await target?.close();
      proxy = undefined;
      target = undefined;
    });

    it('https target: CONNECT tunnel, TLS checked against the target name, not the proxy', async function () {
      const tls = selfSignedCert(cloudHost);
      if (!tls) return this.skip(); // no openssl: the http-target tests below still cover the tunnel and forwarding
      target = await startFixture((req, res) => json(res, 200, { host: req.headers.host, url: req.url }), tls);
      proxy = await startProxy({ requireAuth: `Basic ${Buffer.from('u:p w').toString('base64')}` });
      const proxyUrl = proxy.url.replace('http://', 'http://u:p%20w@');
      const c = new HttpClient({
        endpoint: `https://${cloudHost}:${target.port}`,
        authenticator: anonymousAuthenticator,
        proxy: { httpsProxy: proxyUrl },
        tls: { ca: tls.cert },
      });
      client = c;
      for (let i = 0; i < 2; i++) {
        const res = await c.request<{ host: string; url: string }>({ method: 'GET', path: '/v1/p/workspaces' });
        assert.deepEqual(res.body, { host: `${cloudHost}:${target.port}`, url: '/v1/p/workspaces' });
      }
      // Two calls, one tunnel: the tunnelled TLS connection is kept alive and reused.
      assert.deepEqual(proxy.connects, [`${cloudHost}:${target.port}`]);
    });

    it('a proxy that refuses CONNECT (407) is a network error naming the proxy', async () => {
      proxy = await startProxy({ requireAuth: 'Basic nope' });
      client = new HttpClient({
        endpoint: `https://${cloudHost}:1`,
        authenticator: anonymousAuthenticator,
        proxy: { httpsProxy: proxy.url },
        retry: { maxAttempts: 1 },
      });
      const err = await client.request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
      assert.ok(err instanceof PlatformError, String(err));
      assert.equal(err.kind, 'network');
      assert.equal(err.errorCode, 'EPROXY');
      assert.match(err.errorMsg, /407/);
    });

    it('openTunnel: a raw CONNECT tunnel that carries plain HTTP to the target', async () => {
      target = await startFixture((req, res) => json(res, 200, { host: req.headers.host }));
      proxy = await startProxy();
      const socket = await openTunnel(new URL(proxy.url), cloudHost, target.port);
      const body = await new Promise<string>((resolve, reject) => {
        const req = http.request(
          {
            createConnection: () => socket,
            host: cloudHost,
            port: target?.port,
            path: '/t',
            headers: { Host: `${cloudHost}:${target?.port}` },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end();
      });
      assert.deepEqual(JSON.parse(body), { host: `${cloudHost}:${target.port}` });
      assert.deepEqual(proxy.connects, [`${cloudHost}:${target.port}`]);
    });

    it('http target: absolute-form forward request, the signed origin path arrives unchanged', async () => {
      target = await startFixture((req, res) => json(res, 200, { host: req.headers.host, url: req.url }));
      proxy = await startProxy();
      client = new HttpClient({
        endpoint: `http://${cloudHost}:${target.port}`,
        authenticator: anonymousAuthenticator,
        projectId: 'p1',
        proxy: { httpProxy: proxy.url },
      });
      const res = await client.request<{ host: string; url: string }>({
        method: 'GET',
        path: '/v1/{project_id}/images',
        query: { q: 'a b' },
      });
      assert.deepEqual(res.body, { host: `${cloudHost}:${target.port}`, url: '/v1/p1/images?q=a%20b' });
      assert.deepEqual(proxy.forwards, [`http://${cloudHost}:${target.port}/v1/p1/images?q=a%20b`]);
    });

    it('honours HTTPS_PROXY/HTTP_PROXY and NO_PROXY from the environment; loopback endpoints bypass the proxy', async () => {
      target = await startFixture((_req, res) => json(res, 200, {}));
      proxy = await startProxy();
      const saved = { ...process.env };
      try {
        process.env.HTTP_PROXY = proxy.url;
        process.env.NO_PROXY = 'skip.proxy.test';
        delete process.env.http_proxy;
        delete process.env.no_proxy;
        const viaProxy = new HttpClient({ endpoint: `http://${cloudHost}:${target.port}`, authenticator: anonymousAuthenticator });
        const direct = new HttpClient({ endpoint: target.url, authenticator: anonymousAuthenticator });
        try {
          await viaProxy.request({ method: 'GET', path: '/a' });
          await direct.request({ method: 'GET', path: '/b' });
        } finally {
          viaProxy.close();
          direct.close();
        }
        assert.equal(proxy.forwards.length, 1);
        assert.equal(target.requests.length, 2);
        assert.equal(proxyFor(new URL('http://skip.proxy.test/'), proxySettingsFromEnv()), undefined);
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
        Object.assign(process.env, saved);
      }
    });
  });
});
