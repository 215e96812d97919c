/**
 * One end of the typed channel between a panel's host code and its webview, the same on both
 * sides: it sends requests (numbered, answered by a result or an error, with a time-out, and all
 * rejected at once when the channel closes), answers the requests the other side sends, and
 * delivers notifications. Transport-agnostic: `send` posts a message, `receive` takes one.
 * Everything received is untrusted until `isEnvelope` and the handler's own checks accept it.
 */
import { type Envelope, isEnvelope, type NotificationType, type RequestType, type RpcError } from './rpc';

/** A request that did not complete: its `code` says why (`timeout`, `closed`, or the other side's code). */
export class RpcFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RpcFailure';
  }
}

interface Pending {
  readonly method: string;
  readonly timer: ReturnType<typeof setTimeout> | undefined;
  resolve(result: unknown): void;
  reject(error: RpcFailure): void;
}

type RequestHandler = (params: unknown) => unknown;

export interface EndpointOptions {
  /** Posts one message to the other side. */
  readonly send: (message: Envelope) => void;
  /** Default time-out of a request, ms; 0 waits for ever. Default 30 s. */
  readonly timeoutMs?: number;
  /** Called with a handler's failure before it is answered as an error (for a log). */
  readonly onHandlerError?: (method: string, error: unknown) => void;
}

export class RpcEndpoint {
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<number, Pending>();
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notificationHandlers = new Map<string, (params: unknown) => void>();

  constructor(private readonly options: EndpointOptions) {}

  /** Sends a request; rejects with an RpcFailure on an error answer, a time-out, or when the channel closes. */
  request<P, R>(type: RequestType<P, R>, params: P, timeoutMs = this.options.timeoutMs ?? 30_000): Promise<R> {
    if (this.closed) return Promise.reject(new RpcFailure('closed', `${type.method}: the panel is closed.`));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(() => {
              this.pending.delete(id);
              reject(new RpcFailure('timeout', `${type.method} got no answer within ${timeoutMs} ms.`));
            }, timeoutMs)
          : undefined;
      this.pending.set(id, { method: type.method, timer, resolve: resolve, reject });
      this.options.send({ id, method: type.method, params });
    });
  }

  notify<P>(type: NotificationType<P>, params: P): void {
    if (!this.closed) this.options.send({ method: type.method, params });
  }

  /**
   * Answers requests of `type`. `parse` checks the untrusted params and returns them typed, or
   * throws (the caller then gets a `bad-params` error and the handler never runs).
   */
  onRequest<P, R>(type: RequestType<P, R>, parse: (raw: unknown) => P, handler: (params: P) => R | Promise<R>): void {
    this.requestHandlers.set(type.method, (raw) => handler(parse(raw)));
  }

  /** Delivers notifications of `type` whose params `parse` accepts; others are dropped. */
  onNotification<P>(type: NotificationType<P>, parse: (raw: unknown) => P, handler: (params: P) => void): void {
    this.notificationHandlers.set(type.method, (raw) => {
      let params: P;
      try {
        params = parse(raw);
      } catch (err) {
        this.options.onHandlerError?.(type.method, err);
        return;
      }
      handler(params);
    });
  }

  /** Takes one message from the other side. */
  receive(data: unknown): void {
    if (this.closed || !isEnvelope(data)) return;
    if ('result' in data || 'error' in data) return this.settle(data);
    if ('id' in data) void this.answer(data.id, data.method, data.params);
    else this.notificationHandlers.get(data.method)?.(data.params);
  }

  /** Closes the channel: every pending request rejects with `closed`, nothing more is sent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [id, p] of this.pending) {
      if (p.timer !== undefined) clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new RpcFailure('closed', `${p.method}: the panel closed before it answered.`));
    }
  }

  private settle(data: Extract<Envelope, { result: unknown }> | Extract<Envelope, { error: RpcError }>): void {
    const waiting = this.pending.get(data.id);
    if (!waiting) return;
    this.pending.delete(data.id);
    if (waiting.timer !== undefined) clearTimeout(waiting.timer);
    if ('error' in data) waiting.reject(new RpcFailure(data.error.code, data.error.message));
    else waiting.resolve(data.result);
  }

  private async answer(id: number, method: string, params: unknown): Promise<void> {
    const handler = this.requestHandlers.get(method);
    if (!handler) return this.options.send({ id, error: { code: 'no-handler', message: `Nothing answers ${method}.` } });
    try {
      const result = await handler(params);
      if (!this.closed) this.options.send({ id, result });
    } catch (err) {
      this.options.onHandlerError?.(method, err);
      const code = err instanceof RpcFailure ? err.code : err instanceof ParamsError ? 'bad-params' : 'failed';
      if (!this.closed) this.options.send({ id, error: { code, message: err instanceof Error ? err.message : String(err) } });
    }
  }
}

/** Thrown by a `parse` function: the params of a message are not what its type promises. */
export class ParamsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParamsError';
  }
}
