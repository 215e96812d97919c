/**
 * Credentials and how each kind turns into request headers. The transport calls an
 * {@link Authenticator} once per attempt, after every other header is in place, so a retry is
 * re-signed with a new date and request id (the local daemon refuses replayed signatures, and the
 * gateway a date more than 15 minutes old).
 */
import { type SignableRequest, signRequest } from './signer';
import type { AuthKind } from './advice';

/** Permanent or temporary (STS) access keys; requests are signed with SDK-HMAC-SHA256. */
export interface AkSkCredentials {
  readonly kind: 'aksk';
  readonly ak: string;
  readonly sk: string;
  /** Present for temporary credentials; sent (and signed) as `X-Security-Token`. */
  readonly securityToken?: string;
}

/** A ready IAM token (project-scoped); sent as `X-Auth-Token`, requests are not signed. */
export interface TokenCredentials {
  readonly kind: 'token';
  readonly token: string;
}

/** An IAM user's password; exchanged for a project-scoped token by `iam.ts`, which caches it. */
export interface PasswordCredentials {
  readonly kind: 'password';
  readonly userName: string;
  readonly password: string;
  /** The account (domain) name the IAM user belongs to. */
  readonly domainName: string;
}

/** Everything a profile can authenticate with. */
export type Credentials = AkSkCredentials | TokenCredentials | PasswordCredentials;

/** Turns a fully built request into the headers that go on the wire. */
export interface Authenticator {
  readonly kind: AuthKind;
  /**
   * Returns `req.headers` plus authentication. Called for every attempt, never cached, so each
   * attempt has its own date and signature.
   */
  authorize(req: SignableRequest, signal?: AbortSignal): Promise<Record<string, string>>;
  /**
   * Called when the platform answered 401. Returns true when cached material (a token) was dropped
   * and one more attempt with fresh material may succeed; a 401 means nothing was executed, so
   * that retry is safe even for a POST.
   */
  invalidate?(): boolean;
  /** Values that must never appear in error messages or logs. */
  secrets(): readonly string[];
}

/**
 * Signs with the AK/SK. Temporary credentials add `X-Security-Token` before signing, because
 * the gateway checks that the token is covered by the signature.
 */
export function akskAuthenticator(credentials: AkSkCredentials, now: () => Date = () => new Date()): Authenticator {
  return {
    kind: 'aksk',
    authorize(req) {
      const headers = credentials.securityToken ? { ...req.headers, 'X-Security-Token': credentials.securityToken } : req.headers;
      return Promise.resolve(signRequest({ ...req, headers }, credentials, now()));
    },
    secrets: () => [credentials.ak, credentials.sk, credentials.securityToken ?? ''].filter(Boolean),
  };
}

/** Sends a fixed token as `X-Auth-Token`; nothing to refresh, so a 401 is final. */
export function tokenAuthenticator(token: string): Authenticator {
  return {
    kind: 'token',
    authorize: (req) => Promise.resolve({ ...req.headers, 'X-Auth-Token': token }),
    secrets: () => [token],
  };
}

/** No authentication: the IAM token request itself (its credentials travel in the body). */
export const anonymousAuthenticator: Authenticator = {
  kind: 'none',
  authorize: (req) => Promise.resolve({ ...req.headers }),
  secrets: () => [],
};

/** Checks the shape of credentials read from storage, with a message that says which field is wrong (never its value). */
export function validateCredentials(credentials: Credentials): void {
  const missing = (field: string) => new Error(`The profile's credentials have no ${field}.`);
  switch (credentials.kind) {
    case 'aksk':
      if (!credentials.ak.trim()) throw missing('access key (AK)');
      if (!credentials.sk.trim()) throw missing('secret key (SK)');
      return;
    case 'token':
      if (!credentials.token.trim()) throw missing('token');
      return;
    case 'password':
      if (!credentials.userName.trim()) throw missing('IAM user name');
      if (!credentials.password) throw missing('password');
      if (!credentials.domainName.trim()) throw missing('account (domain) name');
      return;
  }
}
