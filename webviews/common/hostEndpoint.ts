import { isEnvelope, type NotificationType, type RequestType, type RpcError } from '../protocol/rpc';

/** The part of `acquireVsCodeApi()` an endpoint needs. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error & { code?: string }): void;
}

/**
 * The webview's side of the typed channel to the extension host: numbered requests with
 * promises, and notification handlers by method.
 */
export class HostEndpoint {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly handlers = new Map<string, (params: unknown) => void>();

  constructor(
    private readonly api: VsCodeApi,
    target: { addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void },
  ) {
    target.addEventListener('message', (event) => this.receive(event.data));
  }

  request<P, R>(type: RequestType<P, R>, params: P): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve, reject });
      this.api.postMessage({ id, method: type.method, params });
    });
  }

  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): void {
    this.handlers.set(type.method, handler as (params: unknown) => void);
  }

  private receive(data: unknown): void {
    if (!isEnvelope(data)) return;
    if ('result' in data || 'error' in data) {
      const waiting = this.pending.get(data.id);
      if (!waiting) return;
      this.pending.delete(data.id);
      if ('error' in data) waiting.reject(toError(data.error));
      else waiting.resolve(data.result);
      return;
    }
    if (!('id' in data)) this.handlers.get(data.method)?.(data.params);
  }
}

function toError(error: RpcError): Error & { code: string } {
  return Object.assign(new Error(error.message), { code: error.code });
}
