import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import {
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  emptyBodySha256,
  parseAuthorization,
  parseSdkDate,
  sdkDate,
  signRequest,
  signedHeaderNames,
} from '../../../../extension/core/api/signer';

/** Expected values below are written out by hand from the algorithm's steps, not computed by the signer. */
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string, s: string) => createHmac('sha256', key).update(s).digest('hex');

describe('core/api/signer (SDK-HMAC-SHA256)', () => {
  it('canonical URI: segments re-encoded per RFC 3986, trailing slash added for signing only', () => {
    assert.equal(canonicalUri('/v1/abc/notebooks'), '/v1/abc/notebooks/');
    assert.equal(canonicalUri('/v1/abc/notebooks/'), '/v1/abc/notebooks/');
    assert.equal(canonicalUri('/a b/c%20d/é'), '/a%20b/c%20d/%C3%A9/');
    assert.equal(canonicalUri("/x!'()*"), '/x%21%27%28%29%2A/');
    assert.equal(canonicalUri('/'), '/');
  });

  it('canonical query: sorted keys, repeated keys sorted by value, reserved and non-ASCII encoded', () => {
    const query: [string, string][] = [
      ['limit', '10'],
      ['name', 'a b/c+d=é'],
      ['status', 'RUNNING'],
      ['status', 'CREATING'],
      ['a', ''],
    ];
    assert.equal(canonicalQueryString(query), 'a=&limit=10&name=a%20b%2Fc%2Bd%3D%C3%A9&status=CREATING&status=RUNNING');
    assert.equal(canonicalQueryString([]), '');
  });

  it('leaves headers with an underscore out of SignedHeaders, lower-cased and sorted', () => {
    assert.deepEqual(signedHeaderNames({ 'X-Sdk-Date': 'd', Host: 'h', X_Custom_Thing: 'v', 'Content-Type': 'application/json' }), [
      'content-type',
      'host',
      'x-sdk-date',
    ]);
  });

  it('GET: canonical request and signature match the hand-built ones', () => {
    const headers = { Host: 'modelarts.cn-north-4.myhuaweicloud.com', 'X-Sdk-Date': '20240326T030801Z', 'X-Project-Id': 'p1' };
    const names = signedHeaderNames(headers);
    const expectedCanonical = [
      'GET',
      '/v1/p1/workspaces/',
      'limit=5&name=a%20b',
      'host:modelarts.cn-north-4.myhuaweicloud.com\nx-project-id:p1\nx-sdk-date:20240326T030801Z\n',
      'host;x-project-id;x-sdk-date',
      emptyBodySha256,
    ].join('\n');
    const req = {
      method: 'GET',
      path: '/v1/p1/workspaces',
      query: [
        ['name', 'a b'],
        ['limit', '5'],
      ] as [string, string][],
      headers,
      body: '',
    };
    assert.equal(canonicalRequest(req, names), expectedCanonical);
    const signed = signRequest(req, { ak: 'AKEXAMPLE', sk: 'SKEXAMPLE' });
    const expectedSig = hmac('SKEXAMPLE', `SDK-HMAC-SHA256\n20240326T030801Z\n${sha256(expectedCanonical)}`);
    assert.equal(
      signed.Authorization,
      `SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-project-id;x-sdk-date, Signature=${expectedSig}`,
    );
  });

  it('POST with a JSON body hashes exactly the bytes sent', () => {
    const body = '{"name":"nb-1","flavor":"modelarts.vm.cpu.2u"}';
    const headers = { Host: '127.0.0.1:8080', 'Content-Type': 'application/json', 'X-Sdk-Date': '20261128T120000Z' };
    const canonical = canonicalRequest({ method: 'POST', path: '/v1/p/notebooks', query: [], headers, body }, signedHeaderNames(headers));
    assert.ok(canonical.endsWith(`\ncontent-type;host;x-sdk-date\n${sha256(body)}`));
    assert.ok(canonical.startsWith('POST\n/v1/p/notebooks/\n\ncontent-type:application/json\nhost:127.0.0.1:8080\n'));
  });

  it('UNSIGNED-PAYLOAD when the request says so', () => {
    const headers = { Host: 'h', 'X-Sdk-Date': '20261128T120000Z', 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' };
    assert.ok(
      canonicalRequest({ method: 'PUT', path: '/x', query: [], headers, body: 'whatever' }, signedHeaderNames(headers)).endsWith(
        '\nUNSIGNED-PAYLOAD',
      ),
    );
  });

  it('adds X-Sdk-Date when absent, in basic ISO 8601 UTC', () => {
    const signed = signRequest(
      { method: 'GET', path: '/', query: [], headers: { Host: 'h' }, body: '' },
      { ak: 'a', sk: 's' },
      new Date(Date.UTC(2026, 10, 28, 9, 5, 7)),
    );
    assert.equal(signed['X-Sdk-Date'], '20261128T090507Z');
    assert.equal(sdkDate(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))), '20260102T030405Z');
    assert.equal(parseSdkDate('20261128T090507Z')?.getTime(), Date.UTC(2026, 10, 28, 9, 5, 7));
    assert.equal(parseSdkDate('20261332T000000Z'), undefined);
    assert.equal(parseSdkDate('2026-11-28'), undefined);
  });

  it('parses Authorization headers and refuses malformed ones', () => {
    const sig = 'a'.repeat(64);
    assert.deepEqual(parseAuthorization(`SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=${sig}`), {
      access: 'AK',
      signedHeaders: ['host', 'x-sdk-date'],
      signature: sig,
    });
    assert.equal(parseAuthorization(`AWS4-HMAC-SHA256 Credential=x, SignedHeaders=host, Signature=${sig}`), undefined);
    assert.equal(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host'), undefined);
    assert.equal(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=zz'), undefined);
  });
});
