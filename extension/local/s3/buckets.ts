import { readSmallBody } from './body';
import { isoDate, quoted, requireBucketName, type S3Context, sendEmpty, sendXml } from './context';
import { S3Error } from './errors';
import { listKeys } from './listing';
import { uriEncode } from './sigv4';
import { validateKey } from './store';
import { parseDeleteRequest, type XmlNode } from './xml';

/** Service- and bucket-level operations: bucket lifecycle, listings, batch delete. */
const OWNER: XmlNode = ['Owner', ['ID', 'local'], ['DisplayName', 'local']];

export async function listBuckets(ctx: S3Context): Promise<void> {
  const buckets = await ctx.store.listBuckets();
  sendXml(ctx.res, 200, [
    'ListAllMyBucketsResult',
    OWNER,
    ['Buckets', ...buckets.map((b): XmlNode => ['Bucket', ['Name', b.name], ['CreationDate', isoDate(b.created)]])],
  ]);
}

export async function createBucket(ctx: S3Context): Promise<void> {
  const bucket = requireBucketName(ctx);
  await readSmallBody(ctx.req, ctx.auth); // CreateBucketConfiguration: any location is this machine
  await ctx.store.createBucket(bucket);
  sendEmpty(ctx.res, 200, { Location: `/${bucket}` });
}

export async function headBucket(ctx: S3Context): Promise<void> {
  await ctx.store.requireBucket(requireBucketName(ctx));
  sendEmpty(ctx.res, 200, { 'x-amz-bucket-region': ctx.region });
}

export async function deleteBucket(ctx: S3Context): Promise<void> {
  await ctx.store.deleteBucket(requireBucketName(ctx));
  sendEmpty(ctx.res, 204);
}

export async function getBucketLocation(ctx: S3Context): Promise<void> {
  await ctx.store.requireBucket(requireBucketName(ctx));
  sendXml(ctx.res, 200, ['LocationConstraint', ctx.region]);
}

function maxKeysParam(ctx: S3Context, name: string): number {
  const text = ctx.query.get(name);
  if (text === undefined) return 1000;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new S3Error('InvalidArgument', `${name} must be a non-negative integer.`);
  return Math.min(n, 1000);
}

/** ListObjects (v1, `marker`) and ListObjectsV2 (`list-type=2`, continuation tokens). */
export async function listObjects(ctx: S3Context): Promise<void> {
  const bucket = requireBucketName(ctx);
  await ctx.store.requireBucket(bucket);
  const v2 = ctx.query.get('list-type') === '2';
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const maxKeys = maxKeysParam(ctx, 'max-keys');
  const encoding = ctx.query.get('encoding-type');
  if (encoding !== undefined && encoding !== 'url') throw new S3Error('InvalidArgument', 'encoding-type must be url.');
  const enc = (s: string): string => (encoding === 'url' ? uriEncode(s, true) : s);

  const token = ctx.query.get('continuation-token');
  let after: string;
  if (v2) {
    if (token !== undefined) {
      after = Buffer.from(token, 'base64url').toString('utf8');
      if (!token || Buffer.from(after, 'utf8').toString('base64url') !== token)
        throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect.');
    } else after = ctx.query.get('start-after') ?? '';
  } else after = ctx.query.get('marker') ?? '';

  const out = listKeys(await ctx.store.index(bucket), { prefix, delimiter, after, maxKeys });
  const contents = out.contents.map((m): XmlNode => [
    'Contents',
    ['Key', enc(m.key)],
    ['LastModified', isoDate(m.lastModified)],
    ['ETag', quoted(m.etag)],
    ['Size', m.size],
    ['StorageClass', 'STANDARD'],
    v2 && ctx.query.get('fetch-owner') !== 'true' ? undefined : OWNER,
  ]);
  const prefixes = out.commonPrefixes.map((p): XmlNode => ['CommonPrefixes', ['Prefix', enc(p)]]);
  const next = out.isTruncated && out.last !== undefined ? out.last : undefined;
  const common: XmlNode[] = [
    ['Name', bucket],
    ['Prefix', enc(prefix)],
  ];
  if (v2) {
    sendXml(ctx.res, 200, [
      'ListBucketResult',
      ...common,
      delimiter ? ['Delimiter', enc(delimiter)] : undefined,
      ['MaxKeys', maxKeys],
      ['KeyCount', contents.length + prefixes.length],
      ['IsTruncated', out.isTruncated],
      token !== undefined ? ['ContinuationToken', token] : undefined,
      next !== undefined ? ['NextContinuationToken', Buffer.from(next, 'utf8').toString('base64url')] : undefined,
      ctx.query.has('start-after') ? ['StartAfter', enc(ctx.query.get('start-after') ?? '')] : undefined,
      encoding ? ['EncodingType', encoding] : undefined,
      ...contents,
      ...prefixes,
    ]);
  } else {
    sendXml(ctx.res, 200, [
      'ListBucketResult',
      ...common,
      ['Marker', enc(after)],
      next !== undefined ? ['NextMarker', enc(next)] : undefined,
      ['MaxKeys', maxKeys],
      delimiter ? ['Delimiter', enc(delimiter)] : undefined,
      ['IsTruncated', out.isTruncated],
      encoding ? ['EncodingType', encoding] : undefined,
      ...contents,
      ...prefixes,
    ]);
  }
}

/** POST /bucket?delete: per-key results; a missing key counts as deleted, as in S3. */
export async function deleteObjects(ctx: S3Context): Promise<void> {
  const bucket = requireBucketName(ctx);
  await ctx.store.requireBucket(bucket);
  const request = parseDeleteRequest(await readSmallBody(ctx.req, ctx.auth));
  const results: XmlNode[] = [];
  for (const key of request.keys) {
    try {
      validateKey(key);
      await ctx.store.deleteObject(bucket, key);
      if (!request.quiet) results.push(['Deleted', ['Key', key]]);
    } catch (err) {
      const code = err instanceof S3Error ? err.code : 'InternalError';
      const message = err instanceof Error ? err.message : String(err);
      results.push(['Error', ['Key', key], ['Code', code], ['Message', message]]);
    }
  }
  sendXml(ctx.res, 200, ['DeleteResult', ...results]);
}
