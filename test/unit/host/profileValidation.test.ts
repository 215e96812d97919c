import assert from 'node:assert/strict';
import {
  accessKeyProblem,
  endpointProblem,
  profileNameProblem,
  projectIdProblem,
  regionProblem,
  secretKeyProblem,
} from '../../../extension/host/flows/profileValidation';
import { cloudConnectionConfig } from '../../../extension/core/config/cloudConnection';

const t = (m: string, ...args: unknown[]) => m.replace(/\{(\d)\}/g, (_, i: string) => String(args[Number(i)]));

describe('host/flows: Add Cloud Profile validation', () => {
  it('profile names: the settings schema rule, unique, and never "local"', () => {
    assert.equal(profileNameProblem('work.cn-north_4', [], t), undefined);
    assert.match(profileNameProblem('', [], t) ?? '', /Enter a name/);
    assert.match(profileNameProblem('-x', [], t) ?? '', /Start with a letter/);
    assert.match(profileNameProblem('a b', [], t) ?? '', /Start with a letter/);
    assert.match(profileNameProblem('x'.repeat(65), [], t) ?? '', /63/);
    assert.match(profileNameProblem('Local', [], t) ?? '', /reserved/);
    assert.match(profileNameProblem('work', ['work'], t) ?? '', /work already exists/);
  });

  it('access keys: letters and digits, no spaces', () => {
    assert.equal(accessKeyProblem('HPUAL5XWZOVKQMJSDXOE', t), undefined);
    assert.match(accessKeyProblem('', t) ?? '', /Enter the access key/);
    assert.match(accessKeyProblem('HPUAL5XWZ OVKQMJSDXOE', t) ?? '', /no spaces/);
    assert.match(accessKeyProblem('short', t) ?? '', /letters and digits/);
  });

  it('secret keys: present, no whitespace (a pasted newline), 8 to 256 characters', () => {
    assert.equal(secretKeyProblem('a'.repeat(40), t), undefined);
    assert.match(secretKeyProblem('', t) ?? '', /Enter the secret/);
    assert.match(secretKeyProblem(`${'a'.repeat(40)}\n`, t) ?? '', /no spaces/);
    assert.match(secretKeyProblem('short', t) ?? '', /8 to 256/);
  });

  it('project ids are optional; when given, a plain token', () => {
    assert.equal(projectIdProblem('', t), undefined);
    assert.equal(projectIdProblem('0a1b2c3d4e5f60718293a4b5c6d7e8f9', t), undefined);
    assert.match(projectIdProblem('../x', t) ?? '', /letters, digits/);
  });

  it('regions: host-name safe ids', () => {
    assert.equal(regionProblem('cn-north-4', t), undefined);
    assert.match(regionProblem('', t) ?? '', /Enter a region/);
    assert.match(regionProblem('CN North', t) ?? '', /lower-case/);
  });

  it('endpoints: optional http(s) origins with no path and no credentials', () => {
    assert.equal(endpointProblem('', t), undefined);
    assert.equal(endpointProblem('https://modelarts.cn-north-4.myhuaweicloud.com', t), undefined);
    assert.equal(endpointProblem('http://127.0.0.1:8443/', t), undefined);
    assert.match(endpointProblem('modelarts.example.com', t) ?? '', /Enter a URL/);
    assert.match(endpointProblem('ftp://x.example.com', t) ?? '', /https/);
    assert.match(endpointProblem('https://user:pw@x.example.com', t) ?? '', /credentials/);
    assert.match(endpointProblem('https://x.example.com/v1', t) ?? '', /no path/);
  });
});

describe('core/config: cloudConnectionConfig', () => {
  const keys = { ak: 'AK0123456789', sk: 'SK0123456789' };

  it('uses the region’s own OBS endpoint with virtual-host buckets by default', () => {
    const { platform, storage } = cloudConnectionConfig({ region: 'cn-north-4' }, keys);
    assert.equal(platform.region, 'cn-north-4');
    assert.deepEqual(platform.endpoints, {});
    assert.equal(platform.projectId, undefined);
    assert.equal(storage.endpoint, 'https://obs.cn-north-4.myhuaweicloud.com');
    assert.equal(storage.addressing, 'virtual-host');
  });

  it('passes endpoint overrides and project id; an IP or localhost OBS endpoint uses path-style buckets', () => {
    const { platform, storage } = cloudConnectionConfig(
      {
        region: 'cn-north-4',
        projectId: 'p1',
        modelartsEndpoint: 'https://ma.example.com',
        obsEndpoint: 'http://127.0.0.1:9000',
        iamEndpoint: 'https://iam.example.com',
      },
      keys,
    );
    assert.deepEqual(platform.endpoints, {
      modelarts: 'https://ma.example.com',
      obs: 'http://127.0.0.1:9000',
      iam: 'https://iam.example.com',
    });
    assert.equal(platform.projectId, 'p1');
    assert.equal(storage.addressing, 'path');
    assert.equal(
      cloudConnectionConfig({ region: 'cn-north-4', obsEndpoint: 'https://obs.private.example.com' }, keys).storage.addressing,
      'virtual-host',
    );
  });
});
