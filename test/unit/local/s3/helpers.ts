import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { startS3Server, type S3Server } from '../../../../extension/local/s3/server';

/** Shared set-up for the S3 endpoint tests: a real server on loopback over a temp dir. */
export const creds = { accessKeyId: 'LOCALTESTAK', secretAccessKey: 'local-test-secret-key' };

export interface Harness {
  server: S3Server;
  rootDir: string;
  client: S3Client;
  close(): Promise<void>;
}

export async function startHarness(options: { maxObjectBytes?: number } = {}): Promise<Harness> {
  const rootDir = mkdtempSync(path.join(os.tmpdir(), 'ma-s3-'));
  const server = await startS3Server({ rootDir, credentials: creds, ...options });
  const client = makeClient(server.endpoint);
  return {
    server,
    rootDir,
    client,
    async close() {
      client.destroy();
      await server.close();
      rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

export function makeClient(endpoint: string, credentials = creds): S3Client {
  return new S3Client({ endpoint, region: 'local', forcePathStyle: true, credentials, maxAttempts: 1 });
}

/** Hash constructor for @smithy/signature-v4 (SHA-256, or HMAC-SHA-256 when given a secret). */
class NodeSha256 {
  private readonly h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h =
      secret === undefined
        ? createHash('sha256')
        : createHmac('sha256', typeof secret === 'string' ? secret : Buffer.from(secret as ArrayBuffer));
  }
  update(data: string | Uint8Array): void {
    this.h.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.h.digest());
  }
}

export function signer(credentials = creds): SignatureV4 {
  return new SignatureV4({ credentials, region: 'local', service: 's3', sha256: NodeSha256, uriEscapePath: false, applyChecksum: false });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface RawRequest {
  method: string;
  /** Path sent exactly as given (no URL normalisation, unlike fetch). */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** x-amz-content-sha256; defaults to the body's real hash. */
  payloadHash?: string;
  /** Body actually sent, if it should differ from the signed one. */
  sendBody?: Buffer | string;
  signingDate?: Date;
  credentials?: typeof creds;
  unsigned?: boolean;
  /** Builds the body sent from the request's signature (for aws-chunked chunk signatures). */
  bodyFromSignature?: (signature: string, amzDate: string) => Buffer;
}

/** A SigV4-signed request built by the AWS signer (an independent implementation), sent raw. */
export async function rawRequest(endpoint: string, r: RawRequest): Promise<RawResponse> {
  const url = new URL(endpoint);
  const body = r.body ?? '';
  const headers: Record<string, string> = {
    host: url.host,
    'x-amz-content-sha256': r.payloadHash ?? createHash('sha256').update(body).digest('hex'),
    ...(r.headers ?? {}),
  };
  let signed = { headers, query: r.query ?? {} };
  if (!r.unsigned) {
    const req = {
      method: r.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: r.path,
      query: r.query ?? {},
      headers,
      body,
    };
    signed = (await signer(r.credentials).sign(req, { signingDate: r.signingDate ?? new Date() })) as never;
  }
  const qs = Object.entries(signed.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  let sent = r.sendBody ?? body;
  if (r.bodyFromSignature) {
    const sig = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization ?? '')?.[1] ?? '';
    sent = r.bodyFromSignature(sig, signed.headers['x-amz-date'] ?? '');
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: r.method,
        path: qs ? `${r.path}?${qs}` : r.path,
        headers: { ...signed.headers, 'content-length': String(Buffer.byteLength(sent)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(sent);
  });
}

export function errorCode(body: Buffer): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body.toString('utf8'))?.[1];
}

export async function streamToBuffer(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}
