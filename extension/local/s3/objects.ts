import type { promises as fsp } from 'node:fs';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { consumeBody, readSmallBody } from './body';
import { header, isoDate, quoted, requireBucketName, requireKey, type S3Context, sendEmpty, sendXml } from './context';
import { notImplemented, S3Error } from './errors';
import type { ObjectMeta } from './objectFile';
import { decodeComponent } from './sigv4';
import { validateKey } from './store';

/** Object-level operations: Put, Get (ranges, conditionals), Head, Delete, Copy. */
const SYSTEM_HEADERS = ['content-encoding', 'content-disposition', 'cache-control', 'content-language', 'expires'];
const MAX_USER_META_BYTES = 2048;

export interface RequestMeta {
  contentType: string;
  userMeta: Record<string, string>;
  system: Record<string, string>;
}

/** Content-Type, x-amz-meta-* and the other stored headers of a PUT / Create / Copy-REPLACE. */
export function metaFromRequest(ctx: S3Context): RequestMeta {
  const userMeta: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(ctx.req.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const v = Array.isArray(value) ? value.join(',') : value;
    userMeta[name.slice('x-amz-meta-'.length)] = v;
    bytes += Buffer.byteLength(name) - 'x-amz-meta-'.length + Buffer.byteLength(v);
  }
  if (bytes > MAX_USER_META_BYTES)
    throw new S3Error('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size (2 KB).');
  const system: Record<string, string> = {};
  for (const name of SYSTEM_HEADERS) {
    let v = header(ctx.req, name);
    // aws-chunked is the transfer framing of this request, not a property of the stored object.
    if (name === 'content-encoding' && v !== undefined)
      v = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && s !== 'aws-chunked')
        .join(',');
    if (v) system[name] = v;
  }
  return { contentType: header(ctx.req, 'content-type') ?? 'binary/octet-stream', userMeta, system };
}

function checksumHeaders(checksums: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(checksums).map(([alg, v]) => [`x-amz-checksum-${alg}`, v]));
}

export async function putObject(ctx: S3Context): Promise<void> {
  const bucket = requireBucketName(ctx);
  const key = requireKey(ctx);
  validateKey(key);
  await ctx.store.requireBucket(bucket);
  const requested = metaFromRequest(ctx);
  const temp = await ctx.store.newTemp();
  let meta: ObjectMeta;
  try {
    const digest = await consumeBody(ctx.req, ctx.auth, ctx.maxObjectBytes, (d) => temp.write(d));
    meta = {
      key,
      size: digest.size,
      etag: digest.md5Hex,
      sha256: digest.sha256Hex,
      lastModified: Date.now(),
      ...requested,
      checksums: digest.checksums,
    };
  } catch (err) {
    await temp.discard();
    throw err;
  }
  await ctx.store.commitObject(bucket, temp, meta);
  sendEmpty(ctx.res, 200, { ETag: quoted(meta.etag), ...checksumHeaders(meta.checksums) });
}

type Range = { start: number; end: number };

/** RFC 9110 single byte range; undefined means "ignore the header" (bad syntax or several ranges). */
export function parseRange(text: string | undefined, size: number): Range | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(text?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? Infinity : Number(m[2]);
  if (end < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}

const etagMatches = (list: string, etag: string): boolean =>
  list.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag.replace(/^"|"$/g, '') === etag;
  });

/** If-Match / If-None-Match / If-(Un)Modified-Since, in the precedence S3 applies. */
function checkConditions(ctx: S3Context, meta: ObjectMeta, prefix = ''): 'ok' | 'not-modified' {
  const ifMatch = header(ctx.req, `${prefix}if-match`);
  const ifNoneMatch = header(ctx.req, `${prefix}if-none-match`);
  const ifModified = header(ctx.req, `${prefix}if-modified-since`);
  const ifUnmodified = header(ctx.req, `${prefix}if-unmodified-since`);
  const seconds = Math.floor(meta.lastModified / 1000) * 1000;
  if (ifMatch !== undefined && !etagMatches(ifMatch, meta.etag))
    throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.');
  if (ifMatch === undefined && ifUnmodified !== undefined && seconds > Date.parse(ifUnmodified)) {
    throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.');
  }
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, meta.etag)) return 'not-modified';
  if (ifNoneMatch === undefined && ifModified !== undefined && seconds <= Date.parse(ifModified)) return 'not-modified';
  return 'ok';
}

function objectHeaders(ctx: S3Context, meta: ObjectMeta): Record<string, string | number> {
  const h: Record<string, string | number> = {
    'Content-Type': meta.contentType,
    ETag: quoted(meta.etag),
    'Last-Modified': new Date(meta.lastModified).toUTCString(),
    'Accept-Ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(meta.system)) h[name] = value;
  for (const [name, value] of Object.entries(meta.userMeta)) h[`x-amz-meta-${name}`] = value;
  if (meta.parts) h['x-amz-mp-parts-count'] = meta.parts;
  const overrides: [string, string][] = [
    ['response-content-type', 'Content-Type'],
    ['response-content-disposition', 'Content-Disposition'],
    ['response-content-encoding', 'Content-Encoding'],
    ['response-content-language', 'Content-Language'],
    ['response-cache-control', 'Cache-Control'],
    ['response-expires', 'Expires'],
  ];
  for (const [param, name] of overrides) {
    const v = ctx.query.get(param);
    if (v !== undefined) {
      delete h[name.toLowerCase()];
      h[name] = v;
    }
  }
  return h;
}

/** GetObject and HeadObject; the body is streamed from the opened file, never buffered. */
export async function getObject(ctx: S3Context, head: boolean): Promise<void> {
  const bucket = requireBucketName(ctx);
  const key = requireKey(ctx);
  if (ctx.query.has('versionId') && ctx.query.get('versionId') !== 'null') throw notImplemented('Object versioning');
  if (ctx.query.has('partNumber')) throw notImplemented('GetObject by partNumber');
  if (!head) await readSmallBody(ctx.req, ctx.auth, 0);
  const { fh, meta } = await ctx.store.openObject(bucket, key);
  let handedOff = false;
  try {
    const headers = objectHeaders(ctx, meta);
    if (checkConditions(ctx, meta) === 'not-modified') {
      const { 'Content-Type': _ct, ...rest } = headers;
      sendEmpty(ctx.res, 304, rest);
      return;
    }
    const range = parseRange(header(ctx.req, 'range'), meta.size);
    if (range === 'unsatisfiable') {
      throw new S3Error('InvalidRange', 'The requested range is not satisfiable', { 'Content-Range': `bytes */${meta.size}` });
    }
    let status = 200;
    let start = 0;
    let end = meta.size - 1;
    if (range) {
      status = 206;
      ({ start, end } = range);
      headers['Content-Range'] = `bytes ${start}-${end}/${meta.size}`;
    } else if (header(ctx.req, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED') {
      // Whole-object checksums only: a checksum of the object would not match a range.
      headers['x-amz-checksum-sha256'] = Buffer.from(meta.sha256, 'hex').toString('base64');
      headers['x-amz-checksum-type'] = 'FULL_OBJECT';
    }
    headers['Content-Length'] = end - start + 1;
    ctx.res.writeHead(status, headers);
    if (head || end < start) {
      ctx.res.end();
      return;
    }
    await streamRange(ctx, fh, start, end);
    handedOff = true;
  } finally {
    if (!handedOff) await fh.close();
  }
}

function streamRange(ctx: S3Context, fh: fsp.FileHandle, start: number, end: number): Promise<void> {
  return new Promise((resolve) => {
    // The stream owns the descriptor from here and closes it on end or error.
    const stream = createReadStream('', { fd: fh, start, end, autoClose: true });
    stream.on('error', () => {
      ctx.res.destroy();
      resolve();
    });
    ctx.res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(ctx.res);
  });
}

export async function deleteObject(ctx: S3Context): Promise<void> {
  const bucket = requireBucketName(ctx);
  const key = requireKey(ctx);
  await readSmallBody(ctx.req, ctx.auth, 0);
  await ctx.store.deleteObject(bucket, key);
  sendEmpty(ctx.res, 204);
}

/** `x-amz-copy-source: [/]bucket/key[?versionId=null]`, URL-encoded. */
export function parseCopySource(text: string): { bucket: string; key: string } {
  const [pathPart = '', query] = text.split('?');
  if (query !== undefined && query !== 'versionId=null') throw notImplemented('Copying a specific object version');
  const decoded = decodeComponent(pathPart.replace(/^\//, ''), false);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw new S3Error('InvalidArgument', 'x-amz-copy-source must be bucket/key.');
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

export async function copyObject(ctx: S3Context, copySource: string): Promise<void> {
  const bucket = requireBucketName(ctx);
  const key = requireKey(ctx);
  validateKey(key);
  await ctx.store.requireBucket(bucket);
  const source = parseCopySource(copySource);
  const directive = (header(ctx.req, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE')
    throw new S3Error('InvalidArgument', 'x-amz-metadata-directive must be COPY or REPLACE.');
  if (source.bucket === bucket && source.key === key && directive === 'COPY') {
    throw new S3Error(
      'InvalidRequest',
      'This copy request is illegal because it is trying to copy an object to itself without changing the metadata.',
    );
  }
  await readSmallBody(ctx.req, ctx.auth, 0);
  const { fh, meta: src } = await ctx.store.openObject(source.bucket, source.key);
  const temp = await ctx.store.newTemp();
  let meta: ObjectMeta;
  try {
    if (checkConditions(ctx, src, 'x-amz-copy-source-') === 'not-modified') {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.');
    }
    const md5 = createHash('md5');
    const sha = createHash('sha256');
    if (src.size > 0) {
      for await (const chunk of createReadStream('', { fd: fh, start: 0, end: src.size - 1, autoClose: false }) as AsyncIterable<Buffer>) {
        md5.update(chunk);
        sha.update(chunk);
        await temp.write(chunk);
      }
    }
    const sha256 = sha.digest('hex');
    // The copy is re-hashed on the way; a mismatch means the source file rotted on disk.
    if (sha256 !== src.sha256) throw new S3Error('InternalError', 'The source object failed its integrity check.');
    const described =
      directive === 'REPLACE' ? metaFromRequest(ctx) : { contentType: src.contentType, userMeta: src.userMeta, system: src.system };
    meta = { key, size: src.size, etag: md5.digest('hex'), sha256, lastModified: Date.now(), ...described, checksums: {} };
  } catch (err) {
    await temp.discard();
    throw err;
  } finally {
    await fh.close();
  }
  await ctx.store.commitObject(bucket, temp, meta);
  sendXml(ctx.res, 200, ['CopyObjectResult', ['LastModified', isoDate(meta.lastModified)], ['ETag', quoted(meta.etag)]]);
}
