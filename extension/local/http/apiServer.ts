import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, Errors } from './apiError';
import { requestContext, type Router } from './router';
import type { SignatureChecker } from './signatureCheck';

export interface ApiServerOptions {
  readonly router: Router;
  readonly signatures: SignatureChecker;
  readonly projectId: string;
  readonly port?: number;
  /** Requests with a larger body get 413 and are never parsed. */
  readonly maxBodyBytes?: number;
  /** Unauthenticated liveness answer for `GET /health` (no secrets in it). */
  readonly health: () => unknown;
  readonly log: (line: string) => void;
}

export interface ApiServer {
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * The daemon's REST endpoint on 127.0.0.1: reads the body (bounded), verifies the signature, checks
 * the project id, dispatches, and answers every failure with the ModelArts error body and the
 * right status, never an HTML page or a stack trace.
 */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const maxBody = opts.maxBodyBytes ?? 1024 * 1024;
  const server = http.createServer((req, res) => {
    const requestId = randomUUID().replace(/-/g, '');
    void handle(req, requestId).then(
      ({ status, body }) => send(res, status, body, requestId),
      (err: unknown) => {
        const apiError = err instanceof ApiError ? err : Errors.internal();
        if (!(err instanceof ApiError))
          opts.log(
            `request ${requestId} ${req.method} ${req.url} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
          );
        send(res, apiError.status, apiError.body(requestId), requestId);
      },
    );
  });

  async function handle(req: http.IncomingMessage, requestId: string): Promise<{ status: number; body?: unknown }> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req, maxBody);
    if (method === 'GET' && rawPath === '/health') return { status: 200, body: opts.health() };
    opts.signatures.verify({ method, rawPath, rawQuery, headers: req.headers, body });
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      throw Errors.badRequest('The request path is not valid percent-encoding.');
    }
    const { route, handler, params } = opts.router.match(method, path);
    if (params.project_id !== undefined && params.project_id !== opts.projectId) throw Errors.projectMismatch(params.project_id);
    const query = new URLSearchParams(rawQuery);
    return handler(requestContext(route, { method, path, query, headers: req.headers, body, params, requestId }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads the whole body, or fails with 413 as soon as it passes `limit` (without reading the rest). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.reject(Errors.tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(Errors.tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, requestId: string): void {
  if (res.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Request-Id': requestId,
  });
  res.end(text);
}
