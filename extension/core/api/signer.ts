import { createHash, createHmac } from 'node:crypto';

/**
 * Huawei Cloud API Gateway signing, algorithm `SDK-HMAC-SHA256`: the signature every ModelArts
 * endpoint checks, and the one the local daemon verifies. Like AWS SigV4 without credential scope
 * or key derivation: the SK itself is the HMAC key.
 */
export const signingAlgorithm = 'SDK-HMAC-SHA256';

/** The SHA-256 of an empty body, which GET and DELETE requests sign. */
export const emptyBodySha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** What a signature covers. Header names in any case; query values already decoded. */
export interface SignableRequest {
  readonly method: string;
  /** The path as sent on the wire (percent-encoded or not), without the query string. */
  readonly path: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly headers: Readonly<Record<string, string>>;
  /** Exactly the body bytes sent; hashing anything else is the classic signing bug. */
  readonly body: Uint8Array | string;
}

/** RFC 3986 percent-encoding: keeps A-Z a-z 0-9 - _ . ~ and encodes everything else, `!'()*` included. */
export function rfc3986Encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Each segment decoded then re-encoded, and always a trailing slash (signature only, not the wire). */
export function canonicalUri(path: string): string {
  const segments = path.split('/').map((segment) => rfc3986Encode(safeDecode(segment)));
  const joined = segments.join('/');
  return joined.endsWith('/') ? joined : `${joined}/`;
}

/** Sorted by key, then by value for repeated keys; key and value encoded separately. */
export function canonicalQueryString(query: ReadonlyArray<readonly [string, string]>): string {
  return query
    .map(([k, v]) => [rfc3986Encode(k), rfc3986Encode(v)] as const)
    .sort(([ka, va], [kb, vb]) => (ka === kb ? compare(va, vb) : compare(ka, kb)))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * The headers a signature covers: all of them, lower-cased and sorted, except names with an
 * underscore, which the gateway drops (many proxies do too).
 */
export function signedHeaderNames(headers: Readonly<Record<string, string>>): string[] {
  return [...new Set(Object.keys(headers).map((h) => h.toLowerCase()))].filter((h) => !h.includes('_')).sort(compare);
}

/** The six-part canonical request, and the header list it signed. */
export function canonicalRequest(req: SignableRequest, signedHeaders: readonly string[]): string {
  const lower = lowerCaseHeaders(req.headers);
  const headerLines = signedHeaders.map((h) => `${h}:${(lower[h] ?? '').trim()}\n`).join('');
  const payloadHash = lower['x-sdk-content-sha256'] === 'UNSIGNED-PAYLOAD' ? 'UNSIGNED-PAYLOAD' : sha256Hex(req.body);
  return [
    req.method.toUpperCase(),
    canonicalUri(req.path),
    canonicalQueryString(req.query),
    headerLines,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

/** `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex sha256 of the canonical request>` */
export function stringToSign(sdkDate: string, canonical: string): string {
  return `${signingAlgorithm}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

/** Hex HMAC-SHA256 of the string to sign, keyed by the SK's UTF-8 bytes. */
export function signature(secretKey: string, toSign: string): string {
  return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(toSign, 'utf8').digest('hex');
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function sdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Parses an X-Sdk-Date value; undefined when it is not `YYYYMMDDTHHMMSSZ`. */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : undefined;
}

/**
 * Signs a request: adds X-Sdk-Date (unless present) and Authorization, and returns the headers to
 * send. `headers` must already hold Host and everything else that goes on the wire.
 */
export function signRequest(
  req: SignableRequest,
  credentials: { readonly ak: string; readonly sk: string },
  now = new Date(),
): Record<string, string> {
  const headers: Record<string, string> = { ...req.headers };
  const dateKey = Object.keys(headers).find((h) => h.toLowerCase() === 'x-sdk-date');
  const date = dateKey ? (headers[dateKey] as string) : sdkDate(now);
  if (!dateKey) headers['X-Sdk-Date'] = date;
  const names = signedHeaderNames(headers).filter((h) => h !== 'authorization');
  const sig = signature(credentials.sk, stringToSign(date, canonicalRequest({ ...req, headers }, names)));
  headers.Authorization = `${signingAlgorithm} Access=${credentials.ak}, SignedHeaders=${names.join(';')}, Signature=${sig}`;
  return headers;
}

/** The three fields of an `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` header. */
export interface ParsedAuthorization {
  readonly access: string;
  readonly signedHeaders: string[];
  readonly signature: string;
}

/** Parses the Authorization header; undefined when it is not this algorithm or a field is missing. */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const m = /^SDK-HMAC-SHA256\s+(.*)$/.exec(value.trim());
  if (!m?.[1]) return undefined;
  const fields = new Map<string, string>();
  for (const part of m[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const access = fields.get('Access');
  const signed = fields.get('SignedHeaders');
  const sig = fields.get('Signature');
  if (!access || !signed || !sig || !/^[0-9a-f]{64}$/.test(sig)) return undefined;
  return { access, signedHeaders: signed.split(';').filter(Boolean), signature: sig };
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function lowerCaseHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Code-unit order, as the gateway sorts (not locale order). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
