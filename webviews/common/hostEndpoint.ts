import { RpcEndpoint } from '../protocol/endpoint';
import type { NotificationType, RequestType } from '../protocol/rpc';

/** The part of `acquireVsCodeApi()` an endpoint needs. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
}

/**
 * The webview's side of the typed channel to the extension host: the shared RpcEndpoint over
 * `postMessage` and the window's `message` events. Requests in both directions, notifications,
 * time-outs; `close()` rejects whatever is still waiting.
 */
export class HostEndpoint {
  private readonly rpc: RpcEndpoint;

  constructor(
    api: VsCodeApi,
    target: { addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void },
    timeoutMs?: number,
  ) {
    this.rpc = new RpcEndpoint({ send: (m) => api.postMessage(m), ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
    target.addEventListener('message', (event) => this.rpc.receive(event.data));
  }

  request<P, R>(type: RequestType<P, R>, params: P, timeoutMs?: number): Promise<R> {
    return this.rpc.request(type, params, timeoutMs);
  }

  /** Handles host notifications; `parse` may check the params (the host is trusted, so identity is fine). */
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void, parse: (raw: unknown) => P = (raw) => raw as P): void {
    this.rpc.onNotification(type, parse, handler);
  }

  /** Answers host requests. */
  onRequest<P, R>(type: RequestType<P, R>, handler: (params: P) => R | Promise<R>, parse: (raw: unknown) => P = (raw) => raw as P): void {
    this.rpc.onRequest(type, parse, handler);
  }

  close(): void {
    this.rpc.close();
  }
}
