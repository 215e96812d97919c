import assert from 'node:assert/strict';
import {
  EndpointConfigError,
  cloudEndpoints,
  isKnownRegion,
  knownRegions,
  normalizeEndpoint,
} from '../../../../extension/core/api/regions';

describe('core/api/regions', () => {
  it('lists the SDK regions', () => {
    assert.equal(knownRegions.length, 22);
    assert.ok(isKnownRegion('cn-north-4') && isKnownRegion('ap-southeast-3') && isKnownRegion('cn-north-11'));
    assert.ok(!isKnownRegion('eu-de'));
  });

  it('derives the three endpoints of a known region', () => {
    assert.deepEqual(cloudEndpoints('cn-north-4'), {
      modelarts: 'https://modelarts.cn-north-4.myhuaweicloud.com',
      obs: 'https://obs.cn-north-4.myhuaweicloud.com',
      iam: 'https://iam.cn-north-4.myhuaweicloud.com',
    });
  });

  it('overrides any endpoint, normalising trailing slashes', () => {
    const e = cloudEndpoints('cn-north-4', { obs: 'https://obs.internal.example/', iam: 'https://iam.example:8443' });
    assert.equal(e.modelarts, 'https://modelarts.cn-north-4.myhuaweicloud.com');
    assert.equal(e.obs, 'https://obs.internal.example');
    assert.equal(e.iam, 'https://iam.example:8443');
  });

  it('accepts an unknown region only with all endpoints, and says which are missing', () => {
    const local = cloudEndpoints('local', {
      modelarts: 'http://127.0.0.1:4000',
      obs: 'http://127.0.0.1:4001',
      iam: 'http://127.0.0.1:4000',
    });
    assert.equal(local.modelarts, 'http://127.0.0.1:4000');
    assert.throws(
      () => cloudEndpoints('cn-nort-4'),
      (e: unknown) => e instanceof EndpointConfigError && /Unknown region "cn-nort-4".*modelarts, obs, iam/.test(e.message),
    );
    assert.throws(() => cloudEndpoints('eu-de', { modelarts: 'https://m.example' }), /obs, iam/);
  });

  it('rejects endpoints that are not http(s) URLs or carry credentials', () => {
    assert.throws(() => normalizeEndpoint('modelarts.example.com'), /not a URL/);
    assert.throws(() => normalizeEndpoint('ftp://x'), /http or https/);
    assert.throws(() => normalizeEndpoint('https://user:pw@x'), /user name or password/);
    assert.throws(() => normalizeEndpoint('https://x/?a=1'), /query/);
  });
});
