import { consumeBody, readSmallBody } from './body';
import { header, isoDate, quoted, requireBucketName, requireKey, type S3Context, sendEmpty, sendXml } from './context';
import { notImplemented, S3Error } from './errors';
import { MAX_PARTS, validatePartNumber } from './multipart';
import type { ObjectMeta } from './objectFile';
import { metaFromRequest } from './objects';
import { validateKey } from './store';
import { parseCompleteRequest, type XmlNode } from './xml';

/** Multipart-upload operations (the storage side is multipart.ts). */
export async function createMultipartUpload(ctx: S3Context): Promise<void> {
  const bucket = requireBucketName(ctx);
  const key = requireKey(ctx);
  validateKey(key);
  const described = metaFromRequest(ctx);
  await readSmallBody(ctx.req, ctx.auth, 0);
  const uploadId = await ctx.multipart.create(bucket, { key, initiated: Date.now(), ...described });
  const alg = header(ctx.req, 'x-amz-checksum-algorithm');
  sendXml(
    ctx.res,
    200,
    ['InitiateMultipartUploadResult', ['Bucket', bucket], ['Key', key], ['UploadId', uploadId]],
    alg ? { 'x-amz-checksum-algorithm': alg } : {},
  );
}

export async function uploadPart(ctx: S3Context): Promise<void> {
  const bucket = requireBucketName(ctx);
  const key = requireKey(ctx);
  const uploadId = ctx.query.get('uploadId') ?? '';
  const partNumber = validatePartNumber(ctx.query.get('partNumber'));
  if (header(ctx.req, 'x-amz-copy-source') !== undefined) throw notImplemented('UploadPartCopy');
  await ctx.multipart.info(bucket, key, uploadId);
  const temp = await ctx.store.newTemp();
  let meta: ObjectMeta;
  try {
    const digest = await consumeBody(ctx.req, ctx.auth, ctx.maxObjectBytes, (d) => temp.write(d));
    meta = {
      key,
      partNumber,
      size: digest.size,
      etag: digest.md5Hex,
      sha256: digest.sha256Hex,
      lastModified: Date.now(),
      contentType: '',
      userMeta: {},
      system: {},
      checksums: digest.checksums,
    };
  } catch (err) {
    await temp.discard();
    throw err;
  }
  await ctx.multipart.commitPart(bucket, uploadId, temp, meta);
  const checksumHeaders = Object.fromEntries(Object.entries(meta.checksums).map(([alg, v]) => [`x-amz-checksum-${alg}`, v]));
  sendEmpty(ctx.res, 200, { ETag: quoted(meta.etag), ...checksumHeaders });
}

export async function completeMultipartUpload(ctx: S3Context): Promise<void> {
  const bucket = requireBucketName(ctx);
  const key = requireKey(ctx);
  const uploadId = ctx.query.get('uploadId') ?? '';
  const parts = parseCompleteRequest(await readSmallBody(ctx.req, ctx.auth));
  const meta = await ctx.multipart.complete(bucket, key, uploadId, parts);
  sendXml(ctx.res, 200, [
    'CompleteMultipartUploadResult',
    ['Location', `/${bucket}/${key}`],
    ['Bucket', bucket],
    ['Key', key],
    ['ETag', quoted(meta.etag)],
  ]);
}

export async function abortMultipartUpload(ctx: S3Context): Promise<void> {
  const bucket = requireBucketName(ctx);
  const key = requireKey(ctx);
  await readSmallBody(ctx.req, ctx.auth, 0);
  await ctx.multipart.abort(bucket, key, ctx.query.get('uploadId') ?? '');
  sendEmpty(ctx.res, 204);
}

export async function listParts(ctx: S3Context): Promise<void> {
  const bucket = requireBucketName(ctx);
  const key = requireKey(ctx);
  const uploadId = ctx.query.get('uploadId') ?? '';
  await readSmallBody(ctx.req, ctx.auth, 0);
  await ctx.multipart.info(bucket, key, uploadId);
  const marker = Number(ctx.query.get('part-number-marker') ?? '0');
  const maxParts = Math.min(Number(ctx.query.get('max-parts') ?? '1000'), 1000);
  if (!Number.isInteger(marker) || marker < 0 || !Number.isInteger(maxParts) || maxParts < 0 || marker > MAX_PARTS) {
    throw new S3Error('InvalidArgument', 'part-number-marker and max-parts must be non-negative integers.');
  }
  const after = (await ctx.multipart.parts(bucket, uploadId)).filter((p) => (p.partNumber ?? 0) > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const last = page.at(-1)?.partNumber;
  sendXml(ctx.res, 200, [
    'ListPartsResult',
    ['Bucket', bucket],
    ['Key', key],
    ['UploadId', uploadId],
    ['PartNumberMarker', marker],
    last !== undefined ? ['NextPartNumberMarker', last] : undefined,
    ['MaxParts', maxParts],
    ['IsTruncated', truncated],
    ['Initiator', ['ID', 'local'], ['DisplayName', 'local']],
    ['Owner', ['ID', 'local'], ['DisplayName', 'local']],
    ['StorageClass', 'STANDARD'],
    ...page.map((p): XmlNode => [
      'Part',
      ['PartNumber', p.partNumber ?? 0],
      ['LastModified', isoDate(p.lastModified)],
      ['ETag', quoted(p.etag)],
      ['Size', p.size],
      ...Object.entries(p.checksums).map(([alg, v]): XmlNode => [`Checksum${alg.toUpperCase()}`, v]),
    ]),
  ]);
}
