/**
 * The one HTTP client every typed ModelArts call goes through, for the cloud and for local mode
 * alike: URL and body encoding, the common headers, authentication per attempt, per-attempt
 * timeouts combined with the caller's AbortSignal, retries, and error translation into
 * {@link PlatformError}. Resource methods (workspaces, notebooks…) only choose method, path and
 * types.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { abortError, throwIfAborted } from '../util/abort';
import type { Authenticator } from './credentials';
import { adviceFor } from './advice';
import { PlatformError, parseErrorBody, redactSecrets } from './errors';
import { proxySettingsFromEnv, type ProxySettings } from './proxy';
import { normalizeEndpoint } from './regions';
import {
  type AttemptVerdict,
  type RetryPolicy,
  defaultRetryPolicy,
  isIdempotentMethod,
  isRetryableNetworkError,
  isRetryableStatus,
  parseRetryAfterMs,
  withRetry,
} from './retry';
import { rfc3986Encode } from './signer';
import { NodeTransport, type TlsOptions, type Transport } from './transport';

/** Query values; undefined entries are left out, arrays repeat the key. */
export type QueryValue = string | number | boolean | undefined | ReadonlyArray<string | number | boolean>;

/** One call. `path` has its parameters substituted already (encoded with encodeURIComponent), except `{project_id}`, which the client fills in. */
export interface RequestOptions {
  readonly method: string;
  /** E.g. `/v1/{project_id}/workspaces/abc`; relative to the endpoint (which may carry a path prefix). */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** JSON-encoded once; those exact bytes are signed and sent. */
  readonly body?: unknown;
  /** Extra headers (signed in AK/SK mode). `Content-Type` here overrides `application/json`. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Per attempt; default the client's (30 s). */
  readonly timeoutMs?: number;
  /** Default: true for GET/HEAD/PUT/DELETE, false otherwise. Only idempotent calls are retried. */
  readonly idempotent?: boolean;
}

/** A successful answer. */
export interface PlatformResponse<T> {
  readonly status: number;
  /** The parsed JSON body; undefined for an empty body. */
  readonly body: T;
  /** The platform's `X-Request-Id`, for support tickets and logs. */
  readonly requestId: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

/** Options of {@link HttpClient}. */
export interface HttpClientOptions {
  /** Base URL, e.g. `https://modelarts.cn-north-4.myhuaweicloud.com` or the local daemon's. */
  readonly endpoint: string;
  readonly authenticator: Authenticator;
  /** Sent as `X-Project-Id` and substituted for `{project_id}`; a function is called (and should cache) when needed. */
  readonly projectId?: string | ((signal?: AbortSignal) => Promise<string>);
  /** Per-attempt timeout; default 30 s. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Default: `proxySettingsFromEnv()`. Ignored when `transport` is given. */
  readonly proxy?: ProxySettings;
  readonly tls?: TlsOptions;
  readonly transport?: Transport;
  readonly userAgent?: string;
  /** Injected by tests: backoff randomness, the wait between attempts, the clock for Retry-After dates. */
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  /** One line per attempt outcome (method, path, status, request id, retry); never secrets. */
  readonly log?: (line: string) => void;
}

/** Default per-attempt timeout. */
export const defaultTimeoutMs = 30_000;

/**
 * Sends requests to one endpoint with one identity. Create one per profile and reuse it: it pools
 * connections. {@link close} releases them.
 */
export class HttpClient {
  readonly endpoint: string;
  private readonly base: URL;
  private readonly transport: Transport;
  private readonly policy: RetryPolicy;
  private readonly userAgent: string;

  constructor(private readonly options: HttpClientOptions) {
    this.endpoint = normalizeEndpoint(options.endpoint);
    this.base = new URL(this.endpoint);
    this.transport =
      options.transport ??
      new NodeTransport({ proxy: options.proxy ?? proxySettingsFromEnv(), ...(options.tls ? { tls: options.tls } : {}) });
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.userAgent = options.userAgent ?? `modelarts-toolkit node/${process.versions.node}`;
  }

  /** The project id (resolving it if it is discovered lazily). */
  async projectId(signal?: AbortSignal): Promise<string | undefined> {
    const source = this.options.projectId;
    return typeof source === 'function' ? source(signal) : source;
  }

  /**
   * Sends one call, retrying idempotent ones on 429, 5xx (not 501) and transient network errors.
   * Resolves with the parsed JSON on 2xx; rejects with a {@link PlatformError} otherwise, or an
   * AbortError (name 'AbortError') as soon as `signal` aborts.
   */
  async request<T>(req: RequestOptions): Promise<PlatformResponse<T>> {
    const { signal } = req;
    throwIfAborted(signal);
    const method = req.method.toUpperCase();
    const idempotent = req.idempotent ?? isIdempotentMethod(method);
    const projectId = await this.projectIdFor(req.path, signal);
    const path = this.wirePath(req.path.replace(/\{project_id\}/g, encodeURIComponent(projectId ?? '')));
    const query = queryPairs(req.query);
    const pathAndQuery = query.length ? `${path}?${query.map(([k, v]) => `${rfc3986Encode(k)}=${rfc3986Encode(v)}`).join('&')}` : path;
    const body = req.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(req.body), 'utf8');
    const ctx: AttemptContext = { method, path, pathAndQuery, query, body, projectId, req };

    const classify = (error: unknown): AttemptVerdict => {
      if (!(error instanceof PlatformError) || !idempotent) return { retry: false };
      if (error.kind === 'http' && isRetryableStatus(error.status))
        return error.retryAfterMs === undefined ? { retry: true } : { retry: true, retryAfterMs: error.retryAfterMs };
      if (error.kind === 'timeout') return { retry: true };
      return { retry: error.kind === 'network' && isRetryableNetworkError(error.cause) };
    };
    return withRetry((attempt) => this.attemptWithAuthRefresh<T>(ctx, attempt), classify, {
      policy: this.policy,
      ...(signal ? { signal } : {}),
      ...(this.options.random ? { random: this.options.random } : {}),
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
      onRetry: ({ attempt, delayMs }) => this.options.log?.(`${method} ${path}: attempt ${attempt} failed, retrying in ${delayMs} ms`),
    });
  }

  /** Releases pooled connections; the client must not be used afterwards. */
  close(): void {
    this.transport.close();
  }

  /** A 401 with a refreshable token: drop it and try once more with a new one (nothing ran, so even a POST is safe). */
  private async attemptWithAuthRefresh<T>(ctx: AttemptContext, attempt: number): Promise<PlatformResponse<T>> {
    try {
      return await this.attempt<T>(ctx, attempt);
    } catch (err) {
      if (err instanceof PlatformError && err.status === 401 && this.options.authenticator.invalidate?.())
        return this.attempt<T>(ctx, attempt);
      throw err;
    }
  }

  private async attempt<T>(ctx: AttemptContext, attempt: number): Promise<PlatformResponse<T>> {
    const { req, method, path } = ctx;
    const auth = this.options.authenticator;
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...req.headers, Host: this.base.host };
    if (ctx.projectId) headers['X-Project-Id'] = ctx.projectId;
    // Fresh per attempt and signed: identical requests must not share a signature (the local
    // daemon refuses replays), and the server's logs can tell attempts apart.
    headers['X-Client-Request-Id'] = randomUUID();
    const signed = await auth.authorize({ method, path, query: ctx.query, headers, body: ctx.body }, req.signal);
    // Added after signing: proxies may rewrite these, and the gateway does not need them signed.
    const wireHeaders: Record<string, string> = { ...signed, Accept: 'application/json', 'User-Agent': this.userAgent };
    if (ctx.body.length > 0 || method === 'POST' || method === 'PUT' || method === 'PATCH')
      wireHeaders['Content-Length'] = String(ctx.body.length);

    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs ?? defaultTimeoutMs;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout.signal]) : timeout.signal;
    let res;
    try {
      res = await this.transport.send({
        url: this.base,
        pathAndQuery: ctx.pathAndQuery,
        method,
        headers: wireHeaders,
        body: ctx.body,
        signal,
      });
    } catch (err) {
      if (req.signal?.aborted) throw abortError(req.signal.reason);
      throw this.failure(ctx, err, timeout.signal.aborted ? timeoutMs : undefined);
    } finally {
      clearTimeout(timer);
    }
    const requestId = headerString(res.headers['x-request-id']);
    const text = res.body.toString('utf8');
    if (res.status < 200 || res.status >= 300) {
      const parsed = parseErrorBody(text, res.status);
      const secrets = auth.secrets();
      const errorMsg = redactSecrets(parsed.errorMsg, secrets);
      const retryAfterMs = parseRetryAfterMs(headerString(res.headers['retry-after']), this.options.now?.());
      const errorSolution = parsed.errorSolution && redactSecrets(parsed.errorSolution, secrets);
      const advice = adviceFor({
        status: res.status,
        errorCode: parsed.errorCode,
        errorMsg,
        method,
        path,
        authKind: auth.kind,
        ...optional('errorSolution', errorSolution),
      });
      this.options.log?.(
        `${method} ${path} → ${res.status} ${parsed.errorCode} (attempt ${attempt}, request ${requestId ?? parsed.requestId ?? '-'})`,
      );
      throw new PlatformError({
        kind: 'http',
        status: res.status,
        errorCode: parsed.errorCode,
        errorMsg,
        method,
        path,
        ...optional('requestId', requestId ?? parsed.requestId),
        ...optional('errorSolution', errorSolution),
        ...optional('advice', advice),
        ...optional('retryAfterMs', retryAfterMs),
      });
    }
    let body: T;
    try {
      body = (text.trim() === '' ? undefined : JSON.parse(text)) as T;
    } catch (err) {
      throw new PlatformError({
        kind: 'response',
        status: res.status,
        errorCode: 'InvalidResponse',
        errorMsg: `The answer is not JSON: ${text.slice(0, 100)}`,
        method,
        path,
        cause: err,
        ...optional('requestId', requestId),
        advice: { kind: 'notApi' },
      });
    }
    return { status: res.status, body, requestId, headers: res.headers };
  }

  /** A timeout or a network error as a PlatformError whose message names the timeout or the errno. */
  private failure(ctx: AttemptContext, err: unknown, timedOutAfterMs: number | undefined): PlatformError {
    const host = this.base.host;
    if (timedOutAfterMs !== undefined) {
      return new PlatformError({
        kind: 'timeout',
        status: 0,
        errorCode: 'TIMEOUT',
        errorMsg: `No answer from ${host} within the ${timedOutAfterMs} ms timeout (timeoutMs).`,
        method: ctx.method,
        path: ctx.path,
        advice: { kind: 'network', code: 'TIMEOUT', host },
        cause: err,
      });
    }
    const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'ENETWORK';
    const message = redactSecrets(err instanceof Error ? err.message : String(err), this.options.authenticator.secrets());
    return new PlatformError({
      kind: 'network',
      status: 0,
      errorCode: code,
      errorMsg: message,
      method: ctx.method,
      path: ctx.path,
      advice: { kind: 'network', code, host },
      cause: err,
    });
  }

  private async projectIdFor(path: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    const projectId = await this.projectId(signal);
    if (!projectId && path.includes('{project_id}'))
      throw new Error(`No project id is configured or discoverable for ${this.endpoint}; set the profile's project id.`);
    return projectId;
  }

  /** The endpoint's own path prefix (e.g. `/modelarts` behind a private gateway) plus the call's path. */
  private wirePath(path: string): string {
    if (!path.startsWith('/')) throw new Error(`Request paths start with "/": ${path}`);
    const prefix = this.base.pathname.replace(/\/+$/, '');
    return `${prefix}${path}`;
  }
}

interface AttemptContext {
  readonly method: string;
  readonly path: string;
  readonly pathAndQuery: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  readonly projectId: string | undefined;
  readonly req: RequestOptions;
}

/** Query values to decoded pairs, in the caller's key order (the signer sorts its own copy). */
export function queryPairs(query: Readonly<Record<string, QueryValue>> | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push([key, String(v)]);
  }
  return out;
}

function headerString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function optional<K extends string, V>(key: K, value: V | undefined | '' | false): { [P in K]?: V } {
  return value === undefined || value === '' || value === false ? {} : ({ [key]: value } as { [P in K]: V });
}
