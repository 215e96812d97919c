/**
 * The typed message vocabulary between extension/host/panels and the webview apps.
 * A descriptor pairs a method name with its parameter and result types, so a wrong pairing fails
 * to compile on both ends. This folder imports nothing but itself: no vscode, no DOM, no Node.
 */

/** A request the other side answers with a result or an error. */
export interface RequestType<P, R> {
  readonly kind: 'request';
  readonly method: string;
  /** Never set; carries the types only. */
  readonly _types?: (params: P) => R;
}

/** A one-way message. */
export interface NotificationType<P> {
  readonly kind: 'notification';
  readonly method: string;
  readonly _types?: (params: P) => void;
}

export function request<P, R>(method: string): RequestType<P, R> {
  return { kind: 'request', method };
}

export function notification<P>(method: string): NotificationType<P> {
  return { kind: 'notification', method };
}

/** The error a request answers with; `code` is stable, `message` is for people. */
export interface RpcError {
  readonly code: string;
  readonly message: string;
}

/** Everything that crosses postMessage, in either direction. */
export type Envelope =
  | { readonly id: number; readonly method: string; readonly params: unknown }
  | { readonly method: string; readonly params: unknown }
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: RpcError };

/**
 * Checks that an incoming message has one of the envelope shapes. Messages from a webview are
 * untrusted input: anything else is dropped before a handler sees it.
 */
export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const hasId = 'id' in v;
  if (hasId && (typeof v.id !== 'number' || !Number.isSafeInteger(v.id) || v.id < 0)) return false;
  if ('method' in v) return typeof v.method === 'string' && v.method.length > 0 && v.method.length <= 200 && 'params' in v;
  if (!hasId) return false;
  if ('result' in v) return true;
  if ('error' in v) {
    const e = v.error as Record<string, unknown> | null;
    return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
  }
  return false;
}

/** Handshake: the webview asks for its bootstrap state once its script runs. */
export const Ready = request<{ readonly app: string }, { readonly locale: string }>('core/ready');
