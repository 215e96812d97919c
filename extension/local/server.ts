import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModelArtsErrorBody } from '../core/platform/errors';

/** A running daemon HTTP server. */
export interface DaemonServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Version of the daemon's API surface, reported by `GET /health` so clients can check they match. */
export const daemonApiVersion = 1;

/**
 * Starts the local platform's HTTP server on 127.0.0.1 only (never another interface: it runs
 * code on this machine). Routes grow with local mode; until a route exists, every request gets
 * the ModelArts 404 error body rather than an HTML page or a stack trace.
 */
export async function startDaemonServer(port = 0): Promise<DaemonServer> {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      return sendJson(res, 200, { status: 'ok', api_version: daemonApiVersion, pid: process.pid });
    }
    const body: ModelArtsErrorBody = {
      error_code: 'ModelArts.0404',
      error_msg: `No route for ${req.method ?? '?'} ${(req.url ?? '').split('?')[0]}.`,
    };
    return sendJson(res, 404, body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
