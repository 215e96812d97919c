import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { canonicalRequest, parseAuthorization, parseSdkDate, signature, stringToSign } from '../../core/api/signer';
import { Errors } from './apiError';

/** The largest clock difference the gateway accepts between X-Sdk-Date and its own clock. */
export const maxClockSkewMs = 15 * 60 * 1000;

export interface RawRequest {
  readonly method: string;
  /** The path exactly as it came on the wire, still percent-encoded, without the query. */
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Verifies an `SDK-HMAC-SHA256` signature as the API gateway does, and remembers the signatures of
 * state-changing requests for the skew window, so a captured POST/PUT/PATCH/DELETE cannot be
 * replayed. (GETs are not tracked: identical polls within one second legitimately repeat.)
 */
export class SignatureChecker {
  private readonly seen = new Map<string, number>();

  constructor(private readonly credentials: { readonly ak: string; readonly sk: string }) {}

  verify(req: RawRequest, now = Date.now()): void {
    const header = headerValue(req.headers, 'authorization');
    if (!header) throw Errors.unauthorized('the request is not signed (no Authorization header).');
    const auth = parseAuthorization(header);
    if (!auth) throw Errors.unauthorized('the Authorization header is not SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=….');
    if (auth.access !== this.credentials.ak) throw Errors.unauthorized(`ak ${auth.access} not exist.`);
    const date = headerValue(req.headers, 'x-sdk-date');
    const when = date ? parseSdkDate(date) : undefined;
    if (!date || !when) throw Errors.unauthorized('X-Sdk-Date is missing or not YYYYMMDDTHHMMSSZ.');
    if (Math.abs(now - when.getTime()) > maxClockSkewMs) {
      throw Errors.unauthorized(`X-Sdk-Date ${date} is more than 15 minutes from the server clock; check this computer's clock.`);
    }
    if (!auth.signedHeaders.includes('x-sdk-date')) throw Errors.unauthorized('X-Sdk-Date must be signed.');
    const headers: Record<string, string> = {};
    for (const name of auth.signedHeaders) {
      const value = headerValue(req.headers, name);
      if (value === undefined) throw Errors.unauthorized(`signed header ${name} is not in the request.`);
      headers[name] = value;
    }
    const canonical = canonicalRequest(
      { method: req.method, path: req.rawPath, query: parseQuery(req.rawQuery), headers, body: req.body },
      auth.signedHeaders,
    );
    const expected = Buffer.from(signature(this.credentials.sk, stringToSign(date, canonical)), 'hex');
    const given = Buffer.from(auth.signature, 'hex');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw Errors.unauthorized('verify aksk signature fail.');
    if (req.method !== 'GET' && req.method !== 'HEAD') this.rejectReplay(auth.signature, now);
  }

  private rejectReplay(sig: string, now: number): void {
    for (const [key, at] of this.seen) {
      if (now - at <= 2 * maxClockSkewMs) break;
      this.seen.delete(key);
    }
    if (this.seen.has(sig)) throw Errors.unauthorized('this signed request was already used (replay).');
    this.seen.set(sig, now);
  }
}

/** Splits a raw query into decoded pairs; `+` stays a plus, as the signer encodes spaces as %20. */
export function parseQuery(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      return [safeDecode(key), safeDecode(value)];
    });
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
