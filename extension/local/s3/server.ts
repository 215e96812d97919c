import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBucket, deleteBucket, deleteObjects, getBucketLocation, headBucket, listBuckets, listObjects } from './buckets';
import { header, type S3Context, sendError } from './context';
import { notImplemented, S3Error } from './errors';
import { Multipart } from './multipart';
import { copyObject, deleteObject, getObject, putObject } from './objects';
import { decodeComponent, parseQuery, verifyRequest } from './sigv4';
import { Store } from './store';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listParts, uploadPart } from './uploads';

/**
 * The local S3-compatible storage endpoint: the subset of the S3 REST API that the toolkit,
 * @aws-sdk/client-s3 and s3cmd use, signed with SigV4 and stored under one directory (see
 * store.ts for the layout). It binds 127.0.0.1 only. Anything outside the subset is answered
 * with a 501 NotImplemented S3 error, and any failure with an S3 XML error; the server itself
 * never goes down because of a request.
 */
export interface S3ServerOptions {
  rootDir: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Reported by GetBucketLocation / HeadBucket; default 'local'. */
  region?: string;
  /** Largest object (and part) accepted; default 5 GiB, as S3's single PUT. */
  maxObjectBytes?: number;
}

export interface S3Server {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** The object store behind the endpoint, for the daemon's own in-process access (jobs, datasets). */
  readonly store: Store;
  close(): Promise<void>;
}

const DEFAULT_MAX_OBJECT_BYTES = 5 * 1024 ** 3;

type Handler = (ctx: S3Context) => Promise<void>;

/** Query parameters any request may carry: the SDK's operation tag and presigned-URL fields. */
const isIgnorableParam = (name: string): boolean => name === 'x-id' || /^x-amz-/i.test(name);
const LIST_PARAMS = [
  'prefix',
  'delimiter',
  'max-keys',
  'marker',
  'list-type',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
];
const GET_PARAMS = [
  'versionId',
  'partNumber',
  ...['type', 'disposition', 'encoding', 'language', 'expires'].map((s) => `response-content-${s}`),
  'response-cache-control',
  'response-expires',
];

/** Picks the operation; a parameter the operation does not understand means an unsupported sub-resource. */
function route(ctx: S3Context, method: string): Handler {
  const has = (name: string): boolean => ctx.query.has(name);
  const only = (op: string, allowed: readonly string[], handler: Handler): Handler => {
    const unknown = [...ctx.query.keys()].filter((k) => !isIgnorableParam(k) && !allowed.includes(k));
    if (unknown.length > 0) throw notImplemented(`${op} with ?${unknown.join('&')}`);
    return handler;
  };
  if (!ctx.bucket) {
    if (method === 'GET') return only('ListBuckets', [], listBuckets);
    throw notImplemented(`${method} on the service`);
  }
  if (ctx.key === undefined || ctx.key === '') {
    if (method === 'GET' && has('location')) return only('GetBucketLocation', ['location'], getBucketLocation);
    if (method === 'POST' && has('delete')) return only('DeleteObjects', ['delete'], deleteObjects);
    if (method === 'GET') return only('ListObjects', LIST_PARAMS, listObjects);
    if (method === 'PUT') return only('CreateBucket', [], createBucket);
    if (method === 'HEAD') return only('HeadBucket', [], headBucket);
    if (method === 'DELETE') return only('DeleteBucket', [], deleteBucket);
    throw notImplemented(`${method} on a bucket`);
  }
  switch (method) {
    case 'PUT': {
      if (has('uploadId') || has('partNumber')) return only('UploadPart', ['uploadId', 'partNumber'], uploadPart);
      const source = header(ctx.req, 'x-amz-copy-source');
      if (source !== undefined) return only('CopyObject', [], (c) => copyObject(c, source));
      return only('PutObject', [], putObject);
    }
    case 'GET':
      if (has('uploadId')) return only('ListParts', ['uploadId', 'part-number-marker', 'max-parts', 'encoding-type'], listParts);
      return only('GetObject', GET_PARAMS, (c) => getObject(c, false));
    case 'HEAD':
      return only('HeadObject', GET_PARAMS, (c) => getObject(c, true));
    case 'DELETE':
      if (has('uploadId')) return only('AbortMultipartUpload', ['uploadId'], abortMultipartUpload);
      return only('DeleteObject', ['versionId'], deleteObject);
    case 'POST':
      if (has('uploads')) return only('CreateMultipartUpload', ['uploads'], createMultipartUpload);
      if (has('uploadId')) return only('CompleteMultipartUpload', ['uploadId'], completeMultipartUpload);
      throw notImplemented('POST on an object');
    default:
      throw notImplemented(`${method} on an object`);
  }
}

/** Bucket and key from virtual-host style (`<bucket>.localhost`, `<bucket>.127.0.0.1`) or path style. */
function addressing(req: http.IncomingMessage, rawPath: string): { bucket: string | undefined; key: string | undefined } {
  const host = (header(req, 'host') ?? '').toLowerCase().replace(/:\d+$/, '');
  const vhost = /^(.+)\.(localhost|127\.0\.0\.1)$/.exec(host);
  if (vhost) {
    const rest = rawPath.slice(1);
    return { bucket: vhost[1], key: rest === '' ? undefined : decodeComponent(rest, false) };
  }
  const rest = rawPath.slice(1);
  const slash = rest.indexOf('/');
  if (slash < 0) return { bucket: rest === '' ? undefined : decodeComponent(rest, false), key: undefined };
  return { bucket: decodeComponent(rest.slice(0, slash), false), key: decodeComponent(rest.slice(slash + 1), false) };
}

export async function startS3Server(opts: S3ServerOptions): Promise<S3Server> {
  const store = new Store(opts.rootDir);
  await store.init();
  const multipart = new Multipart(store);
  const region = opts.region ?? 'local';
  const maxObjectBytes = opts.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const rawPath = url.split('?')[0] ?? '/';
    res.setHeader('x-amz-request-id', requestId);
    res.setHeader('Server', 'ModelArtsLocalS3');
    try {
      if (!rawPath.startsWith('/')) throw new S3Error('InvalidURI', 'The request target must be a path.');
      const auth = verifyRequest({ method, url, rawHeaders: req.rawHeaders }, opts.credentials);
      const { bucket, key } = addressing(req, rawPath);
      const query = new Map<string, string>();
      for (const [k, v] of parseQuery(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '')) if (!query.has(k)) query.set(k, v);
      const ctx: S3Context = { req, res, bucket, key, query, auth, store, multipart, region, maxObjectBytes };
      await route(ctx, method)(ctx);
    } catch (err) {
      const s3err = err instanceof S3Error ? err : new S3Error('InternalError', 'We encountered an internal error. Please try again.');
      if (!(err instanceof S3Error))
        process.emitWarning(`local S3: ${method} ${rawPath}: ${err instanceof Error ? err.message : String(err)}`);
      // The body may be unread (e.g. a rejected signature); closing the connection spares
      // reading gigabytes just to keep it alive.
      if (!req.complete) res.setHeader('Connection', 'close');
      sendError(res, s3err, rawPath, requestId, method === 'HEAD');
    }
  };

  const server = http.createServer((req, res) => void handle(req, res));
  // Large uploads may take longer than Node's default 5-minute request timeout.
  server.requestTimeout = 0;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    store,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
