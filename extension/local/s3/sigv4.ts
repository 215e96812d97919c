import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { S3Error } from './errors';

/**
 * AWS Signature Version 4 verification for S3: the Authorization header form and the presigned
 * query-string form, plus the per-chunk and trailer signatures of aws-chunked bodies. The local
 * endpoint verifies exactly what a real S3 endpoint verifies, so a client bug shows up locally.
 *
 * One deliberate leniency: the region in the credential scope is not compared with ours. The
 * secret key is what proves identity; tools such as s3cmd sign with 'us-east-1' until they learn
 * a bucket's location, and forcing them through a redirect dance buys nothing on 127.0.0.1.
 */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface AuthContext {
  /** The x-amz-content-sha256 value (header auth) or 'UNSIGNED-PAYLOAD' (presigned). */
  payloadHash: string;
  signingKey: Buffer;
  scope: string;
  amzDate: string;
  /** The request signature; it seeds the chain of aws-chunked chunk signatures. */
  signature: string;
}

export interface SignableRequest {
  method: string;
  /** Raw request target as received (path + query, still percent-encoded). */
  url: string;
  rawHeaders: readonly string[];
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const MAX_SKEW_MS = 15 * 60 * 1000;
const ALGORITHM = 'AWS4-HMAC-SHA256';

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding as SigV4 wants it: only A-Z a-z 0-9 - . _ ~ stay literal. */
export function uriEncode(text: string, keepSlash = false): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function decodeComponent(text: string, plusIsSpace: boolean): string {
  try {
    return decodeURIComponent(plusIsSpace ? text.replace(/\+/g, ' ') : text);
  } catch {
    throw new S3Error('InvalidURI', 'The request URI has an invalid percent-encoding.');
  }
}

/** Query parameters decoded, in received order (duplicates kept for the canonical query). */
export function parseQuery(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter((p) => p.length > 0)
    .map((p) => {
      const eq = p.indexOf('=');
      const name = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? '' : p.slice(eq + 1);
      return [decodeComponent(name, true), decodeComponent(value, true)];
    });
}

function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/** S3 does not normalise paths (`..` is a legal key segment), it only re-encodes each segment. */
function canonicalUri(rawPath: string): string {
  return rawPath
    .split('/')
    .map((seg) => uriEncode(decodeComponent(seg, false)))
    .join('/');
}

function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function headerValues(rawHeaders: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const list = map.get(name) ?? [];
    list.push((rawHeaders[i + 1] as string).trim().replace(/\s+/g, ' '));
    map.set(name, list);
  }
  return map;
}

function parseAmzDate(text: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map<number>(Number);
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
}

function toAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function signingKeyFor(secret: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

interface ParsedAuth {
  accessKeyId: string;
  day: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDateText: string | undefined;
  presigned: boolean;
  expiresSec?: number;
}

function parseCredential(cred: string, errCode: string): Pick<ParsedAuth, 'accessKeyId' | 'day' | 'region' | 'service'> {
  const parts = cred.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1] ?? '')) {
    throw new S3Error(errCode, `Malformed credential scope '${cred}'.`);
  }
  const [accessKeyId, day, region, service] = parts as [string, string, string, string];
  if (service !== 's3') throw new S3Error(errCode, `Credential scope names service '${service}', expected 's3'.`);
  return { accessKeyId, day, region, service };
}

function parseAuthorization(header: string, headers: Map<string, string[]>): ParsedAuth {
  if (!header.startsWith(`${ALGORITHM} `)) {
    throw new S3Error('InvalidRequest', 'Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported.');
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const cred = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!cred || !signedHeaders || !signature) {
    throw new S3Error('AuthorizationHeaderMalformed', 'The Authorization header needs Credential, SignedHeaders and Signature.');
  }
  const amzDate = headers.get('x-amz-date')?.[0];
  const httpDate = headers.get('date')?.[0];
  return {
    ...parseCredential(cred, 'AuthorizationHeaderMalformed'),
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDateText: amzDate ?? (httpDate && !Number.isNaN(Date.parse(httpDate)) ? toAmzDate(new Date(httpDate)) : undefined),
    presigned: false,
  };
}

function parsePresigned(query: Map<string, string>): ParsedAuth {
  const need = (name: string): string => {
    const v = query.get(name);
    if (v === undefined) throw new S3Error('AuthorizationQueryParametersError', `Query-string authentication requires ${name}.`);
    return v;
  };
  if (need('X-Amz-Algorithm') !== ALGORITHM) {
    throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Algorithm must be AWS4-HMAC-SHA256.');
  }
  const expires = Number(need('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > 604800) {
    throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be between 1 and 604800 seconds.');
  }
  return {
    ...parseCredential(need('X-Amz-Credential'), 'AuthorizationQueryParametersError'),
    signedHeaders: need('X-Amz-SignedHeaders').split(';'),
    signature: need('X-Amz-Signature'),
    amzDateText: need('X-Amz-Date'),
    presigned: true,
    expiresSec: expires,
  };
}

/**
 * Verifies a request's signature (not yet its body: the body is checked as it streams, against
 * the payload hash or chunk signatures this returns). Throws the S3 error a real endpoint would.
 */
export function verifyRequest(req: SignableRequest, creds: Credentials, now = new Date()): AuthContext {
  const { path, query } = splitUrl(req.url);
  const pairs = parseQuery(query);
  const queryMap = new Map(pairs);
  const headers = headerValues(req.rawHeaders);
  const authHeader = headers.get('authorization')?.[0];
  let auth: ParsedAuth;
  if (authHeader !== undefined) auth = parseAuthorization(authHeader, headers);
  else if (queryMap.has('X-Amz-Signature') || queryMap.has('X-Amz-Algorithm')) auth = parsePresigned(queryMap);
  else throw new S3Error('AccessDenied', 'Access Denied: the request is not signed.');

  if (auth.accessKeyId !== creds.accessKeyId) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  const when = parseAmzDate(auth.amzDateText);
  if (!when) throw new S3Error('AccessDenied', 'The request has no valid X-Amz-Date or Date.');
  if (toAmzDate(when).slice(0, 8) !== auth.day) {
    throw new S3Error('SignatureDoesNotMatch', 'The credential scope date does not match the request date.');
  }
  const skew = when.getTime() - now.getTime();
  if (auth.presigned) {
    if (skew > MAX_SKEW_MS) throw new S3Error('RequestTimeTooSkewed', 'The presigned URL is dated in the future.');
    if (now.getTime() > when.getTime() + (auth.expiresSec ?? 0) * 1000) throw new S3Error('AccessDenied', 'Request has expired.');
  } else if (Math.abs(skew) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  }

  let payloadHash: string;
  if (auth.presigned) payloadHash = queryMap.get('X-Amz-Content-Sha256') ?? headers.get('x-amz-content-sha256')?.[0] ?? 'UNSIGNED-PAYLOAD';
  else {
    const h = headers.get('x-amz-content-sha256')?.[0];
    if (h === undefined) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256.');
    payloadHash = h;
  }
  if (!auth.signedHeaders.includes('host')) throw new S3Error('AccessDenied', 'The host header must be signed.');

  const canonicalHeaders = auth.signedHeaders.map((name) => `${name}:${(headers.get(name) ?? []).join(',')}\n`).join('');
  const canonicalPairs = auth.presigned ? pairs.filter(([k]) => k !== 'X-Amz-Signature') : pairs;
  const canonicalRequest = [
    req.method,
    canonicalUri(path),
    canonicalQuery(canonicalPairs),
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${auth.day}/${auth.region}/${auth.service}/aws4_request`;
  const amzDate = auth.amzDateText as string;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = signingKeyFor(creds.secretAccessKey, auth.day, auth.region, auth.service);
  const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  if (!sameSignature(expected, auth.signature)) {
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      {},
      { CanonicalRequest: canonicalRequest, StringToSign: stringToSign },
    );
  }
  return { payloadHash, signingKey, scope, amzDate, signature: expected };
}

/** Signature of one aws-chunked chunk, chained from the previous one. */
export function chunkSignature(auth: AuthContext, previous: string, chunkSha256Hex: string): string {
  const sts = ['AWS4-HMAC-SHA256-PAYLOAD', auth.amzDate, auth.scope, previous, EMPTY_SHA256, chunkSha256Hex].join('\n');
  return createHmac('sha256', auth.signingKey).update(sts, 'utf8').digest('hex');
}

/** Signature over the trailing headers of a signed aws-chunked body. */
export function trailerSignature(auth: AuthContext, previous: string, canonicalTrailers: string): string {
  const sts = ['AWS4-HMAC-SHA256-TRAILER', auth.amzDate, auth.scope, previous, sha256Hex(canonicalTrailers)].join('\n');
  return createHmac('sha256', auth.signingKey).update(sts, 'utf8').digest('hex');
}

export function signaturesMatch(expected: string, given: string): boolean {
  return sameSignature(expected, given);
}
