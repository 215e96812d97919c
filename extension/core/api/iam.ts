/**
 * IAM: password → project-scoped token (`POST /v3/auth/tokens`), and project id discovery
 * (`GET /v3/projects?name={region}`), both cached, because every ModelArts call needs them and
 * IAM throttles token creation.
 */
import { abortError } from '../util/abort';
import { type Authenticator, type PasswordCredentials, anonymousAuthenticator } from './credentials';
import { PlatformError } from './errors';
import { HttpClient, type HttpClientOptions } from './http';
import { NodeTransport, type Transport } from './transport';
import { send } from './resources/common';
import { iamRoutes } from './routes/iam';
import { proxySettingsFromEnv } from './proxy';

/** A token and what IAM said about it. */
export interface IamToken {
  readonly token: string;
  /** Epoch ms of `token.expires_at`. */
  readonly expiresAt: number;
  /** The project the token is scoped to, when IAM said (it does for project scope). */
  readonly projectId?: string;
}

/** Transport options shared with {@link HttpClient}, minus what IAM decides itself. */
export type IamClientOptions = Omit<HttpClientOptions, 'authenticator' | 'projectId'>;

/** The IAM endpoint's two calls the toolkit needs. */
export class IamClient {
  private readonly transport: Transport;
  private readonly anonymous: HttpClient;

  constructor(private readonly options: IamClientOptions) {
    this.transport =
      options.transport ??
      new NodeTransport({ proxy: options.proxy ?? proxySettingsFromEnv(), ...(options.tls ? { tls: options.tls } : {}) });
    this.anonymous = this.client(anonymousAuthenticator);
  }

  /** An HttpClient on the IAM endpoint with this identity, sharing this client's connections. */
  client(authenticator: Authenticator): HttpClient {
    return new HttpClient({ ...this.options, authenticator, transport: this.transport });
  }

  /**
   * Exchanges a password for a token scoped to `projectName` (the region id, e.g. `cn-north-4`,
   * which is the name of the region's default project). Success is 201 with the token in the
   * `X-Subject-Token` header and its expiry in the body.
   */
  async createToken(credentials: PasswordCredentials, projectName: string, signal?: AbortSignal): Promise<IamToken> {
    const body = {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: credentials.userName, password: credentials.password, domain: { name: credentials.domainName } } },
        },
        scope: { project: { name: projectName } },
      },
    };
    const res = await send(this.anonymous, iamRoutes.createToken, { body, signal });
    const token = firstHeader(res.headers['x-subject-token']);
    const expiresAt = Date.parse(res.body?.token?.expires_at ?? '');
    if (!token || Number.isNaN(expiresAt)) {
      throw new PlatformError({
        kind: 'response',
        status: res.status,
        errorCode: 'InvalidResponse',
        errorMsg: 'IAM answered without an X-Subject-Token header or token.expires_at.',
        method: iamRoutes.createToken.method,
        path: iamRoutes.createToken.path,
        ...(res.requestId ? { requestId: res.requestId } : {}),
        advice: { kind: 'iamEndpoint' },
      });
    }
    const projectId = res.body?.token?.project?.id;
    return projectId ? { token, expiresAt, projectId } : { token, expiresAt };
  }

  /**
   * The id of the project named `name` (for ModelArts: the region id), as the SDK resolves a
   * missing project id. Fails with a hint when the account has no such project (region not enabled).
   */
  async findProjectId(name: string, authenticator: Authenticator, signal?: AbortSignal): Promise<string> {
    const res = await send(this.client(authenticator), iamRoutes.listProjects, { query: { name }, signal });
    const project = (res.body?.projects ?? []).find((p) => p.name === name && p.enabled !== false);
    if (!project?.id) {
      throw new PlatformError({
        kind: 'http',
        status: res.status,
        errorCode: 'ProjectNotFound',
        errorMsg: `The account has no enabled project named ${name}.`,
        method: iamRoutes.listProjects.method,
        path: iamRoutes.listProjects.path,
        ...(res.requestId ? { requestId: res.requestId } : {}),
        advice: { kind: 'iamProject' },
      });
    }
    return project.id;
  }

  /** Releases pooled connections. */
  close(): void {
    this.transport.close();
  }
}

/** Options of {@link IamTokenAuthenticator}. */
export interface IamTokenAuthenticatorOptions {
  /** The project to scope tokens to; default the region id. */
  readonly projectName: string;
  /** Refresh this long before expiry (default 5 min), so a token never expires mid-request. */
  readonly refreshMarginMs?: number;
  readonly now?: () => number;
}

/**
 * Password credentials as an {@link Authenticator}: sends `X-Auth-Token` (no signing), fetching a
 * token on first use and again shortly before it expires or after the platform rejects it.
 * Concurrent callers share one token request.
 */
export class IamTokenAuthenticator implements Authenticator {
  readonly kind = 'password' as const;
  private cached: { token: IamToken; refreshAt: number } | undefined;
  private inflight: Promise<IamToken> | undefined;

  constructor(
    private readonly iam: IamClient,
    private readonly credentials: PasswordCredentials,
    private readonly options: IamTokenAuthenticatorOptions,
  ) {}

  /** The current token, from the cache when it is not close to expiry. */
  async token(signal?: AbortSignal): Promise<IamToken> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && now < this.cached.refreshAt) return this.cached.token;
    if (!this.inflight) {
      // Not tied to the first caller's signal: another caller may still want the token when the
      // first one cancels. Each caller stops waiting on its own signal (below).
      const request = this.iam.createToken(this.credentials, this.options.projectName).then((token) => {
        const lifetime = token.expiresAt - now;
        const margin = Math.min(this.options.refreshMarginMs ?? 5 * 60_000, lifetime / 2);
        this.cached = { token, refreshAt: token.expiresAt - margin };
        return token;
      });
      this.inflight = request.finally(() => {
        this.inflight = undefined;
      });
    }
    return raceAbort(this.inflight, signal);
  }

  async authorize(req: { readonly headers: Readonly<Record<string, string>> }, signal?: AbortSignal): Promise<Record<string, string>> {
    const { token } = await this.token(signal);
    return { ...req.headers, 'X-Auth-Token': token };
  }

  invalidate(): boolean {
    const had = this.cached !== undefined;
    this.cached = undefined;
    return had;
  }

  secrets(): readonly string[] {
    return [this.credentials.password, this.cached?.token.token ?? ''].filter(Boolean);
  }
}

/**
 * Caches a project id lookup: the first call looks it up, later calls reuse the answer; a failed
 * lookup is not cached (the next call tries again), and concurrent callers share one lookup.
 */
export function cachedProjectId(lookup: (signal?: AbortSignal) => Promise<string>): (signal?: AbortSignal) => Promise<string> {
  let value: string | undefined;
  let inflight: Promise<string> | undefined;
  return (signal) => {
    if (value !== undefined) return Promise.resolve(value);
    inflight ??= lookup().then(
      (id) => {
        value = id;
        inflight = undefined;
        return id;
      },
      (err: unknown) => {
        inflight = undefined;
        throw err;
      },
    );
    return raceAbort(inflight, signal);
  };
}

/** Resolves like `promise`, or rejects with an AbortError as soon as `signal` aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
