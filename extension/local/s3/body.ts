import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { decodeAwsChunked } from './chunked';
import { type Checksummer, createChecksummer, isChecksumAlgorithm } from './checksums';
import { S3Error } from './errors';
import type { AuthContext } from './sigv4';

/**
 * Reads a request body once, streaming, and checks everything the request claims about it:
 * the signed payload hash (or the aws-chunked chunk signatures), Content-MD5, any
 * x-amz-checksum-* header or trailer, the declared length, and the size limit. The bytes go to
 * a sink (a temp file for objects) as they arrive; the caller commits only if this resolves.
 */
export interface BodyDigest {
  size: number;
  md5Hex: string;
  sha256Hex: string;
  /** Verified flexible checksums, base64 by algorithm. */
  checksums: Record<string, string>;
}

const SIGNED_CHUNKED = new Set(['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER']);
const UNSIGNED_CHUNKED = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

function lengthHeader(req: IncomingMessage, name: string): number | undefined {
  const text = header(req, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) throw new S3Error('InvalidArgument', `${name} is not a valid length.`);
  return n;
}

export async function consumeBody(
  req: IncomingMessage,
  auth: AuthContext,
  maxBytes: number,
  sink: (data: Buffer) => Promise<void> | void,
): Promise<BodyDigest> {
  const mode = auth.payloadHash;
  const chunked = SIGNED_CHUNKED.has(mode) || mode === UNSIGNED_CHUNKED;
  const hexHash = /^[0-9a-fA-F]{64}$/.test(mode) ? mode.toLowerCase() : undefined;
  if (!chunked && !hexHash && mode !== 'UNSIGNED-PAYLOAD') {
    throw new S3Error('InvalidArgument', `x-amz-content-sha256 '${mode}' is not supported.`);
  }

  const contentLength = lengthHeader(req, 'content-length');
  const decodedLength = lengthHeader(req, 'x-amz-decoded-content-length');
  if (chunked && decodedLength === undefined)
    throw new S3Error('MissingContentLength', 'aws-chunked bodies need x-amz-decoded-content-length.');
  const expected = chunked ? decodedLength : contentLength;
  if (expected !== undefined && expected > maxBytes)
    throw new S3Error('EntityTooLarge', `Your proposed upload exceeds the maximum allowed size (${maxBytes} bytes).`);

  // Checksums to verify: one announced in a header, and/or ones announced as trailers.
  const summers = new Map<string, Checksummer>();
  const claimed = new Map<string, string | undefined>();
  const want = (name: string, value: string | undefined): void => {
    const alg = name.slice('x-amz-checksum-'.length);
    if (!isChecksumAlgorithm(alg)) throw new S3Error('InvalidRequest', `Checksum ${name} is not supported, so it cannot be verified.`);
    if (!summers.has(alg)) summers.set(alg, createChecksummer(alg));
    claimed.set(alg, value);
  };
  for (const [name, value] of Object.entries(req.headers)) {
    if (
      name.startsWith('x-amz-checksum-') &&
      name !== 'x-amz-checksum-type' &&
      name !== 'x-amz-checksum-algorithm' &&
      name !== 'x-amz-checksum-mode'
    )
      want(name, String(value));
  }
  const trailerNames = (header(req, 'x-amz-trailer') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (trailerNames.length > 0 && !chunked) throw new S3Error('InvalidRequest', 'x-amz-trailer needs an aws-chunked body.');
  for (const name of trailerNames) {
    if (name.startsWith('x-amz-checksum-')) want(name, undefined);
  }
  const contentMd5 = header(req, 'content-md5');
  if (contentMd5 !== undefined && !/^[A-Za-z0-9+/]{22}==$/.test(contentMd5))
    throw new S3Error('InvalidDigest', 'The Content-MD5 you specified is not valid.');

  const md5 = createHash('md5');
  const sha = createHash('sha256');
  const trailers = new Map<string, string>();
  const source: AsyncIterable<Buffer> = chunked
    ? decodeAwsChunked(req, { auth: SIGNED_CHUNKED.has(mode) ? auth : undefined, trailers })
    : req;
  let size = 0;
  for await (const piece of source) {
    size += piece.length;
    if (size > maxBytes) throw new S3Error('EntityTooLarge', `Your upload exceeds the maximum allowed size (${maxBytes} bytes).`);
    md5.update(piece);
    sha.update(piece);
    for (const s of summers.values()) s.update(piece);
    await sink(piece);
  }
  if (expected !== undefined && size !== expected) {
    throw new S3Error('IncompleteBody', `You did not provide the number of bytes specified (${size} of ${expected}).`);
  }

  const md5Hex = md5.digest('hex');
  const sha256Hex = sha.digest('hex');
  if (hexHash !== undefined && hexHash !== sha256Hex) {
    throw new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  if (contentMd5 !== undefined && Buffer.from(contentMd5, 'base64').toString('hex') !== md5Hex) {
    throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
  const checksums: Record<string, string> = {};
  for (const [alg, summer] of summers) {
    const value = claimed.get(alg) ?? trailers.get(`x-amz-checksum-${alg}`);
    if (value === undefined) throw new S3Error('InvalidRequest', `The trailer x-amz-checksum-${alg} was announced but not sent.`);
    const actual = summer.digest();
    if (value !== actual) throw new S3Error('BadDigest', `The ${alg.toUpperCase()} you specified did not match the calculated checksum.`);
    checksums[alg] = actual;
  }
  return { size, md5Hex, sha256Hex, checksums };
}

/** A small body (an XML request document), fully verified, as a string. */
export async function readSmallBody(req: IncomingMessage, auth: AuthContext, limit = 2 * 1024 * 1024): Promise<string> {
  const parts: Buffer[] = [];
  await consumeBody(req, auth, limit, (d) => void parts.push(d));
  return Buffer.concat(parts).toString('utf8');
}
