import { createHash } from 'node:crypto';
import { S3Error } from './errors';
import { type AuthContext, chunkSignature, EMPTY_SHA256, signaturesMatch, trailerSignature } from './sigv4';

/**
 * Decoder for `Content-Encoding: aws-chunked` bodies, the framing S3 clients use when they sign
 * a stream chunk by chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) or append checksums
 * after the data (STREAMING-UNSIGNED-PAYLOAD-TRAILER, the default of recent @aws-sdk/client-s3
 * for stream bodies). Chunk data is passed on as it arrives rather than buffered per chunk; the
 * caller writes it to a temp file and only commits once the whole body has verified.
 *
 *   <hex-size>[;chunk-signature=<sig>]\r\n<data>\r\n ... 0[;chunk-signature=<sig>]\r\n
 *   [<trailer-name>:<value>\r\n ...][x-amz-trailer-signature:<sig>\r\n]\r\n
 */
export interface ChunkedOptions {
  /** Present when chunks carry signatures (the STREAMING-AWS4-HMAC-SHA256-* modes). */
  auth?: AuthContext;
  /** Lower-cased trailer header names are written here as they are read. */
  trailers: Map<string, string>;
}

const MAX_LINE = 8 * 1024;

class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;
  constructor(private readonly it: AsyncIterator<Buffer>) {}

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.it.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.buf = this.buf.length > 0 ? Buffer.concat([this.buf, next.value]) : next.value;
    return true;
  }

  /** Next CRLF-terminated line, or undefined at a clean end of stream. */
  async line(): Promise<string | undefined> {
    for (;;) {
      const idx = this.buf.indexOf('\r\n');
      if (idx >= 0) {
        const text = this.buf.subarray(0, idx).toString('latin1');
        this.buf = this.buf.subarray(idx + 2);
        return text;
      }
      if (this.buf.length > MAX_LINE) throw new S3Error('InvalidRequest', 'aws-chunked: line too long.');
      if (!(await this.fill())) {
        if (this.buf.length === 0) return undefined;
        throw new S3Error('IncompleteBody', 'aws-chunked: body ended inside a chunk header.');
      }
    }
  }

  /** Yields exactly n bytes in pieces, without gathering them. */
  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && !(await this.fill())) throw new S3Error('IncompleteBody', 'aws-chunked: body ended inside a chunk.');
      const piece = this.buf.subarray(0, Math.min(left, this.buf.length));
      this.buf = this.buf.subarray(piece.length);
      left -= piece.length;
      yield piece;
    }
  }
}

export async function* decodeAwsChunked(src: AsyncIterable<Buffer>, opts: ChunkedOptions): AsyncGenerator<Buffer> {
  const reader = new ByteReader(src[Symbol.asyncIterator]());
  let previous = opts.auth?.signature ?? '';
  for (;;) {
    const header = await reader.line();
    if (header === undefined) throw new S3Error('IncompleteBody', 'aws-chunked: body ended before the final chunk.');
    const [sizeText = '', ...exts] = header.split(';');
    if (!/^[0-9a-fA-F]{1,15}$/.test(sizeText.trim())) throw new S3Error('InvalidRequest', 'aws-chunked: bad chunk size.');
    const size = parseInt(sizeText.trim(), 16);
    const given = exts
      .map((e) => e.trim())
      .find((e) => e.startsWith('chunk-signature='))
      ?.slice('chunk-signature='.length);
    if (opts.auth && given === undefined) throw new S3Error('SignatureDoesNotMatch', 'aws-chunked: a chunk has no signature.');

    const hash = opts.auth ? createHash('sha256') : undefined;
    for await (const piece of reader.take(size)) {
      hash?.update(piece);
      yield piece;
    }
    if (opts.auth) {
      const expected = chunkSignature(
        opts.auth,
        previous,
        size === 0 ? EMPTY_SHA256 : (hash as ReturnType<typeof createHash>).digest('hex'),
      );
      if (!signaturesMatch(expected, given as string)) {
        throw new S3Error('SignatureDoesNotMatch', 'aws-chunked: a chunk signature does not match its data.');
      }
      previous = expected;
    }
    if (size === 0) break;
    if ((await reader.line()) !== '') throw new S3Error('InvalidRequest', 'aws-chunked: chunk data is not followed by CRLF.');
  }

  // Trailers (possibly none) up to an empty line or the end of the body.
  let canonical = '';
  let trailerSig: string | undefined;
  for (;;) {
    const line = await reader.line();
    if (line === undefined || line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new S3Error('InvalidRequest', 'aws-chunked: malformed trailer.');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') trailerSig = value;
    else {
      opts.trailers.set(name, value);
      canonical += `${name}:${value}\n`;
    }
  }
  if (opts.auth && opts.auth.payloadHash.endsWith('-TRAILER')) {
    if (trailerSig === undefined || !signaturesMatch(trailerSignature(opts.auth, previous, canonical), trailerSig)) {
      throw new S3Error('SignatureDoesNotMatch', 'aws-chunked: the trailer signature does not match.');
    }
  }
}
