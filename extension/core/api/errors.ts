/**
 * The one error type every platform call fails with (besides AbortError on cancellation), so the
 * UI, the CLI and the pollers render and classify failures the same way for the cloud and for
 * local mode: what went wrong (`errorCode`, `errorMsg`), where (`method`, `path`, `requestId` for
 * a support ticket), and what to do (`advice`, worded per surface by `errorText.ts`).
 */
import { english } from '../util/translate';
import { type Advice, adviceText } from './advice';

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
  /** What the user can do about it, when we know; worded where it is shown (see `advice.ts`). */
  readonly advice?: Advice;
  /** The server's `Retry-After`, in ms, when it sent one (429/503): how long to wait before trying again. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/**
 * A failed platform call. `message` is one line for the log and for code that knows nothing
 * better: the server's message first, then code, status, request line and request id
 * (`Notebook nb-2 is already stopped. (ModelArts.6307; HTTP 409 from POST /v1/…/stop; request 1f…)`).
 * People are shown `describeError` (errorText.ts) instead. It never contains secrets: AK, SK and
 * tokens are redacted before the error is built (see {@link redactSecrets}), because messages end
 * up in logs, notifications and bug reports.
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
  readonly advice?: Advice;
  readonly retryAfterMs?: number;

  constructor(details: PlatformErrorDetails) {
    const status = details.status ? `HTTP ${details.status} from ` : '';
    const request = details.requestId ? `; request ${details.requestId}` : '';
    super(
      `${sentence(details.errorMsg)} (${details.errorCode}; ${status}${details.method} ${details.path}${request})`,
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
    if (details.advice !== undefined) this.advice = details.advice;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }

  /** The advice in plain English, for the log (read by support, so in one language) and for code that shows no surface of its own. */
  get hint(): string | undefined {
    return this.advice && adviceText(this.advice, { surface: 'log', t: english });
  }

  /** Status < 500 (with an answer) is the caller's problem; ≥ 500 and no answer are the platform's. */
  get isClientError(): boolean {
    return this.kind === 'http' && this.status < 500;
  }
}

/** The platform's message as a sentence: trailing dots and spaces trimmed, one full stop added (none after ? ! or CJK punctuation). */
export function sentence(text: string): string {
  const trimmed = text.replace(/[.\s]+$/, '');
  return trimmed === '' || /[?!。！？]$/.test(trimmed) ? trimmed : `${trimmed}.`;
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
