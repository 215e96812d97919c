import assert from 'node:assert/strict';
import { ProxySettingError, effectiveProxySettings } from '../../../../extension/core/api/editorProxy';
import { proxyFor } from '../../../../extension/core/api/proxy';

/** VS Code's http.proxy / http.noProxy / http.proxyStrictSSL over the environment. */
describe('core/api/editorProxy', () => {
  const env = { HTTPS_PROXY: 'http://env-s:1', HTTP_PROXY: 'http://env-h:2', NO_PROXY: '.env.example' };

  it('with no editor setting the environment decides', () => {
    assert.deepEqual(effectiveProxySettings({}, env), {
      httpsProxy: 'http://env-s:1',
      httpProxy: 'http://env-h:2',
      noProxy: '.env.example',
    });
    assert.deepEqual(effectiveProxySettings({ proxy: '  ', noProxy: [] }, env), {
      httpsProxy: 'http://env-s:1',
      httpProxy: 'http://env-h:2',
      noProxy: '.env.example',
    });
    assert.deepEqual(effectiveProxySettings({}, {}), {});
  });

  it('http.proxy wins over HTTPS_PROXY and HTTP_PROXY, for both schemes', () => {
    const s = effectiveProxySettings({ proxy: 'http://editor:3128' }, env);
    assert.equal(s.httpsProxy, 'http://editor:3128');
    assert.equal(s.httpProxy, 'http://editor:3128');
    assert.equal(s.noProxy, '.env.example', 'NO_PROXY still applies when http.noProxy is empty');
    assert.equal(proxyFor(new URL('https://obs.cn-north-4.example/'), s)?.host, 'editor:3128');
    assert.equal(proxyFor(new URL('http://obs.cn-north-4.example/'), s)?.host, 'editor:3128');
    // Without a scheme, as curl takes it.
    assert.equal(
      proxyFor(new URL('https://m.example/'), effectiveProxySettings({ proxy: 'proxy.corp:8080' }, {}))?.href,
      'http://proxy.corp:8080/',
    );
  });

  it('a non-empty http.noProxy replaces NO_PROXY; loopback is never proxied either way', () => {
    const s = effectiveProxySettings(
      { proxy: 'http://editor:3128', noProxy: ['internal.example', ' .corp.example ', '10.0.0.0/8', ''] },
      env,
    );
    assert.equal(s.noProxy, 'internal.example,.corp.example,10.0.0.0/8');
    assert.equal(proxyFor(new URL('https://api.internal.example/'), s), undefined);
    assert.equal(proxyFor(new URL('https://obs.corp.example/'), s), undefined);
    assert.equal(proxyFor(new URL('https://10.1.2.3/'), s), undefined);
    assert.equal(proxyFor(new URL('https://www.env.example/'), s)?.host, 'editor:3128', 'NO_PROXY no longer applies');
    assert.equal(proxyFor(new URL('http://127.0.0.1:9000/'), s), undefined);
    assert.equal(proxyFor(new URL('http://localhost:9000/'), s), undefined);
    // http.noProxy alone (no http.proxy) exempts hosts from the environment's proxy.
    const envProxy = effectiveProxySettings({ noProxy: ['obs.example'] }, env);
    assert.equal(proxyFor(new URL('https://bucket.obs.example/'), envProxy), undefined);
    assert.equal(proxyFor(new URL('https://modelarts.example/'), envProxy)?.host, 'env-s:1');
  });

  it('only http.proxyStrictSSL false turns certificate checks off', () => {
    assert.equal(effectiveProxySettings({ proxy: 'http://p:1', strictSSL: false }, {}).strictSSL, false);
    assert.equal('strictSSL' in effectiveProxySettings({ proxy: 'http://p:1', strictSSL: true }, {}), false);
    assert.equal('strictSSL' in effectiveProxySettings({ proxy: 'http://p:1' }, {}), false);
  });

  it('refuses an http.proxy that is not an http(s) URL and noProxy entries that hold lists, naming the setting', () => {
    for (const proxy of ['socks5://p:1080', 'http://', 'ftp://p']) {
      assert.throws(
        () => effectiveProxySettings({ proxy }, env),
        (err: unknown) => err instanceof ProxySettingError && err.setting === 'http.proxy',
        proxy,
      );
    }
    assert.throws(
      () => effectiveProxySettings({ noProxy: ['a.example, b.example'] }, env),
      (err: unknown) => err instanceof ProxySettingError && err.setting === 'http.noProxy',
    );
  });
});
