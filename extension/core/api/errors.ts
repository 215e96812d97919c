/**
 * The one error type every platform call fails with (besides AbortError on cancellation), so the
 * UI, the CLI and the pollers render and classify failures the same way for the cloud and for
 * local mode: what went wrong (`errorCode`, `errorMsg`), where (`method`, `path`, `requestId` for
 * a support ticket), and what to do (`hint`).
 */

/** What kind of failure: an HTTP error answer, no answer at all, no answer in time, or an unreadable answer. */
export type PlatformErrorKind = 'http' | 'network' | 'timeout' | 'response';

/** The fields of a {@link PlatformError}. */
export interface PlatformErrorDetails {
  readonly kind: PlatformErrorKind;
  /** HTTP status; 0 when there was no HTTP answer (network errors, timeouts). */
  readonly status: number;
  /** `ModelArts.0104`, `APIGW.0301`…; for network errors the Node code (`ECONNREFUSED`); `HTTP.<status>` when the body had none. */
  readonly errorCode: string;
  readonly errorMsg: string;
  /** From the `X-Request-Id` header (or the body's `request_id`); what Huawei support asks for. */
  readonly requestId?: string;
  /** Training errors carry a suggested fix. */
  readonly errorSolution?: string;
  readonly method: string;
  /** The request path without the query string. */
  readonly path: string;
  /** What the user can do about it, when we know. */
  readonly hint?: string;
  /** The server's `Retry-After`, in ms, when it sent one (429/503): how long to wait before trying again. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/**
 * A failed platform call. `message` is one line: method, path, the server's message and code. It
 * never contains secrets: AK, SK and tokens are redacted before the error is built (see
 * {@link redactSecrets}), because messages end up in logs, notifications and bug reports.
 */
export class PlatformError extends Error implements PlatformErrorDetails {
  readonly kind: PlatformErrorKind;
  readonly status: number;
  readonly errorCode: string;
  readonly errorMsg: string;
  readonly requestId?: string;
  readonly errorSolution?: string;
  readonly method: string;
  readonly path: string;
  readonly hint?: string;
  readonly retryAfterMs?: number;

  constructor(details: PlatformErrorDetails) {
    const where = `${details.method} ${details.path}`;
    const status = details.status ? `HTTP ${details.status}, ` : '';
    const request = details.requestId ? `, request ${details.requestId}` : '';
    super(
      `${where} failed: ${details.errorMsg} (${status}${details.errorCode}${request})`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.name = 'PlatformError';
    this.kind = details.kind;
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorMsg = details.errorMsg;
    this.method = details.method;
    this.path = details.path;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.errorSolution !== undefined) this.errorSolution = details.errorSolution;
    if (details.hint !== undefined) this.hint = details.hint;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }

  /** Status < 500 (with an answer) is the caller's problem; ≥ 500 and no answer are the platform's. */
  get isClientError(): boolean {
    return this.kind === 'http' && this.status < 500;
  }
}

/** True for a {@link PlatformError} (checks the name, so it works across bundles and realms). */
export function isPlatformError(err: unknown): err is PlatformError {
  return err instanceof PlatformError || (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'PlatformError');
}

/** The code and message found in an error body. */
export interface ParsedErrorBody {
  readonly errorCode: string;
  readonly errorMsg: string;
  readonly requestId?: string;
  readonly errorSolution?: string;
  readonly encodedAuthorizationMessage?: string;
}

/** Code/message key pairs, in the order the Python SDK's exception handler tries them. */
const keyPairs = [
  ['error_code', 'error_msg'],
  ['errorCode', 'errorMsg'],
  ['code', 'message'],
] as const;

/**
 * Reads an error body the way the Python SDK does: `error_code`+`error_msg`, then
 * `errorCode`+`errorMsg`, then `code`+`message`, then the same inside nested objects (some
 * services wrap the error, e.g. `{"error": {"code": …, "message": …}}`), and finally the raw text
 * or the HTTP status when the body is not JSON or has none of those.
 */
export function parseErrorBody(text: string, status: number): ParsedErrorBody {
  let json: unknown;
  try {
    json = text.trim() ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (isObject(json)) {
    const found = findCodeAndMessage(json, 0);
    if (found) {
      const extra: { requestId?: string; errorSolution?: string; encodedAuthorizationMessage?: string } = {};
      if (typeof json.request_id === 'string') extra.requestId = json.request_id;
      if (typeof json.error_solution === 'string') extra.errorSolution = json.error_solution;
      if (typeof json.encoded_authorization_message === 'string') extra.encodedAuthorizationMessage = json.encoded_authorization_message;
      return { ...found, ...extra };
    }
  }
  const raw = text.trim().replace(/\s+/g, ' ');
  // An HTML error page from a proxy or load balancer says nothing useful; the status says more.
  const readable = raw && !raw.startsWith('<') ? raw.slice(0, 300) : `HTTP ${status}`;
  return { errorCode: `HTTP.${status}`, errorMsg: readable };
}

function findCodeAndMessage(obj: Record<string, unknown>, depth: number): { errorCode: string; errorMsg: string } | undefined {
  for (const [codeKey, msgKey] of keyPairs) {
    const code = obj[codeKey];
    const msg = obj[msgKey];
    if ((typeof code === 'string' || typeof code === 'number') && typeof msg === 'string')
      return { errorCode: String(code), errorMsg: msg };
  }
  // Nesting deeper than a few levels is not an error envelope any service uses; stop there.
  if (depth >= 4) return undefined;
  for (const value of Object.values(obj)) {
    if (isObject(value)) {
      const found = findCodeAndMessage(value, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const notFoundCodes = new Set(['ModelArts.0102', 'ModelArts.6309', 'ModelArts.6797', 'ModelArts.0404']);
const busyCodes = new Set(['ModelArts.2799', 'ModelArts.4206', 'ModelArts.4395', 'ModelArts.6101']);
const tokenCodes = new Set(['ModelArts.0201', 'ModelArts.0202', 'ModelArts.0203', 'ModelArts.0205', 'ModelArts.0206']);
const permissionCodes = new Set(['ModelArts.0108', 'ModelArts.0112']);

/** How the request was authenticated; only changes the wording of auth hints. */
export type AuthKind = 'aksk' | 'token' | 'password' | 'none';

/**
 * What to do about an error answer, or undefined when there is nothing better than the message.
 * Ordered from the most to the least specific: a clock skew is reported as APIGW.0301 too, and
 * must not send the user off to rotate perfectly good keys.
 */
export function hintFor(status: number, errorCode: string, errorMsg: string, authKind: AuthKind = 'aksk'): string | undefined {
  const msg = errorMsg.toLowerCase();
  if (/x-sdk-date|15 minutes|requesttimetooskewed|clock/.test(msg)) {
    return "The request's time stamp is more than 15 minutes off the platform's clock. Fix this computer's clock (enable automatic time sync) and try again.";
  }
  if (errorCode === 'ModelArts.0210' || errorCode === 'ModelArts.0207') {
    return "The project id does not belong to this region (or the token is not scoped to it). Check the profile's region and project id; leave the project id empty to have it discovered.";
  }
  if (errorCode === 'APIGW.0301' || errorCode === 'APIG.0303' || (status === 401 && errorCode.startsWith('APIG'))) {
    if (authKind === 'token' || authKind === 'password')
      return "The platform rejected the token. Sign in again, or check the profile's user name, password and domain.";
    return 'The platform rejected the signature. Check the access key (AK) and secret key (SK) of the active profile: they must be a matching, enabled pair (temporary keys also need their security token).';
  }
  if (tokenCodes.has(errorCode)) return 'The token is missing, expired or invalid. Sign in again (or check the AK/SK of the profile).';
  if (permissionCodes.has(errorCode) || (status === 403 && !errorCode.startsWith('HTTP.'))) {
    return 'This account is not allowed to do that. Ask the account administrator for ModelArts permissions (IAM policy or agency).';
  }
  if (errorCode === 'ModelArts.0118' || /quota/.test(msg)) {
    return 'A quota is exhausted. Delete or stop resources you no longer need, or ask for a higher quota in the console.';
  }
  if (status === 429 || busyCodes.has(errorCode) || /busy|too many requests|throttl/.test(msg)) {
    return 'The platform is busy or limiting the request rate. Wait a moment and try again.';
  }
  if (notFoundCodes.has(errorCode) || status === 404 || /does not exist|not exist|not found/.test(msg)) {
    return 'It no longer exists, or belongs to another workspace, project or region. Refresh the view.';
  }
  if (status >= 500) return 'The platform failed to handle the request. Try again later; if it keeps failing, report the request id.';
  return undefined;
}

/** What to do about a failure without an HTTP answer, keyed by the Node error code. */
export function networkHint(code: string, host: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `Nothing accepts connections at ${host}. In local mode the local platform may have stopped (restart it); otherwise check the endpoint and proxy settings.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host name ${host} could not be resolved. Check the region or endpoint, the network connection, and the proxy settings (HTTPS_PROXY, NO_PROXY).`;
    case 'ETIMEDOUT':
    case 'TIMEOUT':
      return `${host} did not answer in time. Check the network connection and proxy settings, or raise the timeout.`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The TLS certificate of ${host} is not trusted (${code}). A company proxy that inspects TLS needs its CA certificate trusted (NODE_EXTRA_CA_CERTS).`;
    default:
      return `The connection to ${host} failed (${code}). Check the network connection and proxy settings, then try again.`;
  }
}

/**
 * Replaces every occurrence of the given secrets (AK, SK, tokens) with `***`, and the AK that
 * the gateway echoes in "ak XXXX not exist". Short strings are skipped so an empty or one-letter
 * "secret" cannot mangle the whole message.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
  // An AK is 8+ letters and digits with at least one capital or digit; plain words after "ak" stay.
  return out.replace(/\b([Aa][Kk])(\s+|\s*[:=]\s*)(?=[a-z]*[A-Z0-9])[A-Za-z0-9]{8,}\b/g, '$1$2***');
}
