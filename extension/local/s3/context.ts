import type { IncomingMessage, ServerResponse } from 'node:http';
import { S3Error } from './errors';
import type { Multipart } from './multipart';
import type { AuthContext } from './sigv4';
import type { Store } from './store';
import { escapeXml, renderXml, type XmlNode } from './xml';

/** What every operation handler gets: the parsed request and the server's pieces. */
export interface S3Context {
  req: IncomingMessage;
  res: ServerResponse;
  bucket: string | undefined;
  key: string | undefined;
  query: Map<string, string>;
  auth: AuthContext;
  store: Store;
  multipart: Multipart;
  region: string;
  maxObjectBytes: number;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

export function sendXml(res: ServerResponse, status: number, root: XmlNode, headers: Record<string, string> = {}): void {
  const body = renderXml(root);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': 0 });
  res.end();
}

/** The S3 XML error document; HEAD responses carry no body, as in S3. */
export function sendError(res: ServerResponse, err: S3Error, resource: string, requestId: string, head: boolean): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const details = Object.entries(err.details)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>` +
    `<Resource>${escapeXml(resource)}</Resource><RequestId>${requestId}</RequestId>${details}</Error>`;
  res.writeHead(err.status, {
    ...err.headers,
    'Content-Type': 'application/xml',
    'Content-Length': head ? 0 : Buffer.byteLength(body),
    'x-amz-request-id': requestId,
  });
  res.end(head ? undefined : body);
}

export function requireBucketName(ctx: S3Context): string {
  if (!ctx.bucket) throw new S3Error('InvalidRequest', 'This operation needs a bucket.');
  return ctx.bucket;
}

export function requireKey(ctx: S3Context): string {
  if (ctx.key === undefined || ctx.key === '') throw new S3Error('InvalidRequest', 'This operation needs an object key.');
  return ctx.key;
}

export const isoDate = (ms: number | Date): string => new Date(ms).toISOString();
export const quoted = (etag: string): string => `"${etag}"`;
